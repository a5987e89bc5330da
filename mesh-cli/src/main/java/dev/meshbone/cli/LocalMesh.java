package dev.meshbone.cli;

import dev.meshbone.embedded.ClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Where {@code mesh up} leaves the local mesh's admin client settings while it runs, so the ops commands on the same
 * machine work without flags; and where {@code mesh domain add} leaves a new domain's registry user for it (the
 * embedded registry's users are static configuration that only {@code mesh up} can restart it with).
 * {@code MESHBONE_HOME} moves both (default {@code ~/.meshbone}).
 */
public final class LocalMesh {

    private LocalMesh() {
    }

    /** The admin settings file of the mesh {@code mesh up} runs on this machine (it may not exist). */
    public static Path adminSettings() {
        return home().resolve("local-mesh.properties");
    }

    /** The folder of registry users {@code mesh up} is asked to add: one file (0600) per user, removed once added. */
    public static Path registryUserRequests() {
        return home().resolve("registry-users");
    }

    /** Asks the running {@code mesh up} to add a registry user: writes its request file (mode 0600). */
    public static void requestRegistryUser(String name, String password) {
        Path request = registryUserRequests().resolve(name + ".properties");
        Path partial = registryUserRequests().resolve(name + ".partial");
        try {
            Files.deleteIfExists(partial);
            ClientSettings.write(partial, Map.of("name", name, "password", password));
            // Whole or not at all: mesh up reads only *.properties.
            Files.move(partial, request, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + request, e);
        }
    }

    private static Path home() {
        String home = System.getenv("MESHBONE_HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".meshbone") : Path.of(home);
    }
}
