/**
 * Per-product governance counts for {@code mesh.governance.stats}: each stream task counts accepted records and
 * violation events as they are routed (records check 1 refuses, and refused announcements in their own
 * sub-topology, too), per minute of the wall clock, and reports its running totals once per emit interval.
 */
package dev.meshbone.governance.stats;
