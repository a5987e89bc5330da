package dev.meshbone.contract.pii;

import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.schemas.PiiTags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * What happens to the personal data of one schema on the public topic: the one answer the SDK warns about, governance
 * applies and the catalog shows. Decided once per schema, from its {@code "pii"} tags and the contract's protection
 * per category.
 *
 * <p>The rules:
 * <ul>
 *   <li>A tag covers everything inside its field. A string (nullable or not), or each string of an array or map of
 *       strings, gets the category's protection (MASK, HASH or ENCRYPT write a string; DROP replaces it).</li>
 *   <li>A tagged record (nullable or not, or the records of a tagged array or map) passes its tag to each of its
 *       fields that has no tag of its own (a field's own tag wins, {@code NONE} included); those fields follow these
 *       same rules.</li>
 *   <li>Anything else that is tagged (a number, boolean, enum, bytes, fixed, an array or map of those, a union of
 *       several types) cannot hold a token and is DROPped: replaced by null when the field is nullable, else by its
 *       default, else by the type's empty value (0, false, "", [], {}, the first enum symbol, empty bytes). A tagged
 *       field that has none of those (a required fixed without default) cannot be protected: a contract problem.</li>
 *   <li>A category the contract does not list is protected with {@link #DEFAULT_PROTECTION}.</li>
 * </ul>
 *
 * <p>And what governance scans for personal data the tags missed ({@link #scanPlan()}): every string that no category
 * covers by these rules, {@code "pii": "NONE"} included (NONE is the owner's belief; the scan exists because owners
 * are wrong). A field's {@code "pii.allow"} lists categories whose findings are ignored in the strings the field
 * itself holds (a string, or the strings of an array, map or union), not in the fields of a record inside it, which
 * declare their own; an allowance that covers no scanned string (on a tagged field, or on a record) is refused.
 * Immutable and thread-safe.
 */
public final class PersonalDataPolicy {

    /** Protection of a category the contract does not list. */
    public static final PiiProtection DEFAULT_PROTECTION = PiiProtection.HASH;

    private final RecordNode root;
    private final List<Decision> decisions;
    private final boolean encrypts;
    private final List<Refusal> refusals;
    private final ScanRecord scanRoot;
    private final List<Scanned> scanned;

    private PersonalDataPolicy(RecordNode root, List<Decision> decisions, List<Refusal> refusals, ScanRecord scanRoot,
                               List<Scanned> scanned) {
        this.root = root;
        this.decisions = List.copyOf(decisions);
        // Asked once per accepted record by governance: decided here, once per schema.
        this.encrypts = decisions.stream().anyMatch(d -> d.applied() == PiiProtection.ENCRYPT);
        this.refusals = List.copyOf(refusals);
        this.scanRoot = scanRoot;
        this.scanned = List.copyOf(scanned);
    }

    /**
     * The policy of a record schema.
     *
     * @param protections the contract's protection per category name (EMAIL, ...), as a descriptor holds it
     */
    public static PersonalDataPolicy of(Schema recordSchema, Map<String, PiiProtection> protections) {
        Builder b = new Builder(protections);
        Schema record = PiiTags.unwrapNullable(recordSchema);
        RecordNode root = b.record(record, "", null, new ArrayList<>());
        ScanRecord scanRoot = b.scanRecord(record, "", null, null, new ArrayList<>());
        return new PersonalDataPolicy(root, b.decisions, b.refusals, scanRoot, b.scanned);
    }

    /** {@link #of(Schema, Map)} for protections keyed by category. */
    public static PersonalDataPolicy ofCategories(Schema recordSchema, Map<PiiCategory, PiiProtection> protections) {
        Map<String, PiiProtection> byName = new HashMap<>();
        protections.forEach((category, protection) -> byName.put(category.name(), protection));
        return of(recordSchema, byName);
    }

    /** Every protected place of the schema, in declaration order, depth first. */
    public List<Decision> decisions() {
        return decisions;
    }

    /** The decision at a path ({@code customerEmail}, {@code shippingAddress.street}, {@code phones[]}). */
    public Optional<Decision> at(String path) {
        return decisions.stream().filter(d -> d.path().equals(path)).findFirst();
    }

    /** Whether any value is ENCRYPTed, so that records need their data subject's key. */
    public boolean encrypts() {
        return encrypts;
    }

    /**
     * What the contract cannot hold as declared: tagged fields that cannot be protected, allowances that cover no
     * scanned string. A contract with any is not valid.
     */
    public List<Refusal> refusals() {
        return refusals;
    }

    /** The plan governance walks per record: which field positions to protect, and how. */
    public RecordNode plan() {
        return root;
    }

    /** The plan governance scans per record: which strings may hold personal data no tag covers. */
    public ScanRecord scanPlan() {
        return scanRoot;
    }

    /** Every scanned place of the schema, in declaration order, depth first. */
    public List<Scanned> scanned() {
        return scanned;
    }

    /** The scanned place at a path ({@code notes}, {@code items[].note}, {@code tags[]}), if it is scanned. */
    public Optional<Scanned> scannedAt(String path) {
        return scanned.stream().filter(s -> s.path().equals(path)).findFirst();
    }

    /**
     * What is done at one place.
     *
     * @param path        the field path, {@code []} for array items, {@code {}} for map values
     * @param category    the category, from the field's tag or an enclosing field's
     * @param inherited   true when the tag is an enclosing record field's
     * @param declared    the contract's protection for the category
     * @param applied     what governance does: {@code declared}, or DROP where a token cannot be held
     * @param replacement for DROP, what the field becomes ("null", "its default", "0", ...); null otherwise
     */
    public record Decision(String path, PiiCategory category, boolean inherited, PiiProtection declared,
                           PiiProtection applied, String replacement) {
        /** True when the declared protection cannot be applied and the value is dropped instead. */
        public boolean fallsBackToDrop() {
            return applied == PiiProtection.DROP && declared != PiiProtection.DROP;
        }
    }

    /**
     * A tagged field that cannot be protected.
     *
     * @param path    the field path
     * @param message why, and what to change
     */
    public record Refusal(String path, String message) {
    }

    /**
     * The fields of a record that hold personal data, by position. A recursive type refers back to the node of the
     * same record under the same inherited tag, which is complete once the policy is built.
     */
    public static final class RecordNode {
        private final Supplier<List<FieldNode>> fields;
        private final boolean recursive;

        public RecordNode(List<FieldNode> fields) {
            List<FieldNode> copy = List.copyOf(fields);
            this.fields = () -> copy;
            this.recursive = false;
        }

        private RecordNode(Supplier<List<FieldNode>> enclosing) {
            this.fields = enclosing;
            this.recursive = true;
        }

        public List<FieldNode> fields() {
            return fields.get();
        }
    }

    /**
     * One field of a record and what is done to its value.
     *
     * @param pos       the field's position in its record
     * @param path      its path
     * @param treatment what is done
     */
    public record FieldNode(int pos, String path, Treatment treatment) {
    }

    /**
     * A string governance scans for personal data, because no category covers it.
     *
     * @param path          the field path, {@code []} for array items, {@code {}} for map values
     * @param allowed       the categories whose findings are ignored here: its field's {@code "pii.allow"}
     * @param notPersonalAt the path of the field whose {@code "pii": "NONE"} declares it not personal (its own field
     *                      or an enclosing record field); null when nothing declares it
     */
    public record Scanned(String path, Set<PiiCategory> allowed, String notPersonalAt) {
        public Scanned {
            // In declaration order of the categories, so that every view lists them alike.
            allowed = allowed.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(allowed));
        }

        /** True when the owner declared it not personal ({@code "pii": "NONE"} on it or around it). */
        public boolean declaredNotPersonal() {
            return notPersonalAt != null;
        }
    }

    /** The fields of a record that hold strings to scan, by position. */
    public record ScanRecord(List<ScanField> fields) {
        public ScanRecord {
            fields = List.copyOf(fields);
        }
    }

    /**
     * One field of a record that holds strings to scan.
     *
     * @param pos  the field's position in its record
     * @param scan where its strings are
     */
    public record ScanField(int pos, Scan scan) {
    }

    /** Where the strings to scan are in a value. */
    public sealed interface Scan {
        /** The value is a string to scan. */
        record Text(Scanned place) implements Scan {
        }

        /** Each item of an array, or each value of a map. */
        record Each(Scan item) implements Scan {
        }

        /** A record inside: its fields, one by one. */
        record Inside(ScanRecord record) implements Scan {
        }

        /** A union: the branch the value belongs to decides ({@code branches} in the union's order; null = none). */
        record Branches(Schema union, List<Scan> branches) implements Scan {
            public Scan branchFor(Object value) {
                return branches.get(GenericData.get().resolveUnion(union, value));
            }
        }

        /**
         * A record of a recursive type inside itself: planned the first time a value goes that deep, so that a plan
         * of a recursive type ends and a value of any depth is scanned.
         */
        record Recursive(Supplier<ScanRecord> record) implements Scan {
        }
    }

    /** What is done to a value. */
    public sealed interface Treatment {
        /**
         * The value (a string) becomes a token: MASK, HASH or ENCRYPT; {@code fallback} is what it becomes when no
         * token can be written (ENCRYPT in a record whose data subject is null, or without keys): DROP's replacement.
         */
        record Tokenize(PiiCategory category, PiiProtection protection, Drop fallback) implements Treatment {
        }

        /** The value is replaced; {@link #value()} gives a fresh replacement each call (containers are mutable). */
        record Drop(Supplier<Object> replacement) implements Treatment {
            public Object value() {
                return replacement.get();
            }
        }

        /** Each item of an array, or each value of a map, is treated the same way. */
        record Each(Treatment item) implements Treatment {
        }

        /** A record inside: its fields are treated one by one. */
        record Inside(RecordNode record) implements Treatment {
        }

        /** A union: the branch the value belongs to decides ({@code branches} in the union's order; null = none). */
        record Branches(Schema union, List<Treatment> branches) implements Treatment {
            public Treatment branchFor(Object value) {
                return branches.get(GenericData.get().resolveUnion(union, value));
            }
        }
    }

    private static final class Builder {
        private final Map<String, PiiProtection> protections;
        private final List<Decision> decisions = new ArrayList<>();
        private final List<Refusal> refusals = new ArrayList<>();
        private final List<Scanned> scanned = new ArrayList<>();
        /** Record plans by record and inherited tag: those being planned, and those done (for recursive types). */
        private final Set<String> planning = new HashSet<>();
        private final Map<String, RecordNode> planned = new HashMap<>();

        Builder(Map<String, PiiProtection> protections) {
            this.protections = protections;
        }

        RecordNode record(Schema record, String prefix, PiiCategory inheritedCategory, List<String> onPath) {
            // A recursive type: the same record under the same inherited tag is treated as its enclosing occurrence,
            // at every depth (that node is complete by the time a record is protected). Under another tag it is
            // planned once more, so its decisions and refusals are all known at declaration time.
            String state = record.getFullName() + "|" + inheritedCategory;
            if (planning.contains(state)) {
                return new RecordNode(() -> planned.get(state).fields());
            }
            planning.add(state);
            onPath.add(record.getFullName());
            List<FieldNode> nodes = new ArrayList<>();
            for (Schema.Field field : record.getFields()) {
                String path = prefix + field.name();
                String tag = field.getProp(PiiTags.PROPERTY);
                Optional<PiiCategory> category = categoryOf(field, inheritedCategory);
                Treatment t = category.map(c -> tagged(field, path, c, tag == null, onPath))
                        .orElseGet(() -> untagged(field.schema(), path, onPath));
                if (t != null) {
                    nodes.add(new FieldNode(field.pos(), path, t));
                }
            }
            onPath.remove(onPath.size() - 1);
            planning.remove(state);
            RecordNode node = new RecordNode(nodes);
            planned.put(state, node);
            return node;
        }

        /**
         * The category covering a field: its own tag's, else the enclosing tagged field's. A field's own tag wins,
         * NONE included; NONE and unknown tags are not personal (an unknown tag is a validation problem).
         */
        private static Optional<PiiCategory> categoryOf(Schema.Field field, PiiCategory inheritedCategory) {
            String tag = field.getProp(PiiTags.PROPERTY);
            if (tag == null) {
                return Optional.ofNullable(inheritedCategory);
            }
            return PiiTags.NOT_PERSONAL.equalsIgnoreCase(tag) ? Optional.empty() : PiiCategory.parse(tag);
        }

        /**
         * The strings of a record no category covers, by {@link #categoryOf} as {@link #record} decides: a covered
         * field's strings are protected or dropped, except those of records inside it, whose fields decide again.
         */
        ScanRecord scanRecord(Schema record, String prefix, PiiCategory inheritedCategory, String notPersonalAt,
                              List<String> onPath) {
            onPath.add(record.getFullName());
            List<ScanField> nodes = new ArrayList<>();
            for (Schema.Field field : record.getFields()) {
                String path = prefix + field.name();
                Optional<PiiCategory> category = categoryOf(field, inheritedCategory);
                String none = PiiTags.NOT_PERSONAL.equalsIgnoreCase(field.getProp(PiiTags.PROPERTY)) ? path
                        : notPersonalAt;
                int before = scanned.size();
                Scan scan = category.isPresent()
                        ? insideCovered(field.schema(), path, category.get(), onPath)
                        : uncovered(field.schema(), path, PiiTags.allowed(field), none, onPath);
                if (scan != null) {
                    nodes.add(new ScanField(field.pos(), scan));
                }
                if (field.getObjectProp(PiiTags.ALLOW_PROPERTY) != null
                        && scanned.subList(before, scanned.size()).stream().noneMatch(p -> isOwnString(p, path))) {
                    refusals.add(new Refusal(path, uselessAllowance(category)));
                }
            }
            onPath.remove(onPath.size() - 1);
            return new ScanRecord(nodes);
        }

        /** A field's own strings: its path, its items' or values' ({@code path[]}, {@code path{}}, nested). */
        private static boolean isOwnString(Scanned place, String fieldPath) {
            return place.path().startsWith(fieldPath) && !place.path().substring(fieldPath.length()).contains(".");
        }

        private static String uselessAllowance(Optional<PiiCategory> category) {
            return category.map(c -> "\"" + PiiTags.ALLOW_PROPERTY + "\" has no effect on a field covered by "
                            + "\"" + PiiTags.PROPERTY + "\": \"" + c + "\": its content is protected, not scanned. "
                            + "Remove it")
                    .orElse("\"" + PiiTags.ALLOW_PROPERTY + "\" covers only the strings the field itself holds (a "
                            + "string, or the strings of an array, map or union), not the fields of a record inside "
                            + "it: put it on those fields");
        }

        /** A record's scan, or, inside itself (a recursive type), one planned when a value goes that deep. */
        private Scan recordScan(Schema record, String prefix, PiiCategory inheritedCategory, String notPersonalAt,
                                List<String> onPath) {
            if (onPath.contains(record.getFullName())) {
                // A fresh builder: what it finds is what the outer level found, already listed and refused.
                Builder deeper = new Builder(protections);
                return new Scan.Recursive(once(() -> deeper.scanRecord(record, prefix, inheritedCategory,
                        notPersonalAt, new ArrayList<>())));
            }
            return inside(scanRecord(record, prefix, inheritedCategory, notPersonalAt, onPath));
        }

        /** A covered field: only the fields of records inside it can be uncovered (by their own NONE). */
        private Scan insideCovered(Schema schema, String path, PiiCategory category, List<String> onPath) {
            Schema value = PiiTags.unwrapNullable(schema);
            if (value.getType() == Schema.Type.RECORD) {
                return nullSafeScan(schema, recordScan(value, path + ".", category, null, onPath));
            }
            Schema element = elementOf(value);
            if (element != null && PiiTags.unwrapNullable(element).getType() == Schema.Type.RECORD) {
                Scan item = nullSafeScan(element, recordScan(PiiTags.unwrapNullable(element),
                        path + suffix(value) + ".", category, null, onPath));
                return item == null ? null : new Scan.Each(item);
            }
            return null; // protected, or dropped
        }

        /** No category covers it: every string inside is scanned, with the field's allowance. */
        private Scan uncovered(Schema schema, String path, Set<PiiCategory> allowed, String notPersonalAt,
                               List<String> onPath) {
            return switch (schema.getType()) {
                case STRING -> {
                    Scanned place = new Scanned(path, allowed, notPersonalAt);
                    scanned.add(place);
                    yield new Scan.Text(place);
                }
                // The fields of a record inside declare their own allowances.
                case RECORD -> recordScan(schema, path + ".", null, notPersonalAt, onPath);
                case ARRAY -> {
                    Scan item = uncovered(schema.getElementType(), path + "[]", allowed, notPersonalAt, onPath);
                    yield item == null ? null : new Scan.Each(item);
                }
                case MAP -> {
                    Scan value = uncovered(schema.getValueType(), path + "{}", allowed, notPersonalAt, onPath);
                    yield value == null ? null : new Scan.Each(value);
                }
                case UNION -> {
                    List<Scan> branches = schema.getTypes().stream()
                            .map(b -> uncovered(b, path, allowed, notPersonalAt, onPath)).toList();
                    yield branches.stream().allMatch(java.util.Objects::isNull) ? null
                            : new Scan.Branches(schema, branches);
                }
                default -> null;
            };
        }

        private static Scan inside(ScanRecord record) {
            return record.fields().isEmpty() ? null : new Scan.Inside(record);
        }

        /** Memoized: two threads racing compute the same plan, and either result is kept. */
        private static Supplier<ScanRecord> once(Supplier<ScanRecord> compute) {
            return new Supplier<>() {
                private volatile ScanRecord done;

                @Override
                public ScanRecord get() {
                    ScanRecord record = done;
                    if (record == null) {
                        record = compute.get();
                        done = record;
                    }
                    return record;
                }
            };
        }

        /** A nullable container stays null; the scan applies to its non-null branch. */
        private static Scan nullSafeScan(Schema schema, Scan scan) {
            if (scan == null || schema.getType() != Schema.Type.UNION) {
                return scan;
            }
            return new Scan.Branches(schema, schema.getTypes().stream()
                    .map(b -> b.getType() == Schema.Type.NULL ? null : scan).toList());
        }

        private Treatment tagged(Schema.Field field, String path, PiiCategory category, boolean inherited,
                                 List<String> onPath) {
            PiiProtection declared = protections.getOrDefault(category.name(), DEFAULT_PROTECTION);
            Schema value = PiiTags.unwrapNullable(field.schema());
            if (declared != PiiProtection.DROP) {
                if (value.getType() == Schema.Type.STRING) {
                    decide(path, category, inherited, declared, declared, null);
                    return new Treatment.Tokenize(category, declared,
                            new Treatment.Drop(replacement(field).orElseThrow().value()));
                }
                Schema element = elementOf(value);
                if (element != null && PiiTags.unwrapNullable(element).getType() == Schema.Type.STRING) {
                    decide(path + suffix(value), category, inherited, declared, declared, null);
                    // An item can be null only when its type allows it; else the empty string.
                    Treatment.Drop fallback = new Treatment.Drop(PiiTags.unwrapNullable(element) == element
                            ? () -> "" : () -> null);
                    return new Treatment.Each(nullSafe(element, new Treatment.Tokenize(category, declared,
                            fallback)));
                }
            }
            if (value.getType() == Schema.Type.RECORD) {
                return nullSafe(field.schema(), new Treatment.Inside(record(value, path + ".", category, onPath)));
            }
            Schema element = elementOf(value);
            if (element != null && PiiTags.unwrapNullable(element).getType() == Schema.Type.RECORD) {
                Schema inner = PiiTags.unwrapNullable(element);
                return new Treatment.Each(nullSafe(element,
                        new Treatment.Inside(record(inner, path + suffix(value) + ".", category, onPath))));
            }
            Optional<Replacement> replacement = replacement(field);
            if (replacement.isEmpty()) {
                refusals.add(new Refusal(path, "is tagged " + category + " but cannot be protected: MASK, HASH and "
                        + "ENCRYPT write strings, so a " + value.getType().getName() + " is DROPped, and a required "
                        + value.getType().getName() + " without a default has nothing to be replaced with. Make it "
                        + "nullable (with default null) or give it a default"));
                return null;
            }
            decide(path, category, inherited, declared, PiiProtection.DROP, replacement.get().description());
            return new Treatment.Drop(replacement.get().value());
        }

        /** Untagged: only what is inside can be personal (a nested record's own tags). */
        private Treatment untagged(Schema schema, String path, List<String> onPath) {
            return switch (schema.getType()) {
                case RECORD -> {
                    RecordNode inner = record(schema, path + ".", null, onPath);
                    yield !inner.recursive && inner.fields().isEmpty() ? null : new Treatment.Inside(inner);
                }
                case ARRAY -> {
                    Treatment item = untagged(schema.getElementType(), path + "[]", onPath);
                    yield item == null ? null : new Treatment.Each(item);
                }
                case MAP -> {
                    Treatment value = untagged(schema.getValueType(), path + "{}", onPath);
                    yield value == null ? null : new Treatment.Each(value);
                }
                case UNION -> {
                    List<Treatment> branches = schema.getTypes().stream().map(b -> untagged(b, path, onPath)).toList();
                    yield branches.stream().allMatch(java.util.Objects::isNull) ? null
                            : new Treatment.Branches(schema, branches);
                }
                default -> null;
            };
        }

        private void decide(String path, PiiCategory category, boolean inherited, PiiProtection declared,
                            PiiProtection applied, String replacement) {
            decisions.add(new Decision(path, category, inherited, declared, applied, replacement));
        }
    }

    /** A nullable container stays null; the treatment applies to its non-null branch. */
    private static Treatment nullSafe(Schema schema, Treatment treatment) {
        if (schema.getType() != Schema.Type.UNION) {
            return treatment;
        }
        return new Treatment.Branches(schema, schema.getTypes().stream()
                .map(b -> b.getType() == Schema.Type.NULL ? null : treatment).toList());
    }

    private static Schema elementOf(Schema value) {
        return switch (value.getType()) {
            case ARRAY -> value.getElementType();
            case MAP -> value.getValueType();
            default -> null;
        };
    }

    private static String suffix(Schema container) {
        return container.getType() == Schema.Type.ARRAY ? "[]" : "{}";
    }

    private record Replacement(String description, Supplier<Object> value) {
    }

    /** DROP: null where the schema allows it, else the field's default, else the type's empty value. */
    private static Optional<Replacement> replacement(Schema.Field field) {
        Schema schema = field.schema();
        if (schema.getType() == Schema.Type.NULL || (schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL))) {
            return Optional.of(new Replacement("null", () -> null));
        }
        if (field.hasDefaultValue() && field.defaultVal() != JsonProperties.NULL_VALUE) {
            Object defaultValue = GenericData.get().getDefaultValue(field);
            return Optional.of(new Replacement("its default value",
                    () -> GenericData.get().deepCopy(schema, defaultValue)));
        }
        return Optional.ofNullable(switch (schema.getType()) {
            case STRING -> new Replacement("an empty string", () -> "");
            case INT -> new Replacement("0", () -> 0);
            case LONG -> new Replacement("0", () -> 0L);
            case FLOAT -> new Replacement("0", () -> 0f);
            case DOUBLE -> new Replacement("0", () -> 0d);
            case BOOLEAN -> new Replacement("false", () -> false);
            case ARRAY -> new Replacement("an empty array", ArrayList::new);
            case MAP -> new Replacement("an empty map", HashMap::new);
            case ENUM -> new Replacement("the first symbol (" + schema.getEnumSymbols().get(0) + ")",
                    () -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0)));
            case BYTES -> new Replacement("empty bytes", () -> ByteBuffer.allocate(0));
            default -> null;
        });
    }
}
