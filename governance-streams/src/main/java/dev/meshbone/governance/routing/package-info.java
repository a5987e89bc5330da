/**
 * The checks in DESIGN.md's order and where each record goes: the public topic, or quarantine with a violation
 * event. Records of a product not yet announced are held, not refused, until its descriptor arrives or a grace
 * period passes.
 */
package dev.meshbone.governance.routing;
