package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.contract.ContractKey;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The grants as {@code mesh.access} holds them (compacted, keyed by {@code <product>|<team>}, a tombstone revokes),
 * the products {@code mesh.products} holds, and the ACL plan of a team's grants.
 */
final class AccessGrants {

    private static final MeshEventSerde<AccessGrant> GRANTS = MeshEventSerde.of(AccessGrant.class);
    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]+)\"");

    private AccessGrants() {
    }

    /** The key of a grant on {@code mesh.access}. */
    static String key(String productId, String team) {
        return productId + MeshTopics.ACCESS_KEY_SEPARATOR + team;
    }

    /** Every live grant, by key (so by product, then team). */
    static Map<String, AccessGrant> read(Properties client) {
        Map<String, AccessGrant> grants = new TreeMap<>();
        TopicReader.readAll(client, MeshTopics.ACCESS, r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                grants.remove(key);
            } else {
                grants.put(key, GRANTS.decode(r.value()));
            }
        });
        return grants;
    }

    /** The product ids with a contract in force on {@code mesh.products}. */
    static SortedSet<String> products(Properties client) {
        Map<String, Boolean> live = new TreeMap<>();
        TopicReader.readAll(client, MeshTopics.PRODUCTS, r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                live.remove(key);
            } else {
                live.put(key, true);
            }
        });
        SortedSet<String> ids = new TreeSet<>();
        live.keySet().forEach(k -> ContractKey.tryParse(k).ifPresent(c -> ids.add(c.product().toString())));
        return ids;
    }

    /** The products a team is granted. */
    static SortedSet<String> of(Map<String, AccessGrant> grants, String team) {
        SortedSet<String> products = new TreeSet<>();
        grants.values().stream().filter(g -> g.getTeam().equals(team)).forEach(g -> products.add(g.getProductId()));
        return products;
    }

    /** Whether any of the team's grants comes with key access. */
    static boolean holdsKeys(Map<String, AccessGrant> grants, String team) {
        return grants.values().stream().anyMatch(g -> g.getTeam().equals(team) && g.getWithKeys());
    }

    /** The team's bindings of a plan. */
    static List<AclBinding> teamBindings(AclPlan plan, String team) {
        String user = "User:" + team;
        return plan.bindings().stream().filter(b -> b.entry().principal().equals(user)).toList();
    }

    /**
     * The plan of the mesh's domains (those of {@code products} and of the grants) with one team's grants: every
     * domain is named so that a team that is also a domain keeps its domain rows in both plans of a revoke.
     *
     * @param keys whether the team may read the data keys (it needs a grant for that)
     */
    static AclPlan plan(Set<String> products, String team, Set<String> granted, boolean keys) {
        SortedSet<String> domains = new TreeSet<>();
        products.forEach(p -> domains.add(p.substring(0, p.indexOf('.'))));
        granted.forEach(p -> domains.add(p.substring(0, p.indexOf('.'))));
        MeshAccess mesh = MeshAccess.of(domains, granted.isEmpty() ? Map.of() : Map.of(team, granted),
                AclCommand.platform());
        return AclPlan.of(keys && !granted.isEmpty() ? mesh.withKeyAccess(team) : mesh);
    }

    /** Writes a grant, or its tombstone when {@code grant} is null, and waits until Kafka has it. */
    static void write(Properties client, String productId, String team, AccessGrant grant) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(MeshTopics.ACCESS, key(productId, team).getBytes(StandardCharsets.UTF_8),
                    grant == null ? null : GRANTS.encode(grant))).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + MeshTopics.ACCESS + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the write to " + MeshTopics.ACCESS + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + MeshTopics.ACCESS, e);
        }
    }

    /** Who the CLI is on Kafka: the SASL user of its settings, else its registry user, else "unknown". */
    static String principal(Properties client, String registryUser) {
        Object jaas = client.get(SaslConfigs.SASL_JAAS_CONFIG);
        Matcher m = jaas == null ? null : JAAS_USER.matcher(jaas.toString());
        if (m != null && m.find()) {
            return m.group(1);
        }
        return registryUser.isEmpty() ? "unknown" : registryUser;
    }
}
