package dev.meshbone.contract.pii.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default {@link KeyEncryptionKeys}: a PKCS12 keystore file holding AES-256 KEKs ({@code kek-1},
 * {@code kek-2}, ...; the highest is current) and the subject-hash secret (entry {@value #SUBJECT_HASH_ENTRY}).
 * {@link #openOrCreate} creates it, readable by its owner only (mode 0600), when it does not exist. A data key is
 * wrapped with AES-256-GCM under the KEK, the KEK id as additional authenticated data: nonce || ciphertext || tag.
 *
 * <p>The password is never on a command line: it is read from the file {@code <keystore>.password} beside it
 * (mode 0600, {@link #openOrCreate(Path)}) or passed from a setting. Whoever holds the file and its password can read
 * every ENCRYPTed value not yet forgotten: keep both where only governance, key-holding consumers and ops can.
 * Immutable once opened (the keys are read once), thread-safe.
 */
public final class LocalKeystore implements KeyEncryptionKeys {

    /** The alias of the subject-hash secret. */
    public static final String SUBJECT_HASH_ENTRY = "subject-hash-secret";
    /** What follows the keystore's file name for its password file. */
    public static final String PASSWORD_SUFFIX = ".password";

    private static final String KEK_PREFIX = "kek-";
    private static final Pattern KEK = Pattern.compile(KEK_PREFIX + "([1-9][0-9]*)");
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, SecretKey> keks;
    private final String current;
    private final byte[] subjectHashSecret;

    private LocalKeystore(Path file, Map<String, SecretKey> keks, byte[] subjectHashSecret) {
        this.file = file;
        this.keks = Collections.unmodifiableMap(keks);
        this.current = keks.keySet().stream().max(Comparator.comparingLong(LocalKeystore::number)).orElseThrow();
        this.subjectHashSecret = subjectHashSecret;
    }

    /**
     * Opens the keystore, or creates it (parent directories included; the file 0600) with a first KEK and a
     * subject-hash secret when it does not exist.
     *
     * @throws IllegalArgumentException in one line when the file is not a keystore this password opens, or lacks the
     *                                  KEKs or the secret
     * @throws UncheckedIOException     when it cannot be read or written
     */
    public static LocalKeystore openOrCreate(Path file, char[] password) {
        if (!Files.exists(file)) {
            create(file, password);
        }
        return open(file, password);
    }

    /**
     * {@link #openOrCreate(Path, char[])} with the password in {@link #passwordFile(Path)}. When neither file exists,
     * both are created (0600), the password random.
     *
     * @throws IllegalArgumentException when the keystore exists but its password file does not
     */
    public static LocalKeystore openOrCreate(Path file) {
        Path passwordFile = passwordFile(file);
        if (!Files.exists(passwordFile)) {
            if (Files.exists(file)) {
                throw new IllegalArgumentException("keystore " + file + " has no password file " + passwordFile);
            }
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            writeOwnerOnly(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return openOrCreate(file, readPassword(passwordFile));
    }

    /** {@code <keystore>.password}, beside the keystore. */
    public static Path passwordFile(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + PASSWORD_SUFFIX);
    }

    /** A password file's content, without a trailing line break. */
    public static char[] readPassword(Path passwordFile) {
        try {
            String text = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("password file " + passwordFile + " is empty");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keystore password file " + passwordFile, e);
        }
    }

    /** The keystore file. */
    public Path file() {
        return file;
    }

    @Override
    public String currentKekId() {
        return current;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keks.get(current), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(current.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(dataKey);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key with " + current, e);
        }
    }

    @Override
    public byte[] unwrap(String kekId, byte[] wrapped) {
        SecretKey kek = keks.get(kekId);
        if (kek == null) {
            throw new IllegalArgumentException("keystore " + file + " has no KEK " + kekId + " (it has "
                    + String.join(", ", keks.keySet()) + ")");
        }
        if (wrapped == null || wrapped.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("a wrapped key is at least " + (NONCE_BYTES + TAG_BITS / 8) + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(kekId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the data key was not wrapped with " + kekId + " of keystore " + file
                    + " (or was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot unwrap a data key with " + kekId, e);
        }
    }

    @Override
    public byte[] subjectHashSecret() {
        return subjectHashSecret.clone();
    }

    private static long number(String kekId) {
        Matcher m = KEK.matcher(kekId);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void create(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            store.setEntry(KEK_PREFIX + 1, new KeyStore.SecretKeyEntry(random(32, "AES")), protection);
            store.setEntry(SUBJECT_HASH_ENTRY, new KeyStore.SecretKeyEntry(random(32, "HmacSHA256")), protection);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            writeOwnerOnly(file, bytes.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private static LocalKeystore open(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("cannot open keystore " + file + ": wrong password");
            }
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + e.getMessage());
        }
        try {
            Map<String, SecretKey> keks = new TreeMap<>();
            byte[] secret = null;
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            for (String alias : Collections.list(store.aliases())) {
                if (!(store.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry entry)) {
                    continue;
                }
                if (KEK.matcher(alias).matches()) {
                    keks.put(alias, new SecretKeySpec(entry.getSecretKey().getEncoded(), "AES"));
                } else if (alias.equals(SUBJECT_HASH_ENTRY)) {
                    secret = entry.getSecretKey().getEncoded();
                }
            }
            if (keks.isEmpty() || secret == null) {
                throw new IllegalArgumentException("keystore " + file + " lacks " + (keks.isEmpty()
                        ? "a key-encryption key (" + KEK_PREFIX + "1)" : "the entry " + SUBJECT_HASH_ENTRY));
            }
            return new LocalKeystore(file, keks, secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read keystore " + file + ": " + e.getMessage());
        }
    }

    private static SecretKey random(int bytes, String algorithm) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, algorithm);
    }

    /**
     * Written to a temporary file created 0600, then moved into place without replacing: a concurrent creator's
     * file wins and is opened instead.
     */
    private static void writeOwnerOnly(Path file, byte[] content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(dir, ".keys", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".keys", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(content);
            }
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
