package dev.meshbone.contract.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Parses a contract schema and puts it in the one form the SDK registers and announces: without the Java-only
 * {@code avro.java.string} property that generated classes add, so a class's schema and its {@code .avsc} are the
 * same contract, and written by Avro ({@link Schema#toString()}) so equal schemas are equal text.
 */
public final class SchemaText {

    /** The property Avro's Java code generator adds to string types. */
    public static final String JAVA_STRING_PROPERTY = "avro.java.string";
    public static final ObjectMapper JSON = new ObjectMapper();

    private SchemaText() {
    }

    /**
     * A parsed contract schema and its canonical text.
     *
     * @param schema the parsed record schema
     * @param json   {@code schema.toString()}, what is registered
     */
    public record Parsed(Schema schema, String json) {
    }

    /** @throws IllegalArgumentException saying why the text is not an Avro record schema */
    public static Parsed parse(String json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage());
        }
        return parse(tree);
    }

    /** @throws IllegalArgumentException saying why the tree is not an Avro record schema */
    public static Parsed parse(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new IllegalArgumentException("is empty");
        }
        JsonNode stripped = strip(tree.deepCopy());
        Schema schema;
        try {
            schema = new Schema.Parser().parse(JSON.writeValueAsString(stripped));
        } catch (SchemaParseException | JsonProcessingException e) {
            throw new IllegalArgumentException("does not parse as an Avro schema: " + e.getMessage());
        } catch (RuntimeException e) {
            // Avro reports some problems (bad defaults, bad names) with other runtime exceptions.
            throw new IllegalArgumentException("does not parse as an Avro schema: " + e.getMessage());
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("must be an Avro record schema, is a " + schema.getType());
        }
        return new Parsed(schema, schema.toString());
    }

    private static JsonNode strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROPERTY);
            object.properties().forEach(entry -> entry.setValue(strip(entry.getValue())));
            // {"type": "string"} left bare by the stripping is just "string".
            if (object.size() == 1 && object.has("type") && object.get("type").isTextual()) {
                return object.get("type");
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strip(array.get(i)));
            }
        }
        return node;
    }
}
