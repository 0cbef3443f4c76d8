package cn.hazchain.support;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Spellings of one request path that Quarkus REST routes to the same resource method (checked in issue #19): a
 * trailing slash, doubled slashes, {@code .} and {@code ..} segments, a percent-encoded unreserved character and a
 * matrix parameter. A security decision keyed on the path must treat them all alike. The query string, if any, is
 * kept as it is. Send them with REST Assured's URL encoding turned off ({@code urlEncodingEnabled(false)}).
 *
 * <p>The router is case-sensitive: {@link #upperCase} is not routed at all (404), which is why it is not one of
 * {@link #ROUTED}.
 */
public final class PathVariants {

    private PathVariants() {
    }

    /** Every routed spelling by name, the path itself not included. */
    public static final Map<String, UnaryOperator<String>> ROUTED = routed();

    private static Map<String, UnaryOperator<String>> routed() {
        Map<String, UnaryOperator<String>> v = new LinkedHashMap<>();
        v.put("trailing slash", p -> onPath(p, s -> s + "/"));
        v.put("doubled slash", p -> onPath(p, s -> s.substring(0, s.lastIndexOf('/')) + "//" + s.substring(s.lastIndexOf('/') + 1)));
        v.put("leading double slash", p -> onPath(p, s -> "/" + s));
        v.put("dot segment", p -> onPath(p, s -> s.substring(0, s.lastIndexOf('/')) + "/." + s.substring(s.lastIndexOf('/'))));
        v.put("dot-dot segment", p -> onPath(p, s -> s.substring(0, s.lastIndexOf('/')) + "/x/.." + s.substring(s.lastIndexOf('/'))));
        v.put("percent-encoded character", p -> onPath(p, PathVariants::encodeFirstOfLastSegment));
        v.put("matrix parameter", p -> onPath(p, s -> s + ";x=1"));
        return java.util.Collections.unmodifiableMap(v);
    }

    /** The path in upper case: not a route (the router is case-sensitive). */
    public static String upperCase(String path) {
        return onPath(path, s -> s.toUpperCase(Locale.ROOT));
    }

    private static String onPath(String pathAndQuery, UnaryOperator<String> change) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        return change.apply(path) + (q < 0 ? "" : pathAndQuery.substring(q));
    }

    /** {@code /api/auth/token} → {@code /api/auth/%74oken}: an unreserved character, which the router decodes. */
    private static String encodeFirstOfLastSegment(String path) {
        int slash = path.lastIndexOf('/');
        if (slash + 1 >= path.length()) {
            return path;
        }
        char c = path.charAt(slash + 1);
        if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '~') {
            return path;
        }
        return path.substring(0, slash + 1) + String.format("%%%02X", (int) c) + path.substring(slash + 2);
    }
}
