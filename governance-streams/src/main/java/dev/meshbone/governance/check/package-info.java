/**
 * Checks 1 to 5 of DESIGN.md on one record, as small stateless units each returning a {@link
 * dev.meshbone.governance.check.Verdict}, run in order by the {@link dev.meshbone.governance.check.CheckPipeline}.
 * Every check reads the record through its {@link dev.meshbone.governance.check.CheckInput}. Thread-safe: one
 * pipeline serves every stream thread.
 */
package dev.meshbone.governance.check;
