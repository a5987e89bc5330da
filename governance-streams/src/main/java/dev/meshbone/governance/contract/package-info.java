/**
 * The product contracts in force on {@code mesh.products}, kept in the global store {@code governance-contracts}
 * ({@link dev.meshbone.governance.contract.ContractStore}): compiled once per contract version (schema, CEL rules,
 * protection policy) into an index every stream thread reads by store name, without deserializing.
 */
package dev.meshbone.governance.contract;
