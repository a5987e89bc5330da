package dev.meshbone.catalog.topology;

import dev.meshbone.contract.Lifecycle;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.AccessSummary;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.Counts;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.ProductVersion;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.SloStatus;
import dev.meshbone.events.ViolationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How each fact changes a product's catalog entry: pure functions, no state, no clock (the caller says what time
 * it is). The processor keeps the state; this class decides what the entry says.
 */
final class CatalogEntries {

    /** The window of the violation rate and of the last-hour counts. */
    static final Duration LAST_HOUR = Duration.ofHours(1);

    private CatalogEntries() {
    }

    /** A product seen for the first time; not registered until a descriptor names it. */
    static CatalogEntry newEntry(String productId, Instant firstSeen, Instant now) {
        return CatalogEntry.newBuilder()
                .setId(productId)
                .setDomain(ProductKeys.domainOf(productId))
                .setName(ProductKeys.nameOf(productId))
                .setRegistered(false)
                .setSloStatus(SloStatus.newBuilder().setEvaluatedAt(now).build())
                .setCounts(zero())
                .setCountsLastHour(zero())
                .setCreatedAt(firstSeen)
                .setUpdatedAt(now)
                .build();
    }

    /**
     * The entry as the product's descriptors say: all majors listed, the current one (the highest that is not
     * retired, else the highest) gives title, owner, schema, rules and SLOs. The product's status is the best of
     * its majors' (ACTIVE over DEPRECATED over RETIRED).
     *
     * @param majors the product's descriptors, one per major version, not empty
     */
    static CatalogEntry withDescriptors(CatalogEntry entry, List<DataProductDescriptor> majors, Instant now) {
        List<DataProductDescriptor> sorted = majors.stream()
                .sorted(Comparator.comparingInt(DataProductDescriptor::getMajorVersion)).toList();
        DataProductDescriptor current = Lifecycle.current(sorted, DataProductDescriptor::getMajorVersion,
                DataProductDescriptor::getStatus).orElseThrow();
        ProductStatus status = Lifecycle.productStatus(sorted.stream().map(DataProductDescriptor::getStatus).toList());
        List<ProductVersion> versions = sorted.stream().map(d -> ProductVersion.newBuilder()
                .setMajorVersion(d.getMajorVersion())
                .setPublicTopic(d.getPublicTopic())
                .setStatus(d.getStatus())
                .setSchemaRef(d.getSchemaRef())
                .build()).toList();
        return CatalogEntry.newBuilder(entry)
                .setRegistered(true)
                .setTitle(current.getTitle())
                .setDescription(current.getDescription())
                .setOwner(current.getOwner())
                .setTags(current.getTags())
                .setStatus(status)
                .setVersions(versions)
                .setCurrentSchema(SchemaSummaries.of(current))
                .setCompatibility(current.getCompatibility())
                .setQualityRules(current.getQualityRules())
                .setSlo(current.getSlo())
                .setUpdatedAt(now)
                .build();
    }

    /** Adds a violation to the recent ones (newest first, at most {@code keep}); a repeat of one kept is ignored. */
    static CatalogEntry withViolation(CatalogEntry entry, GovernanceViolation violation, int keep, Instant now) {
        ViolationSummary summary = ViolationSummary.newBuilder()
                .setCode(violation.getCode())
                .setAction(violation.getAction())
                .setMessage(violation.getMessage())
                .setFieldPath(violation.getFieldPath())
                .setRuleId(violation.getRuleId())
                .setDetectedAt(violation.getDetectedAt())
                .build();
        if (entry.getRecentViolations().contains(summary)) {
            return entry; // redelivered after a restart (at-least-once)
        }
        List<ViolationSummary> recent = new ArrayList<>(entry.getRecentViolations());
        recent.add(summary);
        recent.sort(Comparator.comparing(ViolationSummary::getDetectedAt).reversed());
        return CatalogEntry.newBuilder(entry)
                .setRecentViolations(List.copyOf(recent.subList(0, Math.min(keep, recent.size()))))
                .setUpdatedAt(now)
                .build();
    }

    /**
     * Folds a window's stats into the all-time counts. Stats are cumulative per window and part of governance, so
     * the change is the new report minus the one it replaces ({@code previous}: the same part's, null for a new
     * window or part): a redelivered report adds nothing.
     */
    static CatalogEntry withStats(CatalogEntry entry, ProductStats previous, ProductStats current, Instant now) {
        Counts counts = entry.getCounts();
        Map<String, Long> byCode = new TreeMap<>(entry.getQuarantinedByCode());
        if (previous != null) {
            previous.getQuarantinedByCode().forEach((code, n) -> byCode.merge(code, -n, Long::sum));
        }
        current.getQuarantinedByCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
        byCode.values().removeIf(n -> n == 0);
        Instant lastAccepted = latest(entry.getLastAcceptedAt(), current.getLastAcceptedTime());
        return CatalogEntry.newBuilder(entry)
                .setCounts(Counts.newBuilder()
                        .setAccepted(counts.getAccepted() + current.getAccepted() - (previous == null ? 0 : previous.getAccepted()))
                        .setQuarantined(counts.getQuarantined() + current.getQuarantined()
                                - (previous == null ? 0 : previous.getQuarantined()))
                        .setWarned(counts.getWarned() + current.getWarned() - (previous == null ? 0 : previous.getWarned()))
                        .build())
                .setQuarantinedByCode(byCode)
                .setLastAcceptedAt(lastAccepted)
                .setUpdatedAt(now)
                .build();
    }

    /** The entry with these grants (as the access store holds them, by team) as who has access. */
    static CatalogEntry withAccess(CatalogEntry entry, List<AccessGrant> grants) {
        return CatalogEntry.newBuilder(entry)
                .setAccess(grants.stream().map(g -> AccessSummary.newBuilder()
                        .setTeam(g.getTeam())
                        .setGrantedBy(g.getGrantedBy())
                        .setGrantedAt(g.getGrantedAt())
                        .setExpiresAt(g.getExpiresAt())
                        .build()).toList())
                .build();
    }

    /** The counts of the windows that overlap the last hour. */
    static Counts lastHour(Iterable<ProductStats> windows, Instant now) {
        Instant since = now.minus(LAST_HOUR);
        long accepted = 0;
        long quarantined = 0;
        long warned = 0;
        for (ProductStats w : windows) {
            if (w.getWindowEnd().isAfter(since)) {
                accepted += w.getAccepted();
                quarantined += w.getQuarantined();
                warned += w.getWarned();
            }
        }
        return Counts.newBuilder().setAccepted(accepted).setQuarantined(quarantined).setWarned(warned).build();
    }

    /**
     * The entry with its last-hour counts and its SLOs evaluated at {@code now}.
     * <ul>
     *   <li>Freshness holds while the time since the last accepted record (or, before the first one, since the
     *       product was first seen) is at most the objective's maximum interval.</li>
     *   <li>The violation rate is quarantined / (accepted + quarantined) over the last hour; with no records it is
     *       unknown (null) and the objective holds.</li>
     *   <li>A retired or unregistered product promises nothing: both are null.</li>
     * </ul>
     */
    static CatalogEntry evaluated(CatalogEntry entry, Counts lastHour, Instant now) {
        ServiceLevelObjectives slo = entry.getSlo();
        boolean promises = slo != null && entry.getRegistered() && entry.getStatus() != ProductStatus.RETIRED;
        Instant lastAccepted = entry.getLastAcceptedAt();
        Long sinceAccepted = lastAccepted == null ? null : Math.max(0, now.toEpochMilli() - lastAccepted.toEpochMilli());
        Boolean freshnessOk = null;
        if (promises && slo.getMaxIntervalMillis() != null) {
            Instant reference = lastAccepted != null ? lastAccepted : entry.getCreatedAt();
            freshnessOk = now.toEpochMilli() - reference.toEpochMilli() <= slo.getMaxIntervalMillis();
        }
        long total = lastHour.getAccepted() + lastHour.getQuarantined();
        Double rate = total == 0 ? null : (double) lastHour.getQuarantined() / total;
        Boolean rateOk = null;
        if (promises && slo.getMaxViolationRate() != null) {
            rateOk = rate == null || rate <= slo.getMaxViolationRate();
        }
        return CatalogEntry.newBuilder(entry)
                .setCountsLastHour(lastHour)
                .setSloStatus(SloStatus.newBuilder()
                        .setFreshnessOk(freshnessOk)
                        .setMillisSinceLastAccepted(sinceAccepted)
                        .setViolationRateOk(rateOk)
                        .setViolationRateLastHour(rate)
                        .setEvaluatedAt(now)
                        .build())
                .build();
    }

    /**
     * True when a re-evaluation changed nothing a reader acts on (SLO verdicts, rate, last-hour counts): the
     * punctuation then writes nothing, so a quiet catalog stays quiet on the topic.
     */
    static boolean sameVerdict(CatalogEntry before, CatalogEntry after) {
        SloStatus a = before.getSloStatus();
        SloStatus b = after.getSloStatus();
        return Objects.equals(a.getFreshnessOk(), b.getFreshnessOk())
                && Objects.equals(a.getViolationRateOk(), b.getViolationRateOk())
                && Objects.equals(a.getViolationRateLastHour(), b.getViolationRateLastHour())
                && before.getCountsLastHour().equals(after.getCountsLastHour());
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Counts zero() {
        return Counts.newBuilder().build();
    }
}
