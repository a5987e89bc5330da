package dev.meshbone.governance.record;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.PersonalDataPolicy.Scan;
import dev.meshbone.contract.pii.PersonalDataPolicy.ScanField;
import dev.meshbone.contract.pii.PersonalDataPolicy.ScanRecord;
import dev.meshbone.contract.pii.PersonalDataPolicy.Treatment;
import dev.meshbone.governance.pii.PiiDetectors;
import dev.meshbone.governance.pii.UntaggedPii;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;

/**
 * What governance does to the bytes of one writer schema's records, compiled once: which strings to scan for
 * personal data no tag covers, which top-level fields the quality rules (and the data subject) read, which values
 * to protect. {@link #walk} runs it over a record's Avro binary in place, validating every byte as Avro's decoder
 * would, building no object for what needs none; {@link RecordWalk#protect} then copies the untouched byte ranges
 * and re-encodes only the protected values. Without a policy and fields it is the envelope's validator.
 * Thread-safe: ops are built lazily (records of recursive types only as deep as values go), under a lock.
 */
public final class RecordProgram {

    /** Magic byte and global id in front of the Avro binary. */
    static final int HEADER = 5;

    private final Schema writer;
    private final PersonalDataPolicy policy;
    private final RecordOp root;
    private final boolean wholeRecord;
    private final Map<Key, Op> ops = new HashMap<>();
    private final GenericDatumReader<Object> wholeReader;
    private final GenericDatumWriter<Object> wholeWriter;
    private final GenericDatumReader<Object>[] fieldReaders;

    @SuppressWarnings("unchecked")
    private RecordProgram(Schema writer, PersonalDataPolicy policy, Optional<Set<String>> fieldsRead) {
        this.writer = writer;
        this.policy = policy;
        this.wholeRecord = fieldsRead.isEmpty();
        boolean[] capture = new boolean[writer.getFields().size()];
        fieldsRead.ifPresent(names -> names.forEach(name -> {
            Schema.Field field = writer.getField(name);
            if (field != null) {
                capture[field.pos()] = true; // a field the writer lacks reads as its contract default
            }
        }));
        this.root = new RecordOp(this, writer, policy == null ? null : policy.scanPlan(),
                policy == null ? null : policy.plan(), capture);
        // Built up front: every stream thread reads them per record, without a lock.
        this.wholeReader = new GenericDatumReader<>(writer);
        this.wholeWriter = new GenericDatumWriter<>(writer);
        this.fieldReaders = new GenericDatumReader[capture.length];
        for (Schema.Field field : writer.getFields()) {
            if (capture[field.pos()]) {
                fieldReaders[field.pos()] = new GenericDatumReader<>(field.schema());
            }
        }
    }

    /**
     * The program of a writer schema under a contract.
     *
     * @param policy     the contract's personal-data policy for this writer schema
     * @param fieldsRead the top-level fields the rules and the data subject read; empty for every field
     */
    public static RecordProgram compile(Schema writer, PersonalDataPolicy policy, Optional<Set<String>> fieldsRead) {
        return new RecordProgram(writer, policy, fieldsRead);
    }

    /** Only validates: what the envelope runs before any contract is known. */
    public static RecordProgram validator(Schema writer) {
        return new RecordProgram(writer, null, Optional.of(Set.of()));
    }

    public Schema writer() {
        return writer;
    }

    /** The policy protection follows; null for a validator. */
    public PersonalDataPolicy policy() {
        return policy;
    }

    /** True when the rules may read any field, so {@link RecordWalk#view()} decodes the whole record. */
    boolean wholeRecord() {
        return wholeRecord;
    }

    /**
     * Walks a framed record (magic byte, global id, Avro binary): scans, notes the values to protect and the fields
     * to read, and checks that the bytes are exactly one record.
     *
     * @throws MalformedRecordException when they are not
     */
    public RecordWalk walk(byte[] framed) {
        AvroCursor in = new AvroCursor(framed, HEADER, framed.length);
        RecordWalk walk = new RecordWalk(this, framed);
        root.walk(in, walk);
        if (in.pos != in.end) {
            throw new MalformedRecordException((in.end - in.pos) + " bytes left over after a complete "
                    + writer.getFullName() + " record");
        }
        return walk;
    }

    /** Decodes a whole record (rules that may read any field; the plain protection path). */
    GenericDatumReader<Object> wholeReader() {
        return wholeReader;
    }

    GenericDatumWriter<Object> wholeWriter() {
        return wholeWriter;
    }

    /** Decodes the value of a top-level field the program reads; null for the others. */
    GenericDatumReader<Object> fieldReader(int pos) {
        return fieldReaders[pos];
    }

    /** The op of a value: memoized by schema and plan nodes, so recursive types close into loops. */
    synchronized Op op(Schema schema, Scan scan, Treatment treatment) {
        if (scan instanceof Scan.Recursive recursive) {
            scan = recursive.record().get().fields().isEmpty() ? null : new Scan.Inside(recursive.record().get());
        }
        if (treatment instanceof Treatment.Tokenize || treatment instanceof Treatment.Drop) {
            return new EditOp(this, schema, treatment); // the whole value is replaced: nothing inside to scan
        }
        Key key = new Key(schema, scan, treatment);
        Op op = ops.get(key);
        if (op == null) {
            op = build(schema, scan, treatment);
            ops.put(key, op);
        }
        return op;
    }

    private Op build(Schema schema, Scan scan, Treatment treatment) {
        return switch (schema.getType()) {
            case RECORD -> new RecordOp(this, schema,
                    scan instanceof Scan.Inside inside ? inside.record() : null,
                    treatment instanceof Treatment.Inside inside ? inside.record() : null, null);
            case ARRAY -> new ContainerOp(op(schema.getElementType(), eachScan(scan), eachTreatment(treatment)), false);
            case MAP -> new ContainerOp(op(schema.getValueType(), eachScan(scan), eachTreatment(treatment)), true);
            case UNION -> unionOp(schema, scan, treatment);
            case STRING -> scan instanceof Scan.Text text ? new TextOp(text.place()) : Skip.of(schema);
            default -> Skip.of(schema);
        };
    }

    private static Scan eachScan(Scan scan) {
        return scan instanceof Scan.Each each ? each.item() : null;
    }

    private static Treatment eachTreatment(Treatment treatment) {
        return treatment instanceof Treatment.Each each ? each.item() : null;
    }

    /**
     * A union's branches: as the plan's branches say, or, for a plan of the non-null branch of a nullable value (a
     * tagged nullable array, say), that plan on every branch but null.
     */
    private Op unionOp(Schema union, Scan scan, Treatment treatment) {
        List<Schema> types = union.getTypes();
        Op[] branches = new Op[types.size()];
        for (int i = 0; i < branches.length; i++) {
            Schema branch = types.get(i);
            Scan s = scan instanceof Scan.Branches b ? b.branches().get(i)
                    : branch.getType() == Schema.Type.NULL ? null : scan;
            Treatment t = treatment instanceof Treatment.Branches b ? b.branches().get(i)
                    : branch.getType() == Schema.Type.NULL ? null : treatment;
            // A branch replaced whole is an edit of the union, index included: its replacement may be null.
            branches[i] = t instanceof Treatment.Tokenize || t instanceof Treatment.Drop
                    ? new EditOp(this, union, t) : op(branch, s, t);
        }
        return new UnionOp(branches);
    }

    /** Identity of schema and plan nodes: plans of recursive types are graphs. */
    private record Key(Schema schema, Scan scan, Treatment treatment) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.schema == schema && k.scan == scan && k.treatment == treatment;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema) * 31 * 31 + System.identityHashCode(scan) * 31
                    + System.identityHashCode(treatment);
        }
    }

    /** One value's walk. */
    interface Op {
        void walk(AvroCursor in, RecordWalk walk);
    }

    /** A record's fields in order; the root also notes where the fields the rules read are. */
    static final class RecordOp implements Op {
        private final RecordProgram program;
        private final Schema schema;
        private final ScanRecord scan;
        private final PersonalDataPolicy.RecordNode plan;
        private final boolean[] capture;
        private volatile Op[] fields;

        RecordOp(RecordProgram program, Schema schema, ScanRecord scan, PersonalDataPolicy.RecordNode plan,
                 boolean[] capture) {
            this.program = program;
            this.schema = schema;
            this.scan = scan;
            this.plan = plan;
            this.capture = capture;
        }

        @Override
        public void walk(AvroCursor in, RecordWalk walk) {
            if (++in.depth > AvroCursor.MAX_DEPTH) {
                throw new MalformedRecordException("the record nests records more than " + AvroCursor.MAX_DEPTH
                        + " deep at byte " + in.pos);
            }
            Op[] f = fields;
            if (f == null) {
                f = fields();
            }
            for (int i = 0; i < f.length; i++) {
                if (capture != null && capture[i]) {
                    int start = in.pos;
                    f[i].walk(in, walk);
                    walk.read(i, start, in.pos);
                } else {
                    f[i].walk(in, walk);
                }
            }
            in.depth--;
        }

        private Op[] fields() {
            synchronized (program) {
                if (fields == null) {
                    List<Schema.Field> all = schema.getFields();
                    Scan[] scans = new Scan[all.size()];
                    Treatment[] treatments = new Treatment[all.size()];
                    if (scan != null) {
                        for (ScanField f : scan.fields()) {
                            scans[f.pos()] = f.scan();
                        }
                    }
                    if (plan != null) {
                        for (PersonalDataPolicy.FieldNode f : plan.fields()) {
                            treatments[f.pos()] = f.treatment();
                        }
                    }
                    Op[] built = new Op[all.size()];
                    for (Schema.Field field : all) {
                        built[field.pos()] = program.op(field.schema(), scans[field.pos()], treatments[field.pos()]);
                    }
                    fields = built;
                }
                return fields;
            }
        }
    }

    /** Array items or map values, block by block (map keys are skipped). */
    record ContainerOp(Op item, boolean map) implements Op {
        @Override
        public void walk(AvroCursor in, RecordWalk walk) {
            for (long count = in.readLong(); count != 0; count = in.readLong()) {
                if (count < 0) {
                    if (count == Long.MIN_VALUE) {
                        // It has no positive count: Avro's reader takes it for the end, we would read on.
                        throw new MalformedRecordException("a block count of " + count + " at byte " + in.pos);
                    }
                    count = -count;
                    in.readLong(); // the block's size in bytes
                    walk.sizedBlock();
                }
                for (long i = 0; i < count; i++) {
                    if (map) {
                        in.skip(in.readLength());
                    }
                    item.walk(in, walk);
                }
            }
        }
    }

    record UnionOp(Op[] branches) implements Op {
        @Override
        public void walk(AvroCursor in, RecordWalk walk) {
            int start = in.pos;
            Op branch = branches[in.readIndex(branches.length, "union")];
            if (branch instanceof EditOp) {
                in.pos = start; // the edit spans the index too
            }
            branch.walk(in, walk);
        }
    }

    /** A string no tag covers: scanned on its UTF-8 bytes until a first finding. */
    record TextOp(PersonalDataPolicy.Scanned place) implements Op {
        @Override
        public void walk(AvroCursor in, RecordWalk walk) {
            int length = in.readLength();
            if (!walk.found()) {
                PiiDetectors.scanUtf8(in.bytes, in.pos, length, place.allowed())
                        .ifPresent(f -> walk.found(new UntaggedPii(place.path(), f, place.notPersonalAt())));
            }
            in.pos += length;
        }
    }

    /** A value to protect, replaced whole (for a union, index included); a null one stays null. */
    static final class EditOp implements Op {
        final RecordProgram program;
        final Schema schema;
        final Treatment treatment;
        final GenericDatumWriter<Object> writer;
        private final Op skip;
        private final boolean[] nullBranch;
        private volatile byte[] dropped;

        EditOp(RecordProgram program, Schema schema, Treatment treatment) {
            this.program = program;
            this.schema = schema;
            this.treatment = treatment;
            this.writer = new GenericDatumWriter<>(schema);
            this.skip = program.op(schema, null, null);
            if (schema.getType() == Schema.Type.UNION) {
                List<Schema> types = schema.getTypes();
                nullBranch = new boolean[types.size()];
                for (int i = 0; i < nullBranch.length; i++) {
                    nullBranch[i] = types.get(i).getType() == Schema.Type.NULL;
                }
            } else {
                nullBranch = null;
            }
        }

        @Override
        public void walk(AvroCursor in, RecordWalk walk) {
            int start = in.pos;
            if (nullBranch != null && nullBranch[in.readIndex(nullBranch.length, "union")]) {
                return; // null: nothing to protect
            }
            in.pos = start;
            skip.walk(in, walk);
            walk.edit(this, start, in.pos);
        }

        /** DROP's replacement, encoded once. */
        byte[] dropped(Treatment.Drop drop) {
            byte[] d = dropped;
            if (d == null) {
                d = RecordWalk.encode(writer, drop.value());
                dropped = d;
            }
            return d;
        }
    }

    /** Skips (and validates) a value of a primitive, enum or fixed schema. */
    static final class Skip {
        private static final Op NOTHING = (in, walk) -> { };
        private static final Op BOOLEAN = (in, walk) -> in.skip(1);
        private static final Op INT = (in, walk) -> in.readInt();
        private static final Op LONG = (in, walk) -> in.readLong();
        private static final Op FLOAT = (in, walk) -> in.skip(4);
        private static final Op DOUBLE = (in, walk) -> in.skip(8);
        private static final Op SIZED = (in, walk) -> in.skip(in.readLength());

        private Skip() {
        }

        static Op of(Schema schema) {
            return switch (schema.getType()) {
                case NULL -> NOTHING;
                case BOOLEAN -> BOOLEAN;
                case INT -> INT;
                case LONG -> LONG;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case STRING, BYTES -> SIZED;
                case FIXED -> {
                    int size = schema.getFixedSize();
                    yield (in, walk) -> in.skip(size);
                }
                case ENUM -> {
                    int symbols = schema.getEnumSymbols().size();
                    yield (in, walk) -> in.readIndex(symbols, "enum");
                }
                default -> throw new IllegalArgumentException("not a primitive: " + schema.getType());
            };
        }
    }
}
