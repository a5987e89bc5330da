package dev.meshbone.config.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One clear line for the security errors a Meshbone client meets: who was refused, what, and why by the ACL plan
 * ("principal User:sales may not write topic sales.orders.v1: only governance writes public topics"), or whose login
 * failed. Kafka's own messages name neither the principal nor the reason.
 */
public final class AccessErrors {

    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]+)\"");

    private AccessErrors() {
    }

    /** The user a Kafka client logs in as, from its {@code sasl.jaas.config}; empty without SASL. */
    public static Optional<String> userOf(Map<String, ?> clientProperties) {
        Object jaas = clientProperties.get("sasl.jaas.config");
        if (jaas == null) {
            return Optional.empty();
        }
        Matcher m = JAAS_USER.matcher(jaas.toString());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The line for {@code error} when it (or a cause) is a login or authorization failure; empty otherwise.
     *
     * @param user       who the client logged in as (empty: anonymous, no SASL)
     * @param operations what the client may have been doing, most likely first (a publisher writes, and reads
     *                   its contract): the first the plan refuses is the one explained
     * @param plan       the mesh's ACL plan, for the reason
     */
    public static Optional<String> explain(Throwable error, Optional<String> user, List<AclOperation> operations,
                                           AclPlan plan) {
        String principal = "User:" + user.orElse("ANONYMOUS");
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SaslAuthenticationException) {
                return Optional.of("Kafka refused the login of " + principal + " (SCRAM-SHA-512): wrong password, "
                        + "or no such user; check sasl.jaas.config (the client settings file of that principal)");
            }
            if (e instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
                String topic = t.unauthorizedTopics().iterator().next();
                AclOperation refused = operations.stream()
                        .filter(op -> !plan.allows(principal, op, ResourceType.TOPIC, topic))
                        .findFirst().orElse(operations.get(0));
                return Optional.of(plan.explain(principal, refused, ResourceType.TOPIC, topic));
            }
            if (e instanceof GroupAuthorizationException g && g.groupId() != null) {
                return Optional.of(plan.explain(principal, AclOperation.READ, ResourceType.GROUP, g.groupId()));
            }
            if (e instanceof TransactionalIdAuthorizationException) {
                return Optional.of("principal " + principal + " may not use this transactional id: "
                        + e.getMessage());
            }
            if (e instanceof ClusterAuthorizationException) {
                return Optional.of("principal " + principal + " may not " + operations.get(0).name().toLowerCase()
                        + " the cluster: only the mesh admin (a super user) may");
            }
        }
        return Optional.empty();
    }
}
