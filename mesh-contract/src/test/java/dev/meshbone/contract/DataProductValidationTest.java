package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.schemas.BundledSchemas;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DataProductValidationTest {

    private static final String TINY = """
            {"type": "record", "name": "Tick", "namespace": "x", "fields": [
              {"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]}""";

    private static DataProduct.Builder valid() {
        return DataProduct.builder("sales", "ticks").title("Ticks").owner("sales-platform", "sales@example.com")
                .schema(TINY);
    }

    private static List<InvalidContractException.Problem> problemsOf(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(InvalidContractException.class);
        return ((InvalidContractException) thrown).problems();
    }

    @Test
    void shouldBuildAValidProductWithItsDefaults() {
        // When
        DataProduct product = valid().build();

        // Then
        assertThat(product.productId()).isEqualTo("sales.ticks");
        assertThat(product.majorVersion()).isEqualTo(1);
        assertThat(product.status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(product.compatibility()).isEqualTo(CompatibilityMode.BACKWARD);
        assertThat(product.ingressTopic()).isEqualTo("mesh.ingress.sales.ticks");
        assertThat(product.publicTopic()).isEqualTo("sales.ticks.v1");
        assertThat(product.contractKey()).isEqualTo("sales.ticks.v1");
        assertThat(product.artifactId()).isEqualTo("ticks");
        assertThat(product.warnings()).isEmpty();
    }

    @Test
    void shouldNameTheNextMajorVersionsArtifactAndTopics() {
        // When
        DataProduct v2 = valid().majorVersion(2).build();

        // Then
        assertThat(v2.artifactId()).isEqualTo("ticks.v2");
        assertThat(v2.publicTopic()).isEqualTo("sales.ticks.v2");
        assertThat(v2.contractKey()).isEqualTo("sales.ticks.v2");
        assertThat(v2.ingressTopic()).isEqualTo("mesh.ingress.sales.ticks");
    }

    @Test
    void shouldRefuseADomainThatIsNotAName() {
        assertThat(problemsOf(() -> DataProduct.builder("Sales", "ticks").title("T").owner("t", "c").schema(TINY)
                .build())).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("domain");
                    assertThat(p.message()).contains("'Sales'").contains("[a-z0-9][a-z0-9-]*");
                });
    }

    @Test
    void shouldRefuseAProductNameThatIsNotAName() {
        assertThat(problemsOf(() -> DataProduct.builder("sales", "web_orders").title("T").owner("t", "c")
                .schema(TINY).build())).extracting(InvalidContractException.Problem::field).containsExactly("name");
    }

    @Test
    void shouldRefuseAMissingNameAndATooLongOne() {
        assertThat(problemsOf(() -> DataProduct.builder(null, "x".repeat(101)).title("T").owner("t", "c")
                .schema(TINY).build())).extracting(InvalidContractException.Problem::toString)
                .containsExactly("domain: is required", "name: is 101 characters long; at most 100");
    }

    @Test
    void shouldRefuseAMajorVersionBelowOne() {
        assertThat(problemsOf(() -> valid().majorVersion(0).build()))
                .extracting(InvalidContractException.Problem::toString)
                .containsExactly("majorVersion: must be 1 or more, was 0");
    }

    @Test
    void shouldRequireTitleAndOwner() {
        assertThat(problemsOf(() -> DataProduct.builder("sales", "ticks").schema(TINY).build()))
                .extracting(InvalidContractException.Problem::field).containsExactly("title", "owner");
        assertThat(problemsOf(() -> valid().owner(" ", null).build()))
                .extracting(InvalidContractException.Problem::field).containsExactly("owner.team", "owner.contact");
    }

    @Test
    void shouldRequireASchema() {
        assertThat(problemsOf(() -> DataProduct.builder("sales", "ticks").title("T").owner("t", "c").build()))
                .singleElement().satisfies(p -> assertThat(p.toString()).startsWith("schema: is required"));
    }

    @Test
    void shouldRefuseASchemaThatDoesNotParse() {
        assertThat(problemsOf(() -> valid().schema("{\"type\": \"record\", \"name\": \"X\", \"fields\": "
                + "[{\"name\": \"a\"}]}").build()))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("schema");
                    assertThat(p.message()).startsWith("does not parse as an Avro schema");
                });
        assertThat(problemsOf(() -> valid().schema("{not json").build()))
                .singleElement().satisfies(p -> assertThat(p.message()).startsWith("is not JSON"));
        assertThat(problemsOf(() -> valid().schema("\"string\"").build()))
                .singleElement().satisfies(p -> assertThat(p.message())
                        .isEqualTo("must be an Avro record schema, is a STRING"));
    }

    @Test
    void shouldRefuseAnUnknownPiiCategory() {
        String schema = """
                {"type": "record", "name": "Tick", "fields": [{"name": "contact", "type": "string", "pii": "EMIAL"}]}""";
        assertThat(problemsOf(() -> valid().schema(schema).build())).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schema.contact");
            assertThat(p.message()).contains("unknown PII category \"pii\": \"EMIAL\"").contains("EMAIL, PHONE");
        });
    }

    @Test
    void shouldRefuseAQualityRuleThatDoesNotCompile() {
        assertThat(problemsOf(() -> valid().qualityRule("positive", "record.amount >=", RuleAction.WARN).build()))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("qualityRules[positive].expression");
                    assertThat(p.message()).startsWith("does not compile against the schema: ").contains("ERROR");
                });
    }

    @Test
    void shouldRefuseAQualityRuleOnAFieldTheSchemaDoesNotHave() {
        assertThat(problemsOf(() -> valid().qualityRule("positive", "record.amout > 0.0", null).build()))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("qualityRules[positive].expression");
                    assertThat(p.message()).startsWith("does not compile against the schema: ")
                            .contains("undefined field 'amout'");
                });
    }

    @Test
    void shouldRefuseAQualityRuleComparingANumberWithAString() {
        // Given: amount is a double; before rules were typed this compiled and then failed on every record
        String rule = "record.amount == 'high'";

        // Then
        assertThat(problemsOf(() -> valid().qualityRule("high", rule, null).build()))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("qualityRules[high].expression");
                    assertThat(p.message()).contains("found no matching overload for '_==_'")
                            .contains("(double, string)");
                });
        assertThat(valid().qualityRule("high", "record.amount > 100 && record.id != ''", null).build()
                .qualityRules()).hasSize(1);
    }

    @Test
    void shouldRefuseRuleIdsThatAreMissingInvalidOrRepeated() {
        assertThat(problemsOf(() -> valid()
                .qualityRule(" ", "record.amount > 0.0", null)
                .qualityRule("Positive", "record.amount > 0.0", null)
                .qualityRule("p", "record.amount > 0.0", null)
                .qualityRule("p", "record.amount < 10.0", null)
                .qualityRule("empty", " ", null)
                .build()))
                .extracting(InvalidContractException.Problem::field)
                .containsExactly("qualityRules[0].id", "qualityRules[Positive].id", "qualityRules[p].id",
                        "qualityRules[empty].expression");
    }

    @Test
    void shouldRefuseSlosThatAreNotPositive() {
        assertThat(problemsOf(() -> valid().maxInterval(Duration.ZERO).maxViolationRate(1.5).build()))
                .extracting(InvalidContractException.Problem::field)
                .containsExactly("slo.maxInterval", "slo.maxViolationRate");
        assertThat(problemsOf(() -> valid().maxViolationRate(0.0).build()))
                .extracting(InvalidContractException.Problem::message)
                .containsExactly("must be more than 0 and at most 1 (a share of records, 0.01 = 1%), was 0.0");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        // When
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
                DataProduct.builder("Sales", "ticks").owner("", "c").schema(TINY).maxViolationRate(2)
                        .qualityRule("ok", "record.nope > 0", null).build());

        // Then
        assertThat(thrown).isInstanceOf(InvalidContractException.class)
                .hasMessageStartingWith("The data product Sales.ticks is not valid (5 problems):")
                .hasMessageContaining("  - domain: 'Sales'")
                .hasMessageContaining("  - title: is required")
                .hasMessageContaining("  - owner.team: is required")
                .hasMessageContaining("  - slo.maxViolationRate:")
                .hasMessageContaining("  - qualityRules[ok].expression: does not compile against the schema")
                .hasMessageContaining("undefined field 'nope'");
    }

    @Test
    void shouldDeclareTheSameContractFromAGeneratedClassAndItsAvsc() {
        // When
        DataProduct fromClass = valid().schema(Order.getClassSchema()).build();
        DataProduct fromAvsc = valid().schema(BundledSchemas.load(BundledSchemas.SALES_ORDERS)).build();

        // Then
        assertThat(Order.getClassSchema().toString()).contains("avro.java.string");
        assertThat(fromClass.schemaJson()).doesNotContain("avro.java.string").isEqualTo(fromAvsc.schemaJson());
        assertThat(fromClass).isEqualTo(fromAvsc);
    }

    @Test
    void shouldDeriveAChangedProductWithoutTouchingTheOriginal() {
        // Given
        DataProduct original = valid().description("v1").build();

        // When
        DataProduct retired = original.withStatus(ProductStatus.RETIRED);
        DataProduct described = original.toBuilder().description("v2").build();

        // Then
        assertThat(original.status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(retired.status()).isEqualTo(ProductStatus.RETIRED);
        assertThat(described.description()).isEqualTo("v2");
        assertThat(described).isNotEqualTo(original);
        assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
    }

    @Test
    void shouldRefuseAChangeThatInvalidatesAProduct() {
        assertThatThrownBy(() -> valid().build().toBuilder().title(" ").build())
                .isInstanceOf(InvalidContractException.class).hasMessageContaining("title: is required");
    }
}
