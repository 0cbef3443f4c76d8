package cn.hazchain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns SQL with named parameters ({@code :name}) into JDBC SQL with {@code ?} and the values in order. Quoted
 * literals and PostgreSQL casts ({@code ::}) are left alone. Every value is bound, never spliced into the text.
 */
public final class NamedSql {

    public record Jdbc(String sql, List<Object> values) {
    }

    private NamedSql() {
    }

    public static Jdbc toJdbc(String sql, Map<String, ?> params) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> values = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                int end = sql.indexOf('\'', i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == '\'') {
                    end = sql.indexOf('\'', end + 2);
                }
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated literal in SQL");
                }
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (ch == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (ch == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (!params.containsKey(name)) {
                    throw new IllegalArgumentException("no value for parameter :" + name);
                }
                out.append('?');
                values.add(params.get(name));
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return new Jdbc(out.toString(), values);
    }
}
