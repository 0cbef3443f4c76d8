package cn.hazchain.search;

/**
 * One column of a search result: its key in JSON rows (and sort field name), its bilingual export header and the
 * SQL expression that produces it.
 */
public record Column(String key, String zh, String en, String sql, Type type, boolean sortable) {

    /** How a value is read from JDBC and written to JSON, CSV and XLSX. */
    public enum Type {
        TEXT, ID, COUNT, DECIMAL, DATE, TIME
    }

    public static Column of(String key, String zh, String en, String sql, Type type) {
        return new Column(key, zh, en, sql, type, true);
    }

    public static Column unsorted(String key, String zh, String en, String sql, Type type) {
        return new Column(key, zh, en, sql, type, false);
    }

    /** The export header: Chinese, a space, English, e.g. "标签编号 Label ID". */
    public String header() {
        return zh + " " + en;
    }
}
