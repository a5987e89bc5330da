/**
 * A real Kafka cluster and a real Apicurio Registry for tests and the all-in-one launcher: in-JVM KRaft broker plus
 * a child-JVM registry by default, Testcontainers when Docker is present, or an external cluster from environment
 * variables. Tests get one through {@link dev.meshbone.testkit.MeshClusterExtension}.
 */
package dev.meshbone.testkit;
