package dev.meshbone.catalog;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.catalog.topology.CatalogTopology;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** Real catalog entries for tests of the API and page: facts run through the topology, entries read back. */
public final class ProjectedCatalog {

    private ProjectedCatalog() {
    }

    /** What a test feeds the topology. */
    public static final class Facts {
        private final TestInputTopic<String, DataProductDescriptor> products;
        private final TestInputTopic<String, GovernanceViolation> violations;
        private final TestInputTopic<String, ProductStats> stats;
        private final TestInputTopic<String, AccessGrant> access;
        private final Instant at;

        private Facts(TopologyTestDriver driver, Instant at) {
            this.at = at;
            products = driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(),
                    MeshEventSerde.of(DataProductDescriptor.class).serializer());
            violations = driver.createInputTopic(MeshTopics.VIOLATIONS, new StringSerializer(),
                    MeshEventSerde.of(GovernanceViolation.class).serializer());
            stats = driver.createInputTopic(MeshTopics.STATS, new StringSerializer(),
                    MeshEventSerde.of(ProductStats.class).serializer());
            access = driver.createInputTopic(MeshTopics.ACCESS, new StringSerializer(),
                    MeshEventSerde.of(AccessGrant.class).serializer());
        }

        public Facts announce(DataProductDescriptor d) {
            products.pipeInput(new ProductId(d.getDomain(), d.getName()).major(d.getMajorVersion()).toString(), d, at);
            return this;
        }

        public Facts violation(GovernanceViolation v) {
            violations.pipeInput(v.getProductId(), v, at);
            return this;
        }

        public Facts grant(AccessGrant g) {
            access.pipeInput(g.getProductId() + MeshTopics.ACCESS_KEY_SEPARATOR + g.getTeam(), g, at);
            return this;
        }

        public Facts stats(ProductStats s) {
            stats.pipeInput(s.getProductId(), s, at);
            return this;
        }
    }

    /** The catalog (by product id) after the facts, projected at wall-clock time {@code at}. */
    public static Map<String, CatalogEntry> of(Instant at, Consumer<Facts> facts) {
        Path stateDir = null;
        try {
            stateDir = Files.createTempDirectory("projected-catalog");
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projected-catalog");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            try (TopologyTestDriver driver = new TopologyTestDriver(CatalogTopology.build(CatalogConfig.defaults()),
                    props, at)) {
                facts.accept(new Facts(driver, at));
                driver.advanceWallClockTime(CatalogTopology.EMIT_INTERVAL); // the projector's next emission
                KeyValueStore<String, CatalogEntry> store = driver.getKeyValueStore(CatalogTopology.CATALOG_STORE);
                Map<String, CatalogEntry> all = new TreeMap<>();
                try (var it = store.all()) {
                    it.forEachRemaining(kv -> all.put(kv.key, kv.value));
                }
                return all;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (stateDir != null) {
                try {
                    Utils.delete(stateDir.toFile());
                } catch (java.io.IOException e) {
                    // a temp dir left behind is harmless
                }
            }
        }
    }
}
