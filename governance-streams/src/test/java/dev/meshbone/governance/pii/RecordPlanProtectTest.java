package dev.meshbone.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.events.PiiProtection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Protection straight on records, where the plan is hardest to get right: recursive types. */
class RecordPlanProtectTest {

    private static final Schema THREAD = new Schema.Parser().parse("""
            {"type": "record", "name": "Message", "namespace": "support", "fields": [
              {"name": "author", "type": "string", "pii": "EMAIL"},
              {"name": "body", "type": "string", "pii": "NONE"},
              {"name": "quoted", "type": ["null", "Message"], "default": null},
              {"name": "forwarded", "type": ["null", "Message"], "default": null, "pii": "NAME"}
            ]}""");

    private static final Protection PROTECTION = new Protection("secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldProtectEveryLevelOfARecursiveTypeNotOnlyTheFirst() {
        // Given a message quoting a message quoting a message, each with an author; and a forwarded one inside
        GenericRecord deepest = message("c@example.com", "third", null, null);
        GenericRecord forwarded = message("f@example.com", "fwd", message("g@example.com", "fwd quote", null, null),
                null);
        GenericRecord middle = message("b@example.com", "second", deepest, forwarded);
        GenericRecord top = message("a@example.com", "first", middle, null);
        PersonalDataPolicy policy = PersonalDataPolicy.of(THREAD, Map.of("EMAIL", PiiProtection.HASH,
                "NAME", PiiProtection.MASK));

        // When
        RecordPlan.protect(top, policy, PROTECTION, null);

        // Then every author is a token at every depth; the forwarded message's fields take its tag (NAME: MASK),
        // down to what it quotes; and nothing said NONE changed
        assertThat(top.get("author").toString()).startsWith(Protection.HASH_PREFIX);
        assertThat(middle.get("author").toString()).startsWith(Protection.HASH_PREFIX);
        assertThat(deepest.get("author").toString()).startsWith(Protection.HASH_PREFIX);
        assertThat(forwarded.get("author").toString()).startsWith(Protection.HASH_PREFIX); // its own tag wins
        assertThat(forwarded.get("body").toString()).isEqualTo("fwd"); // NONE wins over the inherited tag
        GenericRecord forwardedQuote = (GenericRecord) forwarded.get("quoted");
        assertThat(forwardedQuote.get("author").toString()).startsWith(Protection.HASH_PREFIX);
        assertThat(deepest.get("body").toString()).isEqualTo("third");
        assertThat(policy.refusals()).isEmpty();
    }

    private static GenericRecord message(String author, String body, GenericRecord quoted, GenericRecord forwarded) {
        GenericRecord m = new GenericData.Record(THREAD);
        m.put("author", author);
        m.put("body", body);
        m.put("quoted", quoted);
        m.put("forwarded", forwarded);
        return m;
    }
}
