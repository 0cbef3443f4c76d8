package cn.hazchain.label;

import java.nio.file.Path;
import java.util.Base64;

/**
 * Signs many label IDs, for the synthetic history (cn.hazchain.bench.history): {@link LabelSigner#sign}'s token from a
 * label ID given as text, with the ring's active key, through the same raw Ed25519 signer. Lives in the label
 * package, in test scope, to reach the ring's key without widening the service's API.
 */
public final class BulkLabelSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final LabelSigner.Raw raw;

    private BulkLabelSigner(LabelKey key) {
        this.kid = key.kid();
        this.raw = new LabelSigner.Raw(key);
    }

    /** The active key of the ring in {@code dir} (created with a first key when there is none, as the service does). */
    public static BulkLabelSigner activeKeyOf(Path dir) {
        return new BulkLabelSigner(LabelKeyRing.openOrCreate(dir).active());
    }

    public String kid() {
        return kid;
    }

    /** {@code <labelId>.<kid>.<signature>}, as {@link LabelSigner#sign} makes it.  */
    public String token(String labelId) {
        return labelId + '.' + kid + '.' + B64.encodeToString(raw.sign(LabelSigner.message(labelId, kid)));
    }
}
