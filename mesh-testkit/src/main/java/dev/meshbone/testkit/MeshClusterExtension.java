package dev.meshbone.testkit;

import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real cluster: declare {@code @ExtendWith(MeshClusterExtension.class)} and take a
 * {@link MeshCluster} parameter (constructor, lifecycle or test method). One cluster is shared by every test
 * class of the test run (the JVM) and stopped when the run ends, pass or fail. Tests isolate themselves with
 * {@link #uniqueName(String)} topic names.
 */
public final class MeshClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MeshClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MeshCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedCluster.class, k -> new SharedCluster(MeshClusters.start()),
                        SharedCluster.class)
                .cluster();
    }

    /** A name no other test uses, e.g. {@code orders-3f9c1a2b}: lower-case, safe for topics and registry ids. */
    public static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit before 5.13, AutoCloseable after
    private record SharedCluster(MeshCluster cluster)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
