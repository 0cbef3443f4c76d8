package cn.hazchain.bench.history;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The record of a generated history in its database ({@value GenerateHistory#MARKER}): its spec, whether it finished,
 * its counts and id ranges, and the definitions of the indexes dropped for the load, so that an interrupted load
 * can have them rebuilt exactly as the migrations made them.
 */
final class Marker {

    record Row(long id, String spec, String state, List<String> dropped, Map<String, Long> counts) {
    }

    private final Connection c;

    private Marker(Connection c) {
        this.c = c;
    }

    static Marker open(Connection c) throws SQLException {
        GenerateHistory.exec(c, "CREATE TABLE IF NOT EXISTS " + GenerateHistory.MARKER + " (id serial PRIMARY KEY, spec text NOT NULL,"
                + " state text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz,"
                + " dropped_ddl text[] NOT NULL DEFAULT '{}', counts text)");
        return new Marker(c);
    }

    Optional<Row> row() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, spec, state, dropped_ddl, counts FROM " + GenerateHistory.MARKER + " ORDER BY id LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Array a = rs.getArray(4);
            return Optional.of(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), Arrays.asList((String[]) a.getArray()), parse(rs.getString(5))));
        }
    }

    /** The counts of the finished history in the database, or empty if none. */
    static Optional<Map<String, Long>> counts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('public." + GenerateHistory.MARKER + "') IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Optional.empty();
            }
        }
        return new Marker(c).row().filter(r -> r.state().equals("DONE")).map(Row::counts);
    }

    void start(HistorySpec spec, List<String> dropped) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + GenerateHistory.MARKER + " (spec, state, dropped_ddl) VALUES (?, 'LOADING', ?)")) {
            ps.setString(1, spec.key());
            ps.setArray(2, c.createArrayOf("text", dropped.toArray()));
            ps.executeUpdate();
        }
    }

    void finish(Map<String, Long> counts) throws SQLException {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + GenerateHistory.MARKER + " SET state = 'DONE', finished_at = now(), counts = ?")) {
            ps.setString(1, text.toString());
            ps.executeUpdate();
        }
    }

    private static Map<String, Long> parse(String text) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    counts.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
        }
        return counts;
    }

    /**
     * The secondary indexes of the tables, as migrations created them: plain indexes (pg_indexes.indexdef) and
     * unique constraints other than primary keys (pg_get_constraintdef). Each entry: {@code name|table|drop|create}.
     */
    static List<String> secondaryIndexes(Connection c, List<String> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
                + " AND i.tablename = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.'"
                + " || quote_ident(i.indexname))::regclass) ORDER BY i.tablename, i.indexname")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2) + "|DROP INDEX " + rs.getString(1) + "|" + rs.getString(3));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT k.conname, t.relname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
                + " JOIN pg_class t ON t.oid = k.conrelid WHERE k.contype = 'u' AND t.relname = ANY (?) AND t.relnamespace = 'public'::regnamespace"
                + " ORDER BY t.relname, k.conname")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String table = rs.getString(2);
                    out.add(name + "|" + table + "|ALTER TABLE " + table + " DROP CONSTRAINT " + name + "|ALTER TABLE " + table
                            + " ADD CONSTRAINT " + name + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    static void dropIndexes(Connection c, List<String> entries) throws SQLException {
        for (String e : entries) {
            GenerateHistory.exec(c, e.split("\\|", 4)[2]);
        }
    }

    /** Creates every dropped index that is missing, with its recorded definition. */
    void restoreIndexes(Row row, Consumer<String> log) throws SQLException {
        GenerateHistory.exec(c, "SET maintenance_work_mem = '512MB'");
        for (String e : row.dropped()) {
            String[] f = e.split("\\|", 4);
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('public.' || quote_ident(?)) IS NOT NULL")) {
                ps.setString(1, f[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        continue;
                    }
                }
            }
            long t0 = System.nanoTime();
            GenerateHistory.exec(c, f[3]);
            log.accept(String.format("  %-45s %5.1f s", f[0], (System.nanoTime() - t0) / 1e9));
        }
    }
}
