package cn.hazchain.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server run from the zonky binaries, with its files in a directory that survives restarts.
 *
 * <p>Two traps of the embedded server are handled here, not left to the caller:
 * <ul>
 *   <li>zonky starts PostgreSQL with {@code -F} (fsync off). We pass {@code fsync=on},
 *       {@code synchronous_commit=on} and {@code full_page_writes=on} after it, and {@link #durabilitySettings()}
 *       reads them back so a start that did not take them fails loudly.</li>
 *   <li>If the JVM is killed with SIGKILL, the postmaster keeps running and the next start fails on
 *       {@code postmaster.pid}. {@link #stopLeftoverServer(Path)} stops such a leftover server first.</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "hazchain";
    public static final String SUPERUSER = "postgres";
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /** Starts (or restarts) the server on {@code directory} on a free port; see {@link #start(Path, int)}. */
    public static EmbeddedDatabase start(Path directory) throws IOException {
        return start(directory, freePort());
    }

    /**
     * Starts (or restarts) the server on {@code directory}, listening on {@code port}, creating the cluster and the
     * database when missing. The port is chosen by the caller so that the JDBC URL is known before the server is up.
     */
    public static EmbeddedDatabase start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        stopLeftoverServer(directory);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "200")
                // no parallel workers: on the small machines the embedded server is for, they compete with the
                // service and the other sessions, and each builds its own copy of a hash (a year's manifest count on
                // the city history: 296 ms with 2 workers, 60 ms without; docs/performance.md)
                .setServerConfig("max_parallel_workers_per_gather", "0")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        EmbeddedDatabase db = new EmbeddedDatabase(pg, directory);
        db.createDatabaseIfMissing();
        List<String> settings = db.durabilitySettings();
        if (!settings.equals(List.of("on", "on", "on"))) {
            db.close();
            throw new IllegalStateException("embedded PostgreSQL did not take fsync/synchronous_commit/full_page_writes=on: " + settings);
        }
        LOG.infof("embedded PostgreSQL %s on port %d, data in %s (fsync on)", db.serverVersion(), pg.getPort(), directory);
        return db;
    }

    public String jdbcUrl() {
        return jdbcUrl(postgres.getPort());
    }

    /** The service's database on an embedded server listening on {@code port}. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** A TCP port free on the loopback interface now (the server binds it a moment later, as zonky itself does). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path directory() {
        return directory;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    /** {@code fsync}, {@code synchronous_commit}, {@code full_page_writes} as the running server reports them. */
    public List<String> durabilitySettings() throws IOException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return List.of(show(s, "fsync"), show(s, "synchronous_commit"), show(s, "full_page_writes"));
        } catch (SQLException e) {
            throw new IOException("cannot read settings of the embedded PostgreSQL", e);
        }
    }

    private String serverVersion() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return show(s, "server_version");
        } catch (SQLException e) {
            return "?";
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE, e);
        }
    }

    /**
     * A postmaster left behind by a killed JVM still holds {@code postmaster.pid}. Stop it (SIGTERM: it has no
     * clients left, so a smart shutdown finishes at once; SIGKILL only as a last resort, which PostgreSQL's WAL
     * recovery tolerates because fsync is on).
     */
    static void stopLeftoverServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(cmd -> cmd.contains("postgres")).orElse(true));
        if (leftover.isEmpty()) {
            LOG.infof("stale %s names no running postmaster; PostgreSQL will replace it", pidFile);
            return;
        }
        ProcessHandle process = leftover.get();
        LOG.warnf("a PostgreSQL server (pid %d) left over from an earlier run holds %s; stopping it", process.pid(), directory);
        process.destroy();
        try {
            process.onExit().get(LEFTOVER_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception timeout) {
            LOG.warnf("leftover PostgreSQL (pid %d) did not stop in %s; killing it", process.pid(), LEFTOVER_STOP_WAIT);
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
