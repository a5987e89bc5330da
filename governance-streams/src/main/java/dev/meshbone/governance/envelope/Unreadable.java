package dev.meshbone.governance.envelope;

import dev.meshbone.events.ViolationCode;

/**
 * An ingress value check 1 refuses: not framed, framed with a schema the registry does not know, or not exactly one
 * record of its writer schema.
 *
 * @param raw      the bytes, for quarantine
 * @param code     {@code MALFORMED_RECORD} or {@code UNKNOWN_SCHEMA}
 * @param message  why, naming the schema where the record got that far; never a value
 * @param schemaId the global id the record named; null when it named none
 */
public record Unreadable(byte[] raw, ViolationCode code, String message, Long schemaId) implements Envelope {
}
