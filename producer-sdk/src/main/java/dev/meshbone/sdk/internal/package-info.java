/**
 * Internal: the SDK's implementation. Do not import; it changes without notice. The public API is
 * {@link dev.meshbone.sdk}.
 */
package dev.meshbone.sdk.internal;
