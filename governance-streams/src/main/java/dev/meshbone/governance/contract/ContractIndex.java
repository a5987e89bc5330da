package dev.meshbone.governance.contract;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.record.RecordProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled contracts by product id: the compiled half of the global {@link ContractStore}, which keeps it in step
 * with {@code mesh.products}; every stream thread reads it through that store. A descriptor is compiled once when it
 * is announced (or restored), never per record.
 *
 * <p>A contract is in force only once its public topic exists, so no record is ever routed to a topic that is not
 * there. Public topics are created on a background executor, not on the global stream thread that calls
 * {@link #put}: a descriptor whose topic this index has not seen created waits, and its product is not in force
 * ({@link #product} is empty, so the product's records are held back) until the topic exists, then every contract of
 * the product is in force at once. A failed creation is retried with back-off, logged each time. Thread-safe: the
 * global thread writes, the provisioning thread completes, stream threads read without locking.
 */
public final class ContractIndex {

    /** Creates the public topics that do not exist yet (idempotent); throws when it cannot. */
    @FunctionalInterface
    public interface PublicTopics {
        void ensure(Collection<String> topics);
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(ContractIndex.class);
    private static final long MAX_RETRY_MS = Duration.ofMinutes(1).toMillis();

    private final PublicTopics topics;
    private final Executor provisioning;
    /** What stream threads read: the products whose every contract's public topic exists. */
    private final Map<String, ProductContracts> inForce = new ConcurrentHashMap<>();
    private final Map<String, String> productOfTopic = new ConcurrentHashMap<>();
    // The rest is guarded by this.
    private final Map<String, ProductContracts> compiled = new HashMap<>();
    private final Map<String, Map<Integer, DataProductDescriptor>> waiting = new HashMap<>();
    private final Set<String> existingTopics = new HashSet<>();
    /** A run is queued on the provisioning thread: more waiting contracts need no other. */
    private boolean runQueued;
    /** A retry of failed creations is scheduled; new contracts do not wait for it. */
    private boolean retryScheduled;
    private int failedRuns;

    /**
     * @param topics       creates public topics; called only on {@code provisioning}
     * @param provisioning one background thread (never the global stream thread)
     */
    public ContractIndex(PublicTopics topics, Executor provisioning) {
        this.topics = topics;
        this.provisioning = provisioning;
    }

    /** An index whose public topics already exist (tests, tools): a contract is in force as soon as it is put. */
    public ContractIndex() {
        this(names -> { }, Runnable::run);
    }

    /**
     * The record program of the contract in force for the product of an ingress topic and a writer schema of its
     * artifact, when the schema is compatible with it; null otherwise (the checks then say why).
     */
    public RecordProgram programFor(String ingressTopic, ResolvedSchema schema) {
        String productId = productOfTopic.computeIfAbsent(ingressTopic,
                t -> ProductId.ofIngressTopic(t).map(ProductId::toString).orElse(""));
        ProductContracts product = inForce.get(productId);
        CompiledContract contract = product == null ? null : product.forArtifact(schema.groupId(), schema.artifactId());
        if (contract == null || contract.incompatibility(schema.globalId(), schema.schema()).isPresent()) {
            return null;
        }
        return contract.program(schema.globalId(), schema.schema());
    }

    /** The product's contracts, if it has any in force (every one with its public topic). */
    public Optional<ProductContracts> product(String productId) {
        return Optional.ofNullable(inForce.get(productId));
    }

    /** True while a contract of the product waits for its public topic: the product is announced, not unknown. */
    public synchronized boolean awaitingTopic(String productId) {
        return waiting.containsKey(productId);
    }

    /** The latest descriptor put under a product's major, in force or still waiting for its topic. */
    public synchronized Optional<DataProductDescriptor> descriptor(String productId, int majorVersion) {
        return Optional.ofNullable(waiting.getOrDefault(productId, Map.of()).get(majorVersion))
                .or(() -> Optional.ofNullable(compiled.get(productId))
                        .map(p -> p.byMajor().get(majorVersion)).map(CompiledContract::descriptor));
    }

    /** Adds or replaces one major version's contract; skips recompiling an unchanged one. */
    public void put(DataProductDescriptor descriptor) {
        putAll(List.of(descriptor));
    }

    /** {@link #put} for many (a restored store): their missing topics are created in one batch. */
    public void putAll(Collection<DataProductDescriptor> descriptors) {
        boolean provision = false;
        synchronized (this) {
            for (DataProductDescriptor d : descriptors) {
                if (existingTopics.contains(d.getPublicTopic())) {
                    install(d);
                    removeWaiting(d.getId(), d.getMajorVersion());
                } else {
                    waiting.computeIfAbsent(d.getId(), id -> new HashMap<>()).put(d.getMajorVersion(), d);
                    provision = true;
                }
                publish(d.getId());
            }
            provision = provision && !runQueued;
            runQueued |= provision;
        }
        if (provision) {
            provisioning.execute(this::provision);
        }
    }

    /** Removes one major version (a tombstone on mesh.products). */
    public synchronized void remove(String productId, int majorVersion) {
        removeWaiting(productId, majorVersion);
        ProductContracts current = compiled.get(productId);
        if (current != null) {
            Map<Integer, CompiledContract> majors = new HashMap<>(current.byMajor());
            majors.remove(majorVersion);
            if (majors.isEmpty()) {
                compiled.remove(productId);
            } else {
                compiled.put(productId, new ProductContracts(productId, majors));
            }
        }
        publish(productId);
    }

    /** How many products have a contract in force. */
    public int size() {
        return inForce.size();
    }

    /** How many products wait for a public topic (their records are held meanwhile). */
    public synchronized int waitingForTopics() {
        return waiting.size();
    }

    /** On the provisioning thread: creates the topics contracts wait for, then puts those contracts in force. */
    private void provision() {
        Map<String, List<String>> productsByTopic = new LinkedHashMap<>();
        synchronized (this) {
            runQueued = false;
            waiting.values().forEach(majors -> majors.values().forEach(d -> productsByTopic
                    .computeIfAbsent(d.getPublicTopic(), t -> new ArrayList<>()).add(d.getId())));
        }
        if (productsByTopic.isEmpty()) {
            return;
        }
        Map<String, RuntimeException> failed = create(productsByTopic.keySet());
        boolean retry;
        long delayMs;
        synchronized (this) {
            productsByTopic.keySet().stream().filter(t -> !failed.containsKey(t)).forEach(existingTopics::add);
            List<DataProductDescriptor> ready = waiting.values().stream().flatMap(m -> m.values().stream())
                    .filter(d -> existingTopics.contains(d.getPublicTopic())).toList();
            for (DataProductDescriptor d : ready) {
                install(d);
                removeWaiting(d.getId(), d.getMajorVersion());
                publish(d.getId());
                LOGGER.info("Public topic {} exists: contract {} v{} in force", d.getPublicTopic(), d.getId(),
                        d.getMajorVersion());
            }
            failedRuns = failed.isEmpty() ? 0 : failedRuns + 1;
            delayMs = failed.isEmpty() ? 0 : Math.min(MAX_RETRY_MS, 1000L << Math.min(failedRuns - 1, 6));
            retry = !failed.isEmpty() && !retryScheduled;
            retryScheduled |= retry;
        }
        failed.forEach((topic, e) -> LOGGER.warn("Cannot create public topic {} ({}); records of {} are held until "
                + "it exists; retrying in {} s (attempt {})", topic, e.getMessage(), productsByTopic.get(topic),
                delayMs / 1000, failedRuns));
        if (retry) {
            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, provisioning).execute(this::retry);
        }
    }

    private void retry() {
        synchronized (this) {
            retryScheduled = false;
        }
        provision();
    }

    /** Creates the topics in one batch, else one by one so that one failing topic does not hold back the others. */
    private Map<String, RuntimeException> create(Set<String> names) {
        try {
            topics.ensure(names);
            return Map.of();
        } catch (RuntimeException batch) {
            Map<String, RuntimeException> failed = new HashMap<>();
            for (String topic : new TreeSet<>(names)) {
                try {
                    topics.ensure(List.of(topic));
                } catch (RuntimeException e) {
                    failed.put(topic, e);
                }
            }
            return failed;
        }
    }

    private void install(DataProductDescriptor descriptor) {
        ProductContracts current = compiled.get(descriptor.getId());
        Map<Integer, CompiledContract> majors = current == null ? new HashMap<>() : new HashMap<>(current.byMajor());
        CompiledContract existing = majors.get(descriptor.getMajorVersion());
        if (existing == null || !existing.descriptor().equals(descriptor)) {
            majors.put(descriptor.getMajorVersion(), CompiledContract.compile(descriptor));
        }
        compiled.put(descriptor.getId(), new ProductContracts(descriptor.getId(), majors));
    }

    private void removeWaiting(String productId, int majorVersion) {
        Map<Integer, DataProductDescriptor> majors = waiting.get(productId);
        if (majors != null) {
            majors.remove(majorVersion);
            if (majors.isEmpty()) {
                waiting.remove(productId);
            }
        }
    }

    /** What stream threads see of a product: its compiled contracts, unless one of them still waits for its topic. */
    private void publish(String productId) {
        ProductContracts contracts = compiled.get(productId);
        if (contracts == null || waiting.containsKey(productId)) {
            inForce.remove(productId);
        } else {
            inForce.put(productId, contracts);
        }
    }
}
