package dev.meshbone.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Apicurio Registry server distribution ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}, as
 * Maven Central serves it) and unpacks it once into a cache folder shared by every JVM on the machine.
 */
final class RegistryDistribution {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryDistribution.class);
    private static final String RUNNER = "quarkus-run.jar";

    private RegistryDistribution() {
    }

    /** The folder holding {@code quarkus-run.jar}, unpacking the archive on first use. */
    @SuppressWarnings("try")
    static Path home() {
        Optional<String> configuredHome = EmbeddedSettings.get(EmbeddedSettings.REGISTRY_HOME);
        if (configuredHome.isPresent()) {
            Path home = Path.of(configuredHome.get());
            if (!Files.isRegularFile(home.resolve(RUNNER))) {
                throw new IllegalStateException("MESHBONE_EMBEDDED_REGISTRY_HOME / embedded.registry.home is " + home
                        + ", but it holds no " + RUNNER + " (expected an unpacked apicurio-registry-app distribution)");
            }
            return home;
        }
        String version = Versions.registry();
        Path cache = EmbeddedSettings.get(EmbeddedSettings.CACHE_DIR).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "meshbone"));
        Path home = cache.resolve("apicurio-registry-app-" + version);
        if (Files.isRegularFile(home.resolve(RUNNER))) {
            return home;
        }
        Path archive = archive(version);
        try {
            Files.createDirectories(cache);
            // Parallel test JVMs may race to unpack: one does it under a file lock, the others wait and reuse.
            try (FileChannel lockFile = FileChannel.open(cache.resolve(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isRegularFile(home.resolve(RUNNER))) {
                    unpack(archive, home);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + home, e);
        }
        return home;
    }

    private static Path archive(String version) {
        Optional<String> configured = EmbeddedSettings.get(EmbeddedSettings.REGISTRY_ARCHIVE);
        Path archive = configured.map(Path::of).orElseGet(() -> {
            String repo = Optional.ofNullable(System.getProperty("maven.repo.local"))
                    .orElse(Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            return Path.of(repo, "io", "apicurio", "apicurio-registry-app", version,
                    "apicurio-registry-app-" + version + "-all.tar.gz");
        });
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("The Apicurio Registry " + version + " distribution is not at " + archive
                    + ". Build the project once (./mvnw -B install -DskipTests downloads it), or fetch it with "
                    + "`./mvnw dependency:get -Dtransitive=false -Dartifact=io.apicurio:apicurio-registry-app:"
                    + version + ":tar.gz:all`, or point MESHBONE_EMBEDDED_REGISTRY_ARCHIVE at the archive.");
        }
        return archive;
    }

    private static void unpack(Path archive, Path home) throws IOException {
        long started = System.nanoTime();
        Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".unpacking-");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Directories.deleteQuietly(staging);
        }
        LOGGER.info("Unpacked Apicurio Registry into {} in {} ms", home,
                (System.nanoTime() - started) / 1_000_000);
    }
}
