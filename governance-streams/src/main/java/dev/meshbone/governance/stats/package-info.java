/**
 * Per-product governance counts for {@code mesh.governance.stats}: each stream task counts accepted records as they
 * are routed and violation events as it reads them back (so records refused by the deserialization handler count
 * too), per minute of the wall clock, and reports its running totals once per emit interval.
 */
package dev.meshbone.governance.stats;
