/**
 * Internal, do not import: Kafka client and Apicurio serde settings derived from
 * {@link dev.meshbone.sdk.MeshConfig}, and topic provisioning.
 */
package dev.meshbone.sdk.internal.kafka;
