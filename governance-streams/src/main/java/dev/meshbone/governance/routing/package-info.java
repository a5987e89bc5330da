/**
 * Where each ingress record goes: the hold-back admits it to the checks once its product has a contract (records that
 * overtook their descriptor are held, not refused, until it arrives or a grace period passes), governance-check runs
 * the {@link dev.meshbone.governance.check.CheckPipeline} and sends it to the public topic, or to quarantine with a
 * violation event. One task's processors run on one stream thread.
 */
package dev.meshbone.governance.routing;
