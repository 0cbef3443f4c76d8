package cn.hazchain.search;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads search rows from JDBC (the columns in order, then one boolean per flag) and binds parameters. */
final class Rows {

    private Rows() {
    }

    static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof Long[] ids) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("bigint", ids));
            } else if (v instanceof String[] texts) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", texts));
            } else {
                ps.setObject(i + 1, v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
            }
        }
    }

    static Object[] values(ResultSet rs, List<Column> columns) throws SQLException {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            int idx = i + 1;
            out[i] = switch (columns.get(i).type()) {
                case TEXT -> {
                    String s = rs.getString(idx);
                    yield s == null ? null : s.strip();
                }
                case ID, COUNT -> {
                    long n = rs.getLong(idx);
                    yield rs.wasNull() ? null : n;
                }
                case DECIMAL -> rs.getBigDecimal(idx);
                case DATE -> rs.getObject(idx, LocalDate.class);
                case TIME -> {
                    OffsetDateTime t = rs.getObject(idx, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant();
                }
            };
        }
        return out;
    }

    static List<String> flags(ResultSet rs, int columnCount) throws SQLException {
        List<String> flags = new ArrayList<>(0);
        for (Flag f : Flag.values()) {
            if (rs.getBoolean(columnCount + 1 + f.ordinal())) {
                flags.add(f.name());
            }
        }
        return flags;
    }

    /** A JSON row: every column by key, then "flags". */
    static Map<String, Object> json(List<Column> columns, Object[] values, List<String> flags) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(columns.get(i).key(), values[i]);
        }
        row.put("flags", flags);
        return row;
    }
}
