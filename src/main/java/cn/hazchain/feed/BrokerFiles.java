package cn.hazchain.feed;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.stream.Collectors;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What Mosquitto needs to enforce the feeds' credentials and topics: the password file (one line per active device,
 * plus the service's subscriber account) and the ACL file. Pure text; {@link FeedDevices} writes the files.
 *
 * <p>Passwords are stored in Mosquitto's own format ({@code $7$iterations$salt$hash}, PBKDF2-HMAC-SHA512), with far
 * more iterations than {@code mosquitto_passwd}'s 101: the broker is what checks a device's password, so the
 * service keeps the hash the broker can read, and no second hash (Argon2id) that nothing would ever check.
 */
public final class BrokerFiles {

    /** PBKDF2-HMAC-SHA512 iterations (OWASP 2023 asks 210,000; a device connects rarely, so the cost is paid rarely). */
    public static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerFiles() {
    }

    /** A line of Mosquitto's password file: who, and the hash of their password. */
    public record Account(String username, String hash) {
    }

    /** A new random secret: 24 bytes, base64url (32 characters). */
    public static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hash(String secret) {
        return hash(secret, ITERATIONS);
    }

    static String hash(String secret, int iterations) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        return "$7$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, iterations));
    }

    /** Whether {@code secret} matches a {@code $7$} hash (tests and the operations check use it). */
    public static boolean matches(String secret, String hash) {
        String[] p = hash.split("\\$");
        if (p.length != 5 || !p[1].equals("7")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(p[4]);
        return java.security.MessageDigest.isEqual(expected, pbkdf2(secret, Base64.getDecoder().decode(p[3]), Integer.parseInt(p[2])));
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 512)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java runtime", e);
        }
    }

    /** The password file: the accounts, sorted so that an unchanged registry gives an unchanged file. */
    public static String passwordFile(Collection<Account> accounts) {
        return accounts.stream().sorted(java.util.Comparator.comparing(Account::username))
                .map(a -> a.username() + ":" + a.hash() + "\n").collect(Collectors.joining());
    }

    /**
     * The ACL file: the subscriber reads every feed topic; every other account writes only its own two topics
     * ({@code %u} is the username, which is the device code). A device of the wrong kind on the other topic is
     * refused by the service ({@link Rejection#WRONG_TOPIC}): the device's kind is the registry's, not the broker's.
     */
    public static String aclFile(String subscriber) {
        return "# written by HazChain (docs/feeds.md); edits are overwritten\n"
                + "user " + subscriber + "\n"
                + "topic read " + FeedMessages.PREFIX + "#\n"
                + "\n"
                + "pattern write " + FeedMessages.PREFIX + "vehicles/%u/positions\n"
                + "pattern write " + FeedMessages.PREFIX + "scales/%u/weighings\n";
    }
}
