package dev.meshbone.sdk.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class RecordDecryptorTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Profile", "fields": [
              {"name": "customerId", "type": "string", "pii.subject": "customer"},
              {"name": "email", "type": "string", "pii": "EMAIL"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "phones", "type": {"type": "array", "items": "string"}, "pii": "PHONE"},
              {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "street", "type": ["null", "string"], "default": null},
                {"name": "city", "type": "string", "pii": "NONE"}]}, "pii": "ADDRESS"},
              {"name": "extra", "type": {"type": "map", "values": "string"}, "pii": "OTHER"}
            ]}""");

    /** Tokens are "tok:<clear>"; "tok:gone" has no key any more. */
    private static final RecordDecryptor.Tokens TOKENS = new RecordDecryptor.Tokens() {
        @Override
        public boolean isToken(String text) {
            return text.startsWith("tok:");
        }

        @Override
        public Optional<String> open(String token) {
            String clear = token.substring(4);
            return clear.startsWith("gone") ? Optional.empty() : Optional.of(clear);
        }
    };

    private static GenericRecord profile(String email, String street, String phone, String extra) {
        GenericRecord address = new GenericData.Record(SCHEMA.getField("address").schema());
        address.put("street", street);
        address.put("city", "tok:Lyon");
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("customerId", "C-1");
        r.put("email", new Utf8(email));
        r.put("note", "tok:not-personal");
        r.put("address", address);
        r.put("phones", new GenericData.Array<>(SCHEMA.getField("phones").schema(), new ArrayList<>(List.of(phone))));
        Map<Utf8, Object> map = new HashMap<>();
        map.put(new Utf8("k"), extra);
        r.put("extra", map);
        return r;
    }

    @Test
    void shouldOpenTokensUnderTaggedFieldsAndLeaveTheRestAlone() {
        // Given
        GenericRecord r = profile("tok:jane@example.com", "tok:1 Main Street", "tok:+33 6 12 34 56 78", "tok:x");

        // When
        var erased = new RecordDecryptor(TOKENS).decrypt(r);

        // Then
        assertThat(erased).isEmpty();
        assertThat(r.get("email")).isEqualTo("jane@example.com");
        assertThat(((GenericRecord) r.get("address")).get("street")).isEqualTo("1 Main Street");
        assertThat(((List<?>) r.get("phones")).get(0)).isEqualTo("+33 6 12 34 56 78");
        assertThat(((Map<?, ?>) r.get("extra")).get(new Utf8("k"))).isEqualTo("x");
        assertThat(r.get("note")).as("untagged: never touched").isEqualTo("tok:not-personal");
        assertThat(((GenericRecord) r.get("address")).get("city")).as("inside a tagged record")
                .isEqualTo("Lyon");
    }

    @Test
    void shouldNullAndNameEveryFieldWhoseKeyIsGone() {
        // Given
        GenericRecord r = profile("tok:gone-1", "tok:gone-2", "tok:gone-3", "plain");

        // When
        var erased = new RecordDecryptor(TOKENS).decrypt(r);

        // Then
        assertThat(erased).containsExactly("address.street", "email", "phones[]");
        assertThat(r.get("email")).isNull();
        assertThat(((GenericRecord) r.get("address")).get("street")).isNull();
        assertThat(((List<?>) r.get("phones")).get(0)).isNull();
        assertThat(((Map<?, ?>) r.get("extra")).get(new Utf8("k"))).isEqualTo("plain");
        assertThat(r.get("customerId")).isEqualTo("C-1");
    }
}
