package cn.hazchain.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure (a): PostgreSQL's own limit for durable single-row writes on this machine. Into a scratch table made with
 * {@code LIKE custody_event INCLUDING ALL} (same columns, same 9 indexes: primary key, the two unique keys, time,
 * transfer, lot, manifest, the GIN index on photos and the partial receipt index; no foreign keys, no triggers) and
 * its own id sequence, {@code clients} JDBC connections each insert one event-shaped row per statement in
 * autocommit, so every row is one commit (one WAL flush, shared by whatever commits group with it). The service's
 * own embedded server is used, with its settings ({@code fsync=on}, {@code synchronous_commit=on}), while the
 * service idles. The table is dropped afterwards.
 */
final class RawInserts {

    static final String TABLE = "bench_raw_event";

    record Result(double commitsPerSecond, long rows, double seconds, Latencies latencies, String settings) {
    }

    private RawInserts() {
    }

    static Result run(String jdbcUrl, int clients, double warmupSeconds, double measureSeconds) throws Exception {
        String settings;
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("DROP SEQUENCE IF EXISTS " + TABLE + "_id_seq");
            s.execute("CREATE SEQUENCE " + TABLE + "_id_seq");
            s.execute("CREATE TABLE " + TABLE + " (LIKE custody_event INCLUDING ALL)");
            // the event's generator (V12 on): a constant here, so the INSERT works on a schema with or without it
            s.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = '" + TABLE
                    + "' AND column_name = 'generator_party_id') THEN ALTER TABLE " + TABLE + " ALTER COLUMN generator_party_id SET DEFAULT 1;"
                    + " END IF; END $$");
            s.execute("ALTER TABLE " + TABLE + " ALTER COLUMN id SET DEFAULT nextval('" + TABLE + "_id_seq')");
            settings = show(s, "fsync") + ", synchronous_commit=" + show(s, "synchronous_commit") + ", wal_sync_method="
                    + show(s, "wal_sync_method") + ", commit_delay=" + show(s, "commit_delay");
            if (!"on".equals(show(s, "fsync")) || !"on".equals(show(s, "synchronous_commit"))) {
                throw new IllegalStateException("the database does not run with fsync=on and synchronous_commit=on: " + settings);
            }
        }
        try {
            AtomicLong container = new AtomicLong(1_000_000_000L);
            loop(jdbcUrl, clients, warmupSeconds, container, new Latencies());
            Latencies latencies = new Latencies();
            long t0 = System.nanoTime();
            long rows = loop(jdbcUrl, clients, measureSeconds, container, latencies);
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (Connection c = connect(jdbcUrl); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                long total = rs.getLong(1);
                if (total < rows) {
                    throw new IllegalStateException("the scratch table holds " + total + " rows, " + rows + " inserts were acknowledged");
                }
            }
            return new Result(rows / seconds, rows, seconds, latencies, "fsync=" + settings);
        } finally {
            try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("DROP SEQUENCE IF EXISTS " + TABLE + "_id_seq");
            }
        }
    }

    /** Each client inserts rows one by one until the time is up; returns the rows inserted (all committed). */
    private static long loop(String jdbcUrl, int clients, double seconds, AtomicLong container, Latencies latencies) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        AtomicLong rows = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = connect(jdbcUrl); PreparedStatement insert = c.prepareStatement(INSERT)) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < deadline) {
                        bind(insert, container.incrementAndGet());
                        long t0 = System.nanoTime();
                        insert.executeUpdate();
                        latencies.add(System.nanoTime() - t0);
                        rows.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "raw-insert-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("raw insert client failed: " + errors.get(0), errors.get(0));
        }
        return rows.get();
    }

    private static final String INSERT = "INSERT INTO " + TABLE + " (container_id, seq, type, from_state, to_state, command_id,"
            + " manifest_id, lot_id, transfer_id, actor_user_id, actor_party_id, device_id, client_time, server_time, latitude,"
            + " longitude, weight_kg, weight_deviation, photo_sha256, note, details, prev_hash, hash, clock_flags)"
            + " VALUES (?, 1, 'CONTAINER_COLLECTED', 'ISSUED', 'COLLECTED', ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, false,"
            + " '{}', NULL, NULL, NULL, ?, '{}')";

    /** The values a handheld's COLLECT writes: a fresh container, a command id, a manifest, an actor, a scan. */
    private static void bind(PreparedStatement p, long containerId) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Instant now = Instant.now();
        byte[] hash = new byte[32];
        r.nextBytes(hash);
        p.setLong(1, containerId);
        p.setObject(2, UUID.randomUUID());
        p.setLong(3, containerId / 20);
        p.setLong(4, 3);
        p.setLong(5, 2);
        p.setString(6, "HH-JY-0001");
        p.setTimestamp(7, Timestamp.from(now.minusSeconds(5)));
        p.setTimestamp(8, Timestamp.from(now));
        p.setDouble(9, 31.905 + r.nextDouble() / 100);
        p.setDouble(10, 120.271 + r.nextDouble() / 100);
        p.setBigDecimal(11, java.math.BigDecimal.valueOf(14850 + r.nextInt(400), 2));
        p.setString(12, HexFormat.of().formatHex(hash));
    }

    /** A connection as the superuser; the driver directly (exec:java's class loader hides it from DriverManager). */
    static Connection connect(String jdbcUrl) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "");
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + jdbcUrl);
        }
        return c;
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
