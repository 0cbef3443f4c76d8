package cn.hazchain.label;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs platform documents other than labels (audit checkpoints, the road-check tokens of printed manifests) with the
 * ring's active Ed25519 key. Each use has its own domain prefix, so a signature made for one use can never pass as
 * another.
 */
public final class PlatformSignatures {

    public record Signed(String kid, String signature) {
    }

    private final LabelKeyRing ring;

    public PlatformSignatures(LabelKeyRing ring) {
        this.ring = ring;
    }

    public Signed sign(String domain, String message) {
        LabelKey key = ring.active();
        try {
            Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
            s.initSign(key.privateKey());
            s.update(bytes(domain, key.kid(), message));
            return new Signed(key.kid(), Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign " + domain + " with key " + key.kid(), e);
        }
    }

    /**
     * Whether {@code signature} is the signature of {@code message} for {@code domain} by key {@code kid}. Only the
     * canonical base64url spelling of a signature verifies (as for labels: no second spelling of a token passes).
     */
    public boolean verify(String domain, String message, String kid, String signature) {
        Optional<LabelKey> key = ring.find(kid);
        Optional<byte[]> bytes = signature == null ? Optional.empty() : LabelSigner.decodeCanonical(signature);
        if (key.isEmpty() || bytes.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
            s.initVerify(key.get().publicKey());
            s.update(bytes(domain, kid, message));
            return s.verify(bytes.get());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the ring holds a key with this id (retired keys included). */
    public boolean hasKey(String kid) {
        return ring.find(kid).isPresent();
    }

    private static byte[] bytes(String domain, String kid, String message) {
        return (domain + '|' + kid + '|' + message).getBytes(StandardCharsets.UTF_8);
    }
}
