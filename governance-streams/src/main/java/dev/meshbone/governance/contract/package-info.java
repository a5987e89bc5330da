/**
 * The product contracts in force on {@code mesh.products}, kept in the global store {@code governance-contracts}
 * ({@link dev.meshbone.governance.contract.ContractStore}): compiled once per contract version (schema, CEL rules,
 * protection policy) into an index every stream thread reads by store name, without deserializing. A contract is in
 * force once its public topic exists; topics are created on a background thread, never on the global stream thread.
 */
package dev.meshbone.governance.contract;
