package cn.hazchain.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * with OWASP's recommended minimum parameters. The parameters travel with each hash, so they can be raised later
 * without invalidating existing passwords.
 */
@ApplicationScoped
public class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * A short numeric secret (a pickup confirmation code) with light parameters (1 MiB, one pass: about a millisecond),
     * so a sync checks a stop's code without holding the handheld waiting. A code's strength is not its hash: six
     * digits fall to any hash once the table leaks; it is the lock-out after a few wrong codes that guards it online.
     */
    public String hashConfirmationCode(String code) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        int m = 1024;
        byte[] hash = argon2(code, salt, m, 1, 1, HASH_BYTES);
        return "$argon2id$v=19$m=" + m + ",t=1,p=1$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Confirmation codes that verified, by a digest of (stored hash, code), never the code itself: a driver's round
     * and a sync re-enter the same staff member's code stop after stop, and one Argon2 run per code and hash is
     * enough. Only successes are kept (a wrong code is computed, counted and locked out every time); a new code is a
     * new stored hash, so an old entry never matches it. Bounded, least recently used out first.
     */
    private final java.util.Map<String, Boolean> verifiedCodes = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            });

    /** {@link #verify} for a confirmation code, with the successes remembered. */
    public boolean verifyConfirmationCode(String code, String phc) {
        String key;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(phc.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            key = java.util.HexFormat.of().formatHex(sha.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (verifiedCodes.containsKey(key)) {
            return true;
        }
        boolean right = verify(code, phc);
        if (right) {
            verifiedCodes.put(key, Boolean.TRUE);
        }
        return right;
    }

    public boolean verify(String password, String phc) {
        try {
            String[] parts = phc.split("\\$");
            if (parts.length != 6 || !"argon2id".equals(parts[1])) {
                return false;
            }
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int value = Integer.parseInt(kv.substring(2));
                switch (kv.charAt(0)) {
                    case 'm' -> m = value;
                    case 't' -> t = value;
                    case 'p' -> p = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p, expected.length));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Whether {@code phc} is an Argon2id hash made with today's password parameters (not a confirmation code's). */
    public boolean isCurrent(String phc) {
        return phc != null && phc.startsWith("$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$")
                && phc.split("\\$").length == 6;
    }

    /** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
    public void dummyVerify(String password) {
        argon2(password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
