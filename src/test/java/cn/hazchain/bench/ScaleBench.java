/*
 * The scale benchmark of issue #8. Not a test: the lead runs it by hand on a quiet machine. It starts the packaged
 * service itself and, for (c) and (e), needs generated histories. One command (builds the jar, then runs this):
 *
 *   ./mvnw -B -q -Pbench -DskipTests package exec:java
 *
 * Arguments go in -Dexec.args="..." (key=value, any order); see docs/performance.md "Scale benchmark (issue #8)".
 */
package cn.hazchain.bench;

import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Prints, in one run, each figure of issue #8 with its target, then a table: figure, value, target, met.
 *
 * <ol>
 *   <li><b>write phase</b>, on a fresh data directory (embedded PostgreSQL, fsync on, demo data): (a) raw INSERT
 *   commits/s, (d) labels issued/s, (b) sync ingestion at batch sizes 1, 100, 500, each checked event by event and
 *   against the database at the end;</li>
 *   <li><b>city phase</b>, on {@code city=<data dir>} (default /work/bench-data/city): (c) trail and lineage
 *   latency, (e) regulator search latency;</li>
 *   <li><b>province phase</b>, on {@code province=<data dir>} (default /work/bench-data/province): (c).</li>
 * </ol>
 *
 * (f) is the service JVM's VmHWM (peak resident set) at the end of each phase; the largest is the figure. A
 * phase whose data directory is missing is skipped and its figures print as NOT MEASURED. Any wrong answer stops
 * the run with an error (exit status 1).
 */
public final class ScaleBench {

    /**
     * The service's JVM options unless {@code jvm=...} is given (commas or spaces between options; {@code jvm=} for
     * the JVM's defaults): the recommendation of docs/operations.md "Memory".
     */
    static final String DEFAULT_JVM = "-Xmx256m,-XX:+UseSerialGC,-XX:ReservedCodeCacheSize=64m,-Xss512k";

    private final Map<String, String> options;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Long> peaks = new LinkedHashMap<>();
    private final List<String> loads = new ArrayList<>();

    private ScaleBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            options.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        long t0 = System.nanoTime();
        ScaleBench bench = new ScaleBench(options);
        System.out.printf("ScaleBench (issue #8): Java %s, %d CPUs, load average %s; options %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), PackagedService.loadAverage(), options);
        bench.run();
        System.out.printf("%nload average at each phase's end: %s%n", String.join("; ", bench.loads));
        System.out.printf("whole run: %.0f s; load average now %s%n%n", (System.nanoTime() - t0) / 1e9, PackagedService.loadAverage());
        Figure.printTable(bench.figures);
    }

    private String opt(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    private int num(String key, int fallback) {
        return Integer.parseInt(opt(key, Integer.toString(fallback)));
    }

    private boolean quick() {
        return options.containsKey("quick");
    }

    private List<String> jvmArgs(String phase) {
        List<String> args = new ArrayList<>();
        String jvm = opt("jvm", DEFAULT_JVM).trim();
        if (!jvm.isEmpty()) {
            args.addAll(Arrays.asList(jvm.split("[,\\s]+"))); // commas: exec.args splits on spaces
        }
        if (options.containsKey("pglog")) {
            args.add("-Dquarkus.log.category.\"io.zonky\".level=INFO");
        }
        if (!"write".equals(phase) && !"on".equals(opt("alerts", "off"))) {
            // the first scheduled alert evaluation on a generated history opens every alert of its years (minutes;
            // see "Synthetic history") and would load the machine while the reads are timed
            args.add("-Dhazchain.alerts.evaluate-every=off");
        }
        if (options.containsKey("jfr")) {
            args.add("-XX:FlightRecorderOptions:stackdepth=256"); // recordings are started around each sync case (jcmd)
        }
        return args;
    }

    private void run() throws Exception {
        List<String> phases = Arrays.asList(opt("phases", "write,city,province").split(","));
        if (phases.contains("write")) {
            write();
        }
        read("city", Path.of(opt("city", "/work/bench-data/city")), phases.contains("city"), true);
        read("province", Path.of(opt("province", "/work/bench-data/province")), phases.contains("province"), false);
        long peak = peaks.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        String perPhase = peaks.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() / 1024 + " MiB").reduce((a, b) -> a + ", " + b).orElse("");
        String jvm = opt("jvm", DEFAULT_JVM).isBlank() ? "default JVM options" : opt("jvm", DEFAULT_JVM);
        figures.add(peak < 0 ? Figure.missing("(f)", "service peak RSS (VmHWM)", "≤ 512 MiB", "no phase ran")
                : Figure.target("(f)", "service peak RSS (VmHWM)", peak / 1024.0, "MiB", "≤ 512 MiB", peak / 1024.0 <= 512,
                perPhase + "; " + jvm));
    }

    // ---- write phase: (a), (d), (b) ------------------------------------------------------------------------------

    private void write() throws Exception {
        Path log = Path.of("target", "scale-bench-write.log");
        try (PackagedService service = PackagedService.fresh("hazchain-scale-bench", log, jvmArgs("write"))) {
            start(service, "write");
            boolean ok = false;
            try {
                writePhase(service);
                ok = true;
            } finally {
                endPhase(service, "write", ok);
            }
        }
    }

    private void writePhase(PackagedService service) throws Exception {
        if (options.containsKey("pgstat")) { // diagnosis: pg_stat_statements needs a restart to be loaded
            sql(service.jdbcUrl(), "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            service.stop();
            service.start(Duration.ofMinutes(5));
            sql(service.jdbcUrl(), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
        String jdbc = service.jdbcUrl();
        // (a)
        int clients = num("rawClients", 8);
        long db0 = service.databaseCpuMillis();
        RawInserts.Result raw = RawInserts.run(jdbc, clients, quick() ? 1 : 3, num("rawSeconds", quick() ? 5 : 15));
        double dbCpu = (double) (service.databaseCpuMillis() - db0) / raw.rows(); // warm-up rows included: an upper bound
        System.out.printf("(a) raw INSERT of an event-shaped row, %d clients, autocommit: %,.0f commits/s (%d rows in %.1f s;"
                        + " per insert p50 %.2f ms, p99 %.2f ms; PostgreSQL CPU ≤ %.2f ms per row; %s); load %s%n", clients,
                raw.commitsPerSecond(), raw.rows(), raw.seconds(), raw.latencies().ms(50), raw.latencies().ms(99), dbCpu, raw.settings(),
                PackagedService.loadAverage());
        figures.add(Figure.info("(a)", "raw INSERT commits/s, " + clients + " clients", raw.commitsPerSecond(), "/s", raw.settings()));

        // cases of (b): batch 1 = each scan synced as made (many handhelds, one event each); 100 and 500 = queues
        int scale = quick() ? 4 : 1;
        List<String> batchSizes = Arrays.asList(opt("batches", "1,100,500").split(","));
        List<SyncLoad.Case> cases = java.util.stream.Stream.of(
                new SyncLoad.Case(1, num("handhelds1", 8), 159 / scale + (quick() ? 1 : 0), "8 handhelds each syncing every scan as it is made"),
                new SyncLoad.Case(100, num("handhelds100", 4), num("each100", 8 / scale), "4 handhelds uploading a queue at once"),
                new SyncLoad.Case(500, num("handhelds500", 4), Math.max(1, 3 / scale), "4 handhelds uploading a full 500 batch"))
                .filter(c -> batchSizes.contains(Integer.toString(c.batch()))).toList();
        int perManifest = num("perManifest", 20);
        int manifests = 0;
        int maxHandhelds = 0;
        for (SyncLoad.Case c : cases) {
            manifests += c.handhelds() * ((c.drumsEach() + perManifest - 1) / perManifest);
            maxHandhelds = Math.max(maxHandhelds, c.handhelds());
        }
        boolean mix = !"off".equals(opt("mix", "on"));
        int mixEach = num("mixEach", quick() ? 1 : 6);
        if (mix) {
            manifests += (SyncMix.drumsNeeded(100, mixEach) + SyncMix.ONE_CONTAINER_DRUMS + perManifest - 1) / perManifest;
        }
        SyncLoad load = new SyncLoad(service, maxHandhelds);

        // (d)
        int issuers = num("issuers", 2);
        ConcurrentLinkedQueue<Drum> pool = new ConcurrentLinkedQueue<>();
        SyncLoad.IssueResult issued = load.issue(manifests, perManifest, issuers, pool);
        System.out.printf("(d) labels issued: %,.0f labels/s = %.1f manifests/s of %d drums, %d clients (%d labels in %.1f s; POST p50 %.0f ms,"
                        + " p99 %.0f ms); load %s%n", issued.labelsPerSecond(), issued.manifestsPerSecond(), perManifest, issuers, issued.labels(),
                issued.seconds(), issued.requests().ms(50), issued.requests().ms(99), PackagedService.loadAverage());
        figures.add(Figure.info("(d)", "labels issued/s (manifests of " + perManifest + ")", issued.labelsPerSecond(), "/s",
                String.format(Locale.ROOT, "%.1f manifests/s, %d clients", issued.manifestsPerSecond(), issuers)));

        // (b)
        if (options.containsKey("pglog")) { // diagnosis: every statement's duration into the service log (zonky at INFO)
            sql(jdbc, "ALTER SYSTEM SET log_min_duration_statement = 0", "SELECT pg_reload_conf()");
        }
        for (SyncLoad.Case c : cases) {
            if (options.containsKey("pgstat")) {
                sql(jdbc, "SELECT pg_stat_statements_reset()");
            }
            jcmd(service, "JFR.start", "name=b" + c.batch(), "settings=" + opt("jfr", "profile").replace("true", "profile"));
            SyncLoad.CaseResult r = load.run(c, pool);
            jcmd(service, "JFR.stop", "name=b" + c.batch(), "filename=" + Path.of("target", "scale-bench-b" + c.batch() + ".jfr").toAbsolutePath());
            if (options.containsKey("pgstat")) {
                printStatements(jdbc, c.events());
            }
            double ratio = r.eventsPerSecond() / raw.commitsPerSecond();
            System.out.printf("(b) sync, batch %d, %d handhelds x %d batches: %,.0f events/s = %.0f %% of (a) (%d events in %.1f s;"
                            + " per request p50 %.0f ms, p99 %.0f ms; CPU per event: service JVM %.2f ms, PostgreSQL %.2f ms); load %s%n",
                    c.batch(), c.handhelds(), c.batchesEach(), r.eventsPerSecond(), ratio * 100, c.events(), r.seconds(), r.requests().ms(50),
                    r.requests().ms(99), r.jvmCpuMsPerEvent(), r.dbCpuMsPerEvent(), PackagedService.loadAverage());
            String what = "sync events/s, batch " + c.batch() + " (" + c.handhelds() + " handhelds)";
            String note = String.format(Locale.ROOT, "%.0f %% of (a); request p99 %.0f ms; CPU/event JVM %.2f + DB %.2f ms", ratio * 100,
                    r.requests().ms(99), r.jvmCpuMsPerEvent(), r.dbCpuMsPerEvent());
            figures.add(c.batch() == 100
                    ? Figure.target("(b)", what, r.eventsPerSecond(), "/s", "≥ 50 % of (a)", ratio >= 0.5, note)
                    : Figure.info("(b)", what, r.eventsPerSecond(), "/s", note));
        }
        int mixCollected = 0;
        if (mix) {
            SyncMix mixer = new SyncMix(service);
            SyncMix.Result r = mixer.run(100, mixEach, pool);
            mixCollected = SyncMix.drumsNeeded(100, mixEach) + SyncMix.ONE_CONTAINER_DRUMS;
            double ratio = r.eventsPerSecond() / raw.commitsPerSecond();
            System.out.printf("(b) sync, mix of collect, store, load and receive, batch 100, 4 handhelds (one of each) x %d batches: %,.0f events/s"
                            + " = %.0f %% of (a) (%d events in %.1f s; per request p50 %.0f ms, p99 %.0f ms; CPU per event: service JVM %.2f ms,"
                            + " PostgreSQL %.2f ms); load %s%n", mixEach, r.eventsPerSecond(), ratio * 100, r.events(), r.seconds(), r.requests().ms(50),
                    r.requests().ms(99), r.jvmCpuMsPerEvent(), r.dbCpuMsPerEvent(), PackagedService.loadAverage());
            figures.add(Figure.info("(b)", "sync events/s, mix collect/store/load/receive, batch 100 (4 handhelds)", r.eventsPerSecond(), "/s",
                    String.format(Locale.ROOT, "%.0f %% of (a); request p99 %.0f ms; CPU/event JVM %.2f + DB %.2f ms", ratio * 100,
                            r.requests().ms(99), r.jvmCpuMsPerEvent(), r.dbCpuMsPerEvent())));
            SyncMix.OneContainer one = mixer.oneContainer(pool);
            System.out.printf("(b) sync of 500 COLLECT events of one container (1 applied, 499 conflicts): %.0f ms alone, %.0f ms the slowest of %d"
                    + " handhelds at once (each its own container); load %s%n", one.aloneMs(), one.parallelMaxMs(), one.parallel(),
                    PackagedService.loadAverage());
            figures.add(Figure.info("(b)", "sync of 500 events of one container, ms", one.aloneMs(), "ms",
                    String.format(Locale.ROOT, "%.0f ms the slowest of %d at once", one.parallelMaxMs(), one.parallel())));
        }
        if (options.containsKey("pglog")) {
            sql(jdbc, "ALTER SYSTEM RESET log_min_duration_statement", "SELECT pg_reload_conf()");
        }
        System.out.println("checks: " + load.verify(jdbc, mixCollected));
    }

    /** Diagnosis: the statements of the last case by total time, per event. */
    private static void printStatements(String jdbc, int events) throws Exception {
        try (var c = RawInserts.connect(jdbc); var s = c.createStatement();
             var rs = s.executeQuery("SELECT calls, total_exec_time, total_plan_time, rows, wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 150)"
                     + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30")) {
            System.out.printf("   %8s %9s %9s %9s %9s  %s%n", "calls/ev", "ms/ev", "plan/ev", "rows/ev", "WAL B/ev", "statement");
            while (rs.next()) {
                System.out.printf("   %8.2f %9.3f %9.3f %9.2f %9.0f  %s%n", rs.getDouble(1) / events, rs.getDouble(2) / events, rs.getDouble(3) / events,
                        rs.getDouble(4) / events, rs.getDouble(5) / events, rs.getString(6));
            }
        }
    }

    /** Diagnosis (option jfr[=settings]): a flight recording of the service around one case. */
    private void jcmd(PackagedService service, String... command) throws Exception {
        if (!options.containsKey("jfr")) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(service.pid())));
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void sql(String jdbc, String... statements) throws Exception {
        try (var c = RawInserts.connect(jdbc); var s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    // ---- read phases: (c), (e) -----------------------------------------------------------------------------------

    private void read(String scale, Path dataDir, boolean wanted, boolean search) throws Exception {
        String trailTarget = "province".equals(scale) ? "≤ 20 ms p99" : "";
        if (!wanted || !Files.isDirectory(dataDir.resolve("postgres"))) {
            String why = !wanted ? "phase not asked for" : "no generated history in " + dataDir;
            System.out.printf("%n== %s phase skipped: %s%n", scale, why);
            for (String k : List.of("container trail", "container lineage", "transfer lineage", "generator trail page 1")) {
                figures.add(Figure.missing("(c)", k + " p99, " + scale, trailTarget, why));
            }
            if (search) {
                figures.add(Figure.missing("(e)", "search p99, " + scale, "≤ 200 ms", why));
            }
            return;
        }
        Path log = Path.of("target", "scale-bench-" + scale + ".log");
        try (PackagedService service = PackagedService.existing(dataDir, log, jvmArgs(scale))) {
            start(service, scale);
            boolean ok = false;
            try {
                readPhase(service, scale, search, trailTarget);
                ok = true;
            } finally {
                endPhase(service, scale, ok);
            }
        }
    }

    private void readPhase(PackagedService service, String scale, boolean search, String trailTarget) throws Exception {
        long seed = Long.parseLong(opt("seed", "20261129"));
        int measured = num("samples", quick() ? 60 : 400);
        int warmup = num("warmup", quick() ? 20 : 100);
        long s0 = System.nanoTime();
        HistorySamples samples = HistorySamples.pick(service.jdbcUrl(), seed, measured + warmup);
        System.out.printf("%s history: ~%,d containers, ~%,d custody events, pickups %s..%s, %d towns; %d samples picked in %.1f s%n",
                scale, samples.containers, samples.events, samples.firstPickup, samples.lastPickup, samples.towns.size(),
                samples.labels.size(), (System.nanoTime() - s0) / 1e9);
        ReadLoad reads = new ReadLoad(service.api(), warmup, measured, num("budget", quick() ? 20 : 60));
        Map<String, Integer> empty = new LinkedHashMap<>();
        Map<String, Latencies> trails = reads.run(ReadLoad.trails(samples), empty);
        String size = String.format(Locale.ROOT, "%,d events", samples.events);
        trails.forEach((k, l) -> {
            System.out.printf("(c) %s, %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)%n", k, scale, l.ms(50), l.ms(99), l.maxMs(), l.count());
            String note = String.format(Locale.ROOT, "p50 %.1f ms, %d requests; %s", l.ms(50), l.count(), size);
            figures.add(trailTarget.isEmpty() || ReadLoad.BASELINE.equals(k) ? Figure.info("(c)", k + " p99, " + scale, l.ms(99), "ms", note)
                    : Figure.target("(c)", k + " p99, " + scale, l.ms(99), "ms", trailTarget, l.ms(99) <= 20, note));
        });
        if (search && !"false".equals(opt("search", "true"))) {
            Map<String, Latencies> searches = reads.run(ReadLoad.searches(samples, seed), empty);
            Latencies all = new Latencies();
            searches.forEach((k, l) -> {
                all.addAll(l);
                System.out.printf("(e) %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d requests, %d empty pages)%n", k, l.ms(50), l.ms(99),
                        l.maxMs(), l.count(), empty.getOrDefault(k, 0));
                figures.add(Figure.target("(e)", "search p99: " + k, l.ms(99), "ms", "≤ 200 ms", l.ms(99) <= 200,
                        String.format(Locale.ROOT, "p50 %.0f ms, %d requests", l.ms(50), l.count())));
            });
            figures.add(Figure.target("(e)", "search p99, all kinds, " + scale, all.ms(99), "ms", "≤ 200 ms", all.ms(99) <= 200,
                    String.format(Locale.ROOT, "p50 %.0f ms; %s", all.ms(50), size)));
        }
    }

    // ---- service lifecycle -----------------------------------------------------------------------------------------

    private void start(PackagedService service, String phase) throws Exception {
        System.out.printf("%n== %s phase: starting %s (log %s); load %s%n", phase, String.join(" ", service.command()), service.log(),
                PackagedService.loadAverage());
        long t0 = System.nanoTime();
        service.start(Duration.ofMinutes(10));
        System.out.printf("service pid %d ready on port %d in %.1f s (data in %s)%n", service.pid(), service.port(),
                (System.nanoTime() - t0) / 1e9, service.dataDir());
    }

    private void endPhase(PackagedService service, String phase, boolean ok) {
        if (service.isAlive()) {
            long hwm = service.statusKb("VmHWM");
            peaks.put(phase, hwm);
            System.out.printf("%s phase: service %s; load %s%n", phase, service.rss(), PackagedService.loadAverage());
        }
        loads.add(phase + " " + PackagedService.loadAverage());
        if (!ok) {
            System.err.println("---- last lines of " + service.log() + " ----");
            service.tail(40).forEach(System.err::println);
        }
    }
}
