package dev.meshbone.catalog.api;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the HTTP API, as records. Times are ISO-8601 strings (UTC); an SLO state is {@code OK},
 * {@code BREACHED} or {@code NONE} (no objective); a product's status is {@code ACTIVE}, {@code DEPRECATED},
 * {@code RETIRED} or {@code UNREGISTERED} (seen only through governance facts, flagged for ops).
 */
public final class Dto {

    private Dto() {
    }

    /** One row of the catalog table, and the payload of a live {@code product} event. */
    public record ProductSummary(String id, String domain, String name, String title, String status, boolean registered,
                                 String owner, List<String> tags, boolean pii, Integer currentMajor, String publicTopic,
                                 Slo slo, Counts counts, Counts countsLastHour, String lastAcceptedAt,
                                 String updatedAt) {
    }

    /** Everything the catalog knows of one product. */
    public record ProductDetail(String id, String domain, String name, String title, String description, String status,
                                boolean registered, Owner owner, List<String> tags, boolean pii, Integer currentMajor,
                                String publicTopic, List<Version> versions, Schema schema, String compatibility,
                                List<Rule> rules, Slo slo, Counts counts, Counts countsLastHour,
                                Map<String, Long> quarantinedByCode, List<Violation> recentViolations,
                                String lastAcceptedAt, String createdAt, String updatedAt, List<Access> access,
                                Quarantine quarantine) {

        /** The table row of this product. */
        public ProductSummary summary() {
            return new ProductSummary(id, domain, name, title, status, registered, owner == null ? null : owner.team(),
                    tags, pii, currentMajor, publicTopic, slo, counts, countsLastHour, lastAcceptedAt, updatedAt);
        }
    }

    /**
     * Where refused records go and how long they stay there: the topic's {@code retention.ms} in force on the
     * cluster, null when it could not be read (no quarantine yet, or the catalog may not describe it). Null in lists.
     */
    public record Quarantine(String topic, Long retentionMillis) {
    }

    /**
     * A consumer team granted the product's public topics, who granted it, when, and when it ends (null: until
     * revoked; in the past: expired, it reads nothing).
     */
    public record Access(String team, String grantedBy, String grantedAt, String expiresAt) {
    }

    /** The accountable team and how to reach it. */
    public record Owner(String team, String contact) {
    }

    /** One major version: its public topic and where its schema lives in the registry. */
    public record Version(int major, String status, String publicTopic, String registryGroup, String registryArtifact,
                         String schemaVersion, Long globalId) {
    }

    /** The current contract schema. */
    public record Schema(String fullName, int major, String version, List<Field> fields) {
    }

    /**
     * A schema field; {@code pii} is its personal-data category (null when not personal), {@code protection}
     * what governance does to it on the public topic, and {@code allowed} the categories governance's content scan
     * ignores in it (its {@code "pii.allow"}; empty for none).
     */
    public record Field(String path, String type, String doc, String pii, String protection, List<String> allowed) {
    }

    /** A quality rule (CEL) and what a failure does. */
    public record Rule(String id, String description, String expression, String action) {
    }

    /** The SLOs and whether they hold; {@code state} is BREACHED when any objective is breached. */
    public record Slo(String state, Freshness freshness, ViolationRate violationRate, String evaluatedAt) {
    }

    /** Freshness: time since the last accepted record against the promised maximum interval. */
    public record Freshness(String state, Long maxIntervalMillis, Long millisSinceLastAccepted) {
    }

    /** Share of quarantined records over the last hour against the promised maximum. */
    public record ViolationRate(String state, Double maxViolationRate, Double lastHour) {
    }

    /** Records governance accepted, quarantined and warned about. */
    public record Counts(long accepted, long quarantined, long warned) {
    }

    /** A recent violation; never holds a field value. */
    public record Violation(String code, String action, String message, String field, String rule, String detectedAt) {
    }

    /** A domain and how its products are doing. */
    public record Domain(String domain, int products, int breached, int unregistered, List<String> owners) {
    }

    /** {@code GET /api/products}: {@code count} rows from {@code offset} of the {@code total} that match. */
    public record ProductList(int total, int offset, int limit, int count, List<ProductSummary> products) {
    }

    /** {@code GET /api/products/{id}/violations}. */
    public record ViolationList(String productId, int count, List<Violation> violations) {
    }

    /** {@code GET /api/domains}. */
    public record DomainList(int count, List<Domain> domains) {
    }

    /** The live stream's {@code removed} event: the product left the catalog. */
    public record Removed(String id) {
    }

    /** Every error: the HTTP status and what went wrong. */
    public record ApiError(int status, String message) {
    }

    /** {@code GET /health}. */
    public record Health(String status, String streams, long products) {
    }
}
