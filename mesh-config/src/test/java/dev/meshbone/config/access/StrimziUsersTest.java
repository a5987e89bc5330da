package dev.meshbone.config.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

class StrimziUsersTest {

    private static List<JsonNode> parse(String yaml) throws Exception {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = mapper.getFactory().createParser(yaml)) {
            mapper.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    @Test
    void shouldRenderOneKafkaUserPerPrincipalWithThePlansAcls() throws Exception {
        List<JsonNode> users = parse(StrimziUsers.render(AclPlanTest.PLAN, "my-cluster"));

        assertThat(users).extracting(u -> u.at("/metadata/name").asText())
                .containsExactly("analytics", "catalog", "governance", "marketing", "ops", "sales");
        Set<String> rendered = new HashSet<>();
        for (JsonNode user : users) {
            assertThat(user.get("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(user.get("kind").asText()).isEqualTo("KafkaUser");
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("my-cluster");
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                assertThat(acl.get("host").asText()).isEqualTo("*");
                JsonNode resource = acl.get("resource");
                assertThat(resource.get("type").asText()).isIn("topic", "group", "transactionalId");
                assertThat(resource.get("patternType").asText()).isIn("literal", "prefix");
                acl.get("operations").forEach(op -> rendered.add("User:" + user.at("/metadata/name").asText() + " "
                        + resource.get("type").asText() + " " + resource.get("patternType").asText() + " "
                        + resource.get("name").asText() + " " + op.asText()));
            }
        }
        Set<String> planned = new HashSet<>();
        for (AclBinding b : AclPlanTest.PLAN.bindings()) {
            planned.add(b.entry().principal() + " " + switch (b.pattern().resourceType()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                default -> "transactionalId";
            } + " " + (b.pattern().patternType().name().equals("LITERAL") ? "literal" : "prefix") + " "
                    + b.pattern().name() + " " + StrimziUsers.operation(b.entry().operation()));
        }
        assertThat(rendered).isEqualTo(planned);
    }

    @Test
    void shouldSpellOperationsAsStrimziDoes() {
        assertThat(StrimziUsers.operation(org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS))
                .isEqualTo("DescribeConfigs");
        assertThat(StrimziUsers.operation(org.apache.kafka.common.acl.AclOperation.READ)).isEqualTo("Read");
        assertThat(StrimziUsers.operation(org.apache.kafka.common.acl.AclOperation.ALL)).isEqualTo("All");
    }

    @Test
    void shouldRefuseAClusterNameKubernetesWouldRefuse() {
        assertThatThrownBy(() -> StrimziUsers.render(AclPlanTest.PLAN, "My_Cluster"))
                .hasMessageContaining("is not a Kubernetes name");
    }
}
