/**
 * What a data contract means, decided once for the SDK, governance, the catalog and the CLI: product ids and contract
 * keys, the {@link dev.meshbone.contract.DataProduct} model and its validation (every problem with its path), and the
 * life of a product's majors ({@link dev.meshbone.contract.Lifecycle}). Immutable and thread-safe throughout.
 */
package dev.meshbone.contract;
