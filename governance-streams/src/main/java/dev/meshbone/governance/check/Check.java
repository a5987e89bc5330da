package dev.meshbone.governance.check;

/** One of the checks of DESIGN.md. Stateless; it may rely on every check before it in the pipeline having passed. */
interface Check {

    Verdict check(CheckInput in);
}
