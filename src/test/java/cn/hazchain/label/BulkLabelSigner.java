package cn.hazchain.label;

import java.nio.file.Path;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs many label IDs fast, for the synthetic history (cn.hazchain.bench.history): the same token as
 * {@link LabelSigner#sign} (Ed25519 is deterministic, so the bytes are identical), with the ring's active key, but
 * through Bouncy Castle's raw Ed25519 (about 15,000 signatures/s on one core here against about 1,800/s for the
 * JDK provider). Lives in the label package, in test scope, to reach the ring's private key without widening the
 * service's API.
 */
public final class BulkLabelSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final byte[] seed;
    private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    private final byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];

    private BulkLabelSigner(LabelKey key) {
        this.kid = key.kid();
        this.seed = ((EdECPrivateKey) key.privateKey()).getBytes().orElseThrow();
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    }

    /** The active key of the ring in {@code dir} (created with a first key when there is none, as the service does). */
    public static BulkLabelSigner activeKeyOf(Path dir) {
        return new BulkLabelSigner(LabelKeyRing.openOrCreate(dir).active());
    }

    public String kid() {
        return kid;
    }

    /** {@code <labelId>.<kid>.<signature>}, as {@link LabelSigner#sign} makes it. Not thread-safe. */
    public String token(String labelId) {
        byte[] message = LabelSigner.message(labelId, kid);
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return labelId + '.' + kid + '.' + B64.encodeToString(signature);
    }
}
