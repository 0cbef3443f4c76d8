package cn.hazchain.label;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/** One signing key of the ring. Package-private: the private key never leaves the label package. */
record LabelKey(String kid, PublicKey publicKey, PrivateKey privateKey, Instant created) {

    PublicLabelKey describe(boolean active) {
        String raw = Base64.getUrlEncoder().withoutPadding().encodeToString(Ed25519Keys.rawPublic(publicKey));
        return new PublicLabelKey(kid, Ed25519Keys.ALGORITHM, raw, created, active);
    }

    @Override
    public String toString() {
        return "LabelKey[" + kid + ", created " + created + "]";
    }
}
