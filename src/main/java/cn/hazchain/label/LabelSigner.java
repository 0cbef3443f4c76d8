package cn.hazchain.label;

import cn.hazchain.label.LabelVerification.Invalid;
import cn.hazchain.label.LabelVerification.Reason;
import cn.hazchain.label.LabelVerification.Valid;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs label IDs into the token a label's QR code carries, and checks such tokens.
 * <p>
 * Token: {@code <labelId 37>.<kid>.<signature 86>}, the signature being Ed25519 over
 * {@code HZC1|<labelId>|<kid>} (ASCII), base64url without padding: {@value #TOKEN_LENGTH} characters.
 * The {@code HZC1|} prefix keeps these signatures from being valid for any other message the keys might sign.
 * Decoding is strict: the base64url text must be the canonical encoding of the 64 bytes, so no two tokens
 * verify for the same signature.
 */
public final class LabelSigner {

    public static final String DOMAIN = "HZC1";
    static final int SIGNATURE_CHARS = 86;
    /** 129: label ID 37 + '.' + kid 4 + '.' + signature 86. */
    public static final int TOKEN_LENGTH = LabelId.LENGTH + 1 + Ed25519Keys.KID_LENGTH + 1 + SIGNATURE_CHARS;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final LabelKeyRing ring;

    public LabelSigner(LabelKeyRing ring) {
        this.ring = ring;
    }

    /**
     * The token for a label, signed with the ring's active key. Signed with Bouncy Castle's Ed25519 (about 15,000
     * signatures a second on one core here, against about 1,800 for the JDK's provider, which made signing a fifth
     * of a manifest's issue); Ed25519 is deterministic, so the signature is the JDK's, byte for byte
     * ({@code LabelSignerTest}). Checking stays with the JDK.
     */
    public String sign(LabelId labelId) {
        LabelKey key = ring.active();
        String id = labelId.format();
        return id + '.' + key.kid() + '.' + B64.encodeToString(signers.computeIfAbsent(key.kid(), k -> new Raw(key)).sign(message(id, key.kid())));
    }

    private final java.util.Map<String, Raw> signers = new java.util.concurrent.ConcurrentHashMap<>();

    /** A private key as Bouncy Castle's raw Ed25519 signs with it: its seed and public key (computed once). */
    static final class Raw {
        private final byte[] seed;
        private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

        Raw(LabelKey key) {
            if (!(key.privateKey() instanceof EdECPrivateKey ed)) {
                throw new IllegalStateException("key " + key.kid() + " is not an Ed25519 private key");
            }
            this.seed = ed.getBytes().orElseThrow(() -> new IllegalStateException("the bytes of key " + key.kid() + " are not available"));
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        }

        byte[] sign(byte[] message) {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
            return signature;
        }
    }

    /** Checks a token as scanned; never throws. */
    public LabelVerification verify(String token) {
        try {
            return check(token);
        } catch (RuntimeException e) {
            return new Invalid(Reason.MALFORMED, "token could not be read");
        }
    }

    private LabelVerification check(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return malformed("a label token has " + TOKEN_LENGTH + " characters: <label ID>.<key ID>.<signature>");
        }
        int dot1 = LabelId.LENGTH;
        int dot2 = dot1 + 1 + Ed25519Keys.KID_LENGTH;
        if (token.charAt(dot1) != '.' || token.charAt(dot2) != '.') {
            return malformed("a label token has the form <label ID>.<key ID>.<signature>");
        }
        String id = token.substring(0, dot1);
        String kid = token.substring(dot1 + 1, dot2);
        String signatureText = token.substring(dot2 + 1);
        LabelId labelId;
        try {
            labelId = LabelId.parse(id);
        } catch (IllegalArgumentException e) {
            return malformed(e.getMessage());
        }
        if (!Ed25519Keys.isKid(kid)) {
            return malformed("key ID is not " + Ed25519Keys.KID_LENGTH + " characters of a-z, 2-7");
        }
        Optional<byte[]> signature = decodeCanonical(signatureText);
        if (signature.isEmpty()) {
            return malformed("signature is not 64 bytes in canonical base64url");
        }
        Optional<LabelKey> key = ring.find(kid);
        if (key.isEmpty()) {
            return new Invalid(Reason.UNKNOWN_KEY, "no label key with ID '" + kid + "'");
        }
        if (!verifies(key.get(), message(id, kid), signature.get())) {
            return new Invalid(Reason.BAD_SIGNATURE, "signature does not match label " + id);
        }
        return new Valid(labelId, kid);
    }

    /** The 64 bytes of a signature in canonical base64url (no other spelling of the same bytes), if it is one. */
    static Optional<byte[]> decodeCanonical(String text) {
        if (text.length() != SIGNATURE_CHARS) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = B64_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // The last character carries 4 unused bits; the JDK decoder ignores them, so compare with the canonical form.
        return bytes.length == 64 && B64.encodeToString(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }

    private static boolean verifies(LabelKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key.publicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] message(String labelId, String kid) {
        return (DOMAIN + '|' + labelId + '|' + kid).getBytes(StandardCharsets.US_ASCII);
    }

    private static Invalid malformed(String detail) {
        return new Invalid(Reason.MALFORMED, detail);
    }
}
