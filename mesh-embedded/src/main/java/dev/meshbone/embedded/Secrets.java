package dev.meshbone.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded stack's generated secrets in one directory (mode 0700): {@code principals.properties} (mode 0600)
 * holds every principal's password and kind, and the broker's own passwords. With a data directory they survive a
 * restart, which they must: a formatted Kafka log keeps the SCRAM credentials it was given.
 */
final class Secrets {

    static final String FILE = "principals.properties";
    static final String BROKER = "broker";
    static final String CONTROLLER = "controller";
    static final String ADMIN = "admin";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path dir;
    private final Properties entries = new Properties();

    private Secrets(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating it when missing) the secrets directory and reads what it holds. */
    static Secrets open(Path dir) {
        try {
            Files.createDirectories(dir);
            if (POSIX) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Secrets secrets = new Secrets(dir);
            Path file = dir.resolve(FILE);
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    secrets.entries.load(in);
                }
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the secrets directory " + dir, e);
        }
    }

    Path directory() {
        return dir;
    }

    /** True when nothing was generated here yet. */
    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The password of a principal, generated and stored the first time; the stored kind wins over a new one. */
    synchronized MeshPrincipal principal(String name, PrincipalKind kind) {
        String password = password(name);
        PrincipalKind stored = Optional.ofNullable(entries.getProperty(name + ".kind"))
                .map(PrincipalKind::valueOf).orElse(null);
        if (stored != null && stored != kind) {
            throw new IllegalArgumentException("principal " + name + " exists as " + stored + ", not " + kind);
        }
        if (stored == null) {
            entries.setProperty(name + ".kind", kind.name());
            save();
        }
        return new MeshPrincipal(name, password, kind);
    }

    /** Stores a principal whose password was chosen elsewhere (a user created through the Admin API). */
    synchronized void adopt(MeshPrincipal principal) {
        find(principal.name()).filter(p -> p.kind() != principal.kind()).ifPresent(p -> {
            throw new IllegalArgumentException("principal " + p.name() + " exists as " + p.kind() + ", not "
                    + principal.kind());
        });
        entries.setProperty(principal.name() + ".password", principal.password());
        entries.setProperty(principal.name() + ".kind", principal.kind().name());
        save();
    }

    /** A principal stored before, if any. */
    synchronized Optional<MeshPrincipal> find(String name) {
        String kind = entries.getProperty(name + ".kind");
        return kind == null ? Optional.empty() : Optional.of(new MeshPrincipal(name,
                entries.getProperty(name + ".password"), PrincipalKind.valueOf(kind.toUpperCase(Locale.ROOT))));
    }

    /** Every stored principal (not the broker's internal users). */
    synchronized List<MeshPrincipal> principals() {
        List<MeshPrincipal> all = new ArrayList<>();
        entries.stringPropertyNames().stream().filter(k -> k.endsWith(".kind")).sorted()
                .forEach(k -> find(k.substring(0, k.length() - ".kind".length())).ifPresent(all::add));
        return all;
    }

    /** A password by name, generated and stored the first time. */
    synchronized String password(String name) {
        String password = entries.getProperty(name + ".password");
        if (password == null) {
            password = generate();
            entries.setProperty(name + ".password", password);
            save();
        }
        return password;
    }

    private void save() {
        // Written aside and moved into place: a crash never leaves a half-written file of secrets.
        Path file = dir.resolve(FILE);
        Path next = dir.resolve(FILE + ".next");
        try {
            Files.deleteIfExists(next);
            createPrivateFile(next);
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                entries.store(out, "generated by Meshbone's embedded stack; keep private");
            }
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** 32 letters and digits from a {@link SecureRandom}: about 190 bits, and nothing that needs escaping. */
    static String generate() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Creates an empty file with mode 0600, or narrows an existing one to 0600. */
    static void createPrivateFile(Path file) throws IOException {
        if (!POSIX) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
