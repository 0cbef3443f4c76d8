package cn.hazchain.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argon2id hashes as PHC strings; confirmation codes remembered only once they verified, per stored hash. */
class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aPasswordVerifiesAgainstItsOwnHashOnly() {
        String phc = hasher.hash("correct horse");
        assertTrue(phc.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), phc);
        assertNotEquals(phc, hasher.hash("correct horse"), "a fresh salt each time");
        assertTrue(hasher.verify("correct horse", phc));
        assertFalse(hasher.verify("correct horsE", phc));
        assertFalse(hasher.verify("correct horse", "not a hash"));
    }

    @Test
    void aRememberedConfirmationCodeMatchesOnlyTheHashItVerifiedAgainst() {
        String first = hasher.hashConfirmationCode("246810");
        assertTrue(first.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), first);
        assertFalse(hasher.verifyConfirmationCode("135790", first), "a wrong code");
        assertTrue(hasher.verifyConfirmationCode("246810", first));
        assertTrue(hasher.verifyConfirmationCode("246810", first), "again, from memory");
        assertFalse(hasher.verifyConfirmationCode("135790", first), "a wrong code is never remembered as right");
        // the staff member sets a new code: the old one does not match the new hash, remembered or not
        String second = hasher.hashConfirmationCode("864213");
        assertFalse(hasher.verifyConfirmationCode("246810", second));
        assertTrue(hasher.verifyConfirmationCode("864213", second));
    }
}
