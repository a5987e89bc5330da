package dev.meshbone.bench;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.embedded.SecurityMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * The embedded stack a benchmark runs on, plaintext or secure as {@code mesh up} starts it: on a secure stack the
 * benchmark's domain and governance are principals of their own with exactly the ACL plan's rights (no super user),
 * and the domain owns its registry group. Either way the admin provisions the mesh topics, as {@code mesh up} does.
 */
final class BenchStack implements AutoCloseable {

    /** The benchmarks' domain. */
    static final String DOMAIN = "bench";
    /** Governance's principal on a secure stack. */
    static final String GOVERNANCE = "governance";
    /** Governance's application id, which the ACL plan grants its internal topics, group and transactional ids. */
    static final String GOVERNANCE_APP_ID = "bench-governance";
    /** The catalog's principal on a secure stack. */
    static final String CATALOG = "catalog";
    /** The catalog's application id, which the ACL plan grants its internal topics and group. */
    static final String CATALOG_APP_ID = "bench-catalog";

    private final EmbeddedCluster cluster;
    private final double readySeconds;

    private BenchStack(EmbeddedCluster cluster, double readySeconds) {
        this.cluster = cluster;
        this.readySeconds = readySeconds;
    }

    /** Starts a stack; secure means principals, the ACL plan applied and the domain's registry group too. */
    static BenchStack start(SecurityMode mode) {
        return start(mode, EmbeddedCluster.builder());
    }

    /**
     * A plaintext stack that can crash: its broker runs in a child JVM, and the broker and registry keep their data in
     * {@code dataDir}, so that either, killed, comes back with it.
     */
    static BenchStack crashable(Path dataDir) {
        return start(SecurityMode.PLAINTEXT, EmbeddedCluster.builder().dataDir(dataDir).kafkaInChildJvm());
    }

    private static BenchStack start(SecurityMode mode, EmbeddedCluster.Builder builder) {
        long started = System.nanoTime();
        EmbeddedCluster cluster = mode == SecurityMode.SECURE
                // Principals known before the start: no registry restart, as mesh up does it.
                ? builder.principal(DOMAIN, PrincipalKind.DOMAIN).principal(GOVERNANCE, PrincipalKind.GOVERNANCE)
                        .principal(CATALOG, PrincipalKind.CATALOG).start()
                : builder.insecure().start();
        try {
            if (mode == SecurityMode.SECURE) {
                grantAccess(cluster);
            }
            double ready = (System.nanoTime() - started) / 1e9;
            // Not part of the time to ready: the same topics, the same way, in both modes.
            try (Admin admin = cluster.createAdmin()) {
                new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.ALL, Duration.ofSeconds(30));
            }
            return new BenchStack(cluster, ready);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static void grantAccess(EmbeddedCluster cluster) {
        MeshAccess mesh = MeshAccess.of(List.of(DOMAIN), Map.of(),
                MeshAccess.Platform.withAppIds(GOVERNANCE_APP_ID, CATALOG_APP_ID));
        try (Admin admin = cluster.createAdmin()) {
            new AclPlanApplier(admin, Duration.ofSeconds(30)).apply(AclPlan.of(mesh), false, false);
        }
        cluster.createRegistryGroup(DOMAIN, DOMAIN);
    }

    EmbeddedCluster cluster() {
        return cluster;
    }

    SecurityMode mode() {
        return cluster.securityMode();
    }

    /** Seconds from the start until the stack was ready for its principals. */
    double readySeconds() {
        return readySeconds;
    }

    /** Meshbone settings that connect as the principal; on a plaintext stack just the two addresses. */
    Properties settings(String principal) {
        Properties props = new Properties();
        props.putAll(mode() == SecurityMode.SECURE ? cluster.settings(cluster.principals().stream()
                .filter(p -> p.name().equals(principal)).findFirst().orElseThrow()) : cluster.settings());
        return props;
    }

    /** HTTP headers for registry calls as the admin; none on a plaintext stack. */
    Map<String, String> registryAdminHeaders() {
        return mode() == SecurityMode.SECURE ? Map.of("Authorization", cluster.admin().basicAuthorization())
                : Map.of();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
