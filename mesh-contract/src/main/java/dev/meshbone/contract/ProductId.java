package dev.meshbone.contract;

import dev.meshbone.schemas.MeshTopics;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data product's id, {@code <domain>.<product>}: the one place that knows what a valid name is and how ids, ingress
 * topics and contract keys are spelt.
 *
 * @param domain the owning domain, {@code [a-z0-9][a-z0-9-]*}
 * @param name   the product's name within the domain, same alphabet
 */
public record ProductId(String domain, String name) {

    /** A valid domain or product name: lower-case letters, digits and '-', not starting with '-'. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Longest domain or product name: topic names must stay under Kafka's 249 characters. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The domain no product may use: the mesh's own topics live under it. */
    public static final String RESERVED_DOMAIN = "mesh";

    private static final Pattern ID = Pattern.compile("(" + NAME + ")\\.(" + NAME + ")");
    private static final Pattern INGRESS = Pattern.compile(Pattern.quote(MeshTopics.INGRESS_PREFIX) + ID);

    /** @throws IllegalArgumentException when a part is not a valid name */
    public ProductId {
        requireName("domain", domain);
        requireName("product name", name);
    }

    /** Parses {@code <domain>.<product>}. @throws IllegalArgumentException saying what a product id looks like */
    public static ProductId parse(String id) {
        return tryParse(id).orElseThrow(() -> new IllegalArgumentException("'" + id + "' is not a product id: "
                + "expected <domain>.<product>, each lower-case letters, digits and '-' (e.g. sales.orders)"));
    }

    /** Parses {@code <domain>.<product>}; empty when it is not one. */
    public static Optional<ProductId> tryParse(String id) {
        return match(ID, id).map(m -> new ProductId(m.group(1), m.group(2)));
    }

    /** The product whose ingress topic this is; empty for any other topic. */
    public static Optional<ProductId> ofIngressTopic(String topic) {
        return match(INGRESS, topic).map(m -> new ProductId(m.group(1), m.group(2)));
    }

    /** Why a domain or product name is not valid, or empty when it is. */
    public static Optional<String> nameProblem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is required");
        }
        if (!NAME.matcher(value).matches()) {
            return Optional.of("'" + value + "' is not a valid name: use lower-case letters, digits and '-', "
                    + "starting with a letter or digit ([a-z0-9][a-z0-9-]*)");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            return Optional.of("is " + value.length() + " characters long; at most " + MAX_NAME_LENGTH);
        }
        return Optional.empty();
    }

    /** {@code mesh.ingress.<domain>.<product>}: where producers publish, shared by every major version. */
    public String ingressTopic() {
        return MeshTopics.INGRESS_PREFIX + this;
    }

    /** The key of this product's major version on {@code mesh.products}. */
    public ContractKey major(int majorVersion) {
        return new ContractKey(this, majorVersion);
    }

    @Override
    public String toString() {
        return domain + "." + name;
    }

    private static void requireName(String what, String value) {
        nameProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("The " + what + " " + problem);
        });
    }

    private static Optional<Matcher> match(Pattern pattern, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.matches() && m.group(1).length() <= MAX_NAME_LENGTH && m.group(2).length() <= MAX_NAME_LENGTH
                ? Optional.of(m) : Optional.empty();
    }
}
