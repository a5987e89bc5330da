package dev.meshbone.governance.envelope;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * A writer schema as the registry knows it: which artifact version it is, and its reader and writer, built once.
 *
 * @param globalId   the registry's global id (what records carry)
 * @param groupId    the artifact's group (the domain)
 * @param artifactId the artifact (product, or {@code <product>.v<major>})
 * @param version    the artifact version
 */
public record ResolvedSchema(long globalId, String groupId, String artifactId, String version, Schema schema,
                             GenericDatumReader<GenericRecord> reader, GenericDatumWriter<GenericRecord> writer) {

    public static ResolvedSchema of(long globalId, String groupId, String artifactId, String version, Schema schema) {
        return new ResolvedSchema(globalId, groupId, artifactId, version, schema,
                new GenericDatumReader<>(schema), new GenericDatumWriter<>(schema));
    }

    /** {@code group/artifact v<version>}, for messages. */
    public String coordinates() {
        return groupId + "/" + artifactId + " version " + version;
    }
}
