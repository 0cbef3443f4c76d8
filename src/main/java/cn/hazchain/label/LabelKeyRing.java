package cn.hazchain.label;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Ed25519 keys that sign container labels, kept in one directory (e.g. {@code <data-dir>/keys/labels}):
 * <ul>
 *   <li>{@code <kid>.pem}: one PKCS#8 private key per key ID, readable by its owner only
 *       ({@code openssl pkey -in <kid>.pem -pubout} shows its public key);</li>
 *   <li>{@code ring.properties}: which key is active and when each was created.</li>
 * </ul>
 * The active key signs new labels; older keys stay to verify labels already on containers. The key ID is derived
 * from the public key, so a file that does not match its name is refused at load.
 * Thread-safe; changes ({@link #rotate()}, {@link #importKey}) are serialised within this process only.
 */
public final class LabelKeyRing {

    static final String INDEX = "ring.properties";
    private static final String PEM_SUFFIX = ".pem";

    private final Path dir;
    private final Clock clock;
    private volatile State state;

    /** An immutable view: keys by kid, oldest first, and the active one. */
    private record State(Map<String, LabelKey> keys, String activeKid) {
        State {
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        LabelKey active() {
            return keys.get(activeKid);
        }

        State with(LabelKey key, boolean activate) {
            Map<String, LabelKey> copy = new LinkedHashMap<>(keys);
            copy.put(key.kid(), key);
            return new State(copy, activate ? key.kid() : activeKid);
        }
    }

    private LabelKeyRing(Path dir, Clock clock, State state) {
        this.dir = dir;
        this.clock = clock;
        this.state = state;
    }

    /** Loads the ring from {@code dir}, creating the directory and a first key if there is none yet. */
    public static LabelKeyRing openOrCreate(Path dir) {
        return openOrCreate(dir, Clock.systemUTC());
    }

    static LabelKeyRing openOrCreate(Path dir, Clock clock) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
            }
            Properties index = readIndex(dir);
            Map<String, LabelKey> keys = new LinkedHashMap<>();
            for (LabelKey key : loadKeys(dir, index)) {
                keys.put(key.kid(), key);
            }
            LabelKeyRing ring = new LabelKeyRing(dir, clock, new State(keys, null));
            String active = index.getProperty("active");
            if (keys.isEmpty()) {
                ring.rotate();
            } else if (active == null) {
                LabelKey newest = keys.values().stream().reduce((a, b) -> b).orElseThrow();
                ring.state = new State(keys, newest.kid());
                ring.writeIndex(ring.state);
            } else if (!keys.containsKey(active)) {
                throw new IllegalStateException(dir.resolve(INDEX) + " names active label key '" + active + "' but "
                        + active + PEM_SUFFIX + " is not in " + dir + "; restore the file or remove the 'active' line to use the newest key");
            } else {
                ring.state = new State(keys, active);
            }
            return ring;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the label key ring in " + dir, e);
        }
    }

    private static List<LabelKey> loadKeys(Path dir, Properties index) throws IOException {
        List<LabelKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(LabelKeyRing::isKeyFile).toList()) {
                String name = file.getFileName().toString();
                String kid = name.substring(0, name.length() - PEM_SUFFIX.length());
                PrivateKey privateKey;
                PublicKey publicKey;
                try {
                    privateKey = Ed25519Keys.privateFromPkcs8(Files.readAllBytes(file));
                    publicKey = Ed25519Keys.publicOf(privateKey);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("label key file " + file + " is not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
                }
                String actualKid = Ed25519Keys.kidOf(publicKey);
                if (!actualKid.equals(kid)) {
                    throw new IllegalStateException("label key file " + file + " holds the key with ID '" + actualKid
                            + "', not '" + kid + "'; rename it to " + actualKid + PEM_SUFFIX);
                }
                keys.add(new LabelKey(kid, publicKey, privateKey, createdOf(index, kid, file)));
            }
        }
        keys.sort(Comparator.comparing(LabelKey::created).thenComparing(LabelKey::kid));
        return keys;
    }

    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(PEM_SUFFIX) && Ed25519Keys.isKid(name.substring(0, name.length() - PEM_SUFFIX.length()))
                && Files.isRegularFile(file);
    }

    private static Instant createdOf(Properties index, String kid, Path file) throws IOException {
        String created = index.getProperty("created." + kid);
        if (created != null) {
            try {
                return Instant.parse(created);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("created." + kid + " in " + file.resolveSibling(INDEX) + " is not an instant: " + created, e);
            }
        }
        return Files.getLastModifiedTime(file).toInstant();
    }

    /** Makes a new key the active one; the previous keys are kept for verification. */
    public synchronized PublicLabelKey rotate() {
        KeyPair pair;
        String kid;
        do {
            pair = Ed25519Keys.generate();
            kid = Ed25519Keys.kidOf(pair.getPublic());
        } while (state.keys().containsKey(kid));
        return add(new LabelKey(kid, pair.getPublic(), pair.getPrivate(), now()), true);
    }

    /**
     * Adds a key made elsewhere, e.g. {@code openssl genpkey -algorithm ed25519}: an unencrypted PKCS#8 private key,
     * PEM or DER. Importing a key the ring already holds changes nothing except, if asked, which key is active.
     *
     * @throws IllegalArgumentException if it is not such a key
     */
    public synchronized PublicLabelKey importKey(byte[] pkcs8PemOrDer, boolean activate) {
        PrivateKey privateKey;
        PublicKey publicKey;
        try {
            privateKey = Ed25519Keys.privateFromPkcs8(pkcs8PemOrDer);
            publicKey = Ed25519Keys.publicOf(privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an unencrypted Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
        String kid = Ed25519Keys.kidOf(publicKey);
        LabelKey existing = state.keys().get(kid);
        if (existing != null) {
            if (!existing.publicKey().equals(publicKey)) {
                throw new IllegalArgumentException("the key ID '" + kid + "' of this key is already taken by another key; generate a different key");
            }
            if (activate && !kid.equals(state.activeKid())) {
                State next = new State(state.keys(), kid);
                writeIndex(next);
                state = next;
            }
            return existing.describe(kid.equals(state.activeKid()));
        }
        return add(new LabelKey(kid, publicKey, privateKey, now()), activate);
    }

    private PublicLabelKey add(LabelKey key, boolean activate) {
        writeKeyFile(key);
        State next = state.with(key, activate || state.activeKid() == null);
        writeIndex(next);
        state = next;
        return key.describe(key.kid().equals(next.activeKid()));
    }

    /** All keys, oldest first, for publication. */
    public List<PublicLabelKey> publicKeys() {
        State s = state;
        return s.keys().values().stream().map(k -> k.describe(k.kid().equals(s.activeKid()))).toList();
    }

    public PublicLabelKey activeKey() {
        return state.active().describe(true);
    }

    public Path directory() {
        return dir;
    }

    LabelKey active() {
        return state.active();
    }

    Optional<LabelKey> find(String kid) {
        return Optional.ofNullable(state.keys().get(kid));
    }

    /**
     * The creation instant of a new key: the clock, but always after the newest key's, so that "oldest first" (how
     * keys are published, and how a reopened ring orders them) is the order they were added in, even when two keys
     * are made within the same millisecond.
     */
    private Instant now() {
        Instant instant = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (LabelKey key : state == null ? List.<LabelKey>of() : state.keys().values()) {
            if (!instant.isAfter(key.created())) {
                instant = key.created().plusMillis(1);
            }
        }
        return instant;
    }

    private void writeKeyFile(LabelKey key) {
        Path target = dir.resolve(key.kid() + PEM_SUFFIX);
        try {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Path tmp = Files.createTempFile(dir, key.kid(), ".tmp", ownerOnly(dir, "rw-------"));
            Files.writeString(tmp, Ed25519Keys.toPem(key.privateKey()), StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write label key " + target, e);
        }
    }

    private void writeIndex(State s) {
        StringBuilder text = new StringBuilder()
                .append("# HazChain label-signing keys (Ed25519). Each <kid>.pem here is a PKCS#8 private key: keep this directory private.\n")
                .append("# 'active' signs new labels; the other keys only verify labels already issued, so keep them while such labels are in use.\n")
                .append("active=").append(s.activeKid()).append('\n');
        for (LabelKey key : s.keys().values()) {
            text.append("created.").append(key.kid()).append('=').append(key.created()).append('\n');
        }
        Path target = dir.resolve(INDEX);
        try {
            Path tmp = Files.createTempFile(dir, "ring", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static Properties readIndex(Path dir) throws IOException {
        Properties index = new Properties();
        Path file = dir.resolve(INDEX);
        if (Files.exists(file)) {
            index.load(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
        }
        return index;
    }

    private static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
        }
        return new FileAttribute<?>[0];
    }
}
