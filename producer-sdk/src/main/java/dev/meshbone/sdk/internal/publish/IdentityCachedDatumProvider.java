package dev.meshbone.sdk.internal.publish;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Apicurio serializer's datum provider, with writers cached by schema object instead of by fingerprint. The
 * default provider computes the schema's parsing-canonical-form fingerprint on every record to find its cached
 * writer, which profiling showed to be about a third of the publishing thread's time; the schema it is handed is the
 * one the resolver cached, the same object every time, so an identity hit ({@link Schema#equals} starts with
 * {@code ==}, {@link Schema#hashCode} is cached) finds the writer at once. Generic records are written with
 * {@link #GENERIC_DATA}, so their logical-type fields may hold the Java types generated classes use. Reading is
 * unchanged. Thread-safe.
 */
public final class IdentityCachedDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /**
     * The generic data model of the writer: Avro's conversions for every logical type it has one for, so a generic
     * record's {@code timestamp-millis} field may hold an {@code Instant} as well as a {@code long} (a value of
     * another class is written as is). {@link RecordValidator} accepts exactly what this converts. Only read after
     * class initialization, so it is shared by every thread.
     */
    static final GenericData GENERIC_DATA = new GenericData();

    static {
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.LocalTimestampNanosConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.DateConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        GENERIC_DATA.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        GENERIC_DATA.addLogicalTypeConversion(new Conversions.DecimalConversion());
        GENERIC_DATA.addLogicalTypeConversion(new Conversions.BigDecimalConversion());
        GENERIC_DATA.addLogicalTypeConversion(new Conversions.UUIDConversion());
    }

    private static final int MAX_CACHED = 64;
    private final ConcurrentHashMap<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();

    /** Instantiated by the serializer from its {@code apicurio.registry.avro-datum-provider} setting. */
    public IdentityCachedDatumProvider() {
        super();
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        boolean specific = data instanceof SpecificRecord;
        ConcurrentHashMap<Schema, DatumWriter<T>> cache = specific ? specificWriters : genericWriters;
        DatumWriter<T> writer = cache.get(schema);
        if (writer == null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // schemas of one publisher are few; this only bounds a misuse
            }
            writer = specific ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema, GENERIC_DATA);
            cache.put(schema, writer);
        }
        return writer;
    }
}
