package dev.meshbone.catalog.api;

import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.FieldSummary;
import dev.meshbone.events.ProductVersion;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.SchemaSummary;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.SloStatus;
import dev.meshbone.events.ViolationSummary;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Maps catalog entries (Avro) to the API's DTOs. */
public final class ProductViews {

    static final String OK = "OK";
    static final String BREACHED = "BREACHED";
    static final String NONE = "NONE";
    static final String UNREGISTERED = "UNREGISTERED";

    private ProductViews() {
    }

    /**
     * The product as the API shows it at {@code now}: the SLO verdicts are the entry's (evaluated by the projector),
     * the time since the last accepted record is computed now.
     *
     * @param quarantine the quarantine in force, or null (lists do not show it)
     */
    public static Dto.ProductDetail detail(CatalogEntry e, Instant now, Dto.Quarantine quarantine) {
        ProductVersion current = currentVersion(e);
        List<Dto.Field> fields = e.getCurrentSchema() == null ? List.of()
                : e.getCurrentSchema().getFields().stream().map(ProductViews::field).toList();
        return new Dto.ProductDetail(
                e.getId(), e.getDomain(), e.getName(),
                e.getTitle().isEmpty() ? e.getId() : e.getTitle(),
                e.getDescription(),
                status(e),
                e.getRegistered(),
                e.getOwner() == null ? null : new Dto.Owner(e.getOwner().getTeam(), e.getOwner().getContact()),
                List.copyOf(e.getTags()),
                fields.stream().anyMatch(f -> f.pii() != null),
                current == null ? null : current.getMajorVersion(),
                current == null ? null : current.getPublicTopic(),
                e.getVersions().stream().map(ProductViews::version).toList(),
                schema(e.getCurrentSchema(), fields),
                e.getCompatibility() == null ? null : e.getCompatibility().name(),
                e.getQualityRules().stream().map(ProductViews::rule).toList(),
                slo(e, now),
                counts(e.getCounts()),
                counts(e.getCountsLastHour()),
                new TreeMap<>(e.getQuarantinedByCode()),
                e.getRecentViolations().stream().map(ProductViews::violation).toList(),
                iso(e.getLastAcceptedAt()),
                iso(e.getCreatedAt()),
                iso(e.getUpdatedAt()),
                e.getAccess().stream().map(a -> new Dto.Access(a.getTeam(), a.getGrantedBy(), iso(a.getGrantedAt()),
                                iso(a.getExpiresAt())))
                        .toList(),
                quarantine);
    }

    /** The row as at {@code now}: the time since the last accepted record moves on, nothing else does. */
    public static Dto.ProductSummary at(Dto.ProductSummary s, Instant now) {
        Dto.Freshness f = s.slo().freshness();
        Long since = s.lastAcceptedAt() == null ? null
                : Math.max(0, now.toEpochMilli() - Instant.parse(s.lastAcceptedAt()).toEpochMilli());
        Dto.Slo slo = new Dto.Slo(s.slo().state(), new Dto.Freshness(f.state(), f.maxIntervalMillis(), since),
                s.slo().violationRate(), s.slo().evaluatedAt());
        return new Dto.ProductSummary(s.id(), s.domain(), s.name(), s.title(), s.status(), s.registered(), s.owner(),
                s.tags(), s.pii(), s.currentMajor(), s.publicTopic(), slo, s.counts(), s.countsLastHour(),
                s.lastAcceptedAt(), s.updatedAt());
    }

    /** The entry's recent violations, newest first. */
    public static List<Dto.Violation> violations(CatalogEntry e) {
        return e.getRecentViolations().stream().map(ProductViews::violation).toList();
    }

    private static String status(CatalogEntry e) {
        if (!e.getRegistered() || e.getStatus() == null) {
            return UNREGISTERED;
        }
        return e.getStatus().name();
    }

    /** The version the current schema belongs to. */
    private static ProductVersion currentVersion(CatalogEntry e) {
        if (e.getCurrentSchema() == null) {
            return null;
        }
        int major = e.getCurrentSchema().getMajorVersion();
        return e.getVersions().stream().filter(v -> v.getMajorVersion() == major).findFirst().orElse(null);
    }

    private static Dto.Version version(ProductVersion v) {
        return new Dto.Version(v.getMajorVersion(), v.getStatus().name(), v.getPublicTopic(),
                v.getSchemaRef().getGroupId(), v.getSchemaRef().getArtifactId(), v.getSchemaRef().getVersion(),
                v.getSchemaRef().getGlobalId());
    }

    private static Dto.Schema schema(SchemaSummary s, List<Dto.Field> fields) {
        return s == null ? null : new Dto.Schema(s.getFullName(), s.getMajorVersion(), s.getVersion(), fields);
    }

    private static Dto.Field field(FieldSummary f) {
        return new Dto.Field(f.getPath(), f.getType(), f.getDoc(), f.getPiiCategory(),
                f.getProtection() == null ? null : f.getProtection().name(), List.copyOf(f.getAllowed()));
    }

    private static Dto.Rule rule(QualityRule r) {
        return new Dto.Rule(r.getId(), r.getDescription(), r.getExpression(), r.getAction().name());
    }

    private static Dto.Slo slo(CatalogEntry e, Instant now) {
        ServiceLevelObjectives objectives = e.getSlo();
        SloStatus status = e.getSloStatus();
        Long sinceAccepted = e.getLastAcceptedAt() == null ? null
                : Math.max(0, now.toEpochMilli() - e.getLastAcceptedAt().toEpochMilli());
        String freshness = state(status.getFreshnessOk());
        String rate = state(status.getViolationRateOk());
        String overall = BREACHED.equals(freshness) || BREACHED.equals(rate) ? BREACHED
                : OK.equals(freshness) || OK.equals(rate) ? OK : NONE;
        return new Dto.Slo(overall,
                new Dto.Freshness(freshness, objectives == null ? null : objectives.getMaxIntervalMillis(), sinceAccepted),
                new Dto.ViolationRate(rate, objectives == null ? null : objectives.getMaxViolationRate(),
                        status.getViolationRateLastHour()),
                iso(status.getEvaluatedAt()));
    }

    private static String state(Boolean ok) {
        return ok == null ? NONE : ok ? OK : BREACHED;
    }

    private static Dto.Counts counts(dev.meshbone.events.Counts c) {
        return new Dto.Counts(c.getAccepted(), c.getQuarantined(), c.getWarned());
    }

    private static Dto.Violation violation(ViolationSummary v) {
        return new Dto.Violation(v.getCode().name(), v.getAction().name(), v.getMessage(), v.getFieldPath(),
                v.getRuleId(), iso(v.getDetectedAt()));
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
