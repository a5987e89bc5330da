/**
 * Checks 2 and 3: the product contracts announced on {@code mesh.products}, compiled once per contract version
 * (schema, CEL rules, protection policy) and kept in an index every stream thread reads without deserializing. A
 * contract is in force once its public topic exists; topics are created on a background thread, never on the global
 * stream thread.
 */
package dev.meshbone.governance.contract;
