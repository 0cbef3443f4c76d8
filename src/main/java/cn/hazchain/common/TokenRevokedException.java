package cn.hazchain.common;

import io.quarkus.security.AuthenticationFailedException;

/**
 * A well-signed token that the server no longer honours (its shift session ended, or its device was revoked).
 * {@link AuthenticationFailedException} is final, so the kind travels as a message prefix the 401 mapper reads.
 */
public final class TokenRevokedException {

    public static final String PREFIX = "session-ended: ";

    private TokenRevokedException() {
    }

    public static AuthenticationFailedException of(String detail) {
        return new AuthenticationFailedException(PREFIX + detail);
    }

    /** The detail, when the failure is a revoked token; else null. */
    public static String detailOf(AuthenticationFailedException e) {
        String m = e.getMessage();
        return m != null && m.startsWith(PREFIX) ? m.substring(PREFIX.length()) : null;
    }
}
