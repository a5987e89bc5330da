package dev.meshbone.config.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class AccessErrorsTest {

    private static final AclPlan PLAN = AclPlan.of(MeshAccess.of(List.of("sales", "hr"), Map.of(),
            MeshAccess.Platform.DEFAULT));

    @Test
    void shouldNameThePrincipalTheActionAndWhyForAMissingAcl() {
        // Given: what a producer of hr sees when it writes sales' public topic
        Throwable error = new KafkaException("send failed",
                new TopicAuthorizationException(Set.of("sales.orders.v1")));

        // When
        Optional<String> line = AccessErrors.explain(error, Optional.of("hr"), List.of(AclOperation.WRITE), PLAN);

        // Then
        assertThat(line).contains("principal User:hr may not write topic sales.orders.v1: only governance writes "
                + "public topics");
    }

    @Test
    void shouldExplainTheFirstOperationThePlanRefuses() {
        // Given: a domain's publisher refused on quarantine; it writes and reads, and the plan allows neither
        Throwable error = new TopicAuthorizationException(Set.of("mesh.governance.quarantine"));

        // When
        Optional<String> line = AccessErrors.explain(error, Optional.of("sales"),
                List.of(AclOperation.WRITE, AclOperation.READ), PLAN);

        // Then
        assertThat(line).hasValueSatisfying(l -> assertThat(l).startsWith("principal User:sales may not write topic "
                + "mesh.governance.quarantine"));
    }

    @Test
    void shouldSayALoginFailedForAWrongPassword() {
        assertThat(AccessErrors.explain(new SaslAuthenticationException("Authentication failed"), Optional.of("sales"),
                List.of(AclOperation.WRITE), PLAN)).hasValueSatisfying(l -> assertThat(l)
                .startsWith("Kafka refused the login of User:sales").contains("wrong password"));
    }

    @Test
    void shouldLeaveOtherErrorsAlone() {
        assertThat(AccessErrors.explain(new KafkaException("broker down"), Optional.empty(), List.of(AclOperation.READ), PLAN))
                .isEmpty();
    }

    @Test
    void shouldReadTheUserFromTheJaasConfig() {
        assertThat(AccessErrors.userOf(Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"sales\" password=\"x\";"))).contains("sales");
        assertThat(AccessErrors.userOf(Map.of())).isEmpty();
    }
}
