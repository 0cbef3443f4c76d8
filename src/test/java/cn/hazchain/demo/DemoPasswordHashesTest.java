package cn.hazchain.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.account.PasswordHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The demo accounts' kept password hashes (DemoData reads them instead of running Argon2 on every first start): one per
 * demo username, each made with today's parameters and verifying "demo-" + username, and no two with the same salt.
 * When the hasher's parameters or the usernames change, this fails; make the file again with
 * {@code ./mvnw test -Dtest=DemoPasswordHashesTest -DwriteDemoHashes=true}.
 */
class DemoPasswordHashesTest {

    static final Path FILE = Path.of("src/main/resources", DemoData.PASSWORD_HASHES);

    @Test
    void everyDemoAccountHasAKeptHash_thatVerifiesItsPublishedPassword_withTodaysParameters() throws IOException {
        PasswordHasher hasher = new PasswordHasher();
        if (Boolean.getBoolean("writeDemoHashes")) {
            StringBuilder out = new StringBuilder("# The demo accounts' password hashes (Argon2id of \"demo-\" + username; the passwords are public).\n"
                    + "# Made by: ./mvnw test -Dtest=DemoPasswordHashesTest -DwriteDemoHashes=true\n");
            for (String u : DemoData.KEPT_HASH_USERNAMES) {
                out.append(u).append('=').append(hasher.hash("demo-" + u)).append('\n');
            }
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, out, StandardCharsets.UTF_8);
        }
        Properties kept = DemoData.storedPasswordHashes();
        if (Boolean.getBoolean("writeDemoHashes")) { // the classpath still holds the old file in this run
            kept = new Properties();
            try (var in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
                kept.load(in);
            }
        }
        assertEquals(Set.copyOf(DemoData.KEPT_HASH_USERNAMES), kept.stringPropertyNames(), "one kept hash per demo account, no other: make the file again");
        Set<String> salts = new HashSet<>();
        for (String u : DemoData.KEPT_HASH_USERNAMES) {
            String phc = kept.getProperty(u);
            assertTrue(hasher.isCurrent(phc), () -> u + "'s kept hash has other parameters than today's: make the file again");
            assertTrue(hasher.verify("demo-" + u, phc), () -> u + "'s kept hash does not verify demo-" + u);
            assertFalse(hasher.verify("demo-" + u + "x", phc), u);
            assertTrue(salts.add(phc.split("\\$")[4]), () -> u + " shares its salt with another account");
        }
    }

    @Test
    void aHashOfOtherParameters_isNotCurrent_andSoIsMadeAgainAtStart() {
        PasswordHasher hasher = new PasswordHasher();
        assertTrue(hasher.isCurrent(hasher.hash("x")));
        assertFalse(hasher.isCurrent(hasher.hashConfirmationCode("123456")), "a confirmation code's light parameters");
        assertFalse(hasher.isCurrent(null));
        assertFalse(hasher.isCurrent("$argon2id$v=19$m=19456,t=2,p=1$onlysalt"));
    }
}
