/*
 * Synthetic history (issue #8, item 1): fills a HazChain database with years of realistic custody records from a
 * fixed seed. Not a test: a command for the benchmarks. Build the jar first (an empty data directory is set up by
 * starting the packaged service on it once: Flyway, catalogue, Jiangyin demo data):
 *
 *   ./mvnw -B -q package -DskipTests
 *   ./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.history.GenerateHistory \
 *       -Dexec.classpathScope=test -Dexec.args="--scale city --data-dir /work/bench-data/city"
 *
 * Options: --scale city|province (presets), --generators N, --years Y, --weeks W, --pickups-per-year P, --seed S,
 * --end YYYY-MM-DD (first day after the history; default today in Asia/Shanghai), --data-dir DIR (embedded
 * PostgreSQL in DIR/postgres, label keys in DIR/keys/labels), --jdbc-url URL --user U --password P (a given server;
 * --data-dir then only names the service's data directory, for its label keys), --keep-indexes.
 */
package cn.hazchain.bench.history;

import cn.hazchain.account.PasswordHasher;
import cn.hazchain.boot.EmbeddedDatabase;
import cn.hazchain.custody.log.HistoryCheckpoint;
import cn.hazchain.label.BulkLabelSigner;
import cn.hazchain.support.PackagedService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;

/**
 * Generates a synthetic history into a HazChain database, once: a marker table ({@value #MARKER}) records what was
 * generated, so a second run on the same database sees it and returns the recorded counts without writing anything.
 *
 * <p>API for the benchmark harness: {@link #ensureEmbedded(Path, HistorySpec)} (start the embedded PostgreSQL on a data
 * directory, generate if needed, stop it again so the packaged service can start there) and
 * {@link #ensure(Target, HistorySpec)}; {@link Samples#pick} then gives existing subjects to query.
 */
public final class GenerateHistory {

    /** The marker table: not a Flyway migration on purpose (bench data only; the service never reads it). */
    public static final String MARKER = "bench_history";
    static final String REGION = "3202";
    /** Password of every user the history adds (the demo users keep demo-&lt;username&gt;). */
    public static final String HISTORY_PASSWORD = "history-password";
    /** Tables whose secondary indexes are dropped during the load and rebuilt after it. */
    static final List<String> BULK_TABLES = List.of("custody_event", "container", "transfer_item", "licence_intake", "manifest",
            "manifest_line", "round_stop", "collection_round", "lot", "transfer");

    /** Where to write: a JDBC URL with a superuser, and the service's data directory (its label keys sign the labels). */
    public record Target(String jdbcUrl, String user, String password, Path dataDir) {
        Path labelKeys() {
            return dataDir.resolve("keys").resolve("labels");
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }

    /** What the database holds after {@code ensure}: the history's counts and whether this call generated it. */
    public record Result(boolean generated, String spec, Map<String, Long> counts, Duration took) {
        public long count(String what) {
            return counts.getOrDefault(what, 0L);
        }
    }

    private final Consumer<String> log;

    private GenerateHistory(Consumer<String> log) {
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        HistorySpec spec = switch (opts.getOrDefault("scale", "city")) {
            case "city" -> HistorySpec.city();
            case "province" -> HistorySpec.province();
            default -> throw new IllegalArgumentException("--scale is city or province, got " + opts.get("scale"));
        };
        if (opts.containsKey("generators")) {
            spec = spec.withGenerators(Integer.parseInt(opts.get("generators")));
        }
        if (opts.containsKey("years")) {
            spec = spec.withWeeks(52 * Integer.parseInt(opts.get("years")));
        }
        if (opts.containsKey("weeks")) {
            spec = spec.withWeeks(Integer.parseInt(opts.get("weeks")));
        }
        if (opts.containsKey("pickups-per-year")) {
            spec = spec.withPickupsPerYear(Integer.parseInt(opts.get("pickups-per-year")));
        }
        if (opts.containsKey("seed")) {
            spec = spec.withSeed(Long.parseLong(opts.get("seed")));
        }
        if (opts.containsKey("end")) {
            spec = spec.withEnd(LocalDate.parse(opts.get("end")));
        }
        String dataDir = opts.get("data-dir");
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required (embedded database and label keys, or the service's data directory with --jdbc-url)");
        }
        boolean keepIndexes = opts.containsKey("keep-indexes");
        GenerateHistory g = new GenerateHistory(System.out::println);
        g.log.accept(String.format("Java %s, %d CPUs, load average %s; spec %s %s", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                PackagedService.loadAverage(), spec.name(), spec.key()));
        Result r = opts.containsKey("jdbc-url")
                ? g.run(new Target(opts.get("jdbc-url"), opts.getOrDefault("user", "postgres"), opts.getOrDefault("password", ""), Path.of(dataDir)), spec, keepIndexes)
                : g.embedded(Path.of(dataDir), spec, keepIndexes);
        g.log.accept((r.generated() ? "generated " : "already generated, nothing written: ") + r.spec() + " in " + r.took().toSeconds() + " s");
        r.counts().forEach((k, v) -> g.log.accept(String.format("  %-22s %,d", k, v)));
    }

    /**
     * Makes sure the embedded database in {@code dataDir/postgres} holds the history of {@code spec}: sets the
     * directory up with the packaged service if it is new, generates unless already generated, and stops the
     * database again so the service can start on the directory.
     */
    public static Result ensureEmbedded(Path dataDir, HistorySpec spec) throws Exception {
        return new GenerateHistory(System.out::println).embedded(dataDir, spec, false);
    }

    /**
     * Sets a data directory up the way the service's first start does (schema, catalogue, demo data, keys) without
     * generating anything; a no-op when it is set up already. The database is stopped afterwards.
     */
    public static void prepareEmbedded(Path dataDir) throws Exception {
        Path pg = dataDir.toAbsolutePath().normalize().resolve("postgres");
        refuseIfRunning(pg);
        if (!initialised(pg)) {
            new GenerateHistory(System.out::println).initialiseWithService(dataDir.toAbsolutePath().normalize(), Optional.empty());
        }
    }

    /** The same against a running server (a superuser: the load switches triggers off for its own session). */
    public static Result ensure(Target target, HistorySpec spec) throws Exception {
        return new GenerateHistory(System.out::println).run(target, spec, false);
    }

    private Result embedded(Path dataDir, HistorySpec spec, boolean keepIndexes) throws Exception {
        dataDir = dataDir.toAbsolutePath().normalize();
        Path pg = dataDir.resolve("postgres");
        refuseIfRunning(pg);
        if (!initialised(pg)) {
            initialiseWithService(dataDir, Optional.empty());
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg)) {
            return run(new Target(db.jdbcUrl(), EmbeddedDatabase.SUPERUSER, "", dataDir), spec, keepIndexes);
        }
    }

    /** A server on the directory now is either the service or a leftover: neither should be written under. */
    private static void refuseIfRunning(Path pg) throws IOException {
        Path pid = pg.resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return;
        }
        List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
        Optional<ProcessHandle> alive = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        if (alive.isPresent()) {
            throw new IllegalStateException("a PostgreSQL server (pid " + alive.get().pid() + ") is running on " + pg
                    + ": stop the service using this data directory first (or that leftover server, if nothing uses it)");
        }
    }

    /** Whether the database exists with schema, catalogue and demo users (what the service's first start creates). */
    private static boolean initialised(Path pg) throws IOException, SQLException {
        if (!Files.exists(pg.resolve("PG_VERSION"))) {
            return false;
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg); Connection c = db.connect()) {
            return hasServiceData(c);
        }
    }

    private static boolean hasServiceData(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('public.app_user') IS NOT NULL"
                + " AND to_regclass('public.waste_code') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM app_user WHERE username = 'regulator'),"
                + " (SELECT count(*) FROM waste_code)")) {
            rs.next();
            return rs.getLong(1) > 0 && rs.getLong(2) > 0;
        }
    }

    /**
     * Starts the packaged service once on the data directory (Flyway, catalogue, Jiangyin demo data, keys: exactly
     * what its first start writes) and stops it. With a JDBC URL, the service uses that server with demo data on.
     */
    private void initialiseWithService(Path dataDir, Optional<Target> server) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Dhazchain.alerts.evaluate-every=off", "-Dhazchain.demo=true"));
        server.ifPresent(t -> jvm.addAll(List.of("-Dquarkus.datasource.jdbc.url=" + t.jdbcUrl(), "-Dquarkus.datasource.username=" + t.user(),
                "-Dquarkus.datasource.password=" + t.password())));
        Path serviceLog = Path.of("target", "history-init-service.log");
        log.accept("setting up " + dataDir + " with the packaged service (log: " + serviceLog + ")");
        try (PackagedService service = PackagedService.on(dataDir, serviceLog, jvm)) {
            service.start(Duration.ofMinutes(4));
            service.stop();
        }
    }

    private Result run(Target target, HistorySpec spec, boolean keepIndexes) throws Exception {
        long began = System.nanoTime();
        try (Connection c = target.connect()) {
            if (!hasServiceData(c)) {
                c.close();
                initialiseWithService(target.dataDir(), Optional.of(target));
                return run(target, spec, keepIndexes);
            }
            // the schema this generator was written for (a no-op when the service already migrated it)
            Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password()).locations("classpath:db/migration")
                    .baselineOnMigrate(false).load().migrate();
            Marker marker = Marker.open(c);
            Optional<Marker.Row> done = marker.row();
            if (done.isPresent()) {
                Marker.Row row = done.get();
                if (!row.state().equals("DONE")) {
                    marker.restoreIndexes(row, log);
                    throw new IllegalStateException("an earlier generation on this database did not finish (" + row.state() + ", " + row.spec()
                            + "): generate into a fresh data directory");
                }
                if (!row.spec().equals(spec.key())) {
                    throw new IllegalStateException("this database already holds the history " + row.spec() + "; asked for " + spec.key()
                            + ": use another data directory");
                }
                return new Result(false, row.spec(), row.counts(), Duration.ofNanos(System.nanoTime() - began));
            }
            requireSuperuser(c);
            Existing existing = Existing.read(c, REGION);
            List<String> ddl = keepIndexes ? List.of() : Marker.secondaryIndexes(c, BULK_TABLES);
            marker.start(spec, ddl);
            Map<String, Long> counts;
            try {
                if (!ddl.isEmpty()) {
                    log.accept("dropping " + ddl.size() + " secondary indexes for the load (definitions kept in " + MARKER + ")");
                    Marker.dropIndexes(c, ddl);
                }
                exec(c, "ALTER SYSTEM SET max_wal_size = '4GB'");
                exec(c, "SELECT pg_reload_conf()");
                counts = load(target, spec, existing, began);
            } finally {
                exec(c, "ALTER SYSTEM RESET max_wal_size");
                exec(c, "SELECT pg_reload_conf()");
                if (!ddl.isEmpty()) {
                    long t0 = System.nanoTime();
                    marker.restoreIndexes(marker.row().orElseThrow(), log);
                    log.accept(String.format("rebuilt %d indexes in %.0f s", ddl.size(), (System.nanoTime() - t0) / 1e9));
                }
            }
            long t0 = System.nanoTime();
            exec(c, "SELECT fill_manifest_party_snapshots()"); // the parties as issued (V31): none was renamed during the history
            exec(c, "SELECT fill_transfer_party_snapshots()"); // and the transfers' parties as created (V40)
            log.accept(String.format("manifests' and transfers' party snapshots filled in %.0f s", (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            exec(c, "SELECT refresh_all_progress()"); // the search's read model (V9): its triggers did not run for COPY as replica
            log.accept(String.format("manifest and transfer states stored for the search in %.0f s", (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            for (String table : BULK_TABLES) {
                exec(c, "VACUUM (ANALYZE) " + table);
            }
            exec(c, "VACUUM (ANALYZE) manifest_progress");
            exec(c, "VACUUM (ANALYZE) transfer_progress");
            exec(c, "ANALYZE");
            log.accept(String.format("VACUUM (ANALYZE) in %.0f s", (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            long checkpoint = HistoryCheckpoint.write(c, target.labelKeys(), Instant.now());
            log.accept(String.format("audit checkpoint %d signed over every chain in %.0f s", checkpoint, (System.nanoTime() - t0) / 1e9));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            counts.put("seconds", took.toSeconds());
            marker.finish(counts);
            sizes(c);
            return new Result(true, spec.key(), counts, took);
        }
    }

    private Map<String, Long> load(Target target, HistorySpec spec, Existing existing, long began) throws Exception {
        String passwordHash = new PasswordHasher().hash(HISTORY_PASSWORD);
        BulkLabelSigner signer = BulkLabelSigner.activeKeyOf(target.labelKeys());
        Simulation sim;
        try (Connection w = target.connect()) {
            exec(w, "SET session_replication_role = replica"); // no FK or trigger work per row: consistency is by construction
            exec(w, "SET synchronous_commit = off");
            Tables tables = new Tables(w);
            try {
                sim = new Simulation(spec, existing, REGION, signer, tables, passwordHash, log);
                sim.buildWorld();
                sim.run();
            } finally {
                tables.close();
            }
            double s = (System.nanoTime() - began) / 1e9;
            log.accept(String.format("written: %,d rows, %,d MB in %.0f s (%,.0f rows/s)", tables.writer.rowsWritten(),
                    tables.writer.bytesWritten() >> 20, s, tables.writer.rowsWritten() / s));
            tables.writer.written().forEach((k, v) -> log.accept(String.format("  %-18s %,d", k, v)));
        }
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            for (Map.Entry<Integer, Integer> e : sim.serials().entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO manifest_counter (region, year, last_serial) VALUES (?, ?, ?)"
                        + " ON CONFLICT (region, year) DO UPDATE SET last_serial = greatest(manifest_counter.last_serial, excluded.last_serial)")) {
                    ps.setString(1, REGION);
                    ps.setInt(2, e.getKey());
                    ps.setInt(3, e.getValue());
                    ps.executeUpdate();
                }
            }
            for (String table : Existing.ID_TABLES) {
                exec(c, "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), greatest((SELECT coalesce(max(id), 1) FROM " + table + "),"
                        + " (SELECT last_value FROM " + table + "_id_seq)))");
            }
            c.commit();
        }
        Simulation.Counts k = sim.counts;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("generators", k.generators);
        counts.put("parties", k.parties);
        counts.put("users", k.users);
        counts.put("manifests", k.manifests);
        counts.put("cancelledManifests", k.cancelledManifests);
        counts.put("containers", k.containers);
        counts.put("events", k.events);
        counts.put("lots", k.lots);
        counts.put("transfers", k.transfers);
        counts.put("rounds", k.rounds);
        counts.put("licenceIntake", k.intake);
        counts.put("refusals", k.refusals);
        counts.put("partialRefusals", k.partialRefusals);
        counts.put("weightFlags", k.weightFlags);
        k.byState.forEach((state, n) -> counts.put("state." + state, n));
        counts.put("firstContainerId", k.firstContainerId);
        counts.put("firstManifestId", k.firstManifestId);
        counts.put("firstTransferId", k.firstTransferId);
        counts.put("firstLotId", k.firstLotId);
        counts.put("firstGeneratorId", k.firstGeneratorId);
        counts.put("lastGeneratorId", k.lastGeneratorId);
        sim.serials().forEach((year, serial) -> counts.put("lastSerial." + year, (long) serial));
        return counts;
    }

    private static void requireSuperuser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new IllegalStateException("the history is loaded as a superuser (it switches triggers off for its session and resizes the WAL)");
            }
        }
    }

    private void sizes(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            rs.next();
            log.accept("database size " + rs.getString(1));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT relname, pg_size_pretty(pg_table_size(oid)),"
                + " pg_size_pretty(pg_indexes_size(oid)), pg_size_pretty(pg_total_relation_size(oid)), reltuples::bigint FROM pg_class"
                + " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY pg_total_relation_size(oid) DESC LIMIT 12")) {
            log.accept(String.format("  %-18s %10s %10s %10s %14s", "table", "heap", "indexes", "total", "rows (est.)"));
            while (rs.next()) {
                log.accept(String.format("  %-18s %10s %10s %10s %,14d", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
            }
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("keep-indexes")) {
                opts.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                opts.put(key, args[++i]);
            }
        }
        return opts;
    }
}
