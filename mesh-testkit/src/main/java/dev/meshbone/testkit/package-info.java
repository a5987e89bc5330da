/**
 * A real Kafka cluster and a real Apicurio Registry for tests: the embedded stack of {@code mesh-embedded} (in-JVM
 * KRaft broker plus a child-JVM registry) by default, Testcontainers when Docker is present, or an external cluster
 * from environment variables. Tests get one through {@link dev.meshbone.testkit.MeshClusterExtension}.
 */
package dev.meshbone.testkit;
