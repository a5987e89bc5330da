package dev.meshbone.governance.contract;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The live contracts of one product, by major version. Immutable; replaced as a whole when one changes. */
public record ProductContracts(String productId, Map<Integer, CompiledContract> byMajor) {

    public ProductContracts {
        byMajor = java.util.Collections.unmodifiableMap(new TreeMap<>(byMajor));
    }

    /** The contract whose registry artifact this writer schema belongs to; null when none (read per record). */
    public CompiledContract forArtifact(String groupId, String artifactId) {
        for (CompiledContract c : byMajor.values()) {
            if (c.groupId().equals(groupId) && c.artifactId().equals(artifactId)) {
                return c;
            }
        }
        return null;
    }

    /** True when every major is retired. */
    public boolean allRetired() {
        for (CompiledContract c : byMajor.values()) {
            if (!c.retired()) {
                return false;
            }
        }
        return true;
    }

    public Collection<CompiledContract> contracts() {
        return byMajor.values();
    }
}
