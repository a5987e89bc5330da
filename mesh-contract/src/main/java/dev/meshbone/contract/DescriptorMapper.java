package dev.meshbone.contract;

import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.schemas.PiiCategory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Maps a {@link DataProduct} to the {@link DataProductDescriptor} a domain announces (on its contract topic; governance
 * puts it in force on {@code mesh.products}) and back.
 */
public final class DescriptorMapper {

    private static final SpecificDatumWriter<DataProductDescriptor> WRITER =
            new SpecificDatumWriter<>(DataProductDescriptor.class);

    private DescriptorMapper() {
    }

    /** The descriptor of a product, with its fingerprint. */
    public static DataProductDescriptor toDescriptor(DataProduct product, String schemaVersion, long globalId,
                                                     Instant updatedAt, String updatedBy) {
        Map<String, PiiProtection> protection = new TreeMap<>();
        product.piiProtection().forEach((category, p) -> protection.put(category.name(), p));
        List<dev.meshbone.events.QualityRule> rules = new ArrayList<>();
        product.qualityRules().forEach(r -> rules.add(new dev.meshbone.events.QualityRule(r.id(), r.description(),
                r.expression(), r.action())));
        DataProduct.Slo slo = product.slo();
        DataProductDescriptor descriptor = DataProductDescriptor.newBuilder()
                .setId(product.productId())
                .setDomain(product.domain())
                .setName(product.name())
                .setMajorVersion(product.majorVersion())
                .setTitle(product.title())
                .setDescription(product.description())
                .setOwner(new dev.meshbone.events.Owner(product.owner().team(), product.owner().contact()))
                .setTags(new ArrayList<>(product.tags()))
                .setStatus(product.status())
                .setCompatibility(product.compatibility())
                .setContractSchema(product.schemaJson())
                .setSchemaRef(new SchemaRef(product.domain(), product.artifactId(), schemaVersion, globalId))
                .setPiiProtection(protection)
                .setQualityRules(rules)
                .setSlo(new ServiceLevelObjectives(
                        slo.maxInterval() == null ? null : slo.maxInterval().toMillis(), slo.maxViolationRate()))
                .setIngressTopic(product.ingressTopic())
                .setPublicTopic(product.publicTopic())
                .setFingerprint("")
                .setUpdatedAt(updatedAt)
                .setUpdatedBy(updatedBy)
                .build();
        descriptor.setFingerprint(fingerprint(descriptor));
        return descriptor;
    }

    /** SHA-256 (hex) of the descriptor's Avro binary encoding without updatedAt, updatedBy and fingerprint. */
    public static String fingerprint(DataProductDescriptor descriptor) {
        DataProductDescriptor content = DataProductDescriptor.newBuilder(descriptor)
                .setUpdatedAt(Instant.EPOCH)
                .setUpdatedBy(null)
                .setFingerprint("")
                .build();
        // A decoded descriptor's map has no defined order; the encoding must.
        Map<String, PiiProtection> sorted = new TreeMap<>();
        descriptor.getPiiProtection().forEach((k, v) -> sorted.put(k.toString(), v));
        content.setPiiProtection(sorted);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            WRITER.write(content, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A builder holding a descriptor's contract; what cannot be held in it is a problem of the draft. */
    public static Draft toDraft(DataProductDescriptor d) {
        List<Problem> problems = new ArrayList<>();
        DataProduct.Builder b = DataProduct.builder(d.getDomain(), d.getName())
                .majorVersion(d.getMajorVersion())
                .title(d.getTitle())
                .description(d.getDescription())
                .owner(d.getOwner() == null ? null : d.getOwner().getTeam(),
                        d.getOwner() == null ? null : d.getOwner().getContact())
                .tags(d.getTags().toArray(String[]::new))
                .schema(d.getContractSchema())
                .compatibility(d.getCompatibility())
                .status(d.getStatus());
        d.getPiiProtection().forEach((category, protection) -> {
            PiiCategory.parse(category).ifPresentOrElse(c -> b.protect(c, protection),
                    () -> problems.add(new Problem("piiProtection." + category, "unknown PII category")));
        });
        d.getQualityRules().forEach(r -> b.qualityRule(new DataProduct.QualityRule(r.getId(), r.getDescription(),
                r.getExpression(), r.getAction())));
        ServiceLevelObjectives slo = d.getSlo();
        if (slo != null && slo.getMaxIntervalMillis() != null) {
            b.maxInterval(Duration.ofMillis(slo.getMaxIntervalMillis()));
        }
        if (slo != null && slo.getMaxViolationRate() != null) {
            b.maxViolationRate(slo.getMaxViolationRate());
        }
        return new Draft(b, problems, d.getId() + " v" + d.getMajorVersion() + " (descriptor)", Map.of());
    }
}
