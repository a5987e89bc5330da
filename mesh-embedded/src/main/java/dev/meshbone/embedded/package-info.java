/**
 * A real Kafka broker (KRaft) in this JVM and a real Apicurio Registry in a child JVM, for {@code mesh up}, the
 * benchmarks and the test kit: {@link dev.meshbone.embedded.EmbeddedCluster} starts both side by side,
 * {@link dev.meshbone.embedded.EmbeddedKafka} and {@link dev.meshbone.embedded.EmbeddedRegistry} one each. The
 * registry's distribution comes from the local Maven repository (or {@code MESHBONE_EMBEDDED_REGISTRY_ARCHIVE}) and is
 * unpacked once into {@code ~/.cache/meshbone}.
 */
package dev.meshbone.embedded;
