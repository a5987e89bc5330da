package dev.meshbone.catalog;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.schemas.MeshEventSerde;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes mesh events the way the SDK and governance do, to the topics a catalog config names. */
public final class TestPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final CatalogConfig.Topics topics;

    public TestPublisher(Properties clientProperties, CatalogConfig.Topics topics) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /** Announces a descriptor under its contract key. */
    public void announce(DataProductDescriptor d) {
        send(topics.products(), new ProductId(d.getDomain(), d.getName()).major(d.getMajorVersion()).toString(),
                MeshEventSerde.of(DataProductDescriptor.class).encode(d));
    }

    /** Removes one major version (a tombstone). */
    public void remove(String domain, String product, int major) {
        send(topics.products(), new ProductId(domain, product).major(major).toString(), null);
    }

    public void violation(GovernanceViolation v) {
        send(topics.violations(), v.getProductId(), MeshEventSerde.of(GovernanceViolation.class).encode(v));
    }

    public void stats(ProductStats s) {
        send(topics.stats(), s.getProductId(), MeshEventSerde.of(ProductStats.class).encode(s));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
