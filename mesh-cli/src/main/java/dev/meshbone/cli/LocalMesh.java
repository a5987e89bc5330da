package dev.meshbone.cli;

import java.nio.file.Path;

/**
 * Where {@code mesh up} leaves the local mesh's admin client settings while it runs, so the ops commands on the same
 * machine work without flags. {@code MESHBONE_HOME} moves it (default {@code ~/.meshbone}).
 */
public final class LocalMesh {

    private LocalMesh() {
    }

    /** The admin settings file of the mesh {@code mesh up} runs on this machine (it may not exist). */
    public static Path adminSettings() {
        String home = System.getenv("MESHBONE_HOME");
        Path dir = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".meshbone")
                : Path.of(home);
        return dir.resolve("local-mesh.properties");
    }
}
