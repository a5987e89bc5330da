package dev.meshbone.contract;

import dev.meshbone.contract.odcs.YamlContractReader;
import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.schema.SchemaText;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.schemas.PiiCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The contract of one major version of a data product: who owns it, what it holds (an Avro schema whose fields carry
 * their personal-data tags), how personal data is protected on the public topic, which quality rules every record
 * must pass, what the owner promises (SLOs) and where it is in its life.
 *
 * <p>Built in code with {@link #builder(String, String)}, loaded from an ODCS v3 YAML contract with
 * {@link #fromYaml(Path)}, or read back from an announced descriptor with {@link #fromDescriptor}. Every way in
 * validates the whole declaration and reports every problem at once ({@link InvalidContractException}); that
 * includes the personal-data lint: a field whose name looks personal (email, phone, name, address, birth, iban,
 * ...) must carry a {@code "pii"} tag, or {@code "pii": "NONE"} when it is not personal; and the data subject
 * ({@link #dataSubject()}), when the schema marks one.
 *
 * <p>Immutable and thread-safe. The schema is held without Java-only properties ({@code avro.java.string}), so a
 * generated class's schema and its {@code .avsc} declare the same contract.
 */
public final class DataProduct {

    private final String domain;
    private final String name;
    private final int majorVersion;
    private final String title;
    private final String description;
    private final Owner owner;
    private final List<String> tags;
    private final String schemaJson;
    private final Schema schema;
    private final CompatibilityMode compatibility;
    private final Map<PiiCategory, PiiProtection> piiProtection;
    private final List<QualityRule> qualityRules;
    private final Slo slo;
    private final ProductStatus status;
    private final List<String> warnings;
    private final PersonalDataPolicy personalData;

    private DataProduct(Builder b, Schema schema, String schemaJson, ContractCheck.Result check) {
        this.domain = b.domain;
        this.name = b.name;
        this.majorVersion = b.majorVersion;
        this.title = b.title.trim();
        this.description = b.description == null ? "" : b.description.trim();
        this.owner = b.owner;
        this.tags = List.copyOf(b.tags);
        this.schema = schema;
        this.schemaJson = schemaJson;
        this.compatibility = b.compatibility;
        this.piiProtection = Map.copyOf(b.piiProtection);
        this.qualityRules = List.copyOf(b.qualityRules);
        this.slo = b.slo;
        this.status = b.status;
        this.warnings = check.warnings();
        this.personalData = check.personalData();
    }

    /** Starts a declaration of {@code <domain>.<name>}, major version 1, ACTIVE, BACKWARD compatible. */
    public static Builder builder(String domain, String name) {
        return new Builder(domain, name);
    }

    /**
     * Loads an ODCS v3 data contract (YAML); the Avro schema is the {@code .avsc} its schema object references, by a
     * path relative to the YAML file. The mapping is in the module README.
     *
     * @throws InvalidContractException listing every problem, each with its YAML path
     */
    public static DataProduct fromYaml(Path contractFile) {
        return build(YamlContractReader.read(contractFile), true);
    }

    /**
     * The product a descriptor announces, for governance and tools that read {@code mesh.products}. It is
     * validated like a declaration, except the personal-data name lint, which is a declaration-time check (a
     * descriptor announced by an older SDK must stay readable).
     */
    public static DataProduct fromDescriptor(DataProductDescriptor descriptor) {
        return build(DescriptorMapper.toDraft(descriptor), false);
    }

    /** Builds a draft, reporting the reader's problems and the builder's together. */
    private static DataProduct build(Draft draft, boolean nameLint) {
        DataProduct product;
        try {
            product = draft.builder().build(nameLint);
        } catch (InvalidContractException e) {
            if (draft.problems().isEmpty() && draft.aliases().isEmpty()) {
                throw e;
            }
            List<InvalidContractException.Problem> all = new ArrayList<>(draft.problems());
            e.problems().stream().filter(p -> !draft.repeatsReaderProblem(p)).map(draft::inSourceTerms)
                    .filter(p -> !all.contains(p)).forEach(all::add);
            throw new InvalidContractException(draft.subject(), all);
        }
        // Outside the catch: the reader's problems are already in the source's terms.
        if (!draft.problems().isEmpty()) {
            throw new InvalidContractException(draft.subject(), draft.problems());
        }
        return product;
    }

    /**
     * The descriptor to announce (on {@code mesh.contracts.<domain>}; governance puts it in force on
     * {@code mesh.products}), with its {@code fingerprint} set.
     *
     * @param schemaVersion registry version of the contract schema
     * @param globalId      registry global id of that version
     * @param updatedAt     when it is announced
     * @param updatedBy     who announces it (client id), or null
     */
    public DataProductDescriptor toDescriptor(String schemaVersion, long globalId, Instant updatedAt, String updatedBy) {
        return DescriptorMapper.toDescriptor(this, schemaVersion, globalId, updatedAt, updatedBy);
    }

    /**
     * The stable hash (SHA-256, hex) of a descriptor's contract content: everything but {@code updatedAt},
     * {@code updatedBy} and the fingerprint itself. Two descriptors with the same fingerprint announce the same
     * contract.
     */
    public static String fingerprint(DataProductDescriptor descriptor) {
        return DescriptorMapper.fingerprint(descriptor);
    }

    /** A builder holding this product's values, to derive a changed product (new description, status, major). */
    public Builder toBuilder() {
        Builder b = new Builder(domain, name)
                .majorVersion(majorVersion).title(title).description(description)
                .owner(owner.team(), owner.contact()).schema(schemaJson).compatibility(compatibility)
                .status(status);
        b.tags.addAll(tags);
        b.piiProtection.putAll(piiProtection);
        b.qualityRules.addAll(qualityRules);
        b.slo = slo;
        return b;
    }

    /** This product with another status (deprecate or retire it). */
    public DataProduct withStatus(ProductStatus newStatus) {
        return toBuilder().status(newStatus).buildWithoutNameLint();
    }

    /** The owning domain, {@code [a-z0-9-]}. */
    public String domain() {
        return domain;
    }

    /** The product's name within its domain, {@code [a-z0-9-]}. */
    public String name() {
        return name;
    }

    /** Major version; a breaking schema change is a new major version. */
    public int majorVersion() {
        return majorVersion;
    }

    /** Human title for the catalog. */
    public String title() {
        return title;
    }

    /** What the product holds and what it is for; may be empty. */
    public String description() {
        return description;
    }

    /** The accountable team and how to reach it. */
    public Owner owner() {
        return owner;
    }

    /** Catalog tags. */
    public List<String> tags() {
        return tags;
    }

    /** The contract's Avro record schema; PII tags are its fields' {@code "pii"} properties. */
    public Schema schema() {
        return schema;
    }

    /** The schema as JSON, exactly as it is registered and announced. */
    public String schemaJson() {
        return schemaJson;
    }

    /** The registry compatibility rule for the product's artifact. */
    public CompatibilityMode compatibility() {
        return compatibility;
    }

    /** Protection per PII category on the public topic; a category not listed gets {@link PiiProtection#HASH}. */
    public Map<PiiCategory, PiiProtection> piiProtection() {
        return piiProtection;
    }

    /** The protection governance applies to a category. */
    public PiiProtection protectionOf(PiiCategory category) {
        return piiProtection.getOrDefault(category, PiiProtection.HASH);
    }

    /** Quality rules in declaration order. */
    public List<QualityRule> qualityRules() {
        return qualityRules;
    }

    /** Service level objectives. */
    public Slo slo() {
        return slo;
    }

    /** Lifecycle status. */
    public ProductStatus status() {
        return status;
    }

    /**
     * What the lint found that does not fail the declaration but will surprise at run time, e.g. a tagged
     * {@code int} field whose protection (HASH) produces a string it cannot hold, so governance DROPs it instead.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * What governance does to each personal field on the public topic (the same answer the catalog shows): the
     * protection per field, and where a non-string is dropped instead.
     */
    public PersonalDataPolicy personalData() {
        return personalData;
    }

    /**
     * Who the records are about: the top-level field the schema marks {@code "pii.subject": "<kind>"}, if any.
     * ENCRYPTed fields are encrypted under that person's own key (so a contract that ENCRYPTs needs one); products
     * with the same kind share the person's key, and forgetting the person erases them from all of them.
     */
    public Optional<DataSubject> dataSubject() {
        return DataSubject.of(schema);
    }

    /** {@code <domain>.<name>}. */
    public ProductId id() {
        return new ProductId(domain, name);
    }

    /** This major version: its key on {@code mesh.products} and its public topic. */
    public ContractKey key() {
        return id().major(majorVersion);
    }

    /** {@code <domain>.<name>}. */
    public String productId() {
        return id().toString();
    }

    /** Key of this contract on {@code mesh.products}: {@code <domain>.<name>.v<major>}. */
    public String contractKey() {
        return key().toString();
    }

    /** {@code mesh.ingress.<domain>.<name>}, where the SDK publishes (shared by all major versions). */
    public String ingressTopic() {
        return id().ingressTopic();
    }

    /** {@code <domain>.<name>.v<major>}, the governed topic consumers read. */
    public String publicTopic() {
        return key().publicTopic();
    }

    /** The registry artifact (group = domain): the name for major 1, {@code <name>.v<major>} after. */
    public String artifactId() {
        return key().artifactId();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof DataProduct p && majorVersion == p.majorVersion && domain.equals(p.domain)
                && name.equals(p.name) && title.equals(p.title) && description.equals(p.description)
                && owner.equals(p.owner) && tags.equals(p.tags) && schemaJson.equals(p.schemaJson)
                && compatibility == p.compatibility && piiProtection.equals(p.piiProtection)
                && qualityRules.equals(p.qualityRules) && slo.equals(p.slo) && status == p.status);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, name, majorVersion, title, description, owner, tags, schemaJson, compatibility,
                piiProtection, qualityRules, slo, status);
    }

    @Override
    public String toString() {
        return "DataProduct[" + productId() + " v" + majorVersion + ", " + status + ", owner " + owner.team() + "]";
    }

    /**
     * The team accountable for the product.
     *
     * @param team    owning team, e.g. {@code sales-platform}
     * @param contact where consumers ask: an e-mail address, chat channel or URL
     */
    public record Owner(String team, String contact) {
    }

    /**
     * A data quality rule: a CEL expression over the record (bound as {@code record}) that must be true, e.g.
     * {@code record.total >= 0.0 && record.items.size() > 0}.
     *
     * @param id          stable id, unique in the product, {@code [a-z0-9-]}
     * @param description what it checks, for people; may be empty
     * @param expression  the CEL expression
     * @param action      what a failing record gets: QUARANTINE (default) or WARN
     */
    public record QualityRule(String id, String description, String expression, RuleAction action) {
        /** Fills the defaults: empty description, QUARANTINE. */
        public QualityRule {
            description = description == null ? "" : description;
            action = action == null ? RuleAction.QUARANTINE : action;
        }
    }

    /**
     * What the owner promises consumers. A null objective is not promised.
     *
     * @param maxInterval      freshness: the longest time between two accepted records
     * @param maxViolationRate the highest share (0..1] of records over the last hour that may be quarantined
     */
    public record Slo(Duration maxInterval, Double maxViolationRate) {
        /** No objectives. */
        public static final Slo NONE = new Slo(null, null);
    }

    /** Collects a declaration; {@link #build()} validates all of it. */
    public static final class Builder {

        private final String domain;
        private final String name;
        private int majorVersion = 1;
        private String title;
        private String description = "";
        private Owner owner;
        private final List<String> tags = new ArrayList<>();
        private Schema schemaObject;
        private String schemaText;
        private Path schemaFile;
        private CompatibilityMode compatibility = CompatibilityMode.BACKWARD;
        private final Map<PiiCategory, PiiProtection> piiProtection = new EnumMap<>(PiiCategory.class);
        private final List<QualityRule> qualityRules = new ArrayList<>();
        private Slo slo = Slo.NONE;
        private ProductStatus status = ProductStatus.ACTIVE;

        private Builder(String domain, String name) {
            this.domain = domain;
            this.name = name;
        }

        /** Major version, 1 or more (default 1). */
        public Builder majorVersion(int value) {
            this.majorVersion = value;
            return this;
        }

        /** Human title for the catalog. Required. */
        public Builder title(String value) {
            this.title = value;
            return this;
        }

        /** What the product holds and what it is for. */
        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** The accountable team and where consumers reach it. Required. */
        public Builder owner(String team, String contact) {
            this.owner = new Owner(team, contact);
            return this;
        }

        /** Adds catalog tags. */
        public Builder tags(String... values) {
            this.tags.addAll(Arrays.asList(values));
            return this;
        }

        /** The Avro record schema, e.g. a generated class's {@code getClassSchema()}. */
        public Builder schema(Schema value) {
            clearSchema();
            this.schemaObject = value;
            return this;
        }

        /** The Avro record schema as JSON. */
        public Builder schema(String json) {
            clearSchema();
            this.schemaText = json;
            return this;
        }

        /** The Avro record schema from an {@code .avsc} file. */
        public Builder schema(Path avscFile) {
            clearSchema();
            this.schemaFile = avscFile;
            return this;
        }

        private void clearSchema() {
            schemaObject = null;
            schemaText = null;
            schemaFile = null;
        }

        /** The registry compatibility rule (default BACKWARD). */
        public Builder compatibility(CompatibilityMode value) {
            this.compatibility = value;
            return this;
        }

        /** How a PII category is protected on the public topic (a category not set gets HASH). */
        public Builder protect(PiiCategory category, PiiProtection protection) {
            this.piiProtection.put(category, protection);
            return this;
        }

        /** Adds a quality rule with an empty description. */
        public Builder qualityRule(String id, String expression, RuleAction action) {
            return qualityRule(new QualityRule(id, "", expression, action));
        }

        /** Adds a quality rule. */
        public Builder qualityRule(QualityRule rule) {
            this.qualityRules.add(rule);
            return this;
        }

        /** Freshness objective: the longest time between two accepted records. */
        public Builder maxInterval(Duration value) {
            this.slo = new Slo(value, slo.maxViolationRate());
            return this;
        }

        /** The highest share (0..1] of records over the last hour that may be quarantined. */
        public Builder maxViolationRate(double value) {
            this.slo = new Slo(slo.maxInterval(), value);
            return this;
        }

        /** Lifecycle status (default ACTIVE). */
        public Builder status(ProductStatus value) {
            this.status = value;
            return this;
        }

        /**
         * Validates everything and builds the product.
         *
         * @throws InvalidContractException listing every problem, including fields that look personal but carry no
         *                                  {@code "pii"} tag
         */
        public DataProduct build() {
            return build(true);
        }

        DataProduct buildWithoutNameLint() {
            return build(false);
        }

        DataProduct build(boolean nameLint) {
            List<InvalidContractException.Problem> problems = new ArrayList<>();
            SchemaText.Parsed parsed = resolveSchema(problems);
            ContractCheck.Result check = ContractCheck.check(new ContractCheck.Input(domain, name, majorVersion,
                    title, owner, tags, parsed == null ? null : parsed.schema(), compatibility, piiProtection,
                    qualityRules, slo, status), nameLint);
            problems.addAll(check.problems());
            if (!problems.isEmpty()) {
                String subject = (domain == null ? "?" : domain) + "." + (name == null ? "?" : name)
                        + (majorVersion > 1 ? " v" + majorVersion : "");
                throw new InvalidContractException(subject, problems);
            }
            return new DataProduct(this, parsed.schema(), parsed.json(), check);
        }

        private SchemaText.Parsed resolveSchema(List<InvalidContractException.Problem> problems) {
            String json;
            if (schemaObject != null) {
                json = schemaObject.toString();
            } else if (schemaText != null) {
                json = schemaText;
            } else if (schemaFile != null) {
                try {
                    json = Files.readString(schemaFile, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problems.add(new InvalidContractException.Problem("schema", "cannot read " + schemaFile + ": "
                            + e.getMessage()));
                    return null;
                }
            } else {
                problems.add(new InvalidContractException.Problem("schema", "is required: the product's Avro "
                        + "record schema (a generated class's getClassSchema(), JSON, or an .avsc file)"));
                return null;
            }
            try {
                return SchemaText.parse(json);
            } catch (IllegalArgumentException e) {
                problems.add(new InvalidContractException.Problem("schema", e.getMessage()));
                return null;
            }
        }
    }
}
