package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.labelId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.hazchain.label.LabelVerification.Invalid;
import cn.hazchain.label.LabelVerification.Reason;
import cn.hazchain.label.LabelVerification.Valid;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSignerTest {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String OTHER_CHARS = ".=+/ %~\u00e9\u56fd\u0000\n";

    @TempDir
    Path dir;
    private LabelKeyRing ring;
    private LabelSigner signer;

    @BeforeEach
    void setUp() {
        ring = LabelKeyRing.openOrCreate(dir);
        signer = new LabelSigner(ring);
    }

    @Test
    void sign_makesAShortTokenThatVerifies() {
        LabelId id = labelId(1);

        String token = signer.sign(id);

        assertEquals(129, token.length());
        assertEquals(LabelSigner.TOKEN_LENGTH, token.length());
        assertTrue(token.startsWith(id + "." + ring.activeKey().kid() + "."), token);
        assertEquals(new Valid(id, ring.activeKey().kid()), signer.verify(token));
    }

    @Test
    void sign_isTheJdkProvidersEd25519Signature_byteForByte() throws Exception {
        for (int n = 1; n <= 20; n++) {
            LabelId id = labelId(n);
            String kid = ring.activeKey().kid();
            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(ring.active().privateKey());
            jdk.update(LabelSigner.message(id.format(), kid));
            String expected = id + "." + kid + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(jdk.sign());
            assertEquals(expected, signer.sign(id));
        }
    }

    @Test
    void shouldRejectTamperedLabel_anySingleCharacterChanged() {
        String token = signer.sign(labelId(7));
        String alphabet = BASE64URL + OTHER_CHARS;
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        int tried = 0;

        for (int i = 0; i < token.length(); i++) {
            for (int c = 0; c < alphabet.length(); c++) {
                char replacement = alphabet.charAt(c);
                if (replacement == token.charAt(i)) {
                    continue;
                }
                String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
                LabelVerification result = signer.verify(tampered);
                if (result.isValid()) {
                    fail("changing position " + i + " to '" + replacement + "' still verifies: " + tampered);
                }
                reasons.merge(((Invalid) result).reason(), 1, Integer::sum);
                tried++;
            }
        }

        assertTrue(tried > 129 * 70, "tried " + tried);
        // changes in the date/sequence digits and the signature reach the signature check
        assertTrue(reasons.getOrDefault(Reason.BAD_SIGNATURE, 0) > 86 * 60, reasons::toString);
        assertTrue(reasons.getOrDefault(Reason.MALFORMED, 0) > 0, reasons::toString);
    }

    @Test
    void shouldRejectTamperedLabel_deletedOrInsertedCharacter() {
        String token = signer.sign(labelId(7));
        for (int i = 0; i < token.length(); i++) {
            assertFalse(signer.verify(token.substring(0, i) + token.substring(i + 1)).isValid(), "deleted " + i);
            assertFalse(signer.verify(token.substring(0, i) + "A" + token.substring(i)).isValid(), "inserted at " + i);
        }
        assertFalse(signer.verify(token + "A").isValid());
    }

    @Test
    void verify_rejectsNonCanonicalBase64_inTheLastCharactersUnusedBits() {
        String token = signer.sign(labelId(7));
        char last = token.charAt(token.length() - 1);
        int value = BASE64URL.indexOf(last);
        int alternatives = 0;

        // 64 bytes = 86 characters: the last one carries 2 data bits and 4 unused bits that decoders may ignore
        for (int low = 0; low < 16; low++) {
            char alias = BASE64URL.charAt((value & 0b110000) | low);
            if (alias == last) {
                continue;
            }
            String aliased = token.substring(0, token.length() - 1) + alias;
            assertEquals(Reason.MALFORMED, ((Invalid) signer.verify(aliased)).reason(), "alias " + alias);
            alternatives++;
        }
        assertEquals(15, alternatives);
    }

    @Test
    void verify_rejectsTheMalleatedSignature_sPlusL() {
        String token = signer.sign(labelId(7));
        int sigStart = token.length() - 86;
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(sigStart));
        BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] sLittle = java.util.Arrays.copyOfRange(signature, 32, 64);
        BigInteger s = new BigInteger(1, reverse(sLittle)).add(order);
        byte[] sPlusL = reverse(toFixed32(s));
        System.arraycopy(sPlusL, 0, signature, 32, 32);

        String malleated = token.substring(0, sigStart) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        assertEquals(Reason.BAD_SIGNATURE, ((Invalid) signer.verify(malleated)).reason());
    }

    @Test
    void verify_rejectsASignatureMovedToAnotherLabel() {
        String token = signer.sign(labelId(7));
        String other = labelId(8) + token.substring(LabelId.LENGTH);

        assertEquals(Reason.BAD_SIGNATURE, ((Invalid) signer.verify(other)).reason());
    }

    @Test
    void verify_rejectsASignatureClaimedForAnotherKeyOfTheRing() {
        String token = signer.sign(labelId(7));
        String oldKid = ring.activeKey().kid();
        String newKid = ring.rotate().kid();

        String relabelled = token.replace("." + oldKid + ".", "." + newKid + ".");

        assertEquals(Reason.BAD_SIGNATURE, ((Invalid) signer.verify(relabelled)).reason());
    }

    @Test
    void verify_reportsUnknownKey_forAnotherPlatformsToken() {
        LabelSigner stranger = new LabelSigner(LabelKeyRing.openOrCreate(dir.resolve("elsewhere")));
        String foreign = stranger.sign(labelId(7));

        LabelVerification result = signer.verify(foreign);

        // the two rings' 4-character key IDs could in principle coincide; then the signature check catches it
        Reason expected = ring.find(foreign.substring(38, 42)).isPresent() ? Reason.BAD_SIGNATURE : Reason.UNKNOWN_KEY;
        assertEquals(expected, ((Invalid) result).reason());
    }

    @Test
    void verify_neverThrows_onGarbage() {
        for (String garbage : new String[] {null, "", ".", "..", "x".repeat(129), "x".repeat(100_000),
                labelId(1) + "..", labelId(1) + ".abcd." + "A".repeat(86), labelId(1) + ".ABCD." + "A".repeat(86),
                labelId(1) + ".abcd." + "=".repeat(86), labelId(1) + ".abc.." + "A".repeat(86)}) {
            LabelVerification result = signer.verify(garbage);
            assertInstanceOf(Invalid.class, result, String.valueOf(garbage));
        }
    }

    @Test
    void rotation_keepsOldLabelsValid_andSignsNewOnesWithTheNewKey() {
        String before = signer.sign(labelId(1));
        String oldKid = ring.activeKey().kid();

        String newKid = ring.rotate().kid();
        String after = signer.sign(labelId(2));

        assertEquals(new Valid(labelId(1), oldKid), signer.verify(before));
        assertEquals(new Valid(labelId(2), newKid), signer.verify(after));
        assertTrue(after.contains("." + newKid + "."));

        LabelSigner reloaded = new LabelSigner(LabelKeyRing.openOrCreate(dir));
        assertTrue(reloaded.verify(before).isValid());
        assertTrue(reloaded.verify(after).isValid());
        assertEquals(after, reloaded.sign(labelId(2)), "Ed25519 is deterministic: same key, same label, same token");
    }

    @Test
    void labelUrl_carriesTheTokenThere_andBack() {
        String token = signer.sign(labelId(3));

        String url = LabelUrl.of("https://hazchain.example/", token);

        assertEquals("https://hazchain.example/v/" + token, url);
        assertEquals(token, LabelUrl.token(url).orElseThrow());
        assertEquals(token, LabelUrl.token(url + "?src=qr#x").orElseThrow());
        assertTrue(LabelUrl.token("https://hazchain.example/").isEmpty());
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static byte[] toFixed32(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
