/**
 * Internal, do not import: the few Apicurio Registry v3 REST calls the SDK makes (artifact, rules, versions), with
 * the registry's own explanation kept when it refuses a schema.
 */
package dev.meshbone.sdk.internal.registry;
