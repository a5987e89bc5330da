package dev.meshbone.contract.odcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.Draft;
import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.contract.InvalidContractException;
import dev.meshbone.contract.schema.SchemaText;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.schemas.PiiTags;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Open Data Contract Standard (ODCS) v3 YAML contract into a {@link DataProduct} draft. ODCS field names
 * are used wherever ODCS has one; what ODCS lacks (the Avro schema file, compatibility, PII protection) lives in
 * {@code customProperties}. The mapping is documented in the module README. Problems carry their YAML path.
 */
public final class YamlContractReader {

    /** Schema-object custom property: the {@code .avsc} file, relative to the YAML file. */
    public static final String AVRO_SCHEMA = "avroSchema";
    /** Top-level custom property: the registry compatibility rule. */
    public static final String COMPATIBILITY = "compatibility";
    /** Top-level custom property: {@code {EMAIL: HASH, ...}}. */
    public static final String PII_PROTECTION = "piiProtection";
    /**
     * Schema-property custom property: {@code [IP_ADDRESS, ...]}, the categories governance's content scan ignores
     * on that field (the Avro field property {@code "pii.allow"}).
     */
    public static final String PII_ALLOW = "piiAllow";

    /**
     * Custom property of a schema property: the field identifies the data subject, its value is the kind
     * ({@code customer}); it becomes the field's {@code "pii.subject"} in the Avro schema.
     */
    public static final String DATA_SUBJECT = "dataSubject";
    /** The {@code quality[].engine} of rules the mesh enforces. */
    public static final String CEL_ENGINE = "cel";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The largest contract file read. */
    static final int MAX_BYTES = 1 << 20;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(\\.\\d+){0,2}([-+].*)?");
    private static final List<String> CONFIDENTIALITY = List.of("public", "internal", "confidential", "restricted",
            "sensitive", "secret");
    private static final Map<String, String> ALIASES = Map.of(
            "title", "name",
            "name", "dataProduct",
            "majorVersion", "version",
            "owner.team", "team.name",
            "owner.contact", "support[0]",
            "owner", "team",
            "slo.maxInterval", "slaProperties[frequency]",
            "slo.maxViolationRate", "slaProperties[errorRate]",
            "qualityRules", "quality",
            "schema", "schema[0]");

    private YamlContractReader() {
    }

    /** When nothing can be read, the rest of the checks would only add noise. */
    private static InvalidContractException fileProblem(Path file, String message) {
        return new InvalidContractException(file.getFileName().toString(), List.of(new Problem("(file)", message)));
    }

    /**
     * Reads a contract file. Content problems are in the draft, so they are reported with the model's.
     *
     * @throws InvalidContractException when the file cannot be read or is not YAML
     */
    public static Draft read(Path file) {
        List<Problem> problems = new ArrayList<>();
        DataProduct.Builder builder;
        JsonNode root;
        try {
            root = YAML.readTree(readBounded(file));
        } catch (JsonProcessingException e) {
            throw fileProblem(file, "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw fileProblem(file, "cannot be read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw fileProblem(file, "is not an ODCS data contract (a YAML mapping)");
        }
        Reader r = new Reader(root, file, problems);
        builder = r.read();
        return new Draft(builder, problems, file.getFileName() + " (" + text(root, "domain") + "."
                + text(root, "dataProduct") + ")", ALIASES);
    }

    /**
     * The file as UTF-8, refused beyond {@link #MAX_BYTES}: SnakeYAML scans a long scalar in time quadratic in its
     * length (minutes for a few MB), and a contract is a few KB. Read bounded, so a device or pipe cannot hang it.
     */
    private static String readBounded(Path file) throws IOException {
        byte[] bytes = readAtMost(file);
        if (bytes.length > MAX_BYTES) {
            throw fileProblem(file, "is larger than " + (MAX_BYTES >> 20) + " MB: not a data contract");
        }
        return utf8(bytes);
    }

    /** At most {@link #MAX_BYTES} + 1 bytes of the file: more than {@code MAX_BYTES} means it is too large. */
    private static byte[] readAtMost(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    /** Refuses invalid UTF-8 (MalformedInputException), as Files.readString does. */
    private static String utf8(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /** One reading; collects problems as it goes. */
    private static final class Reader {
        private final JsonNode root;
        private final Path file;
        private final List<Problem> problems;

        Reader(JsonNode root, Path file, List<Problem> problems) {
            this.root = root;
            this.file = file;
            this.problems = problems;
        }

        DataProduct.Builder read() {
            String apiVersion = text(root, "apiVersion");
            if (apiVersion == null) {
                problem("apiVersion", "is required, e.g. v3.1.0");
            } else if (!apiVersion.startsWith("v3.")) {
                problem("apiVersion", "'" + apiVersion + "' is not supported: use an ODCS v3 contract (v3.0.x, v3.1.0)");
            }
            String kind = text(root, "kind");
            if (kind != null && !kind.equals("DataContract")) {
                problem("kind", "must be DataContract, was '" + kind + "'");
            }
            DataProduct.Builder b = DataProduct.builder(text(root, "domain"), text(root, "dataProduct"))
                    .title(text(root, "name"));
            readVersion(b);
            readStatus(b);
            b.description(description(root.get("description")));
            readTags(b);
            b.owner(team(), contact());
            readSchema(b);
            readQuality(root.get("quality"), "quality", b);
            readSla(b);
            readCustomProperties(b);
            return b;
        }

        private void readVersion(DataProduct.Builder b) {
            String version = text(root, "version");
            if (version == null) {
                problem("version", "is required, e.g. 1.0.0 (its major number is the product's major version)");
                return;
            }
            Matcher m = VERSION.matcher(version.trim());
            if (!m.matches()) {
                problem("version", "'" + version + "' is not a version such as 1.2.0");
                return;
            }
            try {
                b.majorVersion(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                problem("version", "'" + version + "' has a major version too large (at most " + Integer.MAX_VALUE
                        + ")");
            }
        }

        private void readStatus(DataProduct.Builder b) {
            String status = text(root, "status");
            if (status == null) {
                return; // ACTIVE
            }
            switch (status.trim().toLowerCase(Locale.ROOT)) {
                case "active" -> b.status(ProductStatus.ACTIVE);
                case "deprecated" -> b.status(ProductStatus.DEPRECATED);
                case "retired" -> b.status(ProductStatus.RETIRED);
                default -> problem("status", "'" + status + "' cannot be published: use active, deprecated or retired");
            }
        }

        private String description(JsonNode node) {
            if (node == null || node.isNull()) {
                return "";
            }
            if (node.isTextual()) {
                return node.asText().trim();
            }
            if (!node.isObject()) {
                problem("description", "must be an object with purpose, limitations and usage");
                return "";
            }
            StringBuilder out = new StringBuilder();
            appendParagraph(out, null, node.get("purpose"));
            appendParagraph(out, "Limitations: ", node.get("limitations"));
            appendParagraph(out, "Usage: ", node.get("usage"));
            return out.toString();
        }

        private static void appendParagraph(StringBuilder out, String label, JsonNode value) {
            if (value == null || value.isNull() || value.asText().isBlank()) {
                return;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(label == null ? "" : label).append(value.asText().trim());
        }

        private void readTags(DataProduct.Builder b) {
            JsonNode tags = root.get("tags");
            if (tags == null || tags.isNull()) {
                return;
            }
            if (!tags.isArray()) {
                problem("tags", "must be a list");
                return;
            }
            tags.forEach(t -> b.tags(t.asText()));
        }

        private String team() {
            JsonNode team = root.get("team");
            if (team == null || team.isNull()) {
                return null; // reported by the builder as team
            }
            if (team.isArray()) {
                problem("team", "the ODCS v3.0 list names people, not the owning team: use the v3.1 form "
                        + "team: {name: <team>, members: [...]}");
                return "";
            }
            String name = text(team, "name");
            return name == null ? null : name.trim();
        }

        private String contact() {
            JsonNode support = root.get("support");
            if (support == null || !support.isArray() || support.isEmpty()) {
                return null; // reported by the builder as support[0]
            }
            JsonNode first = support.get(0);
            String url = text(first, "url");
            if (url != null && !url.isBlank()) {
                return url.startsWith("mailto:") ? url.substring("mailto:".length()) : url.trim();
            }
            return text(first, "channel");
        }

        private void readSchema(DataProduct.Builder b) {
            JsonNode schemas = root.get("schema");
            if (schemas == null || !schemas.isArray() || schemas.isEmpty()) {
                problem("schema", "is required: one schema object whose customProperties name the Avro schema ("
                        + "property: " + AVRO_SCHEMA + ", value: orders.avsc)");
                return;
            }
            if (schemas.size() > 1) {
                problem("schema", "has " + schemas.size() + " objects; a data product publishes one record type");
            }
            JsonNode object = schemas.get(0);
            readQuality(object.get("quality"), "schema[0].quality", b);
            Optional<String> avsc = customProperty(object, AVRO_SCHEMA, "schema[0].customProperties");
            if (avsc.isEmpty()) {
                problem("schema[0].customProperties", "must name the Avro schema: {property: " + AVRO_SCHEMA
                        + ", value: <path to the .avsc, relative to this file>}");
                return;
            }
            Path avscFile;
            try {
                avscFile = file.toAbsolutePath().getParent().resolve(avsc.get()).normalize();
            } catch (InvalidPathException e) {
                problem("schema[0].customProperties." + AVRO_SCHEMA, "is not a file path: " + e.getReason());
                return;
            }
            JsonNode avro;
            try {
                // Bounded like the contract itself: a path to a device or a pipe must not hang or exhaust the reader.
                byte[] bytes = readAtMost(avscFile);
                if (bytes.length > MAX_BYTES) {
                    problem("schema[0].customProperties." + AVRO_SCHEMA, "cannot read " + avscFile + ": larger than "
                            + (MAX_BYTES >> 20) + " MB, not an Avro schema");
                    return;
                }
                avro = SchemaText.JSON.readTree(utf8(bytes));
            } catch (IOException e) {
                problem("schema[0].customProperties." + AVRO_SCHEMA, "cannot read " + avscFile + ": "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString()));
                return;
            }
            JsonNode properties = object.get("properties");
            if (properties != null && properties.isArray() && avro.isObject()) {
                Map<String, ObjectNode> records = new HashMap<>();
                indexRecords(avro, null, records);
                applyClassifications(properties, (ObjectNode) avro, "schema[0].properties", records);
            }
            b.schema(avro.toString());
        }

        /** Named records by full and simple name, so a field typed by a name can be followed. */
        private static void indexRecords(JsonNode node, String namespace, Map<String, ObjectNode> out) {
            if (node instanceof ObjectNode object) {
                String ns = object.hasNonNull("namespace") ? object.get("namespace").asText() : namespace;
                if ("record".equals(text(object, "type")) && object.hasNonNull("name")) {
                    String name = object.get("name").asText();
                    out.put(name, object);
                    out.put(name.contains(".") || ns == null ? name : ns + "." + name, object);
                }
                object.properties().forEach(e -> indexRecords(e.getValue(), ns, out));
            } else if (node != null && node.isArray()) {
                node.forEach(n -> indexRecords(n, namespace, out));
            }
        }

        private void applyClassifications(JsonNode properties, ObjectNode record, String at,
                                          Map<String, ObjectNode> records) {
            for (int i = 0; i < properties.size(); i++) {
                JsonNode property = properties.get(i);
                String here = at + "[" + i + "]";
                String name = text(property, "name");
                if (name == null) {
                    problem(here + ".name", "is required: the Avro field it describes");
                    continue;
                }
                ObjectNode field = findField(record, name);
                if (field == null) {
                    problem(here + ".name", "'" + name + "' is not a field of the Avro record "
                            + text(record, "name") + " (its fields: " + fieldNames(record) + ")");
                    continue;
                }
                String classification = text(property, "classification");
                if (classification != null) {
                    classify(field, classification.trim(), here + ".classification");
                }
                JsonNode allow = customPropertyNode(property, PII_ALLOW);
                if (allow != null) {
                    allow(field, allow, here + ".customProperties." + PII_ALLOW);
                }
                customProperty(property, DATA_SUBJECT, here + ".customProperties")
                        .ifPresent(kind -> markSubject(field, kind.trim(), here + ".customProperties." + DATA_SUBJECT));
                JsonNode nested = property.get("properties");
                JsonNode items = property.get("items");
                if ((nested == null || !nested.isArray()) && items != null && items.isObject()) {
                    nested = items.get("properties");
                }
                if (nested != null && nested.isArray()) {
                    ObjectNode nestedRecord = recordOf(field.get("type"), records);
                    if (nestedRecord == null) {
                        problem(here + ".properties", "'" + name + "' is not a record (or an array or map of "
                                + "records) in the Avro schema, so it has no properties");
                    } else {
                        applyClassifications(nested, nestedRecord, here + ".properties", records);
                    }
                }
            }
        }

        private void classify(ObjectNode field, String classification, String at) {
            String upper = classification.toUpperCase(Locale.ROOT);
            boolean personal = PiiCategory.parse(classification).isPresent();
            if (!personal && !upper.equals(PiiTags.NOT_PERSONAL)) {
                if (!CONFIDENTIALITY.contains(classification.toLowerCase(Locale.ROOT))) {
                    problem(at, "'" + classification + "' is neither a PII category (" + categories() + "), NONE, "
                            + "nor a confidentiality level (" + String.join(", ", CONFIDENTIALITY) + ")");
                }
                return;
            }
            String existing = text(field, PiiTags.PROPERTY);
            if (existing != null && !existing.equalsIgnoreCase(upper)) {
                problem(at, upper + " contradicts the Avro schema's tag \"" + PiiTags.PROPERTY + "\": \"" + existing
                        + "\" on " + text(field, "name"));
                return;
            }
            field.put(PiiTags.PROPERTY, upper);
        }

        /** Copies a field's {@value #PII_ALLOW} onto its Avro field as {@code "pii.allow"}, upper case. */
        private void allow(ObjectNode field, JsonNode allow, String at) {
            if (!allow.isArray() || allow.isEmpty()) {
                problem(at, "must be a list of PII categories, e.g. [IP_ADDRESS]");
                return;
            }
            ArrayNode categories = YAML.createArrayNode();
            for (JsonNode name : allow) {
                Optional<PiiCategory> category = name.isTextual() ? PiiCategory.parse(name.asText().trim())
                        : Optional.empty();
                if (category.isEmpty()) {
                    problem(at, "'" + name.asText() + "' is not a PII category: " + categories());
                    return;
                }
                categories.add(category.get().name());
            }
            JsonNode existing = field.get(PiiTags.ALLOW_PROPERTY);
            if (existing != null && !categorySet(existing).equals(categorySet(categories))) {
                problem(at, categories + " contradicts the Avro schema's \"" + PiiTags.ALLOW_PROPERTY + "\": "
                        + existing + " on " + text(field, "name"));
                return;
            }
            field.set(PiiTags.ALLOW_PROPERTY, categories);
        }

        private static java.util.Set<String> categorySet(JsonNode names) {
            java.util.Set<String> set = new java.util.TreeSet<>();
            names.forEach(n -> set.add(n.asText().trim().toUpperCase(Locale.ROOT)));
            return set;
        }

        /** The kind itself is checked with the schema (ContractCheck), wherever the mark comes from. */
        private void markSubject(ObjectNode field, String kind, String at) {
            String existing = text(field, PiiTags.SUBJECT_PROPERTY);
            if (existing != null && !existing.equals(kind)) {
                problem(at, kind + " contradicts the Avro schema's \"" + PiiTags.SUBJECT_PROPERTY + "\": \""
                        + existing + "\" on " + text(field, "name"));
                return;
            }
            field.put(PiiTags.SUBJECT_PROPERTY, kind);
        }

        private static ObjectNode findField(ObjectNode record, String name) {
            JsonNode fields = record.get("fields");
            if (fields == null || !fields.isArray()) {
                return null;
            }
            for (JsonNode f : fields) {
                if (f instanceof ObjectNode o && name.equals(text(o, "name"))) {
                    return o;
                }
            }
            return null;
        }

        private static String fieldNames(ObjectNode record) {
            List<String> names = new ArrayList<>();
            JsonNode fields = record.get("fields");
            if (fields != null) {
                fields.forEach(f -> names.add(text(f, "name")));
            }
            return String.join(", ", names);
        }

        /** The record a field's type holds: itself, a nullable union's branch, array items or map values. */
        private static ObjectNode recordOf(JsonNode type, Map<String, ObjectNode> records) {
            if (type == null) {
                return null;
            }
            if (type.isTextual()) {
                return records.get(type.asText());
            }
            if (type.isArray()) {
                ObjectNode found = null;
                for (JsonNode branch : type) {
                    ObjectNode r = recordOf(branch, records);
                    if (r != null) {
                        if (found != null) {
                            return null; // several record branches: ambiguous
                        }
                        found = r;
                    }
                }
                return found;
            }
            String kind = text(type, "type");
            if ("record".equals(kind)) {
                return (ObjectNode) type;
            }
            if ("array".equals(kind)) {
                return recordOf(type.get("items"), records);
            }
            if ("map".equals(kind)) {
                return recordOf(type.get("values"), records);
            }
            return null;
        }

        private void readQuality(JsonNode quality, String at, DataProduct.Builder b) {
            if (quality == null || quality.isNull()) {
                return;
            }
            if (!quality.isArray()) {
                problem(at, "must be a list");
                return;
            }
            for (int i = 0; i < quality.size(); i++) {
                JsonNode rule = quality.get(i);
                String here = at + "[" + i + "]";
                // text, library and sql rules, and other engines' custom rules, are for other tools.
                if (!"custom".equalsIgnoreCase(text(rule, "type")) || !CEL_ENGINE.equalsIgnoreCase(text(rule, "engine"))) {
                    continue;
                }
                String id = text(rule, "id") != null ? text(rule, "id") : text(rule, "name");
                if (id == null) {
                    problem(here + ".name", "is required: the rule's stable id, e.g. positive-total");
                    continue;
                }
                RuleAction action = RuleAction.QUARANTINE;
                String severity = text(rule, "severity");
                if (severity != null) {
                    switch (severity.trim().toLowerCase(Locale.ROOT)) {
                        case "error", "critical", "high", "blocker" -> action = RuleAction.QUARANTINE;
                        case "warning", "warn", "info", "low", "medium" -> action = RuleAction.WARN;
                        default -> problem(here + ".severity", "'" + severity + "' is not a severity: error "
                                + "(QUARANTINE) or warning (WARN)");
                    }
                }
                b.qualityRule(new DataProduct.QualityRule(id, text(rule, "description"), text(rule, "implementation"),
                        action));
            }
        }

        private void readSla(DataProduct.Builder b) {
            JsonNode sla = root.get("slaProperties");
            if (sla == null || sla.isNull()) {
                return;
            }
            if (!sla.isArray()) {
                problem("slaProperties", "must be a list");
                return;
            }
            for (int i = 0; i < sla.size(); i++) {
                JsonNode p = sla.get(i);
                String here = "slaProperties[" + i + "]";
                String property = text(p, "property");
                if (property == null) {
                    continue;
                }
                JsonNode value = p.get("value");
                String unit = text(p, "unit");
                switch (property.trim().toLowerCase(Locale.ROOT)) {
                    case "frequency", "fy" -> {
                        if (value == null || !value.isNumber()) {
                            problem(here + ".value", "must be a number (the longest time between two records)");
                        } else {
                            duration(value.asDouble(), unit, here + ".unit").ifPresent(b::maxInterval);
                        }
                    }
                    case "errorrate", "er" -> {
                        if (value == null || !value.isNumber()) {
                            problem(here + ".value", "must be a number (the highest share of quarantined records)");
                        } else if (unit == null || unit.equalsIgnoreCase("ratio")) {
                            b.maxViolationRate(value.asDouble());
                        } else if (unit.equalsIgnoreCase("percent") || unit.equals("%")) {
                            b.maxViolationRate(value.asDouble() / 100.0);
                        } else {
                            problem(here + ".unit", "'" + unit + "' is not a unit of a rate: percent, or none for a "
                                    + "share between 0 and 1");
                        }
                    }
                    default -> {
                        // availability, retention, latency, ...: promises the mesh does not measure.
                    }
                }
            }
        }

        private Optional<Duration> duration(double value, String unit, String at) {
            if (unit == null) {
                problem(at, "is required for frequency: ms, s, m, h or d");
                return Optional.empty();
            }
            double millis = switch (unit.trim().toLowerCase(Locale.ROOT)) {
                case "ms", "millisecond", "milliseconds" -> value;
                case "s", "sec", "second", "seconds" -> value * 1_000;
                case "m", "min", "minute", "minutes" -> value * 60_000;
                case "h", "hr", "hour", "hours" -> value * 3_600_000;
                case "d", "day", "days" -> value * 86_400_000;
                default -> Double.NaN;
            };
            if (Double.isNaN(millis)) {
                problem(at, "'" + unit + "' is not a time unit: ms, s, m, h or d");
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(millis)));
        }

        private void readCustomProperties(DataProduct.Builder b) {
            customProperty(root, COMPATIBILITY, "customProperties").ifPresent(value -> {
                try {
                    b.compatibility(CompatibilityMode.valueOf(value.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problem("customProperties." + COMPATIBILITY, "'" + value + "' is not a compatibility mode: "
                            + List.of(CompatibilityMode.values()));
                }
            });
            JsonNode protection = customPropertyNode(root, PII_PROTECTION);
            if (protection == null) {
                return;
            }
            if (!protection.isObject()) {
                problem("customProperties." + PII_PROTECTION, "must be a mapping such as {EMAIL: HASH, PHONE: MASK}");
                return;
            }
            protection.properties().forEach(e -> {
                String at = "customProperties." + PII_PROTECTION + "." + e.getKey();
                Optional<PiiCategory> category = PiiCategory.parse(e.getKey());
                PiiProtection p = null;
                try {
                    p = PiiProtection.valueOf(e.getValue().asText().trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    problem(at, "'" + e.getValue().asText() + "' is not a protection: MASK, HASH, ENCRYPT or DROP");
                }
                if (category.isEmpty()) {
                    problem(at, "'" + e.getKey() + "' is not a PII category: " + categories());
                } else if (p != null) {
                    b.protect(category.get(), p);
                }
            });
        }

        private Optional<String> customProperty(JsonNode node, String property, String at) {
            JsonNode value = customPropertyNode(node, property);
            if (value == null) {
                return Optional.empty();
            }
            if (!value.isValueNode()) {
                problem(at + "." + property, "must be a single value");
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        private static JsonNode customPropertyNode(JsonNode node, String property) {
            JsonNode custom = node.get("customProperties");
            if (custom == null || !custom.isArray()) {
                return null;
            }
            for (JsonNode entry : custom) {
                if (property.equals(text(entry, "property"))) {
                    JsonNode value = entry.get("value");
                    return value == null || value.isNull() ? null : value;
                }
            }
            return null;
        }

        private static String categories() {
            return String.join(", ", java.util.Arrays.stream(PiiCategory.values()).map(Enum::name).toList());
        }

        private void problem(String field, String message) {
            problems.add(new Problem(field, message));
        }
    }
}
