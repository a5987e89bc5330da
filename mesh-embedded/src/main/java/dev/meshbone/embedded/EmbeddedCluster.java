package dev.meshbone.embedded;

import dev.meshbone.config.SharedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole embedded stack: Kafka in this JVM and the registry in a child JVM, started side by side. Closing it
 * stops both.
 *
 * <p>Secure by default ({@link SecurityMode#SECURE}): Kafka takes SASL/SCRAM-SHA-512 logins and ACLs, the registry
 * basic-auth logins with roles and group owners, and both know the same {@link MeshPrincipal principals}. The
 * admin ({@code admin}, a Kafka super user and registry {@code sr-admin}) exists from the start;
 * {@link #createPrincipal} adds others. Generated passwords live in {@link #secretsDirectory()}:
 * {@code <data-dir>/secrets/} (mode 0700, files 0600), kept for the next start with the same data directory, or a
 * temporary directory that {@link #close()} deletes. {@link SecurityMode#PLAINTEXT} runs both without security.
 */
public final class EmbeddedCluster implements AutoCloseable {

    /** Names the broker uses for itself; no principal may take them. */
    private static final Set<String> RESERVED = Set.of(Secrets.BROKER, Secrets.CONTROLLER);

    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedRegistry registry;
    private final Secrets secrets;
    private final boolean ownsSecrets;

    private EmbeddedCluster(EmbeddedKafka kafka, EmbeddedRegistry registry, Secrets secrets, boolean ownsSecrets) {
        this.kafka = kafka;
        this.registry = registry;
        this.secrets = secrets;
        this.ownsSecrets = ownsSecrets;
    }

    /** Starts both, secure, on free ports with throw-away storage and secrets. */
    public static EmbeddedCluster start() {
        return builder().start();
    }

    /**
     * Starts both, secure.
     *
     * @param kafkaPort    Kafka's client port, or 0 for a free one
     * @param registryPort the registry's HTTP port, or 0 for a free one
     * @param dataDir      where both keep their data and secrets across restarts ({@code kafka/}, {@code registry/},
     *                     {@code secrets/}), or null
     */
    public static EmbeddedCluster start(int kafkaPort, int registryPort, Path dataDir) {
        return builder().kafkaPort(kafkaPort).registryPort(registryPort).dataDir(dataDir).start();
    }

    /** Options for a start; secure, free ports and throw-away storage unless set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the options of {@link EmbeddedCluster#start}. */
    public static final class Builder {

        private int kafkaPort;
        private int registryPort;
        private Path dataDir;
        private SecurityMode security = SecurityMode.SECURE;
        private boolean kafkaInChildJvm;
        private final Map<String, PrincipalKind> principals = new LinkedHashMap<>();

        private Builder() {
        }

        /** Kafka's client port, or 0 (the default) for a free one. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** The registry's HTTP port, or 0 (the default) for a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Where data and secrets survive a restart; null (the default) for temporary directories. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Secure (the default) or plaintext. */
        public Builder security(SecurityMode mode) {
            this.security = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Shorthand for {@code security(SecurityMode.PLAINTEXT)}: no authentication, anyone may do anything. */
        public Builder insecure() {
            return security(SecurityMode.PLAINTEXT);
        }

        /**
         * Runs Kafka in a child JVM rather than in this one, so that {@link EmbeddedCluster#killKafka()} is a real
         * crash; the chaos benchmark's broker.
         */
        public Builder kafkaInChildJvm() {
            this.kafkaInChildJvm = true;
            return this;
        }

        /** A principal to have from the start, without the registry restart {@link #createPrincipal} costs. */
        public Builder principal(String name, PrincipalKind kind) {
            principals.put(name, kind);
            return this;
        }

        /** Starts the stack. */
        public EmbeddedCluster start() {
            return security == SecurityMode.SECURE ? startSecure(this) : startPlaintext(this);
        }
    }

    private static EmbeddedCluster startPlaintext(Builder options) {
        if (!options.principals.isEmpty()) {
            throw new IllegalArgumentException("principals need SecurityMode.SECURE");
        }
        Path dataDir = options.dataDir;
        return startBoth(() -> EmbeddedRegistry.start(options.registryPort,
                        dataDir == null ? null : dataDir.resolve("registry")),
                () -> startKafka(options, dataDir == null ? null : dataDir.resolve("kafka"), null), null, false);
    }

    private static EmbeddedCluster startSecure(Builder options) {
        Path dataDir = options.dataDir;
        Path secretsDir;
        try {
            secretsDir = dataDir == null ? Files.createTempDirectory("meshbone-secrets-") : dataDir.resolve("secrets");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secrets directory", e);
        }
        Secrets secrets = Secrets.open(secretsDir);
        boolean ownsSecrets = dataDir == null;
        try {
            Path kafkaDir = dataDir == null ? null : dataDir.resolve("kafka");
            if (kafkaDir != null && Files.exists(kafkaDir.resolve("meta.properties"))
                    && secrets.find(Secrets.ADMIN).isEmpty()) {
                // Its log has no SCRAM credentials we know the passwords of: nobody could log in.
                throw new IllegalStateException(kafkaDir + " was formatted without security (or its secrets in "
                        + secretsDir + " are gone); start it with SecurityMode.PLAINTEXT or use a new data directory");
            }
            MeshPrincipal admin = secrets.principal(Secrets.ADMIN, PrincipalKind.ADMIN);
            options.principals.forEach((name, kind) -> secrets.principal(checkName(name), kind));
            BrokerSecurity broker = new BrokerSecurity(secrets.password(Secrets.BROKER),
                    secrets.password(Secrets.CONTROLLER), admin);
            List<MeshPrincipal> users = secrets.principals();
            EmbeddedCluster cluster = startBoth(() -> EmbeddedRegistry.startSecure(options.registryPort,
                            dataDir == null ? null : dataDir.resolve("registry"), users, secretsDir),
                    () -> startKafka(options, kafkaDir, broker), secrets, ownsSecrets);
            try {
                // Again on every start: harmless for users the log has, and it heals a start that died half-way.
                users.stream().filter(u -> !u.name().equals(Secrets.ADMIN)).forEach(cluster.kafka::upsertScramUser);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (RuntimeException e) {
            if (ownsSecrets) {
                Directories.deleteQuietly(secretsDir);
            }
            throw e;
        }
    }

    private static EmbeddedKafka startKafka(Builder options, Path dir, BrokerSecurity security) {
        if (options.kafkaInChildJvm) {
            return EmbeddedKafka.startInChildJvm(options.kafkaPort, dir, security);
        }
        return security == null ? EmbeddedKafka.start(options.kafkaPort, dir)
                : EmbeddedKafka.startSecure(options.kafkaPort, dir, security);
    }

    private static EmbeddedCluster startBoth(java.util.function.Supplier<EmbeddedRegistry> startRegistry,
                                             java.util.function.Supplier<EmbeddedKafka> startKafka, Secrets secrets,
                                             boolean ownsSecrets) {
        // The registry's JVM start dominates; Kafka starts meanwhile.
        CompletableFuture<EmbeddedRegistry> registry = CompletableFuture.supplyAsync(startRegistry);
        EmbeddedKafka kafka;
        try {
            kafka = startKafka.get();
        } catch (RuntimeException e) {
            registry.thenAccept(EmbeddedRegistry::close);
            throw e;
        }
        try {
            return new EmbeddedCluster(kafka, registry.join(), secrets, ownsSecrets);
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static String checkName(String name) {
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is the broker's own user; choose another name");
        }
        return name;
    }

    /** Whether the stack authenticates and authorises. */
    public SecurityMode securityMode() {
        return secrets == null ? SecurityMode.PLAINTEXT : SecurityMode.SECURE;
    }

    /** Kafka {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String registryUrl() {
        return registry.url();
    }

    /** The registry's v3 REST API, the value for the serdes' {@code apicurio.registry.url}. */
    public String registryApiUrl() {
        return registryUrl() + SharedSettings.REGISTRY_API_PATH;
    }

    /** Kafka client properties that reach this broker: the admin's (a super user) when secure. */
    public Properties clientProperties() {
        return kafka.adminProperties();
    }

    /** A new admin client (as the super user {@code admin} when secure); the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /**
     * The super user: Kafka super user and registry {@code sr-admin}.
     *
     * @throws IllegalStateException without security
     */
    public MeshPrincipal admin() {
        return requireSecrets().find(Secrets.ADMIN).orElseThrow();
    }

    /** Every principal, the admin included (none without security). */
    public List<MeshPrincipal> principals() {
        return secrets == null ? List.of() : secrets.principals();
    }

    /**
     * Creates a principal (or returns the one of that name, with its password): a SCRAM user the broker accepts a
     * login from when this returns, and a registry user with its kind's role. A name new to the registry restarts
     * the registry child (embedded users are static), which takes a few seconds and keeps its data; prefer
     * {@link Builder#principal} for principals known before the start. It gets no ACLs: that is the ACL plan's job.
     *
     * @param name {@code [a-z0-9][a-z0-9-]*}, not {@code broker} or {@code controller}
     * @throws IllegalArgumentException when the name exists with another kind
     * @throws IllegalStateException    without security
     */
    public MeshPrincipal createPrincipal(String name, PrincipalKind kind) {
        return createPrincipals(Map.of(name, kind)).get(0);
    }

    /** {@link #createPrincipal} for several, with at most one registry restart; in the map's order. */
    public synchronized List<MeshPrincipal> createPrincipals(Map<String, PrincipalKind> principals) {
        Secrets store = requireSecrets();
        List<MeshPrincipal> created = new ArrayList<>();
        principals.forEach((name, kind) -> created.add(store.principal(checkName(name), kind)));
        created.forEach(kafka::upsertScramUser);
        Set<String> known = new java.util.HashSet<>();
        registry.users().forEach(u -> known.add(u.name()));
        if (created.stream().anyMatch(p -> !known.contains(p.name()))) {
            registry = registry.restart(store.principals());
        }
        return created;
    }

    /**
     * Takes a principal created elsewhere with its own password (a domain added through the Admin API by
     * {@code mesh domain add}): its SCRAM user is set to that password and, when the registry does not know the name,
     * the registry restarts with it as a user (a few seconds; it keeps its data).
     */
    public synchronized void adoptPrincipal(MeshPrincipal principal) {
        Secrets store = requireSecrets();
        store.adopt(principal);
        kafka.upsertScramUser(principal);
        if (registry.users().stream().noneMatch(u -> u.equals(principal))) {
            registry = registry.restart(store.principals());
        }
    }

    /**
     * A registry crash: SIGKILLs the registry's JVM. Until {@link #restartRegistry()}, every registry call fails to
     * connect.
     */
    public synchronized void killRegistry() {
        registry.kill();
    }

    /**
     * Starts the registry again on the same port, storage and users. A cluster with a data directory keeps the
     * registry's artifacts in an H2 file there, so they are all back; without one, a plaintext registry comes back
     * empty.
     */
    public synchronized void restartRegistry() {
        registry = registry.startAgain();
    }

    /**
     * A broker crash: SIGKILLs Kafka's JVM, no clean shutdown. Until {@link #restartKafka()}, clients cannot
     * connect.
     *
     * @throws IllegalStateException unless the cluster was started with {@link Builder#kafkaInChildJvm()}
     */
    public synchronized void killKafka() {
        kafka.kill();
    }

    /** Starts Kafka again on the same ports, log and credentials; returns once it is ready. */
    public synchronized void restartKafka() {
        kafka = kafka.startAgain();
    }

    /**
     * Creates a registry group as the admin and makes {@code owner} its owner, so that only that principal (and
     * admins) may write into it; an existing group just gets the owner.
     */
    public void createRegistryGroup(String group, String owner) {
        RegistryGroups.createOwned(registryApiUrl(), admin(), group, owner);
    }

    /** Kafka client properties that log in as the principal. */
    public Properties clientProperties(MeshPrincipal principal) {
        requireSecrets();
        return ClientSettings.kafka(bootstrapServers(), principal);
    }

    /**
     * Meshbone settings (the SDK's, governance's, the catalog's format) that connect as the principal:
     * {@code bootstrap.servers}, {@code registry.url}, {@code registry.username}, {@code registry.password} and the
     * {@code kafka.*} SASL settings.
     */
    public Map<String, String> settings(MeshPrincipal principal) {
        requireSecrets();
        return ClientSettings.mesh(bootstrapServers(), registryUrl(), principal);
    }

    /** Meshbone settings of the admin when secure; only the two addresses without security. */
    public Map<String, String> settings() {
        if (secrets == null) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(SharedSettings.BOOTSTRAP_SERVERS, bootstrapServers());
            settings.put(SharedSettings.REGISTRY_URL, registryApiUrl());
            return settings;
        }
        return settings(admin());
    }

    /** Writes the principal's {@link #settings(MeshPrincipal) settings} to a file of mode 0600. */
    public Path writeSettingsFile(MeshPrincipal principal, Path file) {
        return ClientSettings.write(file, settings(principal));
    }

    /** Where the generated secrets live (mode 0700), or null without security. */
    public Path secretsDirectory() {
        return secrets == null ? null : secrets.directory();
    }

    /** The broker. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The registry (a new instance after a restart for a new principal). */
    public EmbeddedRegistry registry() {
        return registry;
    }

    /** A one-line description for logs. */
    public String describe() {
        return "embedded (" + securityMode() + "): Kafka " + Versions.kafka() + (kafka.inChildJvm() ? " child JVM"
                : " in-JVM") + " KRaft at "
                + bootstrapServers() + ", Apicurio Registry " + Versions.registry() + " child JVM (pid "
                + registry.pid() + ") at " + registryUrl();
    }

    private Secrets requireSecrets() {
        if (secrets == null) {
            throw new IllegalStateException("this embedded stack runs without security (PLAINTEXT): it has no "
                    + "principals");
        }
        return secrets;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
            if (ownsSecrets) {
                Directories.deleteQuietly(secrets.directory());
            }
        }
    }
}
