package cn.hazchain.label;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 key material as the JDK knows it, plus the conversions the key ring needs:
 * PKCS#8 PEM in and out, the raw 32-byte public key, and the key ID derived from it.
 * Signing and verifying use the JDK provider; Bouncy Castle only derives a public key from a private one.
 */
final class Ed25519Keys {

    static final String ALGORITHM = "Ed25519";
    /** RFC 4648 base32 alphabet in lower case: URL-safe, no '.', unambiguous when read aloud. */
    static final String KID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    static final int KID_LENGTH = 4;

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private Ed25519Keys() {
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    static PublicKey publicFromRaw(byte[] raw) throws GeneralSecurityException {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    /** The public key that belongs to a private key (the JDK has no API for this). */
    static PublicKey publicOf(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof EdECPrivateKey ed)) {
            throw new GeneralSecurityException("not an Ed25519 private key: " + privateKey.getAlgorithm());
        }
        byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("the private key's bytes are not available"));
        return publicFromRaw(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
    }

    /** Key ID: the first 20 bits of SHA-256(raw public key) in lower-case base32, so a file can be checked against its name. */
    static String kidOf(PublicKey key) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(rawPublic(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        long bits = ((hash[0] & 0xffL) << 32) | ((hash[1] & 0xffL) << 24) | ((hash[2] & 0xffL) << 16) | ((hash[3] & 0xffL) << 8) | (hash[4] & 0xffL);
        StringBuilder kid = new StringBuilder(KID_LENGTH);
        for (int i = 0; i < KID_LENGTH; i++) {
            kid.append(KID_ALPHABET.charAt((int) (bits >>> (35 - 5 * i)) & 31));
        }
        return kid.toString();
    }

    static boolean isKid(String s) {
        if (s == null || s.length() != KID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (KID_ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    static String toPem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /** Reads an unencrypted PKCS#8 Ed25519 key, PEM ({@code BEGIN PRIVATE KEY}, as written by {@code openssl genpkey -algorithm ed25519}) or DER. */
    static PrivateKey privateFromPkcs8(byte[] pemOrDer) throws GeneralSecurityException {
        byte[] der = pemOrDer;
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            int begin = text.indexOf(PEM_BEGIN);
            int end = text.indexOf(PEM_END);
            if (begin < 0 || end < begin) {
                throw new GeneralSecurityException("expected an unencrypted PKCS#8 key between '" + PEM_BEGIN + "' and '" + PEM_END + "'");
            }
            try {
                der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("the PEM body is not base64", e);
            }
        }
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
