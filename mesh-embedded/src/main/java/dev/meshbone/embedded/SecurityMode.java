package dev.meshbone.embedded;

/** Whether the embedded stack authenticates and authorises its clients. */
public enum SecurityMode {
    /** SASL/SCRAM-SHA-512 and ACLs on Kafka, HTTP basic auth with roles and owners on the registry: the default. */
    SECURE,
    /** No authentication and no authorisation, for benchmarks that compare both; anyone on loopback may do anything. */
    PLAINTEXT
}
