package cn.hazchain.search;

import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sort=field,-field}: fields from a whitelist, {@code -} for descending. Only whitelisted SQL expressions
 * ever reach the ORDER BY; an unknown field is a 400 that lists the allowed ones. Pure.
 */
public record Sort(List<Key> keys) {

    static final int MAX_KEYS = 5;

    public record Key(String field, boolean descending) {
    }

    public static Sort parse(String raw, Set<String> allowed, String fallback) {
        String text = raw == null || raw.isBlank() ? fallback : raw;
        List<Key> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            boolean desc = item.startsWith("-");
            String field = desc ? item.substring(1).strip() : item;
            if (field.isEmpty()) {
                throw ProblemException.badRequest("sort has an empty field; write sort=field,-field with fields from: " + String.join(", ", allowed));
            }
            if (!allowed.contains(field)) {
                throw ProblemException.badRequest("sort field '" + Text.clip(field, 40) + "' is not sortable here; allowed: " + String.join(", ", allowed));
            }
            if (!seen.add(field)) {
                throw ProblemException.badRequest("sort names '" + field + "' twice");
            }
            keys.add(new Key(field, desc));
        }
        if (keys.size() > MAX_KEYS) {
            throw ProblemException.badRequest("sort takes at most " + MAX_KEYS + " fields, got " + keys.size());
        }
        return new Sort(List.copyOf(keys));
    }

    /** ORDER BY text from the whitelisted expressions, ending with the row id so pages never overlap. */
    public String orderBy(Map<String, String> expressions, String idColumn) {
        StringBuilder sql = new StringBuilder(" ORDER BY ");
        for (Key k : keys) {
            String expr = expressions.get(k.field());
            if (expr == null) {
                throw new IllegalStateException("no expression for sort field " + k.field());
            }
            sql.append(expr).append(k.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
        }
        boolean lastDesc = keys.isEmpty() || keys.get(keys.size() - 1).descending();
        return sql.append(idColumn).append(lastDesc ? " DESC" : " ASC").toString();
    }
}
