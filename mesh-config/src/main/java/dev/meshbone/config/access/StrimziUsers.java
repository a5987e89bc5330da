package dev.meshbone.config.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * An {@link AclPlan} as Strimzi {@code KafkaUser} resources ({@code kafka.strimzi.io/v1beta2}): one per principal,
 * SCRAM-SHA-512 authentication, simple authorization with the plan's ACLs, bindings on the same resource folded into
 * one rule. Field names and values as in Strimzi's {@code AclRule} schema reference. Plain text rather than a YAML
 * library: every value is a plan name ({@code [a-z0-9.-]}), quoted anyway.
 */
public final class StrimziUsers {

    /** A Kubernetes resource name (RFC 1123 label), which the {@code strimzi.io/cluster} label must match. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private StrimziUsers() {
    }

    /**
     * The plan's users as a multi-document YAML stream, for {@code kubectl apply -f -}.
     *
     * @param clusterName the {@code Kafka} resource the users belong to ({@code strimzi.io/cluster})
     * @throws IllegalArgumentException when the cluster name is not a Kubernetes name
     */
    public static String render(AclPlan plan, String clusterName) {
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches() || clusterName.length() > 63) {
            throw new IllegalArgumentException("the cluster name '" + clusterName + "' is not a Kubernetes name: "
                    + "lower-case letters, digits and '-', at most 63");
        }
        Map<String, Map<ResourcePattern, List<AclOperation>>> users = new LinkedHashMap<>();
        for (AclBinding binding : plan.bindings()) {
            users.computeIfAbsent(binding.entry().principal(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(binding.pattern(), r -> new ArrayList<>()).add(binding.entry().operation());
        }
        StringBuilder yaml = new StringBuilder();
        users.forEach((principal, rules) -> {
            yaml.append("---\n")
                    .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                    .append("kind: KafkaUser\n")
                    .append("metadata:\n")
                    .append("  name: ").append(quoted(principal.substring(principal.indexOf(':') + 1))).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ").append(quoted(clusterName)).append('\n')
                    .append("spec:\n")
                    .append("  authentication:\n")
                    .append("    type: scram-sha-512\n")
                    .append("  authorization:\n")
                    .append("    type: simple\n")
                    .append("    acls:\n");
            rules.forEach((resource, operations) -> {
                yaml.append("      - resource:\n")
                        .append("          type: ").append(type(resource.resourceType())).append('\n')
                        .append("          name: ").append(quoted(resource.name())).append('\n')
                        .append("          patternType: ").append(pattern(resource.patternType())).append('\n')
                        .append("        operations:\n");
                operations.forEach(op -> yaml.append("          - ").append(operation(op)).append('\n'));
                yaml.append("        host: \"*\"\n");
            });
        });
        return yaml.toString();
    }

    private static String type(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
            default -> throw new IllegalArgumentException("Strimzi's simple authorization has no " + type);
        };
    }

    private static String pattern(PatternType pattern) {
        return switch (pattern) {
            case LITERAL -> "literal";
            case PREFIXED -> "prefix";
            default -> throw new IllegalArgumentException("Strimzi's simple authorization has no " + pattern);
        };
    }

    /** READ → Read, DESCRIBE_CONFIGS → DescribeConfigs: Strimzi's spelling of Kafka's operations. */
    static String operation(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
