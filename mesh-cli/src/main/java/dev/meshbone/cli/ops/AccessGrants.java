package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AccessErrors;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.Grants;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.contract.ContractKey;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The grants as {@code mesh.access} holds them ({@link Grants}), the products {@code mesh.products} holds, the ACL
 * plan of a team's grants, and the CLI's spelling of a grant's end.
 */
final class AccessGrants {

    private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

    private AccessGrants() {
    }

    /** Every grant on {@code mesh.access}, live or expired. */
    static Grants read(Properties client) {
        Map<String, Object> props = new HashMap<>();
        client.forEach((k, v) -> props.put(k.toString(), v));
        return Grants.read(props);
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

    /** Whether a live grant of the team, other than {@code except}'s (null for none), comes with key access. */
    static boolean holdsKeys(Grants grants, String team, String except, Instant now) {
        return grants.byKey().values().stream().anyMatch(g -> g.getTeam().equals(team) && g.getWithKeys()
                && !Grants.isExpired(g, now) && !g.getProductId().equals(except));
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
     * @param granted the team's live grants
     * @param expired the team's expired grants, with when: no rights, but the team keeps its place in the plan
     * @param keys    whether the team may also read the data keys ({@code mesh.keys} READ; only with a live grant)
     */
    static AclPlan plan(Set<String> products, String team, Set<String> granted, Map<String, Instant> expired,
                        boolean keys) {
        SortedSet<String> domains = new TreeSet<>();
        products.forEach(p -> domains.add(p.substring(0, p.indexOf('.'))));
        granted.forEach(p -> domains.add(p.substring(0, p.indexOf('.'))));
        MeshAccess mesh = MeshAccess.of(domains, granted.isEmpty() ? Map.of() : Map.of(team, granted),
                AclCommand.platform()).withExpired(expired.isEmpty() ? Map.of() : Map.of(team, expired));
        return AclPlan.of(keys && !granted.isEmpty() ? mesh.withKeyAccess(team) : mesh);
    }

    /**
     * When a grant given now for {@code duration} ends: {@code 30d}, {@code 12h}, {@code 45m}, or ISO-8601
     * ({@code P30D}, {@code PT1H30M}).
     */
    static Instant endAfter(Instant now, String duration) {
        Matcher m = SHORT_DURATION.matcher(duration);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return now.plus(switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            Duration d = Duration.parse(duration);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--for must be positive, got " + duration);
            }
            return now.plus(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--for takes 30d, 12h, 45m or an ISO-8601 duration (P30D, PT1H); got '"
                    + duration + "'");
        }
    }

    /** The end a {@code --until} names: an ISO instant ({@code 2027-01-31T18:00:00Z}) or a date (its start, UTC). */
    static Instant until(String value) {
        try {
            return value.contains("T") ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--until takes an ISO instant (2027-01-31T18:00:00Z) or a date "
                    + "(2027-01-31); got '" + value + "'");
        }
    }

    /** Writes a grant, or its tombstone when {@code grant} is null, and waits until Kafka has it. */
    static void write(Properties client, String productId, String team, AccessGrant grant) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(MeshTopics.ACCESS, Grants.key(productId, team)
                    .getBytes(StandardCharsets.UTF_8), grant == null ? null : Grants.encode(grant)))
                    .get(15, TimeUnit.SECONDS);
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
        Map<String, Object> props = new HashMap<>();
        client.forEach((k, v) -> props.put(k.toString(), v));
        return AccessErrors.userOf(props).orElse(registryUser.isEmpty() ? "unknown" : registryUser);
    }
}
