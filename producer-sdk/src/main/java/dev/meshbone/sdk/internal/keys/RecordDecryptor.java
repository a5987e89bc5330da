package dev.meshbone.sdk.internal.keys;

import dev.meshbone.schemas.PiiTags;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Opens the ENCRYPT tokens of a record in place: every string under a field tagged with a personal-data category
 * (tags are inherited by what a tagged field holds, as in the contract) that is a token becomes its clear value, or
 * null when its key is gone. Untagged fields are never touched, whatever they hold.
 */
public final class RecordDecryptor {

    /** What the decryptor needs from the keys. */
    public interface Tokens {
        /** True for an ENCRYPT token. */
        boolean isToken(String text);

        /** The clear value of a token; empty when its key is gone (the subject was forgotten). */
        Optional<String> open(String token);
    }

    private final Tokens tokens;
    private final Map<Schema, Boolean> personal = new IdentityHashMap<>();

    public RecordDecryptor(Tokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Decrypts the record's tokens in place.
     *
     * @return the schema paths ({@code email}, {@code address.street}, {@code phones[]}) of the fields erased
     */
    public SortedSet<String> decrypt(GenericRecord record) {
        SortedSet<String> erased = new TreeSet<>();
        if (hasPersonalFields(record.getSchema())) {
            walk(record, "", false, erased);
        }
        return erased;
    }

    private boolean hasPersonalFields(Schema schema) {
        return personal.computeIfAbsent(schema, s -> !PiiTags.personalFields(s).isEmpty());
    }

    private void walk(GenericRecord record, String prefix, boolean inherited, SortedSet<String> erased) {
        for (Schema.Field field : record.getSchema().getFields()) {
            boolean tagged = inherited || isPersonal(field.getProp(PiiTags.PROPERTY));
            Object value = record.get(field.pos());
            Object opened = open(value, prefix + field.name(), tagged, erased);
            if (opened != value) {
                record.put(field.pos(), opened);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object open(Object value, String path, boolean tagged, SortedSet<String> erased) {
        if (value instanceof CharSequence text) {
            String s = text.toString();
            if (!tagged || !tokens.isToken(s)) {
                return value;
            }
            Optional<String> clear = tokens.open(s);
            if (clear.isEmpty()) {
                erased.add(path);
                return null;
            }
            return clear.get();
        }
        if (value instanceof GenericRecord nested) {
            walk(nested, path + ".", tagged, erased);
        } else if (value instanceof List<?> list) {
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                Object opened = open(item, path + "[]", tagged, erased);
                if (opened != item) {
                    items.set(i, opened);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<Object, Object> e : ((Map<Object, Object>) map).entrySet()) {
                Object opened = open(e.getValue(), path + "{}", tagged, erased);
                if (opened != e.getValue()) {
                    e.setValue(opened);
                }
            }
        }
        return value;
    }

    private static boolean isPersonal(String tag) {
        return tag != null && !PiiTags.NOT_PERSONAL.equalsIgnoreCase(tag);
    }
}
