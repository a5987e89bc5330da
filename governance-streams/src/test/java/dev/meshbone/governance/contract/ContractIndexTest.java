package dev.meshbone.governance.contract;

import static dev.meshbone.governance.Fixtures.ordersDescriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Public topics are created off the caller's thread; a contract is in force only once its topic exists. */
class ContractIndexTest {

    private final ExecutorService provisioning = Executors.newSingleThreadExecutor();
    private final List<Set<String>> ensured = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        provisioning.shutdownNow();
    }

    /** Topic creation that blocks until released, as a slow cluster would. */
    private final class SlowTopics implements ContractIndex.PublicTopics {
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void ensure(Collection<String> topics) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ensured.add(Set.copyOf(topics));
        }
    }

    private static DataProductDescriptor orders(int major) {
        return ordersDescriptor().setMajorVersion(major).setPublicTopic("sales.orders.v" + major).build();
    }

    private static DataProductDescriptor product(String name) {
        return ordersDescriptor().setId("sales." + name).setName(name).setPublicTopic("sales." + name + ".v1").build();
    }

    @Test
    void shouldNotBlockTheCallerWhileATopicIsCreatedAndPutTheContractInForceOnceItExists() {
        // Given
        SlowTopics topics = new SlowTopics();
        ContractIndex index = new ContractIndex(topics, provisioning);

        // When
        long started = System.nanoTime();
        index.put(orders(1));
        Duration put = Duration.ofNanos(System.nanoTime() - started);

        // Then: the caller went on, the product is announced but not in force (its records are held)
        assertThat(put).isLessThan(Duration.ofSeconds(1));
        assertThat(index.product("sales.orders")).isEmpty();
        assertThat(index.awaitingTopic("sales.orders")).isTrue();
        assertThat(index.descriptor("sales.orders", 1)).contains(orders(1));

        // And when the topic exists
        topics.released.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders").isPresent());
        assertThat(index.awaitingTopic("sales.orders")).isFalse();
        assertThat(ensured).containsExactly(Set.of("sales.orders.v1"));
    }

    @Test
    void shouldRetryAFailedCreationUntilTheTopicExists() {
        // Given a cluster that refuses to create topics for a while
        AtomicBoolean refusing = new AtomicBoolean(true);
        List<Long> attempts = new CopyOnWriteArrayList<>();
        ContractIndex index = new ContractIndex(names -> {
            attempts.add(System.nanoTime());
            if (refusing.get()) {
                throw new IllegalStateException("not allowed");
            }
        }, provisioning);

        // When
        index.put(orders(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() >= 2);
        assertThat(index.product("sales.orders")).isEmpty();
        refusing.set(false);

        // Then: retried with back-off, in force once created
        await().atMost(Duration.ofSeconds(10)).until(() -> index.product("sales.orders").isPresent());
        assertThat(attempts.size()).isGreaterThan(2);
        assertThat(Duration.ofNanos(attempts.get(attempts.size() - 1) - attempts.get(0)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void shouldNotLetOneFailingTopicHoldBackTheOthers() {
        // Given
        ContractIndex index = new ContractIndex(names -> {
            if (names.contains("sales.refused.v1")) {
                throw new IllegalStateException("may not create sales.refused.v1");
            }
            ensured.add(Set.copyOf(names));
        }, provisioning);

        // When: restored together
        index.putAll(List.of(product("orders"), product("refused"), product("returns")));

        // Then
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders").isPresent()
                && index.product("sales.returns").isPresent());
        assertThat(index.product("sales.refused")).isEmpty();
        assertThat(index.awaitingTopic("sales.refused")).isTrue();
        assertThat(index.waitingForTopics()).isEqualTo(1);
    }

    @Test
    void shouldNotMakeANewContractWaitForTheRetryOfAFailingOne() {
        // Given a topic that cannot be created, retried with a growing back-off
        List<Long> refusals = new CopyOnWriteArrayList<>();
        ContractIndex index = new ContractIndex(names -> {
            if (names.contains("sales.refused.v1")) {
                refusals.add(System.nanoTime());
                throw new IllegalStateException("may not create sales.refused.v1");
            }
        }, provisioning);
        index.put(product("refused"));
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.size() >= 4); // two runs: batch, then one by one

        // When
        long announced = System.nanoTime();
        index.put(product("orders"));

        // Then: in force at once, not after the next retry (2 s away)
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders").isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - announced)).isLessThan(Duration.ofMillis(1500));
        assertThat(index.product("sales.refused")).isEmpty();
    }

    @Test
    void shouldEnsureRestoredContractsInOneBatch() {
        // Given
        ContractIndex index = new ContractIndex(names -> ensured.add(Set.copyOf(names)), provisioning);

        // When
        index.putAll(List.of(product("orders"), product("returns"), product("invoices")));

        // Then
        await().atMost(Duration.ofSeconds(5)).until(() -> index.size() == 3);
        assertThat(ensured).containsExactly(Set.of("sales.orders.v1", "sales.returns.v1", "sales.invoices.v1"));
    }

    @Test
    void shouldPutAnUpdateInForceAtOnceWhenItsTopicExists() throws Exception {
        // Given a contract in force, and then a stalled provisioning thread
        ContractIndex index = new ContractIndex(names -> ensured.add(Set.copyOf(names)), provisioning);
        index.put(orders(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders").isPresent());
        CountDownLatch stalled = new CountDownLatch(1);
        provisioning.execute(() -> awaitQuietly(stalled));

        // When
        index.put(ordersDescriptor().setStatus(ProductStatus.DEPRECATED).build());

        // Then: no topic to create, no wait
        assertThat(index.product("sales.orders").orElseThrow().byMajor().get(1).descriptor().getStatus())
                .isEqualTo(ProductStatus.DEPRECATED);
        assertThat(ensured).hasSize(1);
        stalled.countDown();
    }

    @Test
    void shouldHoldTheWholeProductWhileANewMajorWaitsForItsTopic() {
        // Given v1 in force, and a slow creation of v2's topic
        CountDownLatch v2Created = new CountDownLatch(1);
        ContractIndex index = new ContractIndex(names -> {
            if (names.contains("sales.orders.v2")) {
                awaitQuietly(v2Created);
            }
            ensured.add(Set.copyOf(names));
        }, provisioning);
        index.put(orders(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders").isPresent());

        // When
        index.put(orders(2));

        // Then: no record of the product is routed meanwhile (a v2 record must be held, not refused as no version)
        assertThat(index.product("sales.orders")).isEmpty();
        assertThat(index.awaitingTopic("sales.orders")).isTrue();
        v2Created.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> index.product("sales.orders")
                .map(p -> p.byMajor().keySet().equals(Set.of(1, 2))).orElse(false));
    }

    @Test
    void shouldForgetAWaitingContractThatIsRemoved() {
        // Given
        SlowTopics topics = new SlowTopics();
        ContractIndex index = new ContractIndex(topics, provisioning);
        index.put(orders(1));

        // When
        index.remove("sales.orders", 1);
        topics.released.countDown();

        // Then
        assertThat(index.awaitingTopic("sales.orders")).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> index.product("sales.orders").isEmpty());
        assertThat(index.descriptor("sales.orders", 1)).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
