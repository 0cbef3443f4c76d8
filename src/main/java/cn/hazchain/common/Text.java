package cn.hazchain.common;

/** Small helpers for user-supplied text. */
public final class Text {

    private Text() {
    }

    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** Trimmed, or null when blank. */
    public static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** Escapes LIKE wildcards so user text matches literally inside '%…%'. */
    public static String likePattern(String s) {
        return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").toLowerCase() + "%";
    }
}
