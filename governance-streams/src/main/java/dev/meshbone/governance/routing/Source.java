package dev.meshbone.governance.routing;

/** Where an ingress record was read: named in violation events and quarantine headers. */
public record Source(String topic, int partition, long offset) {
}
