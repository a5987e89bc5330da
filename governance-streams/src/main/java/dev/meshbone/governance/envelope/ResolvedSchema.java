package dev.meshbone.governance.envelope;

import dev.meshbone.governance.record.RecordProgram;
import org.apache.avro.Schema;

/**
 * A writer schema as the registry knows it: which artifact version it is, and its validator, built once.
 *
 * @param globalId   the registry's global id (what records carry)
 * @param groupId    the artifact's group (the domain)
 * @param artifactId the artifact (product, or {@code <product>.v<major>})
 * @param version    the artifact version
 * @param validator  checks that bytes are exactly one record of the schema, without decoding them
 */
public record ResolvedSchema(long globalId, String groupId, String artifactId, String version, Schema schema,
                             RecordProgram validator) {

    public static ResolvedSchema of(long globalId, String groupId, String artifactId, String version, Schema schema) {
        return new ResolvedSchema(globalId, groupId, artifactId, version, schema, RecordProgram.validator(schema));
    }

    /** {@code group/artifact v<version>}, for messages. */
    public String coordinates() {
        return groupId + "/" + artifactId + " version " + version;
    }
}
