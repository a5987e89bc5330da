package dev.meshbone.contract.celtmp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns an Avro record into the values CEL understands: maps for records and maps, lists for arrays, strings for
 * strings and enum symbols, 64-bit ints for int and long, doubles for float and double, CEL null for null.
 */
public final class AvroToCel {

    private AvroToCel() {
    }

    /** The record's fields by name. */
    public static Map<String, Object> fields(GenericRecord record) {
        List<Schema.Field> schemaFields = record.getSchema().getFields();
        Map<String, Object> out = new HashMap<>(schemaFields.size() * 2);
        for (Schema.Field field : schemaFields) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    static Object value(Object value) {
        if (value == null) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (value instanceof GenericRecord record) {
            return fields(record);
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof GenericContainer container && container.getSchema().getType() == Schema.Type.ENUM) {
            return value.toString();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof ByteBuffer buffer) {
            return com.google.protobuf.ByteString.copyFrom(buffer.duplicate());
        }
        if (value instanceof GenericFixed fixed) {
            return com.google.protobuf.ByteString.copyFrom(fixed.bytes());
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(value(item)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new HashMap<>(map.size() * 2);
            map.forEach((k, v) -> out.put(k.toString(), value(v)));
            return out;
        }
        return value; // Long, Double, Boolean
    }
}
