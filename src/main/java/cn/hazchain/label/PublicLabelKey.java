package cn.hazchain.label;

import java.time.Instant;

/**
 * A label-signing public key as published (e.g. by {@code GET /api/keys}) so that handhelds and inspectors
 * can verify labels offline.
 *
 * @param kid       the key ID that appears in label tokens
 * @param algorithm always {@code Ed25519}
 * @param publicKey the raw 32-byte public key, base64url without padding (the {@code x} of an OKP JWK, RFC 8037)
 * @param created   when the key was made
 * @param active    whether it signs new labels; inactive keys still verify labels already issued
 */
public record PublicLabelKey(String kid, String algorithm, String publicKey, Instant created, boolean active) {
}
