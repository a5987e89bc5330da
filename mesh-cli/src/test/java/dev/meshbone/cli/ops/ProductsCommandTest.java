package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductVersion;
import dev.meshbone.testkit.samples.MajorsCase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mesh products} points to the same current major as the catalog (the shared {@link MajorsCase}s). */
class ProductsCommandTest {

    static Stream<MajorsCase> majors() {
        return MajorsCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("majors")
    void shouldShowTheCurrentMajorsTopic(MajorsCase c) {
        // Given: the catalog entry's versions, oldest first
        List<ProductVersion> versions = c.descriptors("sales").stream().map(ProductsCommandTest::version).toList();

        // Then
        assertThat(ProductsCommand.currentTopic(versions)).isEqualTo("sales.orders.v" + c.current());
    }

    private static ProductVersion version(DataProductDescriptor d) {
        return new ProductVersion(d.getMajorVersion(), d.getPublicTopic(), d.getStatus(), d.getSchemaRef());
    }
}
