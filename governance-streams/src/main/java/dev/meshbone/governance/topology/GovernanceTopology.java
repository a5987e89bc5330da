package dev.meshbone.governance.topology;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.governance.announce.AnnouncementCheck;
import dev.meshbone.governance.announce.AnnouncementOutcome;
import dev.meshbone.governance.announce.ContractAnnouncementProcessor;
import dev.meshbone.governance.check.CheckInput;
import dev.meshbone.governance.check.CheckPipeline;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.contract.ContractStore;
import dev.meshbone.governance.contract.ContractStoreUpdater;
import dev.meshbone.governance.envelope.IngressDeserializer;
import dev.meshbone.governance.envelope.SchemaLookup;
import dev.meshbone.governance.keys.KeyStoreUpdater;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.GovernanceProcessor;
import dev.meshbone.governance.routing.HoldBackProcessor;
import dev.meshbone.governance.routing.Outcome;
import dev.meshbone.governance.routing.OutcomeSerializer;
import dev.meshbone.governance.stats.StatsCounter;
import dev.meshbone.governance.stats.StatsStore;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The governance topology:
 * <pre>
 * mesh.contracts.* ──▶ contract-check (store governance-accepted-contracts) ──split──▶ mesh.products
 *                                                                            └──▶ mesh.governance.violations
 * mesh.products ──▶ [global store governance-contracts: descriptors on disk + ContractIndex, compiled once]
 *                      ▲ read by name (context.getStateStore) by hold-back and contract-check
 * mesh.keys ──▶ [global store governance-keys, in memory] (a tombstone evicts the key from the DataKeyCache)
 * mesh.ingress.* ──▶ envelope (deserializer: a record, or unreadable bytes as a value check 1 refuses)
 *                ──▶ hold-back (store governance-held-records: records whose product has no contract yet,
 *                               admitted in arrival order when one arrives or the grace passes)
 *                ──▶ governance-check (CheckPipeline: envelope, product live, schema identity,              checks 1-5
 *                                      compatibility, personal data, quality rules; then protection)     step 6
 *                      ──split──▶ public topic of the record's major version
 *                             ├──▶ mesh.keys (a subject's new data key)
 *                             ├──▶ mesh.governance.quarantine
 *                             └──▶ mesh.governance.violations
 * accepted + violations ──▶ stats-count (per task, product, minute; store governance-stats-counts)
 * refused announcements ──▶ contract-stats-count (store governance-contract-stats-counts)
 *                           ──once a second──▶ mesh.governance.stats
 * </pre>
 * Global stores are not listed among a processor's stores ({@code describe()} shows them in their own sub-topology):
 * the processors that read {@link #CONTRACT_STORE} say so in their settings.
 */
public final class GovernanceTopology {

    /**
     * The contracts in force, from {@code mesh.products}: a {@link ContractStore}, its descriptors on disk (no
     * changelog: the topic is one) and compiled in a {@link ContractIndex}.
     */
    public static final String CONTRACT_STORE = "governance-contracts";
    /** Records held back until their product has a contract, by product and source position (changelogged). */
    public static final String HOLD_STORE = "governance-held-records";
    /**
     * The data keys on {@code mesh.keys}, still wrapped, by {@code <subjectHash>/<keyId>}. In memory, without a
     * changelog: the topic is the only copy, so an erased key is on no disk of governance's, and a restart reads the
     * topic again (tombstones included).
     */
    public static final String KEY_STORE = "governance-keys";
    /** Each task's running counts per product and window (changelogged, written once per commit). */
    public static final String STATS_STORE = "governance-stats-counts";
    /** The same for the refused announcements, in the announcement sub-topology's tasks. */
    public static final String CONTRACT_STATS_STORE = "governance-contract-stats-counts";
    /** The contracts the announcement check put in force, by contract key (in memory, changelogged). */
    public static final String ACCEPTED_CONTRACTS_STORE = "governance-accepted-contracts";
    public static final Pattern CONTRACTS = Pattern.compile(Pattern.quote(MeshTopics.CONTRACTS_PREFIX) + ".+");
    public static final Pattern INGRESS = Pattern.compile(Pattern.quote(MeshTopics.INGRESS_PREFIX) + ".+");
    public static final Duration STATS_WINDOW = Duration.ofMinutes(1);
    /** How long a stats window stays in its task's store after it ended. */
    public static final Duration STATS_KEEP = Duration.ofMinutes(5);

    private GovernanceTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param config    the app's settings
     * @param schemas   where writer schemas are looked up (the registry in the app, a map in tests)
     * @param contracts the compiled contracts of the global store {@link #CONTRACT_STORE} (the app reads its size)
     * @param metrics   where routing decisions are counted
     * @param keys      the key-encryption keys (opened by the app) and the data-key cache
     */
    public static Topology build(GovernanceConfig config, SchemaLookup schemas, ContractIndex contracts,
                                 GovernanceMetrics metrics, Keyring keys) {
        Serde<DataProductDescriptor> descriptors = MeshEventSerde.of(DataProductDescriptor.class);
        Serde<ProductStats> stats = MeshEventSerde.of(ProductStats.class);
        IngressDeserializer ingress = new IngressDeserializer(schemas, contracts::programFor);
        Serde<Outcome> outcomes = Serdes.serdeFrom(new OutcomeSerializer(), (topic, bytes) -> {
            throw new UnsupportedOperationException("outcomes are only written");
        });

        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(ContractStore.builder(CONTRACT_STORE, descriptors, contracts), MeshTopics.PRODUCTS,
                Consumed.with(Serdes.String(), descriptors).withName("products-source"),
                () -> new ContractStoreUpdater(CONTRACT_STORE));
        // Restoration (at start) fills the store straight from the topic, so the store holds the topic's bytes.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(KEY_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                MeshTopics.KEYS,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("keys-source"),
                () -> new KeyStoreUpdater(KEY_STORE, keys.cache()));
        // In memory, as the stats store: records are held at most governance.hold.grace.ms (30 s by default), and
        // after a crash a persistent store would be wiped and restored anyway, with one more rebalance.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HOLD_STORE),
                Serdes.String(), Serdes.ByteArray()));

        // Announcements: its own sub-topology, writing mesh.products in the same transaction as its violations. The
        // store is in memory for the same reason as the hold store; it holds one descriptor per product of the task's
        // domains, as the contract index does anyway.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ACCEPTED_CONTRACTS_STORE),
                Serdes.String(), descriptors));
        ContractAnnouncementProcessor.Settings announcements = new ContractAnnouncementProcessor.Settings(
                config.instanceId(), ACCEPTED_CONTRACTS_STORE, new AnnouncementCheck(schemas), CONTRACT_STORE, metrics);
        Serde<AnnouncementOutcome> announcementOutcomes = Serdes.serdeFrom(
                new AnnouncementOutcome.OutcomeSerializer(), (topic, bytes) -> {
                    throw new UnsupportedOperationException("announcement outcomes are only written");
                });
        var checked = builder
                .stream(CONTRACTS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("contracts-source"))
                .process(() -> new ContractAnnouncementProcessor(announcements), Named.as("contract-check"),
                        ACCEPTED_CONTRACTS_STORE)
                .split(Named.as("contract-"))
                .branch((k, v) -> v instanceof AnnouncementOutcome.InForce, Branched.as("in-force"))
                .defaultBranch(Branched.as("refused"));
        checked.get("contract-in-force").to(MeshTopics.PRODUCTS,
                Produced.with(Serdes.String(), announcementOutcomes).withName("products-sink"));
        KStream<String, AnnouncementOutcome> refused = checked.get("contract-refused");
        refused.to(MeshTopics.VIOLATIONS,
                Produced.with(Serdes.String(), announcementOutcomes).withName("contract-violations-sink"));

        // Records: held back until their product has a contract, then checked in one pipeline, in the same task.
        HoldBackProcessor.Settings holding = new HoldBackProcessor.Settings(config.holdGrace(),
                config.holdCheckInterval(), HOLD_STORE, CONTRACT_STORE, ingress, metrics);
        GovernanceProcessor.Settings checking = new GovernanceProcessor.Settings(config.instanceId(),
                CheckPipeline.inDesignOrder(config.holdGrace()), new Protection(config.hmacSecret()), keys, KEY_STORE,
                metrics);
        KStream<byte[], CheckInput> admitted = builder
                .stream(INGRESS, Consumed.with(Serdes.ByteArray(), Serdes.serdeFrom(
                        (t, v) -> v.raw(), ingress)).withName("ingress-source"))
                .process(() -> new HoldBackProcessor(holding), Named.as("hold-back"), HOLD_STORE);
        KStream<byte[], Outcome> routed = admitted
                .process(() -> new GovernanceProcessor(checking), Named.as("governance-check"));

        var branches = routed.split(Named.as("route-"))
                .branch((k, v) -> v instanceof Outcome.Accepted, Branched.as("public"))
                .branch((k, v) -> v instanceof Outcome.Quarantined, Branched.as("quarantine"))
                .branch((k, v) -> v instanceof Outcome.NewKey, Branched.as("keys"))
                .defaultBranch(Branched.as("violations"));
        KStream<byte[], Outcome> accepted = branches.get("route-public");
        accepted.to((key, value, context) -> ((Outcome.Accepted) value).publicTopic(),
                Produced.with(Serdes.ByteArray(), outcomes).withName("public-sink"));
        branches.get("route-quarantine").to(MeshTopics.QUARANTINE,
                Produced.with(Serdes.ByteArray(), outcomes).withName("quarantine-sink"));
        branches.get("route-keys").to(MeshTopics.KEYS,
                Produced.with(Serdes.ByteArray(), outcomes).withName("keys-sink"));
        branches.get("route-violations").to(MeshTopics.VIOLATIONS,
                Produced.with(Serdes.ByteArray(), outcomes).withName("violations-sink"));

        // Stats: counted in the task that decided (accepted records and violation events as routed, so the records
        // check 1 refuses count too, and refused announcements in their own sub-topology's tasks), reported once per
        // emit interval.
        builder.addStateStore(StatsStore.builder(STATS_STORE));
        accepted.merge(branches.get("route-violations"), Named.as("all-counts"))
                .process(() -> new StatsCounter<>(counting(config, STATS_STORE, "task-")), Named.as("stats-count"),
                        STATS_STORE)
                .to(MeshTopics.STATS, Produced.with(Serdes.String(), stats).withName("stats-sink"));
        builder.addStateStore(StatsStore.builder(CONTRACT_STATS_STORE));
        refused.<Outcome>mapValues(v -> {
                    GovernanceViolation event = ((AnnouncementOutcome.Refused) v).event();
                    return new Outcome.Violation(event.getProductId(), event);
                }, Named.as("refusals-as-outcomes"))
                .process(() -> new StatsCounter<>(counting(config, CONTRACT_STATS_STORE, "contracts-task-")),
                        Named.as("contract-stats-count"), CONTRACT_STATS_STORE)
                .to(MeshTopics.STATS, Produced.with(Serdes.String(), stats).withName("contract-stats-sink"));
        return builder.build();
    }

    private static StatsCounter.Settings counting(GovernanceConfig config, String store, String partPrefix) {
        return new StatsCounter.Settings(store, STATS_WINDOW, config.statsEmitInterval(), STATS_KEEP, partPrefix);
    }
}
