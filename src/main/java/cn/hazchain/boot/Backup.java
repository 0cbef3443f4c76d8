package cn.hazchain.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Base backup and restore of the embedded database's data directory, with PostgreSQL's own low-level API (the
 * mechanism {@code pg_basebackup} uses; the embedded binaries ship no client tools).
 *
 * <p>A backup of a running server ({@code <data-dir>/postgres/postmaster.pid} names a live postmaster) is made
 * online, while the service keeps writing:
 * <ol>
 *   <li>one session creates a temporary physical replication slot that reserves WAL from now on, so no WAL the
 *       backup needs can be recycled while files are copied, and calls {@code pg_backup_start(fast)};</li>
 *   <li>the data files are copied as they are (pages may be torn: {@code full_page_writes=on} and the WAL repair
 *       them on restore), without the files PostgreSQL documents as not needed ({@code postmaster.pid},
 *       {@code pg_wal}, {@code pg_replslot}, {@code pg_stat_tmp}, temporary files…);</li>
 *   <li>{@code pg_backup_stop()} ends the backup and returns the contents of {@code backup_label}, written into
 *       the copy; then every WAL segment from the backup's start to its stop is copied, and checked to be there;</li>
 *   <li>the keys ({@code <data-dir>/keys}: label signing keys, which verify labels and audit checkpoints, and the
 *       token keys) are copied alongside.</li>
 * </ol>
 * A stopped server is copied as it is (a cold backup). A directory whose postmaster died without a shutdown is
 * refused: start the service once, so PostgreSQL recovers, then back it up.
 *
 * <p>Restore copies a backup into an empty data directory. On the next start PostgreSQL reads
 * {@code backup_label} and replays the copied WAL up to the end of the backup, so the restored database holds
 * every transaction committed before {@code pg_backup_start} and a consistent state as of {@code pg_backup_stop}.
 * Restore never overwrites: it refuses a data directory that already holds a database or keys.
 */
public final class Backup {

    /** What a backup holds, written to {@code BACKUP.txt} at its top. */
    public record Made(Path target, String kind, String startLsn, String stopLsn, int files, long bytes, int walSegments) {
    }

    private static final Pattern START_WAL = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    /** Top-level entries of a data directory not to copy, or to copy empty (PostgreSQL docs, "Backing Up the Data Directory"). */
    private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "backup_label.old", "pg_internal.init");

    private Backup() {
    }

    /**
     * Backs up {@code dataDir} (its {@code postgres/} and {@code keys/}) into {@code target}, which must not exist
     * or be empty.
     */
    public static Made create(Path dataDir, Path target) throws IOException {
        Path pgdata = dataDir.resolve("postgres");
        if (!Files.isRegularFile(pgdata.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException(pgdata + " holds no PostgreSQL data directory (no PG_VERSION)");
        }
        requireEmpty(target, "backup target");
        Files.createDirectories(target);
        Optional<Integer> port = runningPort(pgdata);
        Made made = port.isPresent() ? online(pgdata, port.get(), target) : cold(pgdata, target);
        Path keys = dataDir.resolve("keys");
        if (Files.isDirectory(keys)) {
            copyTree(keys, target.resolve("keys"), (p, d) -> true);
        }
        Files.writeString(target.resolve("BACKUP.txt"), String.join("\n",
                "HazChain base backup of " + dataDir.toAbsolutePath(),
                "made: " + Instant.now(),
                "kind: " + made.kind(),
                "start lsn: " + made.startLsn(),
                "stop lsn: " + made.stopLsn(),
                "data files: " + made.files() + " (" + made.bytes() + " bytes)",
                "wal segments: " + made.walSegments(),
                "restore: java -Dhazchain.data-dir=<new empty dir> -jar quarkus-run.jar restore " + target.toAbsolutePath(),
                ""), StandardCharsets.UTF_8);
        return made;
    }

    /** Copies the backup in {@code source} into {@code dataDir}, which must not yet hold a database or keys. */
    public static void restore(Path source, Path dataDir) throws IOException {
        Path pg = source.resolve("postgres");
        if (!Files.isRegularFile(pg.resolve("PG_VERSION")) || !Files.isRegularFile(source.resolve("BACKUP.txt"))) {
            throw new IllegalArgumentException(source + " is not a HazChain backup (no BACKUP.txt and postgres/PG_VERSION)");
        }
        requireEmpty(dataDir.resolve("postgres"), "data directory's postgres/");
        requireEmpty(dataDir.resolve("keys"), "data directory's keys/");
        copyTree(pg, dataDir.resolve("postgres"), (p, d) -> true);
        if (Files.isDirectory(source.resolve("keys"))) {
            copyTree(source.resolve("keys"), dataDir.resolve("keys"), (p, d) -> true);
        }
        // PostgreSQL refuses a data directory others can read
        Files.setPosixFilePermissions(dataDir.resolve("postgres"), PosixFilePermissions.fromString("rwx------"));
    }

    private static Made online(Path pgdata, int port, Path target) throws IOException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.SUPERUSER, ""); Statement s = c.createStatement()) {
            // Reserve WAL from here on for as long as this session lives: nothing the backup needs can be recycled.
            s.execute("SELECT pg_create_physical_replication_slot('hazchain_backup_' || pg_backend_pid(), true, true)");
            String startLsn = single(s, "SELECT pg_backup_start('hazchain " + Instant.now() + "', true)::text");
            Path targetPg = target.resolve("postgres");
            Copied copied = copyTree(pgdata, targetPg, (rel, directory) -> {
                if (rel.getNameCount() == 1 && SKIPPED_FILES.contains(rel.toString())) {
                    return false;
                }
                if (rel.getNameCount() > 1 && EMPTY_DIRS.contains(rel.getName(0).toString())) {
                    return false; // the directory itself is created, its contents are not copied
                }
                return !rel.getFileName().toString().startsWith("pgsql_tmp");
            });
            Files.createDirectories(targetPg.resolve("pg_wal").resolve("archive_status"));
            String stopLsn;
            String label;
            String map;
            try (ResultSet rs = s.executeQuery("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                stopLsn = rs.getString(1);
                label = rs.getString(2);
                map = rs.getString(3);
            }
            String stopSegment = single(s, "SELECT pg_walfile_name('" + stopLsn + "'::pg_lsn)");
            Files.writeString(targetPg.resolve("backup_label"), label, StandardCharsets.UTF_8);
            if (map != null && !map.isEmpty()) {
                Files.writeString(targetPg.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
            }
            Matcher m = START_WAL.matcher(label);
            if (!m.find()) {
                throw new IOException("backup_label names no start WAL file: " + label);
            }
            int segments = copyWal(pgdata.resolve("pg_wal"), targetPg.resolve("pg_wal"), m.group(1), stopSegment);
            return new Made(target, "online", startLsn, stopLsn, copied.files(), copied.bytes(), segments);
        } catch (SQLException e) {
            throw new IOException("online backup through PostgreSQL on port " + port + " failed: " + e.getMessage(), e);
        }
    }

    private static Made cold(Path pgdata, Path target) throws IOException {
        Copied copied = copyTree(pgdata, target.resolve("postgres"),
                (rel, directory) -> !(rel.getNameCount() == 1 && rel.toString().equals("postmaster.opts")));
        return new Made(target, "cold (server stopped)", "-", "-", copied.files(), copied.bytes(), -1);
    }

    /**
     * Copies the WAL segments from {@code first} to {@code last} (timeline included in the name, same timeline
     * assumed: a restored embedded server starts a new one only after a point-in-time recovery) and checks none is
     * missing. Returns how many were copied.
     */
    private static int copyWal(Path from, Path to, String first, String last) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(from)) {
            files.map(p -> p.getFileName().toString()).filter(n -> SEGMENT.matcher(n).matches()).forEach(names::add);
        }
        names.sort(null);
        List<String> needed = names.stream().filter(n -> n.compareTo(first) >= 0 && n.compareTo(last) <= 0).toList();
        if (needed.isEmpty() || !needed.get(0).equals(first) || !needed.get(needed.size() - 1).equals(last)) {
            throw new IOException("WAL from " + first + " to " + last + " is not all in " + from + " (found " + needed + ")");
        }
        for (String n : needed) {
            Files.copy(from.resolve(n), to.resolve(n), StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (Stream<Path> files = Files.list(from)) { // timeline history files, if any
            for (Path h : files.filter(p -> p.getFileName().toString().endsWith(".history")).toList()) {
                Files.copy(h, to.resolve(h.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return needed.size();
    }

    /** The port of the postmaster running on {@code pgdata}, empty when none is; refuses a crashed one. */
    static Optional<Integer> runningPort(Path pgdata) throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        boolean alive = !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || lines.size() < 4) {
            throw new IllegalStateException(pidFile + " is left from a server that did not shut down: start the service once"
                    + " (PostgreSQL recovers from its WAL), then back it up");
        }
        return Optional.of(Integer.parseInt(lines.get(3).trim()));
    }

    private static void requireEmpty(Path dir, String what) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(dir.toString(), null, "the " + what + " is not empty; nothing was overwritten");
                }
            }
        } else if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "the " + what + " exists and is not a directory");
        }
    }

    /** Which entries of a tree to copy, by path relative to its top; a directory left out is left out whole. */
    interface Include {
        boolean test(Path relative, boolean directory);
    }

    /** How many files a copy included, and their bytes when the walk saw them. */
    private record Copied(int files, long bytes) {
    }

    /** Copies a tree; files that vanish while it runs (a server is writing) are skipped. */
    private static Copied copyTree(Path from, Path to, Include include) throws IOException {
        int[] files = new int[1];
        long[] bytes = new long[1];
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.toString().isEmpty() || include.test(rel, true)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                    return FileVisitResult.CONTINUE;
                }
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (include.test(rel, false)) {
                    files[0]++;
                    bytes[0] += attrs.size();
                    try {
                        Files.copy(file, to.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException vanished) {
                        // dropped or truncated away by the running server; WAL replay recreates what is needed
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return new Copied(files[0], bytes[0]);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** For the command line: {@code backup <target>} or {@code restore <source>}; returns the exit code. */
    public static int command(String[] args, Path dataDir, boolean externalDatabase) {
        if (externalDatabase) {
            System.err.println("backup/restore work on the embedded database only; QUARKUS_DATASOURCE_JDBC_URL is set:"
                    + " back up that server with its own tools (pg_basebackup or pg_dump, see docs/operations.md)");
            return 2;
        }
        if (args.length != 2) {
            System.err.println("usage: java -Dhazchain.data-dir=<dir> -jar quarkus-run.jar backup <new directory>"
                    + " | restore <backup directory>");
            return 2;
        }
        Path path = Path.of(args[1]).toAbsolutePath().normalize();
        try {
            if (args[0].equals("backup")) {
                Made made = create(dataDir, path);
                System.out.printf("backup of %s written to %s: %s, %d data files (%d MB), %d WAL segments, start %s, stop %s%n",
                        dataDir, path, made.kind(), made.files(), made.bytes() / 1_000_000, made.walSegments(), made.startLsn(), made.stopLsn());
            } else {
                restore(path, dataDir);
                System.out.printf("backup %s restored into %s; start the service on it, then GET /api/audit/verify%n", path, dataDir);
            }
            return 0;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
    }
}
