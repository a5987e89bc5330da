/**
 * The mesh's one ACL plan ({@link dev.meshbone.config.access.AclPlan}, built from a
 * {@link dev.meshbone.config.access.MeshAccess}): who may do what, as Kafka ALLOW bindings; applied idempotently by
 * {@link dev.meshbone.config.access.AclPlanApplier} and exported for Kubernetes by
 * {@link dev.meshbone.config.access.StrimziUsers}.
 */
package dev.meshbone.config.access;
