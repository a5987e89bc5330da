package dev.meshbone.governance.pii;

import dev.meshbone.contract.pii.PersonalDataPolicy.Treatment;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.PiiProtection;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Protects a decoded record as the contract's {@link PersonalDataPolicy} for its writer schema says (worked out once
 * per schema): the plain path, for the records the compiled one ({@code RecordProgram}) hands back (written in
 * sized blocks). Records are visited without reflection or per-record schema walks. Stateless and thread-safe.
 */
public final class RecordPlan {

    private RecordPlan() {
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
