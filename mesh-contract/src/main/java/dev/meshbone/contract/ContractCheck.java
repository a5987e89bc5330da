package dev.meshbone.contract;

import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.contract.pii.PersonalDataNames;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.rules.RuleCompilation;
import dev.meshbone.contract.rules.RuleEnvironment;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.schemas.PiiTags;
import dev.meshbone.schemas.SchemaField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Validates a declaration and lints its schema. Returns every problem (it never throws), each naming its field, and
 * the warnings that do not fail the declaration.
 */
public final class ContractCheck {

    private static final String KNOWN_CATEGORIES = Arrays.stream(PiiCategory.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private ContractCheck() {
    }

    /** What is checked; any value may be null (and is then reported). */
    public record Input(String domain, String name, int majorVersion, String title, DataProduct.Owner owner,
                        List<String> tags, Schema schema, CompatibilityMode compatibility,
                        Map<PiiCategory, PiiProtection> piiProtection, List<DataProduct.QualityRule> qualityRules,
                        DataProduct.Slo slo, ProductStatus status) {
    }

    /**
     * @param problems what makes the declaration invalid
     * @param warnings what is valid but will surprise at run time
     * @param personalData what happens to the schema's personal data; null without a valid schema
     */
    public record Result(List<Problem> problems, List<String> warnings, PersonalDataPolicy personalData) {
    }

    /**
     * @param nameLint whether fields that look personal by name must be tagged (declarations: yes; descriptors read
     *                 back from the mesh: no)
     */
    public static Result check(Input in, boolean nameLint) {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkName("domain", in.domain(), problems);
        if (ProductId.RESERVED_DOMAIN.equals(in.domain())) {
            problems.add(new Problem("domain", "'" + ProductId.RESERVED_DOMAIN + "' is reserved for the mesh's own "
                    + "topics; choose your domain's name"));
        }
        checkName("name", in.name(), problems);
        if (in.majorVersion() < 1) {
            problems.add(new Problem("majorVersion", "must be 1 or more, was " + in.majorVersion()));
        }
        if (isBlank(in.title())) {
            problems.add(new Problem("title", "is required: a human title for the catalog"));
        }
        if (in.owner() == null) {
            problems.add(new Problem("owner", "is required: the owning team and a contact"));
        } else {
            if (isBlank(in.owner().team())) {
                problems.add(new Problem("owner.team", "is required, e.g. sales-platform"));
            }
            if (isBlank(in.owner().contact())) {
                problems.add(new Problem("owner.contact", "is required: an e-mail address, chat channel or URL"));
            }
        }
        for (int i = 0; i < in.tags().size(); i++) {
            if (isBlank(in.tags().get(i))) {
                problems.add(new Problem("tags[" + i + "]", "is empty"));
            }
        }
        if (in.compatibility() == null) {
            problems.add(new Problem("compatibility", "is required (default BACKWARD)"));
        }
        if (in.status() == null) {
            problems.add(new Problem("status", "is required (default ACTIVE)"));
        }
        in.piiProtection().forEach((category, protection) -> {
            if (category == null || protection == null) {
                problems.add(new Problem("piiProtection", "has an empty category or protection"));
            }
        });
        checkSlo(in.slo(), problems);
        checkRules(in.qualityRules(), in.schema(), problems);
        PersonalDataPolicy personalData = null;
        if (in.schema() != null) {
            personalData = checkSchema(in.schema(), in.piiProtection(), nameLint, problems, warnings);
        }
        return new Result(List.copyOf(problems), List.copyOf(warnings), personalData);
    }

    private static void checkName(String field, String value, List<Problem> problems) {
        ProductId.nameProblem(value).ifPresent(problem -> problems.add(new Problem(field, problem)));
    }

    private static void checkSlo(DataProduct.Slo slo, List<Problem> problems) {
        if (slo == null) {
            problems.add(new Problem("slo", "is required (DataProduct.Slo.NONE for no objectives)"));
            return;
        }
        Duration interval = slo.maxInterval();
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            problems.add(new Problem("slo.maxInterval", "must be positive, was " + interval));
        }
        Double rate = slo.maxViolationRate();
        if (rate != null && (rate.isNaN() || rate <= 0.0 || rate > 1.0)) {
            problems.add(new Problem("slo.maxViolationRate", "must be more than 0 and at most 1 (a share of records, "
                    + "0.01 = 1%), was " + rate));
        }
    }

    private static void checkRules(List<DataProduct.QualityRule> rules, Schema schema, List<Problem> problems) {
        RuleEnvironment environment = schema == null || rules.isEmpty() ? null : RuleEnvironment.of(schema);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            DataProduct.QualityRule rule = rules.get(i);
            String at = "qualityRules[" + i + "]";
            if (rule == null) {
                problems.add(new Problem(at, "is empty"));
                continue;
            }
            if (isBlank(rule.id())) {
                problems.add(new Problem(at + ".id", "is required, e.g. positive-total"));
            } else {
                at = "qualityRules[" + rule.id() + "]";
                if (!ProductId.NAME.matcher(rule.id()).matches()) {
                    problems.add(new Problem(at + ".id", "'" + rule.id() + "' is not a valid id: use lower-case "
                            + "letters, digits and '-' ([a-z0-9][a-z0-9-]*)"));
                } else if (!ids.add(rule.id())) {
                    problems.add(new Problem(at + ".id", "'" + rule.id() + "' is used by two rules"));
                }
            }
            if (isBlank(rule.expression())) {
                problems.add(new Problem(at + ".expression", "is required: a CEL expression over `record`, e.g. "
                        + "record.total >= 0.0"));
                continue;
            }
            // Typed against the schema: a misspelt field or an int compared with a string is refused here, not
            // on every record at run time. Without a valid schema (already reported) there is nothing to type against.
            if (environment != null
                    && environment.compile(rule.expression()) instanceof RuleCompilation.Refused refused) {
                problems.add(new Problem(at + ".expression", "does not compile against the schema: "
                        + refused.message()));
            }
        }
    }

    private static PersonalDataPolicy checkSchema(Schema schema, Map<PiiCategory, PiiProtection> protection,
                                                  boolean nameLint, List<Problem> problems, List<String> warnings) {
        PersonalDataPolicy policy = PersonalDataPolicy.ofCategories(schema, protection);
        for (SchemaField field : PiiTags.fields(schema)) {
            String at = "schema." + field.path();
            String tag = field.piiTag();
            if (tag != null) {
                if (PiiCategory.parse(tag).isEmpty() && !field.isMarkedNotPersonal()) {
                    problems.add(new Problem(at, "unknown PII category \"" + PiiTags.PROPERTY + "\": \"" + tag
                            + "\"; use one of " + KNOWN_CATEGORIES + ", or " + PiiTags.NOT_PERSONAL
                            + " for a field that is not personal"));
                }
            } else if (nameLint && isLintable(field) && policy.at(field.path()).isEmpty()) {
                // Inside a tagged field, the enclosing tag covers it (the policy has a decision for it).
                Optional<PiiCategory> suggested = PersonalDataNames.suggest(field.field().name());
                suggested.ifPresent(c -> problems.add(new Problem(at, untaggedMessage(field, c))));
            }
            allowanceProblem(field.field().getObjectProp(PiiTags.ALLOW_PROPERTY))
                    .ifPresent(p -> problems.add(new Problem(at, p)));
        }
        policy.refusals().forEach(r -> problems.add(new Problem("schema." + r.path(), r.message())));
        checkSubject(schema, policy, problems);
        policy.decisions().stream().filter(PersonalDataPolicy.Decision::fallsBackToDrop)
                .forEach(d -> warnings.add(dropWarning(d)));
        return policy;
    }

    /** What is wrong with a {@code "pii.allow"} value: a list of category names. Where it may be, the policy says. */
    private static Optional<String> allowanceProblem(Object allow) {
        if (allow == null) {
            return Optional.empty();
        }
        String example = "\"" + PiiTags.ALLOW_PROPERTY + "\": [\"IP_ADDRESS\"]";
        if (!(allow instanceof List<?> names)) {
            return Optional.of("\"" + PiiTags.ALLOW_PROPERTY + "\" must be a list of PII categories, e.g. " + example);
        }
        List<String> unknown = names.stream().map(String::valueOf).filter(n -> PiiCategory.parse(n).isEmpty())
                .map(n -> "\"" + n + "\"").toList();
        return unknown.isEmpty() ? Optional.empty() : Optional.of("unknown PII " + (unknown.size() == 1 ? "category "
                : "categories ") + String.join(", ", unknown) + " in \"" + PiiTags.ALLOW_PROPERTY + "\"; use one of "
                + KNOWN_CATEGORIES);
    }

    /**
     * At most one data subject, on a top-level field that can hold an id, with a well-formed kind; and one whenever a
     * field is ENCRYPTed, since ENCRYPT is under the subject's own key.
     */
    private static void checkSubject(Schema schema, PersonalDataPolicy policy, List<Problem> problems) {
        Schema record = PiiTags.unwrapNullable(schema);
        String first = null;
        for (Schema.Field field : record.getFields()) {
            Object kind = field.getObjectProp(PiiTags.SUBJECT_PROPERTY);
            if (kind == null) {
                continue;
            }
            String at = "schema." + field.name();
            if (first != null) {
                problems.add(new Problem(at, "is a second data subject (\"" + PiiTags.SUBJECT_PROPERTY + "\"; the "
                        + "first is " + first + "): a record is about one person, so mark only the field that "
                        + "identifies them"));
                continue;
            }
            first = field.name();
            if (!(kind instanceof String k) || !DataSubject.KIND.matcher(k).matches()) {
                problems.add(new Problem(at, "\"" + PiiTags.SUBJECT_PROPERTY + "\": " + quoted(kind) + " is not a "
                        + "kind of data subject: use lower-case letters, digits and '-', starting with a letter, at "
                        + "most 40 characters ([a-z][a-z0-9-]{0,39}), e.g. \"" + PiiTags.SUBJECT_PROPERTY
                        + "\": \"customer\""));
            }
            if (!DataSubject.holdsAnId(field.schema())) {
                problems.add(new Problem(at, "is the data subject (\"" + PiiTags.SUBJECT_PROPERTY + "\"), so it must "
                        + "hold the person's id: a string, int or long (nullable or not), not " + field.schema()));
            }
        }
        Set<Schema.Field> topLevel = Collections.newSetFromMap(new IdentityHashMap<>());
        topLevel.addAll(record.getFields());
        Set<Schema.Field> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SchemaField field : PiiTags.fields(record)) {
            if (!topLevel.contains(field.field()) && field.field().getObjectProp(PiiTags.SUBJECT_PROPERTY) != null
                    && reported.add(field.field())) {
                problems.add(new Problem("schema." + field.path(), "\"" + PiiTags.SUBJECT_PROPERTY + "\" must be on "
                        + "a top-level field of the record: the one that identifies the person the record is about"));
            }
        }
        List<String> encrypted = policy.decisions().stream().filter(d -> d.applied() == PiiProtection.ENCRYPT)
                .map(PersonalDataPolicy.Decision::path).toList();
        if (first == null && !encrypted.isEmpty()) {
            problems.add(new Problem("piiProtection", "ENCRYPT needs a data subject: mark the field that identifies "
                    + "the person with \"" + PiiTags.SUBJECT_PROPERTY + "\": \"customer\" (encrypted: "
                    + String.join(", ", encrypted) + ")"));
        }
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** Records are containers: their own fields are linted. Everything else holds values. */
    private static boolean isLintable(SchemaField field) {
        return field.schema().getType() != Schema.Type.RECORD;
    }

    private static String untaggedMessage(SchemaField field, PiiCategory category) {
        String name = field.field().name();
        String type = field.field().schema().toString();
        return "looks like personal data (" + category + ") but has no \"" + PiiTags.PROPERTY + "\" tag. Tag it in "
                + "the Avro schema: {\"name\": \"" + name + "\", \"type\": " + type + ", \"" + PiiTags.PROPERTY
                + "\": \"" + category + "\"} (in a YAML contract: classification: " + category + " on its property), "
                + "or, if it is not personal: {\"name\": \"" + name + "\", \"type\": "
                + type + ", \"" + PiiTags.PROPERTY + "\": \"" + PiiTags.NOT_PERSONAL + "\"}";
    }

    /** MASK, HASH and ENCRYPT write strings: say now, not at run time, that a non-string will be dropped instead. */
    private static String dropWarning(PersonalDataPolicy.Decision d) {
        return "schema." + d.path() + " is " + (d.inherited() ? "inside a field tagged " : "tagged ") + d.category()
                + " with protection " + d.declared() + ", which writes a string, and the field cannot hold one: "
                + "governance will DROP it instead (it writes " + d.replacement() + "). To keep " + d.declared()
                + ", declare the field as a string (or [\"null\", \"string\"]); to silence this, protect "
                + d.category() + " with DROP.";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
