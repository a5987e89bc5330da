package dev.meshbone.sdk;

import dev.meshbone.config.access.AccessErrors;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.config.topics.TopicProvisioningException;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.Lifecycle;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.sdk.internal.kafka.ClientSettings;
import dev.meshbone.sdk.internal.publish.Contracts;
import dev.meshbone.sdk.internal.publish.Headers;
import dev.meshbone.sdk.internal.publish.RecordValidator;
import dev.meshbone.sdk.internal.registry.RegistryClient;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the records of one data product (one major version) to the mesh.
 *
 * <p>{@link #open} does everything a product needs before its first record, so a service only declares and
 * publishes:
 * <ol>
 *   <li>registers the contract schema in Apicurio Registry (group = domain, artifact = product, or
 *       {@code <product>.v<major>} after a breaking change), with the product's compatibility rule and a FULL
 *       validity rule; a schema the rules refuse fails with the registry's own explanation
 *       ({@link SchemaRejectedException}); identical content reuses its version;</li>
 *   <li>creates the ingress topic {@code mesh.ingress.<domain>.<product>} and the domain's contract topic
 *       {@code mesh.contracts.<domain>} when absent;</li>
 *   <li>announces the descriptor on the contract topic, only when it differs from the contract in force on
 *       {@code mesh.products} and from the domain's last announcement. Governance checks the announcement and puts
 *       it in force (republishes it to {@code mesh.products}); the publisher does not wait for that, since
 *       governance holds records that overtake their contract.</li>
 * </ol>
 *
 * <p>Every record is checked against the contract before anything is sent ({@link InvalidRecordException}, at
 * once), serialized by the Apicurio Avro serializer with the registered version's global id, and sent by an
 * idempotent producer with {@code acks=all}, with the mesh headers: product id, major version, schema version,
 * event time, producer id and an optional trace id. A publisher is thread-safe; {@link #close()} flushes.
 *
 * <pre>{@code
 * try (MeshPublisher<Order> orders = MeshPublisher.open(config, product, Order.class)) {
 *     orders.publish(order.getOrderId(), order);
 * }
 * }</pre>
 *
 * @param <T> the record type: a generated specific record class, or {@link GenericRecord}
 */
public final class MeshPublisher<T extends GenericRecord> implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(MeshPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final MeshConfig config;
    private final RegistryClient.RegisteredVersion schemaVersion;
    private final String topic;
    private final String contractTopic;
    private final RecordValidator validator;
    /** The generated class whose schema was checked at open; its instances skip the per-record walk. */
    private final Class<?> checkedClass;
    private final Headers headers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroKafkaSerializer<T> serializer;
    private final Object lifecycleLock = new Object();
    private volatile DataProduct product;
    private volatile DataProductDescriptor descriptor;
    private volatile boolean closed;

    private MeshPublisher(MeshConfig config, DataProduct product, Class<T> recordType,
                          RegistryClient.RegisteredVersion version, KafkaProducer<byte[], byte[]> producer,
                          AvroKafkaSerializer<T> serializer) {
        this.config = config;
        this.product = product;
        this.schemaVersion = version;
        this.topic = product.ingressTopic();
        this.contractTopic = MeshTopicDefinitions.contracts(product.domain()).name();
        this.validator = new RecordValidator(product.schema());
        this.checkedClass = SpecificRecord.class.isAssignableFrom(recordType) ? recordType : null;
        this.headers = new Headers(product.productId(), product.majorVersion(), version.version(), config.clientId());
        this.producer = producer;
        this.serializer = serializer;
    }

    /**
     * Opens a publisher: registers the schema, creates topics, announces the contract. Blocks for at most the
     * configured {@code open.timeout.ms}.
     *
     * @param recordType a generated class (its schema must be the contract's) or {@code GenericRecord.class}
     * @throws SchemaRejectedException when the registry refuses the schema (e.g. an incompatible change)
     * @throws InvalidRecordException  when the generated class's schema is not the contract's schema
     * @throws MeshException           when the registry or Kafka cannot do their part in time
     */
    public static <T extends GenericRecord> MeshPublisher<T> open(MeshConfig config, DataProduct product,
                                                                  Class<T> recordType) {
        checkRecordType(product, recordType);
        product.warnings().forEach(w -> LOGGER.warn("{}: {}", product.productId(), w));
        Instant deadline = Instant.now().plus(config.openTimeout());

        RegistryClient registry = new RegistryClient(config.registryUrl(), config.registryUsername(),
                config.registryPassword(), config.registryRequestTimeout());
        RegistryClient.RegisteredVersion version = registry.register(product.domain(), product.artifactId(),
                product.schemaJson(), product.compatibility().name(), breakingChangeHint(product), deadline);

        try (Admin admin = Admin.create(ClientSettings.common(config, "admin-" + product.productId()))) {
            // Not mesh.products: governance creates and writes it; a publisher only reads it.
            new TopicProvisioner(admin, config.replicationFactor()).ensure(List.of(
                    MeshTopicDefinitions.contracts(product.domain()),
                    MeshTopicDefinitions.ingress(product.ingressTopic(), config.topicPartitions())),
                    Duration.between(Instant.now(), deadline));
        } catch (TopicProvisioningException e) {
            throw new MeshException(e.getMessage(), e);
        }

        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.producer(config,
                "publisher-" + product.contractKey()));
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        MeshPublisher<T> publisher;
        try {
            serializer.configure(ClientSettings.serializer(config, product.domain(), product.artifactId(),
                    version.version()), false);
            publisher = new MeshPublisher<>(config, product, recordType, version, producer, serializer);
            publisher.announce(Contracts.latest(config, MeshTopics.PRODUCTS, product.contractKey(), deadline),
                    Contracts.latest(config, publisher.contractTopic, product.contractKey(), deadline), product,
                    deadline);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            serializer.close();
            throw accessError(config, product, e).orElseThrow(() -> e);
        }
        LOGGER.info("Publishing {} v{} to {} with schema version {} (global id {})", product.productId(),
                product.majorVersion(), product.ingressTopic(), version.version(), version.globalId());
        return publisher;
    }

    private static void checkRecordType(DataProduct product, Class<?> recordType) {
        if (!SpecificRecord.class.isAssignableFrom(recordType)) {
            return; // generic records: checked one by one
        }
        Schema classSchema = SpecificData.get().getSchema(recordType);
        if (!new RecordValidator(product.schema()).sameAsContract(classSchema)) {
            throw new InvalidRecordException("", recordType.getName() + " was generated from another schema than "
                    + product.productId() + " v" + product.majorVersion() + "'s contract; regenerate it from the "
                    + "contract's .avsc, or declare the product with " + recordType.getSimpleName()
                    + ".getClassSchema()");
        }
    }

    private static String breakingChangeHint(DataProduct product) {
        int next = product.majorVersion() + 1;
        return "A breaking change is a new major version: declare " + product.productId() + " with majorVersion("
                + next + "), which registers artifact " + product.domain() + "/"
                + product.id().major(next).artifactId() + " and gets public topic "
                + product.id().major(next).publicTopic() + ", while v" + product.majorVersion()
                + " keeps running.";
    }

    /**
     * Announces the product on the contract topic unless the same contract is in force on {@code mesh.products} or
     * is the domain's last announcement (not in force yet, or refused: announcing it again would change nothing).
     * Status only moves forward (ACTIVE, DEPRECATED, RETIRED), compared with both, so a restarted service that
     * declares ACTIVE does not undo a retirement, even one governance has not put in force yet. A contract with a
     * newer schema version (announced by a newer instance of the service, during a rolling deployment) is not
     * replaced by this older one.
     */
    private void announce(Optional<DataProductDescriptor> inForce, Optional<DataProductDescriptor> lastAnnounced,
                          DataProduct declared, Instant deadline) {
        List<DataProductDescriptor> known = Stream.concat(inForce.stream(), lastAnnounced.stream()).toList();
        ProductStatus status = known.stream().map(DataProductDescriptor::getStatus)
                .reduce(declared.status(), Lifecycle::next);
        DataProduct effective = declared;
        if (status != declared.status()) {
            effective = declared.withStatus(status);
            LOGGER.warn("{} v{} is {} on the mesh; it stays {}", declared.productId(), declared.majorVersion(),
                    status, status);
        }
        DataProductDescriptor next = effective.toDescriptor(schemaVersion.version(), schemaVersion.globalId(),
                Instant.now(), config.clientId());
        this.product = effective;
        Optional<DataProductDescriptor> same = known.stream()
                .filter(d -> d.getFingerprint().equals(next.getFingerprint())).findFirst();
        if (same.isPresent()) {
            LOGGER.debug("{} is unchanged on the mesh", declared.contractKey());
            this.descriptor = same.get();
            return;
        }
        Optional<DataProductDescriptor> newer = known.stream().filter(d -> d.getSchemaRef().getGlobalId() != null
                && d.getSchemaRef().getGlobalId() > schemaVersion.globalId()).findFirst();
        if (newer.isPresent()) {
            LOGGER.info("{} on the mesh has a newer schema version ({}) than this publisher ({}); leaving it",
                    declared.contractKey(), newer.get().getSchemaRef().getVersion(), schemaVersion.version());
            this.descriptor = newer.get();
            return;
        }
        Contracts.announce(producer, contractTopic, declared.contractKey(), next, deadline);
        this.descriptor = next;
    }

    /**
     * Publishes a record with the current time as its event time.
     *
     * @param key the record key (UTF-8), e.g. the order id; null lets Kafka spread records over partitions
     * @return completes with the record's metadata once the broker has it, or exceptionally with a
     *         {@link MeshException}
     * @throws InvalidRecordException at once, when the value does not match the contract; nothing is sent
     * @throws MeshException          at once, when the publisher is closed or the product retired
     */
    public CompletableFuture<RecordMetadata> publish(String key, T value) {
        return publish(key, value, System.currentTimeMillis(), null);
    }

    /**
     * Publishes a record.
     *
     * @param eventTime when the event happened (the {@code mesh.event.time} header)
     * @param traceId   a trace id for the {@code mesh.trace.id} header, or null
     * @see #publish(String, GenericRecord)
     */
    public CompletableFuture<RecordMetadata> publish(String key, T value, Instant eventTime, String traceId) {
        return publish(key, value, eventTime.toEpochMilli(), traceId);
    }

    /**
     * Publishes a record and waits until the broker has it.
     *
     * @throws InvalidRecordException when the value does not match the contract; nothing is sent
     * @throws MeshException          when the broker did not take it
     */
    public RecordMetadata publishAndWait(String key, T value) {
        return await(publish(key, value));
    }

    /** Publishes a record with an event time and trace id, and waits until the broker has it. */
    public RecordMetadata publishAndWait(String key, T value, Instant eventTime, String traceId) {
        return await(publish(key, value, eventTime, traceId));
    }

    private CompletableFuture<RecordMetadata> publish(String key, T value, long eventTimeMillis, String traceId) {
        if (closed) {
            throw new MeshException("The publisher of " + product.contractKey() + " is closed");
        }
        if (product.status() == ProductStatus.RETIRED) {
            throw new MeshException(product.contractKey() + " is RETIRED and accepts no records; publish a new "
                    + "major version instead");
        }
        // A generated class checked at open is typed by Java: what Java allows, Avro can only refuse for a null or
        // an Object-typed union, and the serializer does refuse those. Anything else is walked before serializing.
        boolean typedByJava = value != null && value.getClass() == checkedClass;
        if (!typedByJava) {
            refuseIfInvalid(validator.check(value));
        }
        byte[] valueBytes;
        try {
            valueBytes = serializer.serialize(topic, value);
        } catch (RuntimeException e) {
            throw serializationFailure(value, e);
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), valueBytes,
                headers.forRecord(eventTimeMillis, traceId));
        SendResult result = new SendResult(this);
        try {
            producer.send(record, result);
        } catch (KafkaException e) {
            result.onCompletion(null, e);
        }
        return result;
    }

    /** The returned future is also the producer's callback: one object per record instead of two. */
    private static final class SendResult extends CompletableFuture<RecordMetadata> implements Callback {
        private final MeshPublisher<?> publisher;

        SendResult(MeshPublisher<?> publisher) {
            this.publisher = publisher;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error == null) {
                complete(metadata);
            } else {
                completeExceptionally(accessError(publisher.config, publisher.product, error).orElseGet(() ->
                        new MeshException("Kafka did not take a record of " + publisher.product.productId() + ": "
                                + error.getMessage(), error)));
            }
        }
    }

    /**
     * A login or authorization failure as one line naming the principal, what it may not do and why (the mesh's ACL
     * plan); empty for any other failure.
     */
    private static Optional<MeshException> accessError(MeshConfig config, DataProduct product, Throwable error) {
        AclPlan plan = AclPlan.of(MeshAccess.of(List.of(product.domain()), Map.of(), MeshAccess.Platform.DEFAULT));
        return AccessErrors.explain(error, AccessErrors.userOf(config.kafkaProperties()),
                        List.of(AclOperation.WRITE, AclOperation.READ), plan)
                .map(line -> new MeshException(line, error));
    }

    private void refuseIfInvalid(RecordValidator.Violation violation) {
        if (violation != null) {
            throw new InvalidRecordException(violation.path(), "Not published to " + product.productId() + " v"
                    + product.majorVersion() + ": " + violation.message() + ". Nothing was sent.");
        }
    }

    /**
     * Explains a failed serialization. Avro's own messages can quote the value (personal data), so a data error is
     * explained by the validator instead, and otherwise named by its type only.
     */
    private MeshException serializationFailure(T value, RuntimeException e) {
        refuseIfInvalid(validator.check(value));
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AvroRuntimeException || t instanceof ClassCastException
                    || t instanceof NullPointerException) {
                return new InvalidRecordException("", "Not published to " + product.productId() + " v"
                        + product.majorVersion() + ": the record does not serialize with the contract schema ("
                        + t.getClass().getSimpleName() + "). Nothing was sent.");
            }
        }
        return new MeshException("Could not serialize a record of " + product.productId() + " with schema "
                + product.domain() + "/" + product.artifactId() + " version " + schemaVersion.version() + ": "
                + e.getMessage(), e);
    }

    private static RecordMetadata await(CompletableFuture<RecordMetadata> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MeshException m ? m : new MeshException(e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * Announces the product DEPRECATED (on the contract topic; governance puts it in force on {@code mesh.products}):
     * consumers are told to move on; records still flow.
     */
    public void deprecate() {
        changeStatus(ProductStatus.DEPRECATED);
    }

    /**
     * Announces the product RETIRED (on the contract topic): once governance has put it in force, it refuses the
     * product's records, and this publisher accepts no more at once. Records already sent are flushed first.
     */
    public void retire() {
        producer.flush();
        changeStatus(ProductStatus.RETIRED);
    }

    private void changeStatus(ProductStatus status) {
        synchronized (lifecycleLock) {
            if (closed) {
                throw new MeshException("The publisher of " + product.contractKey() + " is closed");
            }
            Instant deadline = Instant.now().plus(config.openTimeout());
            // Re-read: another instance may have announced a newer contract since this one opened. The domain's own
            // last announcement is the newest word; mesh.products has a contract in force announced before that.
            DataProductDescriptor current = Contracts.latest(config, contractTopic, product.contractKey(), deadline)
                    .or(() -> Contracts.latest(config, MeshTopics.PRODUCTS, product.contractKey(), deadline))
                    .orElse(descriptor);
            ProductStatus effective = Lifecycle.next(current.getStatus(), status);
            if (effective == current.getStatus()) {
                product = product.withStatus(effective); // already there, or further on (status only moves forward)
                descriptor = current;
                return;
            }
            DataProductDescriptor next = DataProductDescriptor.newBuilder(current)
                    .setStatus(status)
                    .setUpdatedAt(Instant.now())
                    .setUpdatedBy(config.clientId())
                    .build();
            next.setFingerprint(DataProduct.fingerprint(next));
            Contracts.announce(producer, contractTopic, product.contractKey(), next, deadline);
            product = product.withStatus(status);
            descriptor = next;
        }
    }

    /** The product as in force: the declared one, with the status announced on the mesh. */
    public DataProduct product() {
        return product;
    }

    /**
     * The descriptor of this contract as this publisher knows it: in force on {@code mesh.products}, or announced on
     * the contract topic and not yet in force.
     */
    public DataProductDescriptor descriptor() {
        return DataProductDescriptor.newBuilder(descriptor).build();
    }

    /** Registry version of the schema records are written with. */
    public String schemaVersion() {
        return schemaVersion.version();
    }

    /** Registry global id every record carries. */
    public long globalId() {
        return schemaVersion.globalId();
    }

    /** The topic records go to: {@code mesh.ingress.<domain>.<product>}. */
    public String topic() {
        return topic;
    }

    /** The topic the contract is announced on: {@code mesh.contracts.<domain>}. */
    public String contractTopic() {
        return contractTopic;
    }

    /** Waits until every record published so far is acknowledged (or failed). */
    public void flush() {
        producer.flush();
    }

    /** Flushes and releases the producer and serializer. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        producer.close(CLOSE_TIMEOUT);
        serializer.close();
    }
}
