package dev.meshbone.governance.check;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.contract.ProductContracts;
import dev.meshbone.governance.envelope.IngressDeserializer;
import dev.meshbone.governance.envelope.Envelope;
import dev.meshbone.governance.routing.Source;
import dev.meshbone.governance.routing.Violations.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The checks one by one, and the pipeline's order: the first refusal wins, warnings are collected. */
class CheckPipelineTest {

    private static final IngressDeserializer INGRESS_RECORDS = new IngressDeserializer(Fixtures.schemas());
    private static final Source SOURCE = new Source(INGRESS, 0, 7);

    private final CheckPipeline pipeline = CheckPipeline.inDesignOrder(Duration.ofSeconds(30));
    private final List<Finding> warnings = new ArrayList<>();

    private static ProductContracts contracts(DataProductDescriptor... descriptors) {
        ContractIndex index = new ContractIndex();
        for (DataProductDescriptor d : descriptors) {
            index.put(d);
        }
        return index.product("sales.orders").orElseThrow();
    }

    private static CheckInput input(ProductContracts contracts, long globalId, GenericRecord record) {
        Envelope value = INGRESS_RECORDS.deserialize(INGRESS, frame(globalId, record));
        return CheckInput.of("sales.orders", SOURCE, contracts, value);
    }

    private static CheckInput order(ProductContracts contracts, double total, String currency) {
        return input(contracts, ORDER_ID, Fixtures.order("ORD-1", total, currency, "jane@example.com"));
    }

    private static Finding refusal(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refuse.class);
        return ((Verdict.Refuse) verdict).finding();
    }

    @Test
    void shouldPassAGoodRecordWithTheSharedPassAndNoWarning() {
        // Given
        CheckInput in = order(contracts(ordersDescriptor().build()), 42.0, "EUR");

        // When
        Verdict verdict = pipeline.run(in, warnings);

        // Then
        assertThat(verdict).isSameAs(Verdict.PASS);
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldPassButCollectTheFindingOfAFailingWarnRule() {
        // Given
        CheckInput in = order(contracts(ordersDescriptor().build()), 42.0, "GBP");

        // When
        Verdict verdict = pipeline.run(in, warnings);

        // Then
        assertThat(verdict).isSameAs(Verdict.PASS);
        assertThat(warnings).extracting(Finding::code, Finding::action, Finding::ruleId, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ViolationCode.RULE_FAILED, RuleAction.WARN,
                        "known-currency", "quality rule 'known-currency' failed: the expression is false"));
    }

    @Test
    void shouldForgetTheWarningsOfThePreviousRecord() {
        ProductContracts contracts = contracts(ordersDescriptor().build());
        pipeline.run(order(contracts, 42.0, "GBP"), warnings);

        pipeline.run(order(contracts, 42.0, "EUR"), warnings);

        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldRefuseARecordWithoutContractsAsAnUnknownProductAfterTheGrace() {
        Finding f = refusal(pipeline.run(order(null, 42.0, "EUR"), warnings));

        assertThat(f.code()).isEqualTo(ViolationCode.UNKNOWN_PRODUCT);
        assertThat(f.action()).isEqualTo(RuleAction.QUARANTINE);
        assertThat(f.message()).isEqualTo("no data product sales.orders is in force on mesh.products (waited 30 s)");
    }

    @Test
    void shouldRefuseARetiredProductBeforeLookingAtTheRecord() {
        // Given a retired product and a record that fails every later check too
        CheckInput in = input(contracts(ordersDescriptor().setStatus(ProductStatus.RETIRED).build()), PROFILE_ID,
                profile());

        // When
        Finding f = refusal(pipeline.run(in, warnings));

        // Then
        assertThat(f.code()).isEqualTo(ViolationCode.RETIRED_PRODUCT);
        assertThat(f.message()).isEqualTo("data product sales.orders is retired: it accepts no more records");
    }

    @Test
    void shouldRefuseARecordOfARetiredMajorWhileAnotherIsLive() {
        // Given v1 retired, v2 (its own artifact) active
        DataProductDescriptor v2 = ordersDescriptor().setMajorVersion(2).setPublicTopic("sales.orders.v2")
                .setSchemaRef(new SchemaRef("sales", "orders.v2", "1", 99L)).build();
        ProductContracts contracts = contracts(ordersDescriptor().setStatus(ProductStatus.RETIRED).build(), v2);

        // When
        Finding f = refusal(pipeline.run(order(contracts, 42.0, "EUR"), warnings));

        // Then
        assertThat(f.code()).isEqualTo(ViolationCode.RETIRED_PRODUCT);
        assertThat(f.message()).isEqualTo("major version 1 of sales.orders is retired");
    }

    @Test
    void shouldRefuseAnotherProductsSchemaNamingBothArtifacts() {
        Finding f = refusal(pipeline.run(input(contracts(ordersDescriptor().build()), PROFILE_ID, profile()),
                warnings));

        assertThat(f.code()).isEqualTo(ViolationCode.SCHEMA_MISMATCH);
        assertThat(f.message()).isEqualTo("the record was written with schema customers/profiles version 1 (global id "
                + PROFILE_ID + "), which is not a version of this product's artifact(s) sales/orders");
    }

    @Test
    void shouldRefuseAnIncompatibleWriterSchemaBeforeScanningIt() {
        // Given an incompatible schema whose record also holds an e-mail in an untagged string
        GenericRecord bad = Fixtures.order(ORDER_TOTAL_AS_STRING, "john@example.org", 0, "EUR", "jane@example.com");
        bad.put("total", "forty-two");

        // When
        Finding f = refusal(pipeline.run(input(contracts(ordersDescriptor().build()), ORDER_TOTAL_AS_STRING_ID,
                bad), warnings));

        // Then
        assertThat(f.code()).isEqualTo(ViolationCode.INCOMPATIBLE_SCHEMA);
        assertThat(f.message()).startsWith("writer schema sales/orders version 3 breaks the contract: ")
                .contains("total");
    }

    @Test
    void shouldRefuseUntaggedPersonalDataBeforeTheRules() {
        // Given an e-mail in an untagged field of a record that also fails a QUARANTINE rule
        GenericRecord record = Fixtures.order(ORDER_WITH_NOTE, "ORD-1", -1.0, "EUR", "jane@example.com");
        record.put("note", "write to john.smith@example.org");

        // When
        Finding f = refusal(pipeline.run(input(contracts(ordersDescriptor().build()), ORDER_WITH_NOTE_ID, record),
                warnings));

        // Then
        assertThat(f.code()).isEqualTo(ViolationCode.UNTAGGED_PII);
        assertThat(f.fieldPath()).isEqualTo("note");
        assertThat(f.message()).doesNotContain("john.smith@example.org");
    }

    @Test
    void shouldRunTheRulesInTheirOrderStoppingAtTheFirstQuarantineRule() {
        // Given a WARN rule, then two QUARANTINE rules, all failing
        ProductContracts contracts = contracts(ordersDescriptor().setQualityRules(List.of(
                new QualityRule("euro", "", "record.currency == 'EUR'", RuleAction.WARN),
                new QualityRule("big", "", "record.total > 100.0", RuleAction.QUARANTINE),
                new QualityRule("huge", "", "record.total > 1000.0", RuleAction.QUARANTINE))).build());

        // When
        Finding f = refusal(pipeline.run(order(contracts, 42.0, "GBP"), warnings));

        // Then
        assertThat(f.ruleId()).isEqualTo("big");
        assertThat(f.action()).isEqualTo(RuleAction.QUARANTINE);
        assertThat(warnings).extracting(Finding::ruleId).containsExactly("euro");
    }

    @Test
    void shouldFailEveryRecordOnARuleThatDoesNotCompile() {
        ProductContracts contracts = contracts(ordersDescriptor().setQualityRules(List.of(
                new QualityRule("high", "", "record.total == 'high'", RuleAction.WARN))).build());

        pipeline.run(order(contracts, 42.0, "EUR"), warnings);

        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("quality rule 'high' failed: the rule does not compile: "));
    }

    @Test
    void shouldAnswerEachCheckThatPassesWithTheSharedPass() {
        CheckInput in = order(contracts(ordersDescriptor().build()), 42.0, "EUR");

        assertThat(List.of(new ProductLive(Duration.ZERO), new SchemaIdentity(), new SchemaCompatibility(),
                new PersonalData())).allSatisfy(check -> assertThat(check.check(in)).isSameAs(Verdict.PASS));
        assertThat(new QualityRuleCheck().check(in.contract().rules().get(0), in)).isSameAs(Verdict.PASS);
    }
}
