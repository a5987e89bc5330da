package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/** Test records: a shipment with a field of every Avro type, and a recursive node. */
final class Shipments {

    static final Schema SHIPMENT = load("shipment.avsc");
    static final Schema NODE = load("node.avsc");
    /** 2024-03-01T10:00:00Z */
    static final long CREATED_AT_MILLIS = 1_709_287_200_000L;

    private Shipments() {
    }

    static Schema load(String name) {
        try (InputStream in = Shipments.class.getResourceAsStream("/rules/" + name)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipment with generic representations everywhere (Utf8, EnumSymbol, epoch numbers, ByteBuffer). */
    static GenericRecord shipment() {
        GenericRecord shipment = new GenericData.Record(SHIPMENT);
        shipment.put("id", new Utf8("SHP-1"));
        shipment.put("quantity", 3);
        shipment.put("count", 7L);
        shipment.put("total", 42.5);
        shipment.put("ratio", 0.5f);
        shipment.put("paid", true);
        shipment.put("status", new GenericData.EnumSymbol(SHIPMENT.getField("status").schema(), "PAID"));
        shipment.put("note", null);
        shipment.put("discount", null);
        shipment.put("createdAt", CREATED_AT_MILLIS);
        shipment.put("updatedAt", CREATED_AT_MILLIS * 1_000 + 1);
        shipment.put("localAt", CREATED_AT_MILLIS);
        shipment.put("shipDate", 19_783); // 2024-03-01
        shipment.put("amount", ByteBuffer.wrap(new java.math.BigInteger("12345").toByteArray())); // 123.45
        shipment.put("ref", new Utf8("3f1c2a9e-8d4b-4c3e-9a1f-0b2c3d4e5f60"));
        shipment.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        shipment.put("hash", new GenericData.Fixed(SHIPMENT.getField("hash").schema(), new byte[] {9, 9, 9, 9}));
        shipment.put("tags", List.of(new Utf8("fragile"), new Utf8("gift")));
        shipment.put("attributes", Map.of(new Utf8("carrier"), new Utf8("DHL")));
        shipment.put("items", List.of(item("SKU-1", 1), item("SKU-2", 2)));
        shipment.put("address", address("Lyon", "FR"));
        shipment.put("billing", null);
        shipment.put("deliveredAt", null);
        shipment.put("anything", new Utf8("text"));
        shipment.put("currency", new Utf8("EUR"));
        assertThat(GenericData.get().validate(SHIPMENT, shipment)).as("a valid test record").isTrue();
        return shipment;
    }

    static GenericRecord item(String sku, int quantity) {
        GenericRecord item = new GenericData.Record(SHIPMENT.getField("items").schema().getElementType());
        item.put("sku", sku);
        item.put("quantity", quantity);
        return item;
    }

    static GenericRecord address(String city, String country) {
        GenericRecord address = new GenericData.Record(SHIPMENT.getField("address").schema());
        address.put("city", city);
        address.put("country", country);
        return address;
    }
}
