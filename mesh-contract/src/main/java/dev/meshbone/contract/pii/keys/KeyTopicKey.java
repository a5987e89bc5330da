package dev.meshbone.contract.pii.keys;

import java.util.Optional;

/**
 * The key of one data key's record on {@code mesh.keys}: {@code <subjectHash>/<keyId>}. One record per data key, not
 * per subject: two governance instances may create a subject's first key at the same time, and compaction of a
 * per-subject key would keep one and orphan the records encrypted under the other. A subject's keys are the records
 * under {@link #prefix(String)}; erasure tombstones every one of them.
 *
 * @param subjectHash {@link SubjectHasher#hash(Subject)}
 * @param keyId       {@link DataKey#keyId()}
 */
public record KeyTopicKey(String subjectHash, String keyId) {

    private static final char SEPARATOR = '/';

    public KeyTopicKey {
        if (subjectHash == null || subjectHash.isEmpty() || subjectHash.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("'" + subjectHash + "' is not a subject hash");
        }
        if (keyId == null || keyId.isEmpty() || keyId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id");
        }
    }

    /** Every record key of a subject's data keys starts with this: {@code <subjectHash>/}. */
    public static String prefix(String subjectHash) {
        return subjectHash + SEPARATOR;
    }

    /** Reads a record key of {@code mesh.keys}; empty when it is not one. */
    public static Optional<KeyTopicKey> parse(String recordKey) {
        int slash = recordKey == null ? -1 : recordKey.indexOf(SEPARATOR);
        if (slash <= 0 || slash == recordKey.length() - 1 || recordKey.indexOf(SEPARATOR, slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new KeyTopicKey(recordKey.substring(0, slash), recordKey.substring(slash + 1)));
    }

    /** {@code <subjectHash>/<keyId>}. */
    @Override
    public String toString() {
        return prefix(subjectHash) + keyId;
    }
}
