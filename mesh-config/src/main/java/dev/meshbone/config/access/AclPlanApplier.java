package dev.meshbone.config.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * Applies an {@link AclPlan} through the Admin API, idempotently: it reads the ACLs of the plan's principals, creates
 * only the bindings that are missing and, when asked to revoke, deletes the ALLOW bindings of those principals that
 * the plan no longer contains. A dry run answers the same without changing anything. The admin client's user needs
 * ALTER (and DESCRIBE) on the cluster: in the mesh that is the admin, a super user.
 */
public final class AclPlanApplier {

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin   the admin client (the caller closes it)
     * @param timeout for each Admin call
     */
    public AclPlanApplier(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * What applying the plan changed, or would change in a dry run.
     *
     * @param created        bindings created (or to create)
     * @param alreadyPresent bindings of the plan the cluster already had
     * @param deleted        bindings deleted (or to delete) by a revoke
     * @param dryRun         true when nothing was changed
     */
    public record Changes(List<AclBinding> created, List<AclBinding> alreadyPresent, List<AclBinding> deleted,
                          boolean dryRun) {

        public Changes {
            created = List.copyOf(created);
            alreadyPresent = List.copyOf(alreadyPresent);
            deleted = List.copyOf(deleted);
        }

        /**
         * The difference between a plan and what the cluster has. Only ALLOW bindings are revoked: a DENY binding
         * was added by hand on purpose, and deleting it would widen access.
         *
         * @param plan     the plan's bindings
         * @param existing the bindings the cluster has for the plan's principals
         * @param revoke   whether existing ALLOW bindings absent from the plan are to be deleted
         * @param dryRun   whether this is only a preview
         */
        public static Changes between(Collection<AclBinding> plan, Collection<AclBinding> existing, boolean revoke,
                                      boolean dryRun) {
            Set<AclBinding> have = new HashSet<>(existing);
            Set<AclBinding> want = new HashSet<>(plan);
            List<AclBinding> created = plan.stream().filter(b -> !have.contains(b)).distinct().toList();
            List<AclBinding> present = plan.stream().filter(have::contains).distinct().toList();
            List<AclBinding> deleted = revoke ? existing.stream()
                    .filter(b -> b.entry().permissionType() == AclPermissionType.ALLOW && !want.contains(b))
                    .distinct().toList() : List.of();
            return new Changes(created, present, deleted, dryRun);
        }
    }

    /**
     * Brings the cluster's ACLs of the plan's principals to the plan.
     *
     * @param revoke also delete ALLOW bindings of the plan's principals that the plan does not contain
     * @param dryRun compute the changes without making them
     * @throws AclApplyException when Kafka refuses or does not answer in time
     */
    public Changes apply(AclPlan plan, boolean revoke, boolean dryRun) {
        Changes changes = Changes.between(plan.bindings(), existing(plan.principals()), revoke, dryRun);
        if (dryRun) {
            return changes;
        }
        if (!changes.created().isEmpty()) {
            await(admin.createAcls(changes.created()).all(), "create ACLs");
        }
        if (!changes.deleted().isEmpty()) {
            await(admin.deleteAcls(changes.deleted().stream().map(AclBinding::toFilter).toList()).all(),
                    "delete ACLs");
        }
        return changes;
    }

    /** Every binding the cluster has for these principals, DENY ones included. */
    public List<AclBinding> existing(Collection<String> principals) {
        Map<String, KafkaFuture<Collection<AclBinding>>> described = principals.stream().distinct()
                .collect(Collectors.toMap(p -> p, p -> admin.describeAcls(new AclBindingFilter(
                        ResourcePatternFilter.ANY, new AccessControlEntryFilter(p, null, AclOperation.ANY,
                        AclPermissionType.ANY))).values()));
        Set<AclBinding> all = new LinkedHashSet<>();
        described.values().forEach(future -> all.addAll(await(future, "describe ACLs")));
        return new ArrayList<>(all);
    }

    private <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AclApplyException("Cannot " + action + ": " + e.getCause().getMessage()
                    + " (managing ACLs needs a broker with an authorizer and a user with ALTER on the cluster, e.g. "
                    + "the admin)", e.getCause());
        } catch (TimeoutException e) {
            throw new AclApplyException("Kafka did not answer in time to " + action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AclApplyException("interrupted while trying to " + action, e);
        }
    }
}
