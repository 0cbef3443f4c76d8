package cn.hazchain.common;

import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;

/**
 * Plain JDBC on the connection of the caller's transaction, for set-based statements Hibernate has no shape for
 * (multi-row INSERT and UPDATE over {@code unnest} of arrays). Pending entity changes are flushed first, so the
 * statements see them.
 */
public final class Jdbc {

    private Jdbc() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static <T> T work(EntityManager em, Work<T> work) {
        em.flush();
        return read(em, work);
    }

    /** Reads only: nothing is flushed first (a read outside a transaction may not flush). */
    public static <T> T read(EntityManager em, Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    /** A text array (every array parameter goes as text[] and is cast in SQL: one binding for every type). */
    public static Array texts(Connection c, Collection<?> values) throws SQLException {
        String[] a = new String[values.size()];
        int i = 0;
        for (Object v : values) {
            a[i++] = v == null ? null : v.toString();
        }
        return c.createArrayOf("text", a);
    }

    /** Binds text arrays to parameters 1..n in order. */
    public static void bindTexts(PreparedStatement ps, List<? extends Collection<?>> columns) throws SQLException {
        bindTexts(ps, 1, columns);
    }

    /** The same, from parameter {@code first} on. */
    public static void bindTexts(PreparedStatement ps, int first, List<? extends Collection<?>> columns) throws SQLException {
        int i = first;
        for (Collection<?> column : columns) {
            ps.setArray(i++, texts(ps.getConnection(), column));
        }
    }
}
