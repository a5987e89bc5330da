package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.pii.keys.SubjectHasher;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ErasureEvent;
import dev.meshbone.governance.pii.PiiDetectors;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mesh forget}: crypto-shredding of one data subject. Their data keys' records on {@code mesh.keys} (keyed by
 * the keyed hash of the subject, so the CLI needs the keystore's subject-hash secret) are tombstoned and an
 * {@link ErasureEvent} is recorded on {@code mesh.governance.erasures}, in one transaction; every ENCRYPT value of
 * that person, on every topic, can no longer be decrypted. {@code --status} lists recent erasures and whether each
 * key's record is still physically on {@code mesh.keys} (compaction removes it).
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Forget a data subject (crypto-shredding): tombstone their data keys on " + MeshTopics.KEYS
                + ", so that none of their ENCRYPT values, on any topic, can be decrypted again, and record the "
                + "erasure on " + MeshTopics.ERASURES + " (who, when, why, which products; no personal value).",
                "It needs the mesh's keystore (the subject's key is found by a keyed hash of it): --keystore, "
                        + "keys.keystore in --command-config, or the local mesh's.",
                "--status lists recent erasures and whether each key's record is gone from " + MeshTopics.KEYS
                        + "."},
        footer = {"", "Examples:", "  mesh forget --subject customer:C-123 --reason \"GDPR request 2024-117\"",
                "  mesh forget --status",
                "", "Exit codes: 0 forgotten (or nothing left to forget), 1 a subject the mesh has never seen or a "
                + "failure (nothing written), 2 usage error (e.g. a malformed subject)."})
public final class ForgetCommand implements Callable<Integer> {

    private static final MeshEventSerde<ErasureEvent> ERASURES = MeshEventSerde.of(ErasureEvent.class);
    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS =
            MeshEventSerde.of(DataProductDescriptor.class);

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--subject", paramLabel = "KIND:ID",
                description = "The data subject: its kind, as contracts declare it (\"pii.subject\"), and its id, "
                        + "e.g. customer:C-123.")
        String subject;

        @Option(names = "--status", description = "List recent erasures and whether their keys are gone.")
        boolean status;
    }

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, for the audit trail (a ticket number, say); it must not hold personal data.")
    String reason;

    @Option(names = "--limit", defaultValue = "20",
            description = "With --status: how many of the latest erasures to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "The mesh's keystore (its password in FILE.password, or keys.keystore.password.file). "
                    + "Default: keys.keystore of the settings (the local mesh's while `mesh up` runs).")
    Path keystore;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (what.status) {
            if (reason != null) {
                throw new ParameterException(spec.commandLine(), "--reason goes with --subject, not --status");
            }
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            return status();
        }
        Subject subject;
        try {
            subject = Subject.parse(what.subject);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--subject: " + e.getMessage());
        }
        checkReason(subject);
        return forget(subject);
    }

    /** An erasure event keeps its reason for years: it must not be where personal data ends up. */
    private void checkReason(Subject subject) {
        if (reason == null) {
            return;
        }
        if (reason.contains(subject.id())) {
            throw new ParameterException(spec.commandLine(), "--reason must not name the subject: the erasure "
                    + "event keeps it for years; give a ticket number or a short why");
        }
        PiiDetectors.scan(reason).ifPresent(f -> {
            throw new ParameterException(spec.commandLine(), "--reason looks like personal data (" + f.category()
                    + "): the erasure event keeps it for years; give a ticket number or a short why");
        });
    }

    private int forget(Subject subject) {
        KeyEncryptionKeys keks = openKeystore();
        String subjectHash = SubjectHasher.of(keks).hash(subject);
        Properties client = cluster.client("forget");
        KeyRecords keys = KeyRecords.read(client);
        List<KeyTopicKey> live = keys.live(subjectHash);
        PrintWriter out = spec.commandLine().getOut();
        if (live.isEmpty()) {
            Optional<ErasureEvent> earlier = erasures(client).stream()
                    .filter(e -> e.getSubjectHash().equals(subjectHash)).reduce((a, b) -> b);
            if (earlier.isEmpty()) {
                throw new IllegalStateException("the mesh has never seen " + subject + ": no key of it on "
                        + MeshTopics.KEYS + " (is the kind right? contracts name it with \"pii.subject\"); "
                        + "nothing written");
            }
            out.println(subject + " was forgotten at " + earlier.get().getErasedAt().truncatedTo(ChronoUnit.SECONDS)
                    + " by " + earlier.get().getRequestedBy() + ", and has no key since: nothing left to forget.");
            out.flush();
            return 0;
        }
        SortedSet<String> products = productsCarrying(client, subject.kind());
        ErasureEvent event = ErasureEvent.newBuilder().setSubjectKind(subject.kind()).setSubjectHash(subjectHash)
                .setKeyIds(live.stream().map(KeyTopicKey::keyId).toList()).setProducts(List.copyOf(products))
                .setRequestedBy(cluster.principal()).setReason(reason).setErasedAt(Instant.now()).build();
        Map<String, Config> configs;
        try (Admin admin = Admin.create(client)) {
            new TopicProvisioner(admin, cluster.replicationFactor()).ensure(MeshTopicDefinitions.ERASURES,
                    AdminCalls.TIMEOUT);
            configs = topicConfigs(admin, MeshTopics.KEYS, MeshTopics.QUARANTINE);
        }
        write(client, live, event);
        report(out, subject, event, configs);
        return 0;
    }

    private KeyEncryptionKeys openKeystore() {
        Path file = keystore != null ? keystore : cluster.keystore().orElseThrow(() -> new IllegalStateException(
                "no keystore: give --keystore FILE (the mesh's, with FILE.password beside it), or keys.keystore "
                        + "in --command-config"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("keystore " + file + " does not exist");
        }
        Path passwordFile = keystore == null ? cluster.keystorePasswordFile().orElse(LocalKeystore.passwordFile(file))
                : LocalKeystore.passwordFile(file);
        // The file exists, so this only opens it: the CLI never makes a keystore of its own.
        return LocalKeystore.openOrCreate(file, LocalKeystore.readPassword(passwordFile));
    }

    /** The tombstones and the erasure event, together or not at all. */
    private void write(Properties client, List<KeyTopicKey> live, ErasureEvent event) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, AclPlan.OPS_FORGET_TRANSACTIONAL_ID_PREFIX + UUID.randomUUID());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (KeyTopicKey key : live) {
                producer.send(new ProducerRecord<>(MeshTopics.KEYS, key.toString().getBytes(StandardCharsets.UTF_8),
                        null));
            }
            producer.send(new ProducerRecord<>(MeshTopics.ERASURES,
                    event.getSubjectHash().getBytes(StandardCharsets.UTF_8), ERASURES.encode(event)));
            producer.commitTransaction();
        }
    }

    private void report(PrintWriter out, Subject subject, ErasureEvent event, Map<String, Config> configs) {
        Config keys = configs.get(MeshTopics.KEYS);
        Duration segment = millis(keys, TopicConfig.SEGMENT_MS_CONFIG);
        Duration lag = millis(keys, TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        Duration tombstone = millis(keys, TopicConfig.DELETE_RETENTION_MS_CONFIG);
        Duration quarantine = millis(configs.get(MeshTopics.QUARANTINE), TopicConfig.RETENTION_MS_CONFIG);
        int count = event.getKeyIds().size();
        out.println("Forgot " + subject + ": " + count + " data key" + (count == 1 ? "" : "s") + " tombstoned on "
                + MeshTopics.KEYS + ", erasure recorded on " + MeshTopics.ERASURES + ".");
        out.println("  Products with " + subject.kind() + " subjects: " + (event.getProducts().isEmpty() ? "none in force"
                : String.join(", ", event.getProducts())) + ". Their ENCRYPT values of this person, on every topic, "
                + "can no longer be decrypted.");
        // A dirty record is compacted within max.compaction.lag.ms, once its segment has rolled: Kafka rolls it at
        // the first append after segment.ms (or that lag), so a partition that receives nothing more keeps it.
        out.println("  The key's record leaves " + MeshTopics.KEYS + " by compaction within " + human(max(lag, segment))
                + " (max.compaction.lag.ms " + human(lag) + ", segment.ms " + human(segment) + ", as keys keep being "
                + "written to its partition); the tombstone stays " + human(tombstone) + " (delete.retention.ms). "
                + "`mesh forget --status` shows when it is gone.");
        out.println("  Not erased: raw records of this subject may remain in " + MeshTopics.QUARANTINE + " until "
                + Instant.now().plus(quarantine).truncatedTo(ChronoUnit.MINUTES) + " (retention.ms " + human(quarantine)
                + "); HASH values stay linkable pseudonyms, MASK values keep a hint.");
        out.println("  New records of " + subject + " get a new key.");
        out.flush();
    }

    private int status() {
        Properties client = cluster.client("forget-status");
        boolean any;
        try (Admin admin = Admin.create(client)) {
            any = AdminCalls.topicExists(admin, MeshTopics.ERASURES);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!any) {
            out.println("No erasures yet (" + MeshTopics.ERASURES + " does not exist).");
            out.flush();
            return 0;
        }
        List<ErasureEvent> latest = erasures(client);
        latest = latest.subList(Math.max(0, latest.size() - limit), latest.size());
        KeyRecords keys = KeyRecords.read(client);
        Table table = new Table("ERASED AT", "SUBJECT HASH", "KEYS", "KEY RECORDS", "PRODUCTS", "BY", "REASON");
        int pending = 0;
        for (ErasureEvent e : latest) {
            long present = e.getKeyIds().stream()
                    .filter(id -> keys.present(new KeyTopicKey(e.getSubjectHash(), id).toString())).count();
            pending += present > 0 ? 1 : 0;
            table.row(e.getErasedAt().truncatedTo(ChronoUnit.SECONDS), e.getSubjectHash(), e.getKeyIds().size(),
                    present == 0 ? "gone" : present + " awaiting compaction", String.join(",", e.getProducts()),
                    e.getRequestedBy(), e.getReason());
        }
        table.print(out);
        out.println(table.size() + " erasure(s) shown" + (pending == 0 ? "; every key's record is gone from "
                + MeshTopics.KEYS : "; " + pending + " with a key record still on " + MeshTopics.KEYS
                + " until compaction"));
        out.flush();
        return 0;
    }

    /** Every erasure event, oldest first. */
    private static List<ErasureEvent> erasures(Properties client) {
        List<ErasureEvent> all = new ArrayList<>();
        try (Admin admin = Admin.create(client)) {
            if (!AdminCalls.topicExists(admin, MeshTopics.ERASURES)) {
                return all;
            }
        }
        TopicReader.readAll(client, MeshTopics.ERASURES, r -> all.add(ERASURES.decode(r.value())));
        all.sort(java.util.Comparator.comparing(ErasureEvent::getErasedAt));
        return all;
    }

    /** The products in force on {@code mesh.products} whose contract declares a data subject of this kind. */
    private static SortedSet<String> productsCarrying(Properties client, String kind) {
        Map<String, byte[]> inForce = new HashMap<>();
        TopicReader.readAll(client, MeshTopics.PRODUCTS, r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                inForce.remove(key);
            } else {
                inForce.put(key, r.value());
            }
        });
        SortedSet<String> products = new TreeSet<>();
        inForce.values().forEach(bytes -> {
            DataProductDescriptor d = DESCRIPTORS.decode(bytes);
            try {
                if (DataProduct.fromDescriptor(d).dataSubject().map(DataSubject::kind).filter(kind::equals)
                        .isPresent()) {
                    products.add(d.getId());
                }
            } catch (RuntimeException e) {
                // A descriptor the contract core no longer reads names no data subject it could check.
            }
        });
        return products;
    }

    private static Map<String, Config> topicConfigs(Admin admin, String... topics) {
        List<ConfigResource> resources = java.util.Arrays.stream(topics)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> described = AdminCalls.await(admin.describeConfigs(resources).all(),
                "describe the configs of " + String.join(" and ", topics));
        Map<String, Config> byTopic = new TreeMap<>();
        described.forEach((resource, config) -> byTopic.put(resource.name(), config));
        return byTopic;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration millis(Config config, String key) {
        return Duration.ofMillis(Long.parseLong(config.get(key).value()));
    }

    /** 1 h 10 min, 30 d, 10 min, 45 s, 500 ms. */
    static String human(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return Math.max(0, d.toMillis()) + " ms";
        }
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " d";
        }
        List<String> parts = new ArrayList<>();
        long hours = d.toHours();
        if (hours > 0) {
            parts.add(hours + " h");
        }
        if (d.toMinutesPart() > 0) {
            parts.add(d.toMinutesPart() + " min");
        }
        if (parts.isEmpty() || hours == 0 && d.toSecondsPart() > 0) {
            parts.add(d.toSecondsPart() + " s");
        }
        return String.join(" ", parts);
    }

    /**
     * {@code mesh.keys} read raw, from its beginning (read committed): which data keys are live (their last record a
     * value), and which record keys still have a value record physically on the topic (compaction not done yet).
     */
    static final class KeyRecords {
        private final Map<String, Boolean> live = new HashMap<>();
        private final Set<String> present = new HashSet<>();

        static KeyRecords read(Properties client) {
            KeyRecords keys = new KeyRecords();
            TopicReader.readAll(client, MeshTopics.KEYS, r -> {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                keys.live.put(key, r.value() != null);
                if (r.value() != null) {
                    keys.present.add(key);
                }
            });
            return keys;
        }

        /** The subject's live data keys. */
        List<KeyTopicKey> live(String subjectHash) {
            String prefix = KeyTopicKey.prefix(subjectHash);
            return live.entrySet().stream().filter(e -> e.getValue() && e.getKey().startsWith(prefix))
                    .map(e -> KeyTopicKey.parse(e.getKey())).flatMap(Optional::stream).sorted(
                            java.util.Comparator.comparing(KeyTopicKey::keyId)).toList();
        }

        /** Whether a value record of this key is still on the topic. */
        boolean present(String recordKey) {
            return present.contains(recordKey);
        }
    }
}
