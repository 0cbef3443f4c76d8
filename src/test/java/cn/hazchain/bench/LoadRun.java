package cn.hazchain.bench;

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The load run of issue #7: a mixed workload held for 10 minutes against the packaged service over loopback, by a
 * real HTTP load generator (wrk, Debian package {@code wrk}), with the memory of the service sampled throughout.
 * Not part of the test command. Build the jar first:
 *
 * <pre>
 * apt-get install -y wrk
 * ./mvnw -B -q package -DskipTests
 * ./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.LoadRun -Dexec.classpathScope=test
 * </pre>
 *
 * Optional {@code -Dexec.args="<seconds> <handheld threads> <web threads> <handheld delay ms> <web delay ms>"}
 * (defaults {@code 600 4 8 100 20}). The workload itself is {@code src/test/resources/load/mixed.lua}.
 *
 * <p>Setup (not measured), through the API only: 1,000 drums collected through a handheld (for trails, lineage,
 * container views and scans), and for every handheld thread its own driver, enrolled device, shift and enough
 * ISSUED drums for the whole run's syncs. After the run it checks, and fails loudly otherwise: no socket error or
 * timeout, every answer as expected (200, 304 for an unchanged offline kit, every synced event APPLIED); through
 * the manifests' trails, every drum a handheld was told was collected has exactly one event, no drum has two, and
 * only a sync cut off by the end of the run (wrk drops the requests in flight when time is up) may have applied
 * events no one was told about; and every hash chain verifies. It prints wrk's latency percentiles, the
 * per-operation counts, and every 10 s the service's RSS and its heap's live data after the last collection.
 */
public final class LoadRun {

    private static final Path SERVICE_LOG = Path.of("target", "load-run-service.log");
    private static final Path WRK_OUT = Path.of("target", "load-run-wrk.txt");
    private static final Path DATA = Path.of("target", "load-run");
    private static final Path SCRIPT = Path.of("src", "test", "resources", "load", "mixed.lua");
    private static final int COLLECTED = 1_000;

    public static void main(String[] args) throws Exception {
        int seconds = arg(args, 0, 600);
        int handhelds = arg(args, 1, 4);
        int web = arg(args, 2, 8);
        int handheldDelay = arg(args, 3, 100);
        int webDelay = arg(args, 4, 20);
        String wrk = onPath("wrk");
        try (PackagedService service = PackagedService.fresh("hazchain-load-run", SERVICE_LOG)) {
            say("Java %s, %d CPUs, load average %s; wrk %s", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    PackagedService.loadAverage(), wrk);
            boolean ok = false;
            try {
                service.start(Duration.ofMinutes(4));
                say("service pid %d ready on port %d (log %s)", service.pid(), service.port(), SERVICE_LOG);
                run(service, wrk, seconds, handhelds, web, handheldDelay, webDelay);
                ok = true;
            } finally {
                if (!ok) {
                    System.err.println("---- last lines of " + SERVICE_LOG + " ----");
                    service.tail(40).forEach(System.err::println);
                }
            }
        }
    }

    private static void run(PackagedService service, String wrk, int seconds, int handhelds, int web, int handheldDelay, int webDelay)
            throws Exception {
        HttpJson api = service.api();
        long t0 = System.nanoTime();
        String admin = api.demoToken("admin");
        String collector = api.demoToken("collector");
        String regulator = api.demoToken("regulator");
        long collectorParty = api.get(collector, "/api/auth/me").path("partyId").asLong();
        List<Long> generators = new ArrayList<>();
        Set<String> towns = new LinkedHashSet<>();
        api.get(admin, "/api/parties?kind=GENERATOR&size=200").path("items").forEach(p -> {
            generators.add(p.path("id").asLong());
            towns.add(p.path("town").asText());
        });
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        int[] manifests = {0};

        // ---- setup: collected drums to read, a device, driver and ISSUED drums per handheld thread ----------------------
        HandheldClient setup = HandheldClient.signIn(api, HandheldClient.enrol(api, admin, collectorParty, "LOAD-" + run + "-0", "LoadRun"),
                "driver", "demo-driver");
        List<Drum> collected = issue(api, collector, generators, COLLECTED, manifests);
        for (int i = 0; i < collected.size(); i += 100) {
            var answer = setup.sync(HandheldClient.collect(collected.subList(i, Math.min(collected.size(), i + 100)), null));
            answer.json().path("results").forEach(r -> {
                if (!"APPLIED".equals(r.path("result").asText())) {
                    throw new IllegalStateException("setup sync: " + r);
                }
            });
        }
        Files.createDirectories(DATA);
        List<String> collectedLines = new ArrayList<>();
        for (Drum d : collected) {
            collectedLines.add(d.labelId() + "\t" + api.get(regulator, "/api/containers/" + d.labelId()).path("qrUrl").asText() + "\t" + d.manifestNumber());
        }
        Files.write(DATA.resolve("collected.txt"), collectedLines);
        Files.write(DATA.resolve("towns.txt"), towns.stream().map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8)).toList());
        // a handheld thread does ~1000/(delay+latency) requests/s, 30 % of them syncs of 2.2 events on average
        int perHandheld = (int) Math.ceil(seconds * 1000.0 / handheldDelay * 0.30 * 2.2 * 1.15);
        List<String> tokens = new ArrayList<>(List.of(regulator, collector));
        Map<Integer, List<Drum>> handheldDrums = new LinkedHashMap<>();
        for (int h = 1; h <= handhelds; h++) {
            String username = "load-" + run.toLowerCase() + "-driver" + h;
            ObjectNode user = HttpJson.JSON.createObjectNode().put("username", username).put("displayName", "压测司机 " + h)
                    .put("password", "load-run-" + username).put("partyId", collectorParty);
            user.putArray("roles").add("DRIVER");
            api.post(admin, "/api/users", user, 201);
            String serial = HandheldClient.enrol(api, admin, collectorParty, "LOAD-" + run + "-" + h, "LoadRun");
            tokens.add(shiftToken(api, serial, username, "load-run-" + username));
            List<Drum> drums = issue(api, collector, generators, perHandheld, manifests);
            handheldDrums.put(h, drums);
            Files.write(DATA.resolve("drums-" + h + ".txt"), drums.stream().map(d -> d.labelId() + "\t" + d.manifestNumber()).toList());
        }
        Files.write(DATA.resolve("tokens.txt"), tokens);
        JsonNode before = verify(api, regulator, "before the run");
        say("setup: %d collected drums, %d handheld threads with %d ISSUED drums each, %d web threads, %d manifests; %.0f s",
                collected.size(), handhelds, perHandheld, web, manifests[0], (System.nanoTime() - t0) / 1e9);

        // ---- the run: wrk, with the service's memory sampled every 10 s -------------------------------------------------
        int threads = handhelds + web;
        List<String> command = List.of(wrk, "-t" + threads, "-c" + threads, "-d" + seconds + "s", "--timeout", "10s",
                "-s", SCRIPT.toString(), service.baseUrl(), "--", DATA.toString(), String.valueOf(handhelds),
                String.valueOf(handheldDelay), String.valueOf(webDelay));
        long heapBefore = heapAfterFullGc(service, api);
        say("heap in use after a full GC, before the run: %d MiB", heapBefore >> 20);
        say("running %s", String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(WRK_OUT.toFile()).start();
        List<String> samples = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        long runStart = System.nanoTime();
        while (!p.waitFor(10, TimeUnit.SECONDS)) {
            long kb = kb(service.pid(), "VmRSS:");
            rss.add(kb);
            long oldGen = metric(service.management(), l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\"") && (l.contains("Old") || l.contains("Tenured")));
            live.add(oldGen);
            String line = String.format("t=%4.0f s  RSS %4d MiB  old generation %4d MiB  load %s", (System.nanoTime() - runStart) / 1e9,
                    kb / 1024, oldGen >> 20, PackagedService.loadAverage());
            samples.add(line);
            say("%s", line);
        }
        long heapAfter = heapAfterFullGc(service, api);
        List<String> out = Files.readAllLines(WRK_OUT);
        out.stream().filter(l -> !l.startsWith("HC ")).forEach(System.out::println);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + p.exitValue() + ": " + String.join("\n", out));
        }

        // ---- checks ----------------------------------------------------------------------------------------------------
        Map<String, long[]> ops = new LinkedHashMap<>();
        Map<Integer, int[]> progress = new LinkedHashMap<>(); // handheld thread → {acknowledged up to, sent up to}
        long[] sync = null;
        long[] summary = null;
        List<String> problems = new ArrayList<>();
        for (String l : out) {
            String[] f = l.split(" ");
            if (l.startsWith("HC op ")) {
                ops.put(f[2], new long[] {Long.parseLong(f[3]), Long.parseLong(f[4])});
            } else if (l.startsWith("HC sync ")) {
                sync = new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])};
            } else if (l.startsWith("HC summary ")) {
                summary = new long[8];
                for (int i = 0; i < 8; i++) {
                    summary[i] = Long.parseLong(f[2 + i]);
                }
            } else if (l.startsWith("HC drums ")) {
                progress.put(Integer.parseInt(f[2]), new int[] {Integer.parseInt(f[3]), Integer.parseInt(f[4])});
            } else if (l.startsWith("HC lastBad")) {
                problems.add(l.substring(3));
            }
        }
        if (sync == null || summary == null) {
            throw new IllegalStateException("wrk printed no summary (see " + WRK_OUT + ")");
        }
        long requests = summary[1];
        long socketErrors = summary[3] + summary[4] + summary[5] + summary[7];
        long bad = ops.values().stream().mapToLong(v -> v[1]).sum();
        JsonNode after = verify(api, regulator, "after the run");
        long grown = after.path("eventsChecked").asLong() - before.path("eventsChecked").asLong();
        // every drum, through its manifest's trail: events per label
        Map<String, Integer> events = new java.util.HashMap<>();
        Set<String> manifestNumbers = new LinkedHashSet<>();
        collected.forEach(d -> manifestNumbers.add(d.manifestNumber()));
        handheldDrums.values().forEach(ds -> ds.forEach(d -> manifestNumbers.add(d.manifestNumber())));
        for (String number : manifestNumbers) {
            api.get(regulator, "/api/manifests/" + number + "/trail").forEach(e -> events.merge(e.path("labelId").asText(), 1, Integer::sum));
        }
        List<String> drumProblems = new ArrayList<>();
        events.forEach((label, n) -> {
            if (n > 1) {
                drumProblems.add(label + " has " + n + " events");
            }
        });
        collected.stream().filter(d -> events.getOrDefault(d.labelId(), 0) != 1).forEach(d -> drumProblems.add(d.labelId() + " (setup) has no event"));
        long unacknowledged = 0;
        for (var e : handheldDrums.entrySet()) {
            int[] pr = progress.get(e.getKey());
            if (pr == null) {
                drumProblems.add("handheld thread " + e.getKey() + " reported no progress");
                continue;
            }
            List<Drum> ds = e.getValue();
            for (int i = 0; i < ds.size(); i++) {
                int n = events.getOrDefault(ds.get(i).labelId(), 0);
                if (i < pr[0] && n != 1) {
                    drumProblems.add(ds.get(i).labelId() + " was acknowledged APPLIED but has " + n + " events");
                } else if (i >= pr[1] && n != 0) {
                    drumProblems.add(ds.get(i).labelId() + " was never sent but has " + n + " events");
                } else if (i >= pr[0] && i < pr[1]) {
                    unacknowledged += n; // in flight when wrk stopped: applied or not, nobody was told
                }
            }
        }

        say("---- result: %d requests in %.0f s = %.0f requests/s; %d MB received", requests, summary[0] / 1e6, requests / (summary[0] / 1e6),
                summary[2] / 1_000_000);
        ops.forEach((op, v) -> say("  %-17s %8d ok %4d bad", op, v[0], v[1]));
        say("  synced events %d, answered APPLIED %d (%.1f events/s); custody log grew by %d (%d of them from syncs cut off by the end"
                        + " of the run); handheld threads out of drums %d times", sync[0], sync[1], sync[1] / (summary[0] / 1e6), grown,
                unacknowledged, sync[2]);
        out.stream().filter(l -> l.startsWith("HC latency")).forEach(l -> say("  %s", l.substring(3).replace("latency ", "latency p") + " µs"));
        say("  socket errors: connect %d, read %d, write %d, timeout %d; non-2xx/3xx answers (wrk) %d", summary[3], summary[4], summary[5],
                summary[7], summary[6]);
        long firstThird = mean(rss.subList(0, rss.size() / 3));
        long lastThird = mean(rss.subList(2 * rss.size() / 3, rss.size()));
        long peak = kb(service.pid(), "VmHWM:");
        say("  service RSS: first third of the run %d MiB, last third %d MiB, peak %d MiB; old generation: first third %d MiB,"
                        + " last third %d MiB; heap in use after a full GC: %d MiB before the run, %d MiB after it; audit intact: %d events,"
                        + " %d chains", firstThird / 1024, lastThird / 1024, peak / 1024,
                mean(live.subList(0, live.size() / 3)) >> 20, mean(live.subList(2 * live.size() / 3, live.size())) >> 20,
                heapBefore >> 20, heapAfter >> 20, after.path("eventsChecked").asLong(), after.path("chainsChecked").asLong());
        problems.forEach(pr -> say("  %s", pr));

        List<String> failures = new ArrayList<>();
        if (socketErrors > 0) {
            failures.add(socketErrors + " socket errors or timeouts");
        }
        if (bad > 0 || summary[6] > 0) {
            failures.add(bad + " unexpected answers");
        }
        if (sync[1] != sync[0]) {
            failures.add("synced " + sync[0] + " events, only " + sync[1] + " answered APPLIED");
        }
        if (grown != sync[1] + unacknowledged) {
            failures.add("the custody log grew by " + grown + ", the handhelds were told " + sync[1] + " events were applied and "
                    + unacknowledged + " more were in flight at the end");
        }
        failures.addAll(drumProblems.stream().limit(20).toList());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load run failed: " + String.join("; ", failures));
        }
        say("load run passed: no error, every synced event applied exactly once, chains intact");
    }

    private static List<Drum> issue(HttpJson api, String collector, List<Long> generators, int n, int[] manifests) throws Exception {
        List<Drum> drums = new ArrayList<>(n);
        while (drums.size() < n) {
            drums.addAll(HandheldClient.issueDrums(api, collector, generators.get(manifests[0]++ % generators.size()),
                    Math.min(HandheldClient.MAX_PER_MANIFEST, n - drums.size())));
        }
        return drums;
    }

    private static String shiftToken(HttpJson api, String serial, String username, String password) throws Exception {
        ObjectNode body = HttpJson.JSON.createObjectNode().put("deviceSerial", serial).put("username", username).put("password", password);
        return api.post(null, "/api/mobile/v1/sessions", body, 201).path("access_token").asText();
    }

    private static JsonNode verify(HttpJson api, String regulator, String when) throws Exception {
        JsonNode report = api.get(regulator, "/api/audit/verify");
        if (!report.path("intact").asBoolean(false)) {
            throw new IllegalStateException("audit verify " + when + ": " + report);
        }
        return report;
    }

    /** The sum of the service's Prometheus series whose lines match, 0 when none does (read on the management port). */
    private static long metric(HttpJson management, java.util.function.Predicate<String> series) {
        try {
            var res = management.send(null, "GET", "/q/metrics", null, Duration.ofSeconds(10));
            return res.body().lines().filter(series).mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Heap in use (all pools) right after a full collection of the service ({@code jcmd <pid> GC.run}). */
    private static long heapAfterFullGc(PackagedService service, HttpJson api) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, Long.toString(service.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        return metric(service.management(), l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""));
    }

    private static long kb(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith(field))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static long mean(List<Long> values) {
        return values.isEmpty() ? 0 : values.stream().mapToLong(Long::longValue).sum() / values.size();
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(tool + " is not installed: apt-get install -y " + tool);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void say(String format, Object... args) {
        System.out.println("[load-run] " + String.format(format, args));
    }
}
