package cn.hazchain.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelKeyRingTest {

    /** RFC 8032 section 7.1, test 1: secret key and the public key it must give. */
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    /** PKCS#8 v1 header for an Ed25519 private key (RFC 8410), followed by the 32-byte secret. */
    private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";

    @TempDir
    Path dir;

    @Test
    void openOrCreate_makesTheFirstKey_readableByItsOwnerOnly() throws Exception {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir.resolve("keys/labels"));

        List<PublicLabelKey> keys = ring.publicKeys();
        assertEquals(1, keys.size());
        PublicLabelKey key = keys.get(0);
        assertTrue(key.active());
        assertEquals("Ed25519", key.algorithm());
        assertTrue(key.kid().matches("[a-z2-7]{4}"), key.kid());
        assertEquals(32, Base64.getUrlDecoder().decode(key.publicKey()).length);
        Path file = dir.resolve("keys/labels/" + key.kid() + ".pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void reopening_givesTheSameKeys() {
        LabelKeyRing first = LabelKeyRing.openOrCreate(dir);
        first.rotate();

        LabelKeyRing again = LabelKeyRing.openOrCreate(dir);

        assertEquals(first.publicKeys(), again.publicKeys());
        assertEquals(first.activeKey(), again.activeKey());
    }

    @Test
    void keysMadeInTheSameMillisecond_keepTheirOrder_whenReopened() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-29T15:08:57.112Z"), ZoneOffset.UTC);
        LabelKeyRing first = LabelKeyRing.openOrCreate(dir, frozen);
        first.rotate();
        first.rotate();
        List<String> added = first.publicKeys().stream().map(PublicLabelKey::kid).toList();

        LabelKeyRing again = LabelKeyRing.openOrCreate(dir, frozen);

        assertEquals(added, again.publicKeys().stream().map(PublicLabelKey::kid).toList());
        assertEquals(first.activeKey(), again.activeKey());
        List<Instant> created = again.publicKeys().stream().map(PublicLabelKey::created).toList();
        assertEquals(List.of(Instant.parse("2026-11-29T15:08:57.112Z"), Instant.parse("2026-11-29T15:08:57.113Z"),
                Instant.parse("2026-11-29T15:08:57.114Z")), created);
    }

    @Test
    void rotate_activatesANewKey_andKeepsTheOldOnes() {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        PublicLabelKey old = ring.activeKey();

        PublicLabelKey fresh = ring.rotate();

        assertNotEquals(old.kid(), fresh.kid());
        assertEquals(fresh, ring.activeKey());
        List<PublicLabelKey> keys = ring.publicKeys();
        assertEquals(List.of(old.kid(), fresh.kid()), keys.stream().map(PublicLabelKey::kid).toList());
        assertFalse(keys.get(0).active());
        assertTrue(keys.get(1).active());
        assertEquals(fresh.kid(), LabelKeyRing.openOrCreate(dir).activeKey().kid());
    }

    @Test
    void importKey_acceptsPkcs8Der_andDerivesThePublicKey() {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        PublicLabelKey generated = ring.activeKey();

        PublicLabelKey imported = ring.importKey(HexFormat.of().parseHex(PKCS8_PREFIX + RFC8032_SECRET), false);

        assertEquals(RFC8032_PUBLIC, HexFormat.of().formatHex(Base64.getUrlDecoder().decode(imported.publicKey())));
        assertFalse(imported.active());
        assertEquals(generated.kid(), ring.activeKey().kid());
        assertEquals(2, LabelKeyRing.openOrCreate(dir).publicKeys().size());
    }

    @Test
    void importKey_acceptsPem_andCanActivateIt() {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        byte[] der = HexFormat.of().parseHex(PKCS8_PREFIX + RFC8032_SECRET);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";

        PublicLabelKey imported = ring.importKey(pem.getBytes(StandardCharsets.US_ASCII), true);

        assertTrue(imported.active());
        assertEquals(imported.kid(), LabelKeyRing.openOrCreate(dir).activeKey().kid());
        // importing the same key again adds nothing
        ring.importKey(der, true);
        assertEquals(2, ring.publicKeys().size());
    }

    @Test
    void importKey_rejectsWhatIsNotAnEd25519PrivateKey() throws Exception {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        byte[] rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();

        assertThrows(IllegalArgumentException.class, () -> ring.importKey(rsa, true));
        assertThrows(IllegalArgumentException.class, () -> ring.importKey("-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII), true));
        assertThrows(IllegalArgumentException.class, () -> ring.importKey(new byte[] {1, 2, 3}, true));
        assertEquals(1, ring.publicKeys().size());
    }

    @Test
    void open_refusesAKeyFileWhoseNameIsNotItsKeyId() throws Exception {
        String kid = LabelKeyRing.openOrCreate(dir).activeKey().kid();
        String other = kid.equals("aaaa") ? "bbbb" : "aaaa";
        Files.move(dir.resolve(kid + ".pem"), dir.resolve(other + ".pem"));
        Files.delete(dir.resolve(LabelKeyRing.INDEX));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LabelKeyRing.openOrCreate(dir));
        assertTrue(e.getMessage().contains("rename it to " + kid + ".pem"), e.getMessage());
    }

    @Test
    void open_refusesWhenTheActiveKeyFileIsMissing() throws Exception {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        String kid = ring.rotate().kid();
        Files.delete(dir.resolve(kid + ".pem"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LabelKeyRing.openOrCreate(dir));
        assertTrue(e.getMessage().contains("'" + kid + "'"), e.getMessage());
    }
}
