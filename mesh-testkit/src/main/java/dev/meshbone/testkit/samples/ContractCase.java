package dev.meshbone.testkit.samples;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * One question about personal data with one right answer, asked of the SDK, governance and the catalog alike.
 *
 * @param name        what the case is about
 * @param schemaJson  the product's record schema, with its {@code pii} tags
 * @param protections the contract's protection per category
 * @param recordJson  a record of the schema in Avro's JSON encoding, every protected place holding a value
 * @param expected    what must happen at each protected path (no other path may change)
 */
public record ContractCase(String name, String schemaJson, Map<PiiCategory, PiiProtection> protections,
                           String recordJson, Map<String, Answer> expected) {

    /**
     * What happens at one path.
     *
     * @param category the category the path is protected as
     * @param applied  the protection governance applies there
     * @param dropped  for DROP, the value the path holds afterwards (null for null)
     */
    public record Answer(PiiCategory category, PiiProtection applied, Object dropped) {
        public static Answer token(PiiCategory category, PiiProtection protection) {
            return new Answer(category, protection, null);
        }

        public static Answer drop(PiiCategory category, Object replacement) {
            return new Answer(category, PiiProtection.DROP, replacement);
        }
    }

    public Schema schema() {
        return new Schema.Parser().parse(schemaJson);
    }

    /** The product's name within the {@code cases} domain, from the case's name. */
    public String productName() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The case's product, declared through the real contract code. */
    public DataProduct product() {
        DataProduct.Builder b = DataProduct.builder("cases", productName()).title(name)
                .owner("platform", "platform@example.com").schema(schemaJson);
        protections.forEach(b::protect);
        return b.build();
    }

    /** The descriptor the SDK would announce for {@link #product()}, registry version 1 with the given global id. */
    public DataProductDescriptor descriptor(long globalId) {
        return product().toDescriptor("1", globalId, Samples.ANNOUNCED_AT, "samples");
    }

    /**
     * Every value at a path of a record: {@code a.b} for a nested field, {@code a[]} for each array item,
     * {@code a{}} for each map value; a null on the way ends that branch.
     */
    public static List<Object> valuesAt(GenericRecord record, String path) {
        List<Object> values = new ArrayList<>();
        collect(record, path, values);
        return values;
    }

    private static void collect(Object value, String path, List<Object> out) {
        if (path.isEmpty()) {
            out.add(value);
            return;
        }
        if (value == null) {
            return;
        }
        if (path.startsWith("[]") || path.startsWith("{}")) {
            Collection<?> items = value instanceof Map<?, ?> map ? map.values() : (Collection<?>) value;
            String rest = path.substring(2).startsWith(".") ? path.substring(3) : path.substring(2);
            items.forEach(item -> collect(item, rest, out));
            return;
        }
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[' && path.charAt(end) != '{') {
            end++;
        }
        String rest = end < path.length() && path.charAt(end) == '.' ? path.substring(end + 1) : path.substring(end);
        collect(((GenericRecord) value).get(path.substring(0, end)), rest, out);
    }

    /** The sample record, decoded from {@link #recordJson}. */
    public GenericRecord record() {
        Schema schema = schema();
        try {
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().jsonDecoder(schema, recordJson));
        } catch (IOException e) {
            throw new UncheckedIOException("case " + name + ": the sample record does not match its schema", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
