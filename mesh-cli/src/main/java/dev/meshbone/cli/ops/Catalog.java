package dev.meshbone.cli.ops;

import dev.meshbone.events.CatalogEntry;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The catalog as the compacted {@code mesh.catalog} topic holds it: the latest entry per product. */
final class Catalog {

    private static final MeshEventSerde<CatalogEntry> ENTRIES = MeshEventSerde.of(CatalogEntry.class);

    private Catalog() {
    }

    static Map<String, CatalogEntry> read(Properties client) {
        Map<String, CatalogEntry> entries = new TreeMap<>();
        TopicReader.readAll(client, MeshTopics.CATALOG, r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                entries.remove(id);
            } else {
                entries.put(id, ENTRIES.decode(r.value()));
            }
        });
        return entries;
    }

    static String slo(CatalogEntry e) {
        Boolean fresh = e.getSloStatus().getFreshnessOk();
        Boolean rate = e.getSloStatus().getViolationRateOk();
        if (Boolean.FALSE.equals(fresh) || Boolean.FALSE.equals(rate)) {
            return "BREACHED";
        }
        return fresh == null && rate == null ? "none" : "ok";
    }
}
