package cn.hazchain.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the export settings at start: when the export is on it needs an http(s) URL and a secret of at least
 * {@value #MIN_SECRET_LENGTH} characters. Messages name the setting, never the secret's value.
 */
public final class ExportSettings {

    static final int MIN_SECRET_LENGTH = 16;

    private ExportSettings() {
    }

    /** What is wrong with the settings (empty when they are usable, or when the export is off). */
    public static List<String> problems(boolean enabled, Optional<String> url, Optional<String> secret) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        String u = url.map(String::strip).orElse("");
        if (u.isEmpty()) {
            problems.add("hazchain.export.url (HAZCHAIN_EXPORT_URL) is required when hazchain.export.enabled=true");
        } else {
            try {
                URI uri = new URI(u);
                if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                    problems.add("hazchain.export.url must be an absolute http:// or https:// URL");
                }
            } catch (URISyntaxException e) {
                problems.add("hazchain.export.url is not a valid URL: " + e.getReason());
            }
        }
        String s = secret.orElse("");
        if (s.isBlank()) {
            problems.add("hazchain.export.secret (HAZCHAIN_EXPORT_SECRET) is required when hazchain.export.enabled=true: "
                    + "the receiver checks every delivery's HMAC signature with it");
        } else if (s.length() < MIN_SECRET_LENGTH) {
            problems.add("hazchain.export.secret must be at least " + MIN_SECRET_LENGTH + " characters long");
        }
        return problems;
    }
}
