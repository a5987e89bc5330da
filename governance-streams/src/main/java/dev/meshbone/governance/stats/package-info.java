/**
 * Per-product governance counts in one-minute windows for {@code mesh.governance.stats}: accepted records from the
 * router, quarantined and warned ones from the violation events (so records refused by the error handler count
 * too).
 */
package dev.meshbone.governance.stats;
