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
        return reserve(table, column, max, 1, keyColumns, keyValues);
    }

    /**
     * Reserves {@code n} consecutive values of the counter and answers the first, or empty when fewer than {@code n}
     * are left before {@code max}. One statement: the row is created with {@code n}, or raised by {@code n}, under
     * its lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalInt reserve(String table, String column, int max, int n, List<String> keyColumns, Object... keyValues) {
        if (n < 1 || n > max) {
            return OptionalInt.empty();
        }
        StringBuilder placeholders = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            placeholders.append("?").append(i + 1).append(", ");
        }
        Query upsert = em.createNativeQuery("INSERT INTO " + table + " AS counter (" + String.join(", ", keyColumns) + ", " + column + ")"
                + " VALUES (" + placeholders + n + ") ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET " + column
                + " = counter." + column + " + " + n + " WHERE counter." + column + " + " + n + " <= " + max + " RETURNING " + column);
        for (int i = 0; i < keyValues.length; i++) {
            upsert.setParameter(i + 1, keyValues[i]);
        }
        List<?> last = upsert.getResultList();
        return last.isEmpty() ? OptionalInt.empty() : OptionalInt.of(((Number) last.get(0)).intValue() - n + 1);
    }
}
