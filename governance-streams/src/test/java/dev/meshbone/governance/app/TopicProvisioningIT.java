package dev.meshbone.governance.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicDefinition;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Components starting together (the SDK, governance and the catalog each provision the topics they need, with
 * overlaps) end with one topic per definition, whoever wins each creation race.
 */
@ExtendWith(MeshClusterExtension.class)
class TopicProvisioningIT {

    @Test
    void shouldEndWithTheOneDefinitionWhenComponentsProvisionConcurrently(MeshCluster cluster) throws Exception {
        // Given: the mesh topics under names of this test, and what each component asks for
        String prefix = MeshClusterExtension.uniqueName("provisioning");
        TopicDefinition products = MeshTopicDefinitions.PRODUCTS.named(prefix + ".products");
        TopicDefinition violations = MeshTopicDefinitions.VIOLATIONS.named(prefix + ".violations");
        TopicDefinition stats = MeshTopicDefinitions.STATS.named(prefix + ".stats");
        TopicDefinition quarantine = MeshTopicDefinitions.QUARANTINE.named(prefix + ".quarantine");
        TopicDefinition catalog = MeshTopicDefinitions.CATALOG.named(prefix + ".catalog");
        List<List<TopicDefinition>> components = List.of(
                List.of(products, MeshTopicDefinitions.ingress(new ProductId("provisioning", prefix.replace('.', '-')).ingressTopic(), 3)), // SDK
                List.of(products, quarantine, violations, stats),                                     // governance
                List.of(products, violations, stats, catalog),                                        // catalog
                List.of(products, violations, stats, catalog));                                       // a 2nd catalog

        // When they all start at once, each with its own admin client
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(components.size());
        List<Admin> admins = new ArrayList<>();
        List<Future<List<String>>> created = new ArrayList<>();
        try {
            for (List<TopicDefinition> topics : components) {
                Admin admin = cluster.createAdmin();
                admins.add(admin);
                TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);
                Callable<List<String>> provisioning = () -> {
                    start.await();
                    return provisioner.ensure(topics, Duration.ofSeconds(60));
                };
                created.add(pool.submit(provisioning));
            }
            start.countDown();
            List<String> createdByAnyone = new ArrayList<>();
            for (Future<List<String>> f : created) {
                createdByAnyone.addAll(f.get());
            }

            // Then every topic was created exactly once, and each has its definition's partitions and configs
            List<TopicDefinition> all = components.stream().flatMap(List::stream).distinct().toList();
            assertThat(createdByAnyone).containsExactlyInAnyOrderElementsOf(all.stream().map(TopicDefinition::name)
                    .toList());
            Admin admin = admins.get(0);
            // Topics just created reach the broker's metadata asynchronously.
            Map<String, TopicDescription> described = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeTopics(all.stream().map(TopicDefinition::name).toList())
                            .allTopicNames().get(), d -> d.size() == all.size());
            Map<ConfigResource, Config> configs = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeConfigs(all.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get(),
                            c -> c.size() == all.size());
            for (TopicDefinition topic : all) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                Map<String, String> actual = topic.configs().keySet().stream()
                        .collect(Collectors.toMap(k -> k, k -> config.get(k).value()));
                assertThat(actual).as(topic.name()).isEqualTo(topic.configs());
            }
            assertThat(described.get(products.name()).partitions()).hasSize(1);

            // And provisioning again changes nothing
            assertThat(new TopicProvisioner(admin, (short) 1).ensure(all, Duration.ofSeconds(30))).isEmpty();
        } finally {
            pool.shutdownNow();
            admins.forEach(Admin::close);
        }
    }

    @Test
    void shouldSetAnExistingQuarantinesRetentionBackAndLeaveTheRestAsItIs(MeshCluster cluster) throws Exception {
        // Given a quarantine of an older release: kept 30 days, and 2 partitions
        TopicDefinition quarantine = MeshTopicDefinitions.quarantine(Duration.ofDays(7))
                .named(MeshClusterExtension.uniqueName("old-quarantine"));
        cluster.createTopic(quarantine.name(), 2,
                Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

        try (Admin admin = cluster.createAdmin()) {
            // When
            List<String> created = new TopicProvisioner(admin, (short) 1).ensure(List.of(quarantine),
                    Duration.ofSeconds(30));

            // Then its retention is the definition's; its partitions are left alone
            assertThat(created).isEmpty();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, quarantine.name());
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
            assertThat(admin.describeTopics(List.of(quarantine.name())).allTopicNames().get().get(quarantine.name())
                    .partitions()).hasSize(2);
        }
    }

    @Test
    void shouldLeaveAnExistingTopicThatDiffersAsItIs(MeshCluster cluster) throws Exception {
        // Given a descriptors topic someone created by hand, with 2 partitions and no compaction
        TopicDefinition products = MeshTopicDefinitions.PRODUCTS.named(MeshClusterExtension.uniqueName("hand-made"));
        cluster.createTopic(products.name(), 2);

        try (Admin admin = cluster.createAdmin()) {
            // When
            List<String> created = new TopicProvisioner(admin, (short) 1).ensure(List.of(products),
                    Duration.ofSeconds(30));

            // Then it is not re-created nor changed (the provisioner WARNs about the difference)
            assertThat(created).isEmpty();
            assertThat(admin.describeTopics(List.of(products.name())).allTopicNames().get().get(products.name())
                    .partitions()).hasSize(2);
        }
    }
}
