package cn.hazchain.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.OptionalInt;

/**
 * Gap-free counters kept in a row per key (manifest serials, label sequences). The row is created on first use
 * and incremented with UPDATE … RETURNING inside the caller's transaction: concurrent callers queue on the row
 * lock, a value is never handed out twice, and a rolled-back transaction gives its value back.
 */
@ApplicationScoped
public class Counters {

    @Inject
    EntityManager em;

    /**
     * The next value of the counter in {@code table.column} for the key, or empty once it has reached {@code max}.
     * Table and column names are the callers' constants, never user input.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalInt next(String table, String column, int max, List<String> keyColumns, Object... keyValues) {
        StringBuilder where = new StringBuilder();
        StringBuilder placeholders = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            where.append(i == 0 ? "" : " AND ").append(keyColumns.get(i)).append(" = ?").append(i + 1);
            placeholders.append("?").append(i + 1).append(", ");
        }
        Query insert = em.createNativeQuery("INSERT INTO " + table + " (" + String.join(", ", keyColumns) + ", " + column + ")"
                + " VALUES (" + placeholders + "0) ON CONFLICT DO NOTHING");
        Query update = em.createNativeQuery("UPDATE " + table + " SET " + column + " = " + column + " + 1 WHERE " + where
                + " AND " + column + " < " + max + " RETURNING " + column);
        for (int i = 0; i < keyValues.length; i++) {
            insert.setParameter(i + 1, keyValues[i]);
            update.setParameter(i + 1, keyValues[i]);
        }
        insert.executeUpdate();
        List<?> next = update.getResultList();
        return next.isEmpty() ? OptionalInt.empty() : OptionalInt.of(((Number) next.get(0)).intValue());
    }
}
