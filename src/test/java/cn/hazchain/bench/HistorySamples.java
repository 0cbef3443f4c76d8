package cn.hazchain.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random samples of a history already in the database, picked with SQL from a fixed seed (the same data gives the
 * same samples): containers that have left ISSUED, transfers, generators with collected containers, towns, the waste codes most
 * containers hold, and the span of pickup dates. Each id is the first row at or after a uniformly drawn id, so
 * sampling costs one index probe per sample whatever the size of the table.
 */
final class HistorySamples {

    final List<String> labels;
    final List<String> transfers;
    final List<Long> generators;
    final List<String> towns;
    final List<String> wasteCodes;
    final LocalDate firstPickup;
    final LocalDate lastPickup;
    final long containers;
    final long events;

    private HistorySamples(List<String> labels, List<String> transfers, List<Long> generators, List<String> towns, List<String> wasteCodes,
                           LocalDate firstPickup, LocalDate lastPickup, long containers, long events) {
        this.labels = labels;
        this.transfers = transfers;
        this.generators = generators;
        this.towns = towns;
        this.wasteCodes = wasteCodes;
        this.firstPickup = firstPickup;
        this.lastPickup = lastPickup;
        this.containers = containers;
        this.events = events;
    }

    static HistorySamples pick(String jdbcUrl, long seed, int n) throws SQLException {
        Random random = new Random(seed);
        try (Connection c = RawInserts.connect(jdbcUrl); Statement s = c.createStatement()) {
            List<String> labels = ids(c, random, n, "container", "label_id", "state <> 'ISSUED' AND state <> 'CANCELLED'");
            List<String> transfers = ids(c, random, n, "transfer", "number", "EXISTS (SELECT 1 FROM transfer_item i WHERE i.transfer_id = t.id)");
            List<String> generatorIds = ids(c, random, n, "party", "id::text", "kind = 'GENERATOR' AND EXISTS (SELECT 1 FROM container c"
                    + " WHERE c.generator_party_id = t.id AND c.state NOT IN ('ISSUED', 'CANCELLED'))");
            List<Long> generators = generatorIds.stream().map(Long::parseLong).toList();
            List<String> towns = strings(s, "SELECT DISTINCT town FROM party WHERE kind = 'GENERATOR' AND town IS NOT NULL ORDER BY 1");
            // the codes of a sample of containers, most frequent first (no full scan of a province's containers)
            List<String> codes = strings(s, "SELECT waste_code FROM container TABLESAMPLE SYSTEM (1) REPEATABLE (" + seed % 1000
                    + ") GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 12");
            if (codes.isEmpty()) {
                codes = strings(s, "SELECT waste_code FROM container GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 12");
            }
            LocalDate first;
            LocalDate last;
            try (ResultSet rs = s.executeQuery("SELECT min(pickup_date), max(pickup_date) FROM manifest WHERE kind = 'PICKUP'")) {
                rs.next();
                first = rs.getObject(1, LocalDate.class);
                last = rs.getObject(2, LocalDate.class);
            }
            long containers = estimate(s, "container");
            long events = estimate(s, "custody_event");
            if (labels.isEmpty() || transfers.isEmpty() || generators.isEmpty() || towns.isEmpty() || codes.isEmpty() || first == null) {
                throw new IllegalStateException("the history is too small to sample: " + labels.size() + " containers, " + transfers.size()
                        + " transfers, " + generators.size() + " generators, " + towns.size() + " towns, " + codes.size() + " codes");
            }
            return new HistorySamples(labels, transfers, generators, towns, codes, first, last, containers, events);
        }
    }

    /** Up to n values of {@code column} (alias t) of rows satisfying {@code where}, at uniformly drawn ids. */
    private static List<String> ids(Connection c, Random random, int n, String table, String column, String where) throws SQLException {
        long min;
        long max;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(id), max(id) FROM " + table)) {
            rs.next();
            min = rs.getLong(1);
            max = rs.getLong(2);
        }
        List<String> out = new ArrayList<>(n);
        if (max == 0) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM " + table + " t WHERE id >= ? AND " + where + " ORDER BY id LIMIT 1")) {
            for (int i = 0; i < n * 3 && out.size() < n; i++) {
                p.setLong(1, min + (long) (random.nextDouble() * (max - min + 1)));
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        out.add(rs.getString(1).strip());
                    }
                }
            }
        }
        return out;
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1).strip());
            }
        }
        return out;
    }

    /** Rows of a table: the planner's estimate when it has one (a count of 50M rows takes a while), else a count. */
    private static long estimate(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE relname = '" + table + "'")) {
            if (rs.next() && rs.getLong(1) > 0) {
                return rs.getLong(1);
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
