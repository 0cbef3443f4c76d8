package cn.hazchain.label;

import java.util.Optional;

/**
 * The QR payload of a label: {@code <public-base-url>/v/<token>}. A URL, so any phone opens the public
 * verification page; the token inside lets a handheld verify offline.
 */
public final class LabelUrl {

    public static final String PATH = "/v/";

    private LabelUrl() {
    }

    /** {@code https://hazchain.example} + token → {@code https://hazchain.example/v/<token>}. */
    public static String of(String publicBaseUrl, String token) {
        String base = publicBaseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + PATH + token;
    }

    /** The token of a scanned payload (whatever follows the last {@code /v/}, up to a query or fragment), if any. */
    public static Optional<String> token(String scanned) {
        if (scanned == null) {
            return Optional.empty();
        }
        int at = scanned.lastIndexOf(PATH);
        if (at < 0) {
            return Optional.empty();
        }
        String token = scanned.substring(at + PATH.length());
        int end = indexOfAny(token, "?#");
        token = end < 0 ? token : token.substring(0, end);
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
