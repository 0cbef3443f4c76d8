package cn.hazchain.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built in the {@code package} phase) run as a
 * child process, the way it runs in production: on a fresh temporary data directory (embedded PostgreSQL 17 with
 * {@code fsync=on} under {@code <data-dir>/postgres}, Jiangyin demo data) and a free port. Its output goes to a
 * log file, appended across restarts.
 *
 * <p>It can be stopped gracefully (SIGTERM), killed (SIGKILL of the JVM: the embedded postmaster, a separate
 * process, survives it and the next start stops it), killed together with its PostgreSQL (SIGKILL of every
 * process: what a power cut or an OOM kill of the whole container looks like) and started again on the same data
 * directory. {@link #close()} leaves no process behind, a postmaster orphaned by a kill included, and deletes the
 * data directory.
 */
public final class PackagedService implements AutoCloseable {

    /** The jar run: target/quarkus-app/quarkus-run.jar, or -Dhazchain.bench.jar=... (e.g. another build to compare with). */
    public static final Path JAR = Path.of(System.getProperty("hazchain.bench.jar", "target/quarkus-app/quarkus-run.jar"));

    private final Path dataDir;
    private final int port;
    /** The management interface's port (metrics), free like the API's: tests may run services side by side. */
    private final int managementPort;
    private final Path log;
    private final List<String> jvmArgs;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Every postmaster seen on the data directory, so that close() can make sure none outlives the test. */
    private final Set<ProcessHandle> postmasters = new LinkedHashSet<>(); // a handle knows its start time: no pid reuse
    private Process process;
    private int starts;

    /** A data directory that {@link #close()} must leave in place (one the caller gave). */
    private final boolean keepDataDir;

    private PackagedService(Path dataDir, int port, Path log, List<String> jvmArgs, boolean keepDataDir) {
        this.dataDir = dataDir;
        this.port = port;
        this.managementPort = freePortOrFail();
        this.log = log;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.keepDataDir = keepDataDir;
    }

    /** A service on a new temporary data directory and a free port; not started yet. */
    public static PackagedService fresh(String name, Path log) throws IOException {
        return fresh(name, log, List.of());
    }

    /** The same, with more JVM options (e.g. {@code -Dquarkus.log.category."io.zonky".level=INFO}). */
    public static PackagedService fresh(String name, Path log, List<String> jvmArgs) throws IOException {
        requireJar(log);
        return new PackagedService(Files.createTempDirectory(name), freePort(), log, jvmArgs, false);
    }

    /**
     * A service on a data directory that already exists (e.g. a generated history, {@code <dir>/postgres} holding
     * its database) and a free port; not started yet. {@link #close()} stops it but leaves the directory.
     */
    public static PackagedService existing(Path dataDir, Path log, List<String> jvmArgs) throws IOException {
        requireJar(log);
        if (!Files.isDirectory(dataDir.resolve("postgres"))) {
            throw new IllegalStateException(dataDir.toAbsolutePath() + " holds no postgres/ directory: not a HazChain data directory");
        }
        return new PackagedService(dataDir.toAbsolutePath(), freePort(), log, jvmArgs, true);
    }

    private static void requireJar(Path log) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build it first with ./mvnw -B -q package -DskipTests");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
    }

    /**
     * A service on a data directory the caller owns (e.g. one holding a generated history) and a free port; not
     * started yet. {@link #close()} stops it and leaves the directory in place.
     */
    public static PackagedService on(Path dataDir, Path log, List<String> jvmArgs) throws IOException {
        requireJar(log);
        Files.createDirectories(dataDir);
        return new PackagedService(dataDir.toAbsolutePath(), freePort(), log, jvmArgs, true);
    }

    /**
     * Runs the packaged jar as a command-line tool on this service's data directory ({@code backup <dir>},
     * {@code restore <dir>}) and returns its exit code and output.
     */
    public Tool runTool(String... args) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Dhazchain.data-dir=" + dataDir, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes: " + out);
        }
        return new Tool(p.exitValue(), out.strip());
    }

    /** What a command-line run of the jar answered. */
    public record Tool(int exitCode, String output) {
    }

    public List<String> command() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Dhazchain.data-dir=" + dataDir, "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dhazchain.log-json=false"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toString()));
        return command;
    }

    /** Starts the JVM (the first start truncates the log, later ones append) and waits until it is ready. */
    public void start(Duration readyTimeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the service is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder.Redirect out = starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile());
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(out);
        // the plain demo, unless a test asks for the history (an environment variable: a jar built before the
        // setting existed ignores it, where an unknown -Dhazchain.* property stops it)
        builder.environment().put("HAZCHAIN_DEMO_HISTORY", "none");
        process = builder.start();
        awaitReady(readyTimeout);
        postmaster().ifPresent(postmasters::add);
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with code " + process.exitValue() + " before it was ready; log: " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet
            } catch (IOException e) {
                // connection reset while starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + timeout.toSeconds() + " s; log: " + log);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public HttpJson api() {
        return new HttpJson(baseUrl());
    }

    /** The management interface ({@code /q/metrics}), on a port of its own and on localhost. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public HttpJson management() {
        return new HttpJson(managementUrl());
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running postmaster of the embedded database, from {@code <data-dir>/postgres/postmaster.pid}. */
    public Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(PackagedService::isPostgres);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGKILL of the service's JVM only ({@link Process#destroyForcibly()} is SIGKILL on Linux); waits for it and
     * returns its exit code (137 = 128 + SIGKILL). Its PostgreSQL keeps running.
     */
    public int kill() throws InterruptedException {
        postmaster().ifPresent(postmasters::add);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * SIGKILL of the JVM and, right after, of the postmaster and every PostgreSQL process under it: nothing gets
     * to shut down cleanly, so the next start finds a stale {@code postmaster.pid} and PostgreSQL recovers from
     * its write-ahead log. Returns the JVM's exit code.
     */
    public int killWithDatabase() throws InterruptedException {
        Optional<ProcessHandle> postmaster = postmaster();
        List<ProcessHandle> database = new ArrayList<>();
        postmaster.ifPresent(p -> {
            postmasters.add(p);
            database.add(p);
            database.addAll(p.descendants().toList());
        });
        process.destroyForcibly();
        database.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
        }
        for (ProcessHandle p : database) {
            if (!waitFor(p, 30)) {
                throw new IllegalStateException("PostgreSQL process " + p.pid() + " did not die within 30 s of SIGKILL");
            }
        }
        return process.exitValue();
    }

    /**
     * Stops the service (SIGTERM: Quarkus shuts down and stops its embedded PostgreSQL), waits for it and for every
     * process it started.
     */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("the service did not stop within 60 s after SIGTERM: killing it");
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            stopProcess(child, 30, "outlived the service");
        }
    }

    /**
     * Stops the service, then any postmaster left on the data directory (one orphaned by a kill), then deletes the
     * directory if it was a fresh one.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            postmaster().ifPresent(postmasters::add);
            for (ProcessHandle p : postmasters) {
                if (p.isAlive()) {
                    List<ProcessHandle> backends = p.descendants().toList();
                    // a graceful stop may still be finishing (pg_ctl stop gives up waiting after a few seconds)
                    stopProcess(p, 20, "(a PostgreSQL server) was left running");
                    for (ProcessHandle b : backends) {
                        stopProcess(b, 10, "(a PostgreSQL process) was left running");
                    }
                }
            }
            if (!keepDataDir) {
                deleteTree(dataDir);
            }
        }
    }

    /** Gives {@code p} {@code graceSeconds} to end by itself, then SIGTERM, then SIGKILL. */
    private static void stopProcess(ProcessHandle p, int graceSeconds, String why) throws InterruptedException {
        if (waitFor(p, graceSeconds)) {
            return;
        }
        System.err.println("process " + p.pid() + " (" + p.info().command().orElse("?") + ") " + why + ": stopping it");
        p.destroy();
        if (!waitFor(p, 30)) {
            p.destroyForcibly();
            waitFor(p, 10);
        }
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.info().command().map(cmd -> cmd.contains("postgres")).orElse(true);
    }

    private static boolean waitFor(ProcessHandle p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !p.isAlive();
    }

    /**
     * JDBC URL of the running embedded database (its port is the fourth line of {@code postmaster.pid}); the
     * superuser {@code postgres} connects without a password from localhost.
     */
    public String jdbcUrl() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return "jdbc:postgresql://localhost:" + Integer.parseInt(lines.get(3).trim()) + "/hazchain";
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the embedded database's port from " + pidFile + ": " + e, e);
        }
    }

    /** A value in kB from the service JVM's /proc/<pid>/status (e.g. "VmHWM", the peak resident set), or -1. */
    public long statusKb(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith(field + ":")).findFirst()
                    .map(l -> Long.parseLong(l.trim().split("\\s+")[1])).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time (user + system) the service JVM has used so far, in milliseconds, from /proc; -1 if unknown. */
    public long cpuMillis() {
        return cpuMillis(process.pid(), false);
    }

    /**
     * CPU time used so far by the embedded PostgreSQL: the postmaster, every process under it, and the processes it
     * already reaped (backends that ended), in milliseconds; -1 if unknown.
     */
    public long databaseCpuMillis() {
        Optional<ProcessHandle> pm = postmaster();
        if (pm.isEmpty()) {
            return -1;
        }
        long total = cpuMillis(pm.get().pid(), true);
        for (ProcessHandle p : pm.get().descendants().toList()) {
            total += Math.max(0, cpuMillis(p.pid(), false));
        }
        return total;
    }

    /** CPU milliseconds of each thread of the service JVM so far, by thread name (threads of one name summed). */
    public java.util.Map<String, Long> threadCpuMillis() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+$", "");
                    out.merge(name, Math.max(0, cpuMillis(Long.parseLong(t.getFileName().toString()), false, t)), Long::sum);
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name + " (sys)", Long.parseLong(f[12]) * 10, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static long cpuMillis(long pid, boolean withChildren) {
        return cpuMillis(pid, withChildren, Path.of("/proc", Long.toString(pid)));
    }

    /** utime + stime (+ cutime + cstime) from /proc/<pid>/stat, assuming the usual 100 clock ticks per second. */
    private static long cpuMillis(long pid, boolean withChildren, Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17), here 0-based from field 3
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + (withChildren ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0);
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS and VmHWM (peak) of the service JVM, from /proc. */
    public String rss() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
            String rss = status.stream().filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?");
            String hwm = status.stream().filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: ?");
            return "RSS " + mib(rss) + " (peak " + mib(hwm) + ")";
        } catch (IOException e) {
            return "RSS unknown (" + e.getMessage() + ")";
        }
    }

    private static String mib(String procLine) {
        String[] parts = procLine.trim().split("\\s+");
        try {
            return String.format("%.0f MiB", Long.parseLong(parts[1]) / 1024.0);
        } catch (RuntimeException e) {
            return procLine.trim();
        }
    }

    /** The last lines of the service's log. */
    public List<String> tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** Every line of the service's log so far (all starts). */
    public List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int freePortOrFail() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
