package dev.meshbone.config.access;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mesh as its ACL plan sees it: which domains exist, which consumer team was granted which products, and who the
 * platform principals are. Immutable; {@link AclPlan#of(MeshAccess)} checks the names.
 *
 * @param domains    the domains, e.g. {@code sales}
 * @param grants     per consumer team, the product ids ({@code <domain>.<product>}) it may read
 * @param expired    per consumer team, the products whose grant has expired, with when: they give no rights, but the
 *                   team stays in the plan (it may still read {@code mesh.access}) and a refusal can say why
 * @param keyHolders the consumer teams (of {@code grants}) that may also read the data keys on {@code mesh.keys}, to
 *                   decrypt ENCRYPTed fields; they need the key-encryption keys as well
 * @param platform   the platform principals and the Streams apps' application ids
 */
public record MeshAccess(SortedSet<String> domains, SortedMap<String, SortedSet<String>> grants,
                         SortedMap<String, SortedMap<String, Instant>> expired, SortedSet<String> keyHolders,
                         Platform platform) {

    public MeshAccess {
        domains = Collections.unmodifiableSortedSet(new TreeSet<>(domains));
        SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
        grants.forEach((team, products) -> copy.put(team, Collections.unmodifiableSortedSet(new TreeSet<>(products))));
        grants = Collections.unmodifiableSortedMap(copy);
        SortedMap<String, SortedMap<String, Instant>> ended = new TreeMap<>();
        expired.forEach((team, products) -> ended.put(team, Collections.unmodifiableSortedMap(new TreeMap<>(products))));
        expired = Collections.unmodifiableSortedMap(ended);
        keyHolders = Collections.unmodifiableSortedSet(new TreeSet<>(keyHolders));
        for (String team : keyHolders) {
            if (!grants.containsKey(team)) {
                throw new IllegalArgumentException("team " + team + " may read the data keys but is granted no "
                        + "product: key access comes with a grant");
            }
        }
        if (platform == null) {
            throw new IllegalArgumentException("the ACL plan needs the platform principals");
        }
    }

    /** A mesh from plain collections, no team holding keys. */
    public static MeshAccess of(Collection<String> domains, Map<String, ? extends Collection<String>> grants,
                                Platform platform) {
        SortedMap<String, SortedSet<String>> sorted = new TreeMap<>();
        grants.forEach((team, products) -> sorted.put(team, new TreeSet<>(products)));
        return new MeshAccess(new TreeSet<>(domains), sorted, new TreeMap<>(), new TreeSet<>(), platform);
    }

    /** The same mesh with these expired grants (per team, product and when it expired). */
    public MeshAccess withExpired(Map<String, ? extends Map<String, Instant>> ended) {
        SortedMap<String, SortedMap<String, Instant>> sorted = new TreeMap<>();
        ended.forEach((team, products) -> sorted.put(team, new TreeMap<>(products)));
        return new MeshAccess(domains, grants, sorted, keyHolders, platform);
    }

    /** The teams of the plan: those with grants, live or expired. */
    public SortedSet<String> teams() {
        SortedSet<String> teams = new TreeSet<>(grants.keySet());
        teams.addAll(expired.keySet());
        return Collections.unmodifiableSortedSet(teams);
    }

    /** The same mesh where {@code team}, already granted a product, may also read the data keys. */
    public MeshAccess withKeyAccess(String team) {
        SortedSet<String> more = new TreeSet<>(keyHolders);
        more.add(team);
        return new MeshAccess(domains, grants, expired, more, platform);
    }

    /** The same mesh with one more grant. */
    public MeshAccess grant(String team, String productId) {
        SortedMap<String, SortedSet<String>> more = new TreeMap<>(grants);
        SortedSet<String> products = new TreeSet<>(more.getOrDefault(team, new TreeSet<>()));
        products.add(productId);
        more.put(team, products);
        return new MeshAccess(domains, more, expired, keyHolders, platform);
    }

    /**
     * The same mesh without one grant. The team stays in the mesh, with no products left if that was its last: a
     * plan names only the principals of its mesh and {@link AclPlanApplier} revokes only from those, so a team
     * dropped from the mesh altogether would keep the topic reads it had.
     */
    public MeshAccess revoke(String team, String productId) {
        SortedMap<String, SortedSet<String>> fewer = new TreeMap<>(grants);
        SortedSet<String> products = new TreeSet<>(fewer.getOrDefault(team, new TreeSet<>()));
        products.remove(productId);
        fewer.put(team, products);
        SortedSet<String> holders = new TreeSet<>(keyHolders);
        if (products.isEmpty()) {
            holders.remove(team); // keys without a product to decrypt are only a risk
        }
        return new MeshAccess(domains, fewer, expired, holders, platform);
    }

    /**
     * The platform's principals (user names, {@code User:<name>} on Kafka) and the application ids of its Kafka
     * Streams apps, which prefix their internal topics, consumer group and transactional ids. The admin is a super
     * user and is not part of the plan.
     *
     * @param governance      governance's user
     * @param catalog         the catalog projector's user
     * @param ops             the ops CLI's user
     * @param governanceAppId governance's {@code application.id}
     * @param catalogAppId    the catalog's {@code application.id}
     */
    public record Platform(String governance, String catalog, String ops, String governanceAppId,
                           String catalogAppId) {

        /**
         * The usual users ({@code governance}, {@code catalog}, {@code ops}) with the apps' application ids; take
         * those from the apps' settings ({@code GovernanceSettings}, {@code CatalogSettings}) rather than spelling
         * them again.
         */
        public static Platform withAppIds(String governanceAppId, String catalogAppId) {
            return new Platform("governance", "catalog", "ops", governanceAppId, catalogAppId);
        }

        /**
         * The usual users with the apps' default application ids, for clients that cannot see the apps' settings
         * (the SDK explaining a refusal); a test in mesh-cli keeps them equal to the apps' defaults.
         */
        public static final Platform DEFAULT = withAppIds("meshbone-governance", "meshbone-catalog");
    }
}
