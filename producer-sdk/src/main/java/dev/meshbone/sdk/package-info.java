/**
 * The Meshbone producer SDK: declare a data product ({@link dev.meshbone.sdk.DataProduct}), publish it
 * ({@link dev.meshbone.sdk.MeshPublisher}), read one ({@link dev.meshbone.sdk.MeshConsumer}), configured by
 * {@link dev.meshbone.sdk.MeshConfig}. This package is the public API; {@code dev.meshbone.sdk.internal} is not.
 */
package dev.meshbone.sdk;
