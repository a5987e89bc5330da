/**
 * Internal, do not import: the publishing path behind {@link dev.meshbone.sdk.MeshPublisher}: record checks,
 * headers, topic provisioning and descriptor announcement.
 */
package dev.meshbone.sdk.internal.publish;
