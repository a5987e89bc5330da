package dev.meshbone.governance.announce;

import dev.meshbone.contract.ContractKey;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.InvalidContractException;
import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.contract.Lifecycle;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.governance.envelope.SchemaAnswer;
import dev.meshbone.governance.envelope.SchemaLookup;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decides whether an announcement on {@code mesh.contracts.<domain>} may be put in force: (a) it is the topic's
 * domain's (key, id, domain and topics), (b) it is a valid contract ({@link DataProduct#fromDescriptor}), (c) its
 * status does not move back from the contract in force ({@link Lifecycle#next}), (d) its schema is a version of the
 * domain's artifact for that major in the registry. Every problem is listed, not only the first. Pure but for the
 * schema lookup, which may throw {@link dev.meshbone.governance.envelope.RegistryUnavailableException} (a transient
 * fault: the announcement is retried, never refused for it).
 */
public final class AnnouncementCheck {

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);

    private final SchemaLookup schemas;

    public AnnouncementCheck(SchemaLookup schemas) {
        this.schemas = schemas;
    }

    /**
     * @param topic    the contract topic it was read from, {@code mesh.contracts.<domain>}
     * @param key      the record key, a contract key {@code <domain>.<product>.v<major>} (or anything else, refused)
     * @param value    the record value: a descriptor in Avro single-object encoding, or null (a tombstone)
     * @param inForce  the contract in force under that key, if any
     */
    public AnnouncementVerdict check(String topic, String key, byte[] value, Optional<DataProductDescriptor> inForce) {
        String domain = topic.substring(MeshTopics.CONTRACTS_PREFIX.length());
        Optional<ContractKey> contractKey = ContractKey.tryParse(key);
        List<Problem> problems = new ArrayList<>();
        if (contractKey.isEmpty()) {
            problems.add(new Problem("key", (key == null ? "is missing" : "'" + key + "' is not a contract key")
                    + ": expected <domain>.<product>.v<major>, e.g. " + domain + ".orders.v1"));
        } else if (!contractKey.get().product().domain().equals(domain)) {
            problems.add(new Problem("key", "contract " + key + " belongs to domain "
                    + contractKey.get().product().domain() + ", but it was announced on " + topic
                    + ": a domain announces only its own products, on " + MeshTopics.CONTRACTS_PREFIX + "<domain>"));
        }
        if (value == null) {
            problems.add(new Problem("value", "a tombstone cannot delete a contract: a domain retires a major "
                    + "(status RETIRED) instead; the contract in force is kept"));
            return refused(contractKey, null, topic, problems);
        }
        DataProductDescriptor announced;
        try {
            announced = DESCRIPTORS.decode(value);
        } catch (SerializationException e) {
            problems.add(new Problem("value", "is not a DataProductDescriptor: " + e.getMessage()));
            return refused(contractKey, null, topic, problems);
        }
        provenance(domain, topic, contractKey, announced, problems);
        validity(announced, problems);
        inForce.ifPresent(current -> {
            if (Lifecycle.next(current.getStatus(), announced.getStatus()) != announced.getStatus()) {
                problems.add(new Problem("status", "moves back from " + current.getStatus() + " to "
                        + announced.getStatus() + ": status only moves forward (ACTIVE, DEPRECATED, RETIRED); a "
                        + "breaking change or a comeback is a new major version"));
            }
        });
        contractKey.ifPresent(k -> schema(domain, k, announced.getSchemaRef(), problems));
        if (!problems.isEmpty()) {
            return refused(contractKey, announced, topic, problems);
        }
        // Recomputed on both sides: the fingerprint an announcement carries is its author's word, not a proof.
        boolean changed = inForce.map(current -> !DataProduct.fingerprint(current)
                .equals(DataProduct.fingerprint(announced))).orElse(true);
        return new AnnouncementVerdict.Accepted(contractKey.orElseThrow(), announced, changed);
    }

    /** (a) Everything that names a domain, a product or a topic names the topic's domain and the key's product. */
    private static void provenance(String domain, String topic, Optional<ContractKey> key,
                                   DataProductDescriptor d, List<Problem> problems) {
        if (!domain.equals(d.getDomain())) {
            problems.add(new Problem("domain", "is '" + d.getDomain() + "', but it was announced on " + topic
                    + ": a domain announces only its own products"));
        }
        String expectedId = d.getDomain() + "." + d.getName();
        if (!expectedId.equals(d.getId())) {
            problems.add(new Problem("id", "is '" + d.getId() + "', not <domain>.<name> ('" + expectedId + "')"));
        }
        if (key.isEmpty()) {
            return;
        }
        ContractKey k = key.get();
        if (!k.product().toString().equals(d.getId()) || k.majorVersion() != d.getMajorVersion()) {
            problems.add(new Problem("key", "is " + k + " but the descriptor is " + d.getId() + " v"
                    + d.getMajorVersion() + ": the key must be <id>.v<majorVersion>"));
        }
        // Governance creates and writes the public topic a contract names: it must be this major's own.
        if (!k.publicTopic().equals(d.getPublicTopic())) {
            problems.add(new Problem("publicTopic", "is '" + d.getPublicTopic() + "', expected '" + k.publicTopic()
                    + "'"));
        }
        if (!k.product().ingressTopic().equals(d.getIngressTopic())) {
            problems.add(new Problem("ingressTopic", "is '" + d.getIngressTopic() + "', expected '"
                    + k.product().ingressTopic() + "'"));
        }
    }

    /** (b) The contract core's verdict, every problem of it; no name lint (a declaration-time check). */
    private static void validity(DataProductDescriptor d, List<Problem> problems) {
        try {
            DataProduct.fromDescriptor(d);
        } catch (InvalidContractException e) {
            e.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("descriptor", e.getMessage()));
        }
    }

    /** (d) The schema is registered in the domain's group, as this major's artifact, under the global id named. */
    private void schema(String domain, ContractKey key, SchemaRef ref, List<Problem> problems) {
        if (!domain.equals(ref.getGroupId())) {
            problems.add(new Problem("schemaRef.groupId", "is '" + ref.getGroupId() + "': the schema must be "
                    + "registered in the domain's group '" + domain + "'"));
        }
        if (!key.artifactId().equals(ref.getArtifactId())) {
            problems.add(new Problem("schemaRef.artifactId", "is '" + ref.getArtifactId() + "', expected '"
                    + key.artifactId() + "' (the artifact of major " + key.majorVersion() + ")"));
        }
        if (ref.getGlobalId() == null) {
            problems.add(new Problem("schemaRef.globalId", "is missing: records are checked against the schema "
                    + "version it names"));
            return;
        }
        if (!(schemas.byGlobalId(ref.getGlobalId()) instanceof SchemaAnswer.Known known)) {
            problems.add(new Problem("schemaRef.globalId", ref.getGlobalId() + " is not an Avro schema the registry "
                    + "knows"));
        } else if (!known.schema().groupId().equals(domain) || !known.schema().artifactId().equals(key.artifactId())) {
            problems.add(new Problem("schemaRef.globalId", ref.getGlobalId() + " is "
                    + known.schema().coordinates() + " in the registry, not a version of " + domain + "/"
                    + key.artifactId()));
        }
    }

    /** Keyed by the product the announcement names: its key's, else its descriptor's, else the topic. */
    private static AnnouncementVerdict refused(Optional<ContractKey> key, DataProductDescriptor announced,
                                               String topic, List<Problem> problems) {
        Optional<ContractKey> named = key.or(() -> Optional.ofNullable(announced)
                .flatMap(d -> ProductId.tryParse(d.getId()).filter(id -> d.getMajorVersion() >= 1)
                        .map(id -> id.major(d.getMajorVersion()))));
        return new AnnouncementVerdict.Refused(named.map(k -> k.product().toString()).orElse(topic),
                named.map(ContractKey::majorVersion).orElse(null), problems);
    }
}
