package dev.meshbone.config.access;

import dev.meshbone.schemas.MeshTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The one ACL plan of the mesh: what each principal may do, as Kafka ALLOW bindings, built from a
 * {@link MeshAccess}. Everything not in the plan is refused (the broker runs with
 * {@code allow.everyone.if.no.acl.found=false}); no binding names the wildcard principal, the wildcard resource or an
 * empty prefix. {@link #explain} turns a refusal into one line for error messages.
 *
 * <p>Topic grants name DESCRIBE explicitly although READ and WRITE imply it, so that the plan, its README table and
 * its Strimzi export read the same as what a client needs. Whoever may create a topic may also describe its configs:
 * {@code TopicProvisioner} creates absent topics ({@code createTopics}: CREATE) after describing them
 * ({@code describeTopics}: DESCRIBE) and compares existing ones with their definition ({@code describeConfigs}:
 * DESCRIBE_CONFIGS).
 */
public final class AclPlan {

    /**
     * A valid domain, team, user or application id name. The same alphabet as {@code ProductId.NAME} in
     * mesh-contract, which mesh-config may not depend on; copied once, here, and kept equal by a test in mesh-cli.
     * The plan checks names itself rather than trusting its caller: a dot or an empty name would turn a
     * per-domain prefix into one that reaches other domains.
     */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Longest name, as {@code ProductId.MAX_NAME_LENGTH}. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The reserved domain, as {@code ProductId.RESERVED_DOMAIN}: a prefix {@code mesh.} would expose internals. */
    public static final String RESERVED_DOMAIN = "mesh";
    /** Prefix of the transactional ids of {@code mesh quarantine replay}'s producer. */
    public static final String OPS_REPLAY_TRANSACTIONAL_ID_PREFIX = "mesh-cli-replay-";
    /**
     * Prefix of the transactional ids of {@code mesh forget}'s producer: a subject's tombstones and its erasure event
     * commit together.
     */
    public static final String OPS_FORGET_TRANSACTIONAL_ID_PREFIX = "mesh-cli-forget-";

    private static final String USER = "User:";
    // Rules of reads several principals share, so that explain names them once.
    private static final String READS_PRODUCTS = "the domains, governance, the catalog and ops read "
            + MeshTopics.PRODUCTS;
    private static final String READS_VIOLATIONS = "governance, the catalog and ops read " + MeshTopics.VIOLATIONS;
    private static final String READS_CATALOG = "the domains, the catalog and ops read " + MeshTopics.CATALOG;
    private static final String READS_KEYS = "governance, ops and consumer teams granted key access read "
            + MeshTopics.KEYS + ": it holds the data keys";
    private static final Comparator<AclBinding> ORDER = Comparator
            .comparing((AclBinding b) -> b.entry().principal())
            .thenComparing(b -> b.pattern().resourceType())
            .thenComparing(b -> b.pattern().name())
            .thenComparing(b -> b.pattern().patternType())
            .thenComparing(b -> b.entry().operation());

    private final MeshAccess mesh;
    private final List<Grant> grants;

    private AclPlan(MeshAccess mesh, List<Grant> grants) {
        this.mesh = mesh;
        this.grants = grants;
    }

    /**
     * One binding of the plan and the rule it serves, phrased for {@link #explain}: "only governance writes public
     * topics".
     *
     * @param binding the ALLOW binding
     * @param rule    why it exists, as the clause after "only"
     */
    public record Grant(AclBinding binding, String rule) {
    }

    /**
     * The plan of a mesh.
     *
     * @throws IllegalArgumentException in one line, naming the first name the plan refuses: not
     *                                  {@code [a-z0-9][a-z0-9-]*}, the reserved domain {@code mesh}, a platform user's
     *                                  name, a name under an application id, a grant of a product whose domain is not
     *                                  in the mesh
     */
    public static AclPlan of(MeshAccess mesh) {
        validate(mesh);
        Builder plan = new Builder();
        MeshAccess.Platform p = mesh.platform();
        String governance = p.governance();

        for (String d : mesh.domains()) {
            plan.topic(d, PatternType.PREFIXED, MeshTopics.INGRESS_PREFIX + d + ".",
                    "domain " + d + " writes its ingress topics", Rights.WRITE_AND_CREATE);
            plan.topic(d, PatternType.LITERAL, MeshTopics.CONTRACTS_PREFIX + d,
                    "domain " + d + " announces its contracts on " + MeshTopics.CONTRACTS_PREFIX + d,
                    Rights.WRITE_AND_CREATE);
            // The SDK reads its own last announcement so that a restart does not undo a status change.
            plan.topic(d, PatternType.LITERAL, MeshTopics.CONTRACTS_PREFIX + d,
                    "domain " + d + " reads its own announcements", Rights.READ);
            plan.topic(d, PatternType.LITERAL, MeshTopics.CATALOG, READS_CATALOG,
                    Rights.READ);
            // The SDK reads mesh.products to compare a declared contract's fingerprint with the one in force.
            plan.topic(d, PatternType.LITERAL, MeshTopics.PRODUCTS,
                    READS_PRODUCTS, Rights.READ);
            plan.add(d, ResourceType.GROUP, PatternType.PREFIXED, d + ".",
                    "domain " + d + " uses the consumer groups " + d + ".*", AclOperation.READ);
        }

        plan.topic(governance, PatternType.PREFIXED, MeshTopics.INGRESS_PREFIX, "governance reads ingress topics",
                Rights.READ);
        plan.topic(governance, PatternType.PREFIXED, MeshTopics.CONTRACTS_PREFIX,
                "governance reads contract announcements", Rights.READ);
        // A public topic is <domain>.<product>.v<major>. A PREFIXED pattern is a plain string prefix and no string
        // begins every domain but the empty one, which would be every topic of the cluster (the mesh's own and
        // other applications' included); so one prefix per domain, and a new domain needs the plan applied again.
        for (String d : mesh.domains()) {
            plan.topic(governance, PatternType.PREFIXED, d + ".", "governance writes public topics",
                    Rights.WRITE_AND_CREATE);
        }
        plan.topic(governance, PatternType.LITERAL, MeshTopics.PRODUCTS, "governance writes " + MeshTopics.PRODUCTS
                + " (domains announce on " + MeshTopics.CONTRACTS_PREFIX + "<domain>)", Rights.WRITE_AND_CREATE);
        plan.topic(governance, PatternType.LITERAL, MeshTopics.PRODUCTS,
                READS_PRODUCTS, Rights.READ);
        for (String topic : List.of(MeshTopics.VIOLATIONS, MeshTopics.QUARANTINE, MeshTopics.STATS)) {
            plan.topic(governance, PatternType.LITERAL, topic, "governance writes " + topic, Rights.WRITE_AND_CREATE);
        }
        // The quarantine holds raw personal data: governance sets its retention back to quarantine.retention.ms.
        plan.add(governance, ResourceType.TOPIC, PatternType.LITERAL, MeshTopics.QUARANTINE,
                "governance keeps the retention of " + MeshTopics.QUARANTINE + " bounded", AclOperation.ALTER_CONFIGS);
        // Its stats count the violation events it reads back.
        plan.topic(governance, PatternType.LITERAL, MeshTopics.VIOLATIONS,
                READS_VIOLATIONS, Rights.READ);
        plan.topic(governance, PatternType.LITERAL, MeshTopics.KEYS,
                "governance writes " + MeshTopics.KEYS + ": it holds the data keys", Rights.WRITE_AND_CREATE);
        // Its global store of data keys reads them back.
        plan.topic(governance, PatternType.LITERAL, MeshTopics.KEYS, READS_KEYS, Rights.READ);
        plan.streamsApp(governance, p.governanceAppId(), true);

        String catalog = p.catalog();
        plan.topic(catalog, PatternType.LITERAL, MeshTopics.PRODUCTS, READS_PRODUCTS, Rights.READ);
        plan.topic(catalog, PatternType.LITERAL, MeshTopics.VIOLATIONS, READS_VIOLATIONS, Rights.READ);
        plan.topic(catalog, PatternType.LITERAL, MeshTopics.STATS, "the catalog reads " + MeshTopics.STATS,
                Rights.READ);
        // Its global store reads the catalog back.
        plan.topic(catalog, PatternType.LITERAL, MeshTopics.CATALOG,
                READS_CATALOG, Rights.READ);
        // It shows who has access to each product.
        plan.topic(catalog, PatternType.LITERAL, MeshTopics.ACCESS, "the catalog reads " + MeshTopics.ACCESS,
                Rights.READ);
        for (String topic : List.of(MeshTopics.CATALOG, MeshTopics.LINEAGE)) {
            plan.topic(catalog, PatternType.LITERAL, topic, "the catalog writes " + topic, Rights.WRITE_AND_CREATE);
        }
        // It shows how long the quarantine keeps records (the topic's retention.ms), never what it holds.
        plan.add(catalog, ResourceType.TOPIC, PatternType.LITERAL, MeshTopics.QUARANTINE,
                "the catalog shows the retention of " + MeshTopics.QUARANTINE, AclOperation.DESCRIBE_CONFIGS);
        // At least once (CatalogService), so no transactional ids. TODO(lineage issue): listing consumer groups and
        // their lag needs DESCRIBE on each team's and domain's groups (per prefix, never GROUP PREFIXED "" or
        // CLUSTER DESCRIBE); granted with that feature, nothing broad now.
        plan.streamsApp(catalog, p.catalogAppId(), false);

        String ops = p.ops();
        plan.topic(ops, PatternType.LITERAL, MeshTopics.QUARANTINE,
                "ops reads " + MeshTopics.QUARANTINE + ": it holds raw personal data", Rights.READ);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.VIOLATIONS,
                READS_VIOLATIONS, Rights.READ);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.CATALOG, READS_CATALOG,
                Rights.READ);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.PRODUCTS,
                READS_PRODUCTS, Rights.READ);
        // `mesh quarantine replay` provisions the ledger, reads it whole and writes it in the replay's transaction.
        plan.topic(ops, PatternType.LITERAL, MeshTopics.REPLAYS, "ops keeps the replay ledger",
                Rights.WRITE_AND_CREATE);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.REPLAYS, "ops keeps the replay ledger", Rights.READ);
        plan.topic(ops, PatternType.PREFIXED, MeshTopics.INGRESS_PREFIX,
                "ops replays quarantined records into ingress topics", Rights.WRITE);
        plan.add(ops, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, OPS_REPLAY_TRANSACTIONAL_ID_PREFIX,
                "ops replays in transactions", AclOperation.WRITE);
        // `mesh forget` finds a subject's keys, tombstones them and reports when compaction will have removed them
        // (the topic's configs) and until when the quarantine still holds the subject's raw records (its retention).
        plan.topic(ops, PatternType.LITERAL, MeshTopics.KEYS, READS_KEYS, Rights.READ);
        plan.add(ops, ResourceType.TOPIC, PatternType.LITERAL, MeshTopics.KEYS,
                "ops tombstones data keys (mesh forget)", AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
        plan.add(ops, ResourceType.TOPIC, PatternType.LITERAL, MeshTopics.QUARANTINE,
                "ops reads " + MeshTopics.QUARANTINE + "'s retention", AclOperation.DESCRIBE_CONFIGS);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.ERASURES, "ops records erasures", Rights.WRITE_AND_CREATE);
        plan.topic(ops, PatternType.LITERAL, MeshTopics.ERASURES, "ops records erasures", Rights.READ);
        plan.add(ops, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, OPS_FORGET_TRANSACTIONAL_ID_PREFIX,
                "ops forgets in transactions", AclOperation.WRITE);
        // No GROUP: the CLI reads topics by assignment, without a consumer group.

        for (String team : mesh.teams()) {
            for (String product : mesh.grants().getOrDefault(team, new TreeSet<>())) {
                plan.topic(team, PatternType.PREFIXED, product + ".v",
                        "teams granted " + product + " read its public topics", Rights.READ);
            }
            plan.add(team, ResourceType.GROUP, PatternType.PREFIXED, team + ".",
                    "team " + team + " uses the consumer groups " + team + ".*", AclOperation.READ);
            // A refused reader looks up its grant there, so that it can say the grant expired.
            plan.topic(team, PatternType.LITERAL, MeshTopics.ACCESS,
                    "consumer teams read " + MeshTopics.ACCESS + " (who may read what, until when)", Rights.READ);
        }
        // Domains never: a domain holds its own records in clear already, and keys are every domain's subjects'.
        for (String team : mesh.keyHolders()) {
            plan.topic(team, PatternType.LITERAL, MeshTopics.KEYS, READS_KEYS, Rights.READ);
        }
        return new AclPlan(mesh, plan.grants());
    }

    /** The mesh this plan is of. */
    public MeshAccess mesh() {
        return mesh;
    }

    /** Every binding with its rule, ordered by principal, resource and operation. */
    public List<Grant> grants() {
        return grants;
    }

    /** Every binding, in {@link #grants()}' order. */
    public List<AclBinding> bindings() {
        return grants.stream().map(Grant::binding).toList();
    }

    /** The principals the plan gives ACLs to ({@code User:<name>}), sorted. */
    public SortedSet<String> principals() {
        return grants.stream().map(g -> g.binding().entry().principal())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether the plan lets {@code principal} ({@code User:x} or {@code x}) do {@code operation} on the resource. */
    public boolean allows(String principal, AclOperation operation, ResourceType type, String name) {
        String user = user(principal);
        return grants.stream().anyMatch(g -> g.binding().entry().principal().equals(user)
                && covers(g.binding(), operation, type, name));
    }

    /**
     * One line on why {@code principal} may not do {@code operation} on the resource, e.g. "principal User:sales may
     * not write topic sales.orders.v1: only governance writes public topics". When the plan allows it, the line
     * says so and that the cluster's ACLs lag behind the plan.
     */
    public String explain(String principal, AclOperation operation, ResourceType type, String name) {
        String user = user(principal);
        String what = words(operation) + " " + words(type) + " " + name;
        if (allows(user, operation, type, name)) {
            return "principal " + user + " may " + what + " by the mesh's ACL plan: the cluster's ACLs are not the "
                    + "plan's (apply it: mesh acl apply)";
        }
        String refused = "principal " + user + " may not " + what + ": ";
        Optional<Instant> ended = type == ResourceType.TOPIC ? publicTopicProduct(name)
                .map(product -> mesh.expired().getOrDefault(user.substring(USER.length()), new TreeMap<>())
                        .get(product)) : Optional.empty();
        if (ended.isPresent()) {
            String product = publicTopicProduct(name).orElseThrow();
            String team = user.substring(USER.length());
            return refused + "its grant of " + product + " expired at " + ended.get() + " (renew it: mesh access "
                    + "grant " + product + " --to " + team + " --for 30d)";
        }
        // The most specific rule first: a literal name, then the longest prefix.
        Set<String> rules = grants.stream().filter(g -> covers(g.binding(), operation, type, name))
                .sorted(Comparator.comparing((Grant g) -> g.binding().pattern().patternType() != PatternType.LITERAL)
                        .thenComparing(g -> -g.binding().pattern().name().length()))
                .map(Grant::rule).collect(Collectors.toCollection(LinkedHashSet::new));
        String who = rules.isEmpty() ? nobody(type, name) : "only " + String.join("; ", rules);
        if (!principals().contains(user)) {
            return refused + user + " is in no row of the ACL plan (neither a domain, a consumer team nor a platform "
                    + "user); " + who;
        }
        return refused + who;
    }

    private String nobody(ResourceType type, String name) {
        if (type == ResourceType.TOPIC) {
            Optional<String> product = publicTopicProduct(name);
            if (product.isPresent()) {
                return "no team is granted " + product.get() + " (mesh acl apply --grant " + product.get()
                        + "=TEAM)";
            }
        }
        return "the plan lets nobody do that";
    }

    /** {@code <domain>.<product>} when the topic is spelt like a public topic of a domain of the mesh. */
    private Optional<String> publicTopicProduct(String topic) {
        String[] parts = topic.split("\\.", -1);
        return parts.length == 3 && mesh.domains().contains(parts[0]) && parts[2].matches("v[0-9]+")
                ? Optional.of(parts[0] + "." + parts[1]) : Optional.empty();
    }

    private static boolean covers(AclBinding binding, AclOperation operation, ResourceType type, String name) {
        ResourcePattern pattern = binding.pattern();
        boolean resource = pattern.resourceType() == type && (pattern.patternType() == PatternType.LITERAL
                ? pattern.name().equals(name) : name.startsWith(pattern.name()));
        return resource && implies(binding.entry().operation(), operation);
    }

    /** Kafka's implications: ALL implies every operation, READ/WRITE/DELETE/ALTER imply DESCRIBE, and so on. */
    private static boolean implies(AclOperation granted, AclOperation wanted) {
        return granted == wanted || granted == AclOperation.ALL
                || wanted == AclOperation.DESCRIBE && Set.of(AclOperation.READ, AclOperation.WRITE,
                AclOperation.DELETE, AclOperation.ALTER).contains(granted)
                || wanted == AclOperation.DESCRIBE_CONFIGS && granted == AclOperation.ALTER_CONFIGS;
    }

    static String words(AclOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String words(ResourceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String user(String principal) {
        return principal.startsWith(USER) ? principal : USER + principal;
    }

    private static void validate(MeshAccess mesh) {
        MeshAccess.Platform p = mesh.platform();
        Map<String, String> platform = new LinkedHashMap<>();
        platform.put("governance user", p.governance());
        platform.put("catalog user", p.catalog());
        platform.put("ops user", p.ops());
        platform.put("governance application id", p.governanceAppId());
        platform.put("catalog application id", p.catalogAppId());
        platform.forEach(AclPlan::requireName);
        if (Set.of(p.governance(), p.catalog(), p.ops()).size() != 3) {
            throw new IllegalArgumentException("governance, catalog and ops need three different users");
        }
        // One app's ALL on TOPIC PREFIXED <application.id> must not reach the other's internal topics.
        if (p.governanceAppId().startsWith(p.catalogAppId()) || p.catalogAppId().startsWith(p.governanceAppId())) {
            throw new IllegalArgumentException("the application ids " + p.governanceAppId() + " and "
                    + p.catalogAppId() + " must not be prefixes of one another");
        }
        mesh.domains().forEach(d -> requireMeshName("domain", d, p));
        mesh.expired().keySet().forEach(team -> requireMeshName("team", team, p));
        mesh.grants().forEach((team, products) -> {
            requireMeshName("team", team, p);
            for (String product : products) {
                int dot = product == null ? -1 : product.indexOf('.');
                if (dot < 0 || problem(product.substring(0, dot)).isPresent()
                        || problem(product.substring(dot + 1)).isPresent()) {
                    throw new IllegalArgumentException("team " + team + " is granted '" + product + "', which is "
                            + "not a product id: expected <domain>.<product>, e.g. sales.orders");
                }
                String domain = product.substring(0, dot);
                if (!mesh.domains().contains(domain)) {
                    throw new IllegalArgumentException("team " + team + " is granted " + product + ", but " + domain
                            + " is not a domain of the mesh (domains: " + String.join(", ", mesh.domains()) + ")");
                }
            }
        });
    }

    private static void requireMeshName(String what, String name, MeshAccess.Platform p) {
        requireName(what, name);
        if (name.equals(RESERVED_DOMAIN)) {
            throw new IllegalArgumentException("the " + what + " name '" + RESERVED_DOMAIN + "' is reserved: the "
                    + "mesh's own topics are under " + RESERVED_DOMAIN + ".");
        }
        if (Set.of(p.governance(), p.catalog(), p.ops()).contains(name)) {
            throw new IllegalArgumentException("the " + what + " name '" + name + "' is a platform user's");
        }
        // Its topics and groups (<name>.*) would fall under an app's PREFIXED <application.id> grants.
        for (String appId : List.of(p.governanceAppId(), p.catalogAppId())) {
            if (name.startsWith(appId)) {
                throw new IllegalArgumentException("the " + what + " name '" + name + "' starts with the "
                        + "application id " + appId + ", whose app may use every topic and group under it");
            }
        }
    }

    private static void requireName(String what, String name) {
        problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException("the " + what + " " + problem);
        });
    }

    private static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is required");
        }
        if (!NAME.matcher(value).matches()) {
            return Optional.of("'" + value + "' is not a valid name: use lower-case letters, digits and '-', "
                    + "starting with a letter or digit ([a-z0-9][a-z0-9-]*)");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            return Optional.of("is " + value.length() + " characters long; at most " + MAX_NAME_LENGTH);
        }
        return Optional.empty();
    }

    /** The operations of one topic grant. */
    private enum Rights {
        READ(AclOperation.READ, AclOperation.DESCRIBE),
        WRITE(AclOperation.WRITE, AclOperation.DESCRIBE),
        /** Writes it and creates it when absent. */
        WRITE_AND_CREATE(AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);

        private final AclOperation[] operations;

        Rights(AclOperation... operations) {
            this.operations = operations;
        }
    }

    /** Collects grants; a binding granted twice (a team that is also a domain) keeps its first rule. */
    private static final class Builder {
        private final Map<AclBinding, Grant> grants = new LinkedHashMap<>();

        void topic(String user, PatternType pattern, String name, String rule, Rights rights) {
            add(user, ResourceType.TOPIC, pattern, name, rule, rights.operations);
        }

        void add(String user, ResourceType type, PatternType pattern, String name, String rule,
                 AclOperation... operations) {
            for (AclOperation operation : operations) {
                AclBinding binding = new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(USER + user, "*", operation, AclPermissionType.ALLOW));
                grants.putIfAbsent(binding, new Grant(binding, rule));
            }
        }

        /** The ACLs of a Kafka Streams app, as security-facts.md lists them for exactly_once_v2. */
        void streamsApp(String user, String applicationId, boolean exactlyOnce) {
            add(user, ResourceType.TOPIC, PatternType.PREFIXED, applicationId,
                    "the app " + applicationId + " uses its internal topics", AclOperation.ALL);
            add(user, ResourceType.GROUP, PatternType.PREFIXED, applicationId,
                    "the app " + applicationId + " uses its consumer group", AclOperation.READ);
            if (exactlyOnce) {
                add(user, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, applicationId,
                        "the app " + applicationId + " uses its transactional ids", AclOperation.WRITE);
            }
        }

        List<Grant> grants() {
            List<Grant> sorted = new ArrayList<>(grants.values());
            sorted.sort(Comparator.comparing(Grant::binding, ORDER));
            return List.copyOf(sorted);
        }
    }
}
