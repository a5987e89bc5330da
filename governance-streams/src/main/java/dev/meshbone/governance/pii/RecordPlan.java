package dev.meshbone.governance.pii;

import dev.meshbone.contract.pii.PersonalDataPolicy.Scan;
import dev.meshbone.contract.pii.PersonalDataPolicy.ScanField;
import dev.meshbone.contract.pii.PersonalDataPolicy.ScanRecord;
import dev.meshbone.contract.pii.PersonalDataPolicy.Scanned;
import dev.meshbone.contract.pii.PersonalDataPolicy.Treatment;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiTags;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * What governance does to a record as the contract's {@link PersonalDataPolicy} for its writer schema says (worked
 * out once per schema): scan the strings no category covers, {@code "pii": "NONE"} included, for personal data (check
 * 4), and protect the tagged ones (step 6). Records are visited without reflection or per-record schema walks.
 * Stateless and thread-safe.
 */
public final class RecordPlan {

    /**
     * Personal data found where no category covers it. Holds the field path and category, never the value.
     *
     * @param notPersonalAt the field whose {@code "pii": "NONE"} declared it not personal; null when untagged
     */
    public record UntaggedPii(String fieldPath, PiiDetectors.Finding finding, String notPersonalAt) {

        /** The violation message: where, what it looks like, what the schema declares, what to do. Never the value. */
        public String message() {
            String category = finding.category();
            String looks = "holds what looks like " + category + " data (" + finding.detector() + " detector)";
            String allow = "allow the category with \"" + PiiTags.ALLOW_PROPERTY + "\": [\"" + category
                    + "\"] if it is not personal";
            if (notPersonalAt == null) {
                return "field '" + fieldPath + "' " + looks + " but its schema field carries no pii tag; tag it \""
                        + PiiTags.PROPERTY + "\": \"" + category + "\", or " + allow;
            }
            // Items and values ("lines[]", "labels{}") are their field's own strings.
            boolean own = fieldPath.replaceAll("(\\[]|\\{})+$", "").equals(notPersonalAt);
            String declared = own ? "field '" + fieldPath + "' is tagged"
                    : "field '" + fieldPath + "' is inside '" + notPersonalAt + "', tagged";
            return declared + " \"" + PiiTags.PROPERTY + "\": \"" + PiiTags.NOT_PERSONAL + "\" (declared not "
                    + "personal) but " + looks + "; tag it with its category (\"" + PiiTags.PROPERTY + "\": \""
                    + category + "\"), or " + allow;
        }
    }

    private RecordPlan() {
    }

    /**
     * The first string of the record, among those the policy scans, holding what looks like personal data of a
     * category its field does not allow.
     */
    public static Optional<UntaggedPii> scan(GenericRecord record, PersonalDataPolicy policy) {
        return scanRecord(policy.scanPlan(), record);
    }

    private static Optional<UntaggedPii> scanRecord(ScanRecord node, GenericRecord record) {
        for (ScanField f : node.fields()) {
            Optional<UntaggedPii> hit = scanValue(f.scan(), record.get(f.pos()));
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private static Optional<UntaggedPii> scanValue(Scan scan, Object value) {
        if (value == null || scan == null) {
            return Optional.empty();
        }
        if (scan instanceof Scan.Text text) {
            Scanned place = text.place();
            return PiiDetectors.scan(value.toString(), place.allowed())
                    .map(f -> new UntaggedPii(place.path(), f, place.notPersonalAt()));
        }
        if (scan instanceof Scan.Inside inside) {
            return scanRecord(inside.record(), (GenericRecord) value);
        }
        if (scan instanceof Scan.Recursive recursive) {
            return scanRecord(recursive.record().get(), (GenericRecord) value);
        }
        if (scan instanceof Scan.Each each) {
            Iterable<?> items = value instanceof Map<?, ?> map ? map.values() : (List<?>) value;
            for (Object item : items) {
                Optional<UntaggedPii> hit = scanValue(each.item(), item);
                if (hit.isPresent()) {
                    return hit;
                }
            }
            return Optional.empty();
        }
        return scanValue(((Scan.Branches) scan).branchFor(value), value);
    }

    /**
     * Protects a record in place as the contract's personal-data policy for its writer schema says (the one answer
     * of {@code mesh-contract}: tokens for strings, DROP where a token cannot be held).
     *
     * @param subjectKey the data key of the record's subject, for ENCRYPT; null when the record has no subject (or
     *                   governance no keys): ENCRYPT then drops the value, never lets it through
     */
    public static void protect(GenericRecord record, PersonalDataPolicy policy, Protection protection,
                               DataKey subjectKey) {
        protectRecord(policy.plan(), record, protection, subjectKey);
    }

    private static void protectRecord(PersonalDataPolicy.RecordNode node, GenericRecord record, Protection protection,
                                      DataKey key) {
        for (PersonalDataPolicy.FieldNode f : node.fields()) {
            Object value = record.get(f.pos());
            if (value != null) {
                record.put(f.pos(), apply(f.treatment(), value, protection, key));
            }
        }
    }

    /** The protected value; containers are changed in place. */
    private static Object apply(Treatment treatment, Object value, Protection protection, DataKey key) {
        if (value == null) {
            return null;
        }
        if (treatment instanceof Treatment.Tokenize t) {
            if (t.protection() != PiiProtection.ENCRYPT) {
                return protection.protect(t.protection(), value.toString(), t.category().name());
            }
            return key == null ? t.fallback().value() : SubjectCipher.encrypt(value.toString(), key);
        }
        if (treatment instanceof Treatment.Drop drop) {
            return drop.value();
        }
        if (treatment instanceof Treatment.Inside inside) {
            protectRecord(inside.record(), (GenericRecord) value, protection, key);
        } else if (treatment instanceof Treatment.Each each) {
            if (value instanceof List<?> items) {
                @SuppressWarnings("unchecked") List<Object> list = (List<Object>) items;
                list.replaceAll(item -> apply(each.item(), item, protection, key));
            } else {
                @SuppressWarnings("unchecked") Map<Object, Object> map = (Map<Object, Object>) value;
                map.replaceAll((k, v) -> apply(each.item(), v, protection, key));
            }
        } else if (treatment instanceof Treatment.Branches branches) {
            Treatment branch = branches.branchFor(value);
            return branch == null ? value : apply(branch, value, protection, key);
        }
        return value;
    }
}
