package dev.meshbone.governance.check;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.envelope.IngressDeserializer;
import dev.meshbone.governance.envelope.IngressRecord;
import dev.meshbone.governance.envelope.Unreadable;
import dev.meshbone.governance.routing.Source;
import dev.meshbone.governance.routing.Violations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The envelope validates a record's bytes with the program of the contract in force, and the checks reuse that walk
 * only while the contract is the same one.
 */
class EnvelopeWalkTest {

    private static final Source SOURCE = new Source(INGRESS, 0, 7);

    private final CheckPipeline pipeline = CheckPipeline.inDesignOrder(Duration.ofSeconds(30));

    private static ContractIndex index() {
        ContractIndex index = new ContractIndex();
        index.put(ordersDescriptor().build());
        return index;
    }

    private static byte[] order() {
        return frame(ORDER_ID, Fixtures.order("ORD-1", 42.0, "EUR", "jane@example.com"));
    }

    @Test
    void shouldWalkTheBytesOnceWhenTheChecksRunUnderTheContractTheEnvelopeSaw() {
        // Given a contract in force when the record is read
        ContractIndex index = index();
        IngressRecord record = (IngressRecord) new IngressDeserializer(Fixtures.schemas(), index::programFor)
                .deserialize(INGRESS, order());

        // When the checks run under the same contract
        CheckInput in = CheckInput.of("sales.orders", SOURCE, index.product("sales.orders").orElseThrow(), record);

        // Then they read the envelope's walk, and pass
        assertThat(record.walk()).isNotNull();
        assertThat(in.walk()).isSameAs(record.walk());
        assertThat(pipeline.run(in, new ArrayList<>())).isSameAs(Verdict.PASS);
    }

    @Test
    void shouldWalkAgainWhenTheContractChangedAfterTheEnvelope() {
        // Given a record read under one compiled contract
        IngressRecord record = (IngressRecord) new IngressDeserializer(Fixtures.schemas(), index()::programFor)
                .deserialize(INGRESS, order());

        // When the checks run under another (the same descriptor, compiled again: put in force anew)
        ContractIndex now = index();
        CheckInput in = CheckInput.of("sales.orders", SOURCE, now.product("sales.orders").orElseThrow(), record);

        // Then the checks walk the bytes with the program of the contract they run under
        assertThat(in.walk()).isNotSameAs(record.walk());
        assertThat(in.walk().program()).isSameAs(now.programFor(INGRESS, record.schema()));
        assertThat(pipeline.run(in, new ArrayList<>())).isSameAs(Verdict.PASS);
    }

    @Test
    void shouldRefuseTruncatedBytesAlikeWithOrWithoutAContract() {
        // Given a record cut short
        byte[] order = order();
        byte[] truncated = Arrays.copyOf(order, order.length - 3);

        // When the envelope reads it with the contract's program, and with none
        Unreadable withContract = (Unreadable) new IngressDeserializer(Fixtures.schemas(), index()::programFor)
                .deserialize(INGRESS, truncated);
        Unreadable without = (Unreadable) new IngressDeserializer(Fixtures.schemas()).deserialize(INGRESS, truncated);

        // Then both refuse it with the same finding, and check 1 says so
        assertThat(withContract.code()).isEqualTo(ViolationCode.MALFORMED_RECORD);
        assertThat(withContract.message()).isEqualTo(without.message()).contains("cannot be decoded");
        CheckInput in = CheckInput.of("sales.orders", SOURCE, index().product("sales.orders").orElseThrow(),
                withContract);
        assertThat(pipeline.run(in, new ArrayList<>())).isEqualTo(new Verdict.Refuse(
                Violations.Finding.quarantine(ViolationCode.MALFORMED_RECORD, withContract.message())));
    }
}
