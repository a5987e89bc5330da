/**
 * Static consumer-group membership for the mesh's Kafka Streams apps ({@link StaticMembership}): an instance
 * restarted after a crash takes its partitions back at once.
 */
package dev.meshbone.config.membership;
