/**
 * The governance app: loads config, creates the mesh topics, starts Kafka Streams with exactly-once, serves
 * {@code /health} and {@code /metrics}, and shuts down gracefully. No governance logic lives here.
 */
package dev.meshbone.governance.app;
