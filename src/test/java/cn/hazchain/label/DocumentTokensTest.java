package cn.hazchain.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.label.DocumentTokens.Invalid;
import cn.hazchain.label.DocumentTokens.Kind;
import cn.hazchain.label.DocumentTokens.Valid;
import cn.hazchain.label.LabelVerification.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens of the manifests' road-check QR codes: signed like labels, one domain per kind of document. */
class DocumentTokensTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    private static final String NUMBER = "20263202000456";

    @TempDir
    Path dir;
    private LabelKeyRing ring;
    private DocumentTokens tokens;

    @BeforeEach
    void setUp() {
        ring = LabelKeyRing.openOrCreate(dir);
        tokens = new DocumentTokens(new PlatformSignatures(ring));
    }

    @Test
    void sign_makesA106CharacterTokenThatVerifies_forItsKindOnly() {
        String token = tokens.sign(Kind.TRANSFER, NUMBER);

        assertEquals(106, token.length());
        assertTrue(token.startsWith(NUMBER + "." + ring.activeKey().kid() + "."), token);
        assertEquals(new Valid(NUMBER, ring.activeKey().kid()), tokens.check(Kind.TRANSFER, token));
        // a transfer's token never opens a pickup manifest of the same number, nor the other way round
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), tokens.check(Kind.MANIFEST, token));
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), tokens.check(Kind.TRANSFER, tokens.sign(Kind.MANIFEST, NUMBER)));
        assertEquals("https://hazchain.example/v/t/" + token, tokens.url("https://hazchain.example/", Kind.TRANSFER, NUMBER));
        assertTrue(tokens.url("https://hazchain.example", Kind.MANIFEST, NUMBER).startsWith("https://hazchain.example/v/m/" + NUMBER + "."));
    }

    @Test
    void everySingleCharacterChange_isRefused() {
        String token = tokens.sign(Kind.MANIFEST, NUMBER);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < token.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String changed = token.substring(0, i) + c + token.substring(i + 1);
                if (tokens.check(Kind.MANIFEST, changed) instanceof Valid) {
                    accepted.add(changed);
                }
            }
        }
        assertTrue(accepted.isEmpty(), "altered tokens that verified: " + accepted);
    }

    @Test
    void aTokenThatIsNotOneOfOurs_isMalformed_orOfAnUnknownKey_orBadlySigned() {
        String token = tokens.sign(Kind.TRANSFER, NUMBER);
        for (String malformed : new String[] {null, "", "garbage", token + "A", token.substring(1), "2026320200045X" + token.substring(14),
                token.replace('.', '-'), "../../../etc/passwd" + token.substring(19)}) {
            assertEquals(new Invalid(Reason.MALFORMED), tokens.check(Kind.TRANSFER, malformed), String.valueOf(malformed));
        }
        String otherKid = ring.activeKey().kid().equals("aaaa") ? "bbbb" : "aaaa";
        assertEquals(new Invalid(Reason.UNKNOWN_KEY), tokens.check(Kind.TRANSFER, NUMBER + "." + otherKid + token.substring(19)));
        // another number under the same signature
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), tokens.check(Kind.TRANSFER, "20263202000457" + token.substring(14)));
    }

    @Test
    void afterARotation_theNewKeySigns_andTokensPrintedBeforeStillVerify() {
        String before = tokens.sign(Kind.TRANSFER, NUMBER);
        ring.rotate();
        String after = tokens.sign(Kind.TRANSFER, NUMBER);

        assertNotEquals(before, after);
        assertTrue(tokens.check(Kind.TRANSFER, before) instanceof Valid);
        assertTrue(tokens.check(Kind.TRANSFER, after) instanceof Valid);
    }

    @Test
    void aCertificatesToken_namesItsCzNumber_andOpensNoOtherKindOfDocument() {
        String number = "CZ202600000042";
        String token = tokens.sign(Kind.CERTIFICATE, number);

        assertEquals(106, token.length());
        assertEquals(new Valid(number, ring.activeKey().kid()), tokens.check(Kind.CERTIFICATE, token));
        assertTrue(tokens.url("https://hazchain.example", Kind.CERTIFICATE, number).startsWith("https://hazchain.example/v/c/" + number + "."));
        // a certificate's token opens neither manifest page (its number is not theirs); theirs never open a certificate
        assertEquals(new Invalid(Reason.MALFORMED), tokens.check(Kind.TRANSFER, token));
        assertEquals(new Invalid(Reason.MALFORMED), tokens.check(Kind.MANIFEST, token));
        assertEquals(new Invalid(Reason.MALFORMED), tokens.check(Kind.CERTIFICATE, tokens.sign(Kind.TRANSFER, NUMBER)));
        // the same number under another domain's signature does not verify either
        String transferSigned = number + tokens.sign(Kind.TRANSFER, NUMBER).substring(14);
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), tokens.check(Kind.CERTIFICATE, transferSigned));
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), tokens.check(Kind.CERTIFICATE, "CZ202600000043" + token.substring(14)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> tokens.sign(Kind.CERTIFICATE, NUMBER));
    }
}
