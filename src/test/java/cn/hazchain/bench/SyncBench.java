/*
 * Handheld sync throughput (issue #5), end to end over HTTP against the packaged service. Not a test: run it by
 * hand on a quiet machine. It starts the packaged service itself, so build the jar first:
 *
 *   ./mvnw -B -q package -DskipTests
 *   ./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.SyncBench -Dexec.classpathScope=test
 *
 * Arguments (optional, in order): batches of 100, batches of 500, warm-up batches of 100, warm-up batches of 500
 * (defaults 5 4 2 1), e.g. -Dexec.args="5 4 2 1".
 */
package cn.hazchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts {@code target/quarkus-app/quarkus-run.jar} as a child process on a fresh data directory (embedded
 * PostgreSQL, fsync on, Jiangyin demo data) and a free port; enrols a handheld, signs in the demo driver, issues
 * every container the run needs (not measured); then, after a warm-up, times {@code POST /api/mobile/v1/sync} of
 * fresh COLLECT events in batches of 100 and of 500, and the resend of already-synced 500 batches (all
 * DUPLICATE). Every answer is checked event by event; anything but APPLIED (DUPLICATE for a resend) stops the run.
 * Prints events/s and ms per batch (median, max) and the service's RSS at the end.
 */
public final class SyncBench {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path SERVICE_LOG = Path.of("target", "sync-bench-service.log");
    private static final String WASTE_CODE = "900-249-08"; // 废矿物油 HW08: on the demo collector's licence
    private static final int PER_MANIFEST = 200; // most containers on one manifest
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    private SyncBench(int port) {
        this.base = "http://localhost:" + port;
    }

    /** One timed sync call. */
    private record Batch(int events, long nanos) {
        double ms() {
            return nanos / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int batches100 = arg(args, 0, 5);
        int batches500 = arg(args, 1, 4);
        int warmup100 = arg(args, 2, 2);
        int warmup500 = arg(args, 3, 1);
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build it first with ./mvnw -B -q package -DskipTests");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dataDir = Files.createTempDirectory("hazchain-sync-bench");
        Files.createDirectories(SERVICE_LOG.getParent());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(javaBin, "-Dhazchain.data-dir=" + dataDir, "-Dquarkus.http.port=" + port,
                "-Dhazchain.log-json=false", "-jar", JAR.toString());
        System.out.printf("Java %s, %d CPUs, load average %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf("starting %s (log: %s)%n", String.join(" ", command), SERVICE_LOG);
        long startedAt = System.nanoTime();
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(SERVICE_LOG.toFile()).start();
        boolean ok = false;
        try {
            SyncBench bench = new SyncBench(port);
            bench.awaitReady(service);
            System.out.printf("service pid %d ready on port %d in %.1f s (data in %s)%n",
                    service.pid(), port, (System.nanoTime() - startedAt) / 1e9, dataDir);
            bench.run(service, batches100, batches500, warmup100, warmup500);
            ok = true;
        } finally {
            stop(service);
            deleteTree(dataDir);
            if (!ok) {
                System.err.println("---- last lines of " + SERVICE_LOG + " ----");
                tail(SERVICE_LOG, 40).forEach(System.err::println);
            }
        }
    }

    private void run(Process service, int batches100, int batches500, int warmup100, int warmup500) throws Exception {
        // ---- setup (not measured) ----------------------------------------------------------------------------
        long setupStart = System.nanoTime();
        String admin = token("admin");
        String collector = token("collector");
        long collectorParty = get(collector, "/api/auth/me").path("partyId").asLong();
        JsonNode vehicles = get(collector, "/api/vehicles?ownerPartyId=" + collectorParty).path("items");
        Long vehicle = vehicles.size() > 0 ? vehicles.get(0).path("id").asLong() : null;
        String serial = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ObjectNode enrol = JSON.createObjectNode().put("serial", serial).put("ownerPartyId", collectorParty).put("model", "SyncBench");
        post(admin, "/api/devices", enrol, 201);
        ObjectNode signIn = JSON.createObjectNode().put("deviceSerial", serial).put("username", "driver").put("password", "demo-driver");
        String shift = post(null, "/api/mobile/v1/sessions", signIn, 201).path("access_token").asText();

        List<Long> generators = new ArrayList<>();
        get(admin, "/api/parties?kind=GENERATOR&size=200").path("items").forEach(p -> generators.add(p.path("id").asLong()));
        if (generators.isEmpty()) {
            throw new IllegalStateException("the demo data set has no generators");
        }
        int needed = (warmup100 + batches100) * 100 + (warmup500 + batches500) * 500;
        List<String[]> containers = new ArrayList<>(needed); // {labelId, manifestNumber}
        for (int m = 0; containers.size() < needed; m++) {
            int n = Math.min(PER_MANIFEST, needed - containers.size());
            String number = issue(collector, generators.get(m % generators.size()), n);
            get(collector, "/api/manifests/" + number).path("lines").forEach(line -> line.path("containers")
                    .forEach(c -> containers.add(new String[] {c.path("labelId").asText(), number})));
        }
        if (containers.size() != needed) {
            throw new IllegalStateException("issued " + containers.size() + " containers, expected " + needed);
        }
        System.out.printf("setup: device %s, driver shift, %d containers on %d manifests issued in %.1f s (not measured)%n",
                serial, needed, (needed + PER_MANIFEST - 1) / PER_MANIFEST, (System.nanoTime() - setupStart) / 1e9);

        // ---- measurement -------------------------------------------------------------------------------------
        int[] next = {0};
        Sender fresh = size -> {
            List<String[]> slice = containers.subList(next[0], next[0] + size);
            next[0] += size;
            return sync(shift, events(slice, vehicle), "APPLIED");
        };
        for (int i = 0; i < warmup100; i++) {
            fresh.send(100);
        }
        for (int i = 0; i < warmup500; i++) {
            fresh.send(500);
        }
        System.out.printf("warm-up: %d x 100 + %d x 500 fresh events synced%n", warmup100, warmup500);

        List<Batch> of100 = new ArrayList<>();
        for (int i = 0; i < batches100; i++) {
            of100.add(fresh.send(100).batch);
        }
        List<Batch> of500 = new ArrayList<>();
        List<byte[]> sent500 = new ArrayList<>();
        for (int i = 0; i < batches500; i++) {
            Sent s = fresh.send(500);
            of500.add(s.batch);
            sent500.add(s.body);
        }
        List<Batch> resent = new ArrayList<>();
        for (byte[] body : sent500) {
            resent.add(sync(shift, body, "DUPLICATE").batch);
        }

        System.out.printf("%n%-34s %7s %7s %9s %12s %9s %12s%n", "case", "batches", "events", "events/s",
                "ms/batch med", "max", "ms/event med");
        report("fresh COLLECT, 100 per batch", of100);
        report("fresh COLLECT, 500 per batch", of500);
        report("resend of a 500 batch (DUPLICATE)", resent);
        System.out.printf("%nservice JVM (pid %d): %s; load average %s%n", service.pid(), rss(service.pid()), loadAverage());
    }

    @FunctionalInterface
    private interface Sender {
        Sent send(int size) throws Exception;
    }

    private record Sent(Batch batch, byte[] body) {
    }

    /** Opens a pickup manifest of {@code n} drums of waste oil and returns its number. */
    private String issue(String collector, long generator, int n) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("requestId", UUID.randomUUID().toString()).put("generatorPartyId", generator)
                .put("emergencyMeasures", "泄漏时用沙土吸附，远离火源");
        ObjectNode line = body.putArray("lines").addObject().put("wasteCode", WASTE_CODE).put("physicalForm", "LIQUID")
                .put("mainComponents", "废机油、液压油");
        ArrayNode drums = line.putArray("containers");
        for (int i = 0; i < n; i++) {
            drums.addObject().put("type", "DRUM").put("volumeLitres", 200).put("estimatedWeightKg", 150);
        }
        return post(collector, "/api/manifests", body, 201).path("number").asText();
    }

    /** The sync request body for one COLLECT per container, dated now, a millisecond apart, as a handheld records them. */
    private static byte[] events(List<String[]> slice, Long vehicle) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        Instant t = Instant.now().minusSeconds(1);
        for (int i = 0; i < slice.size(); i++) {
            ObjectNode e = events.addObject().put("clientEventId", UUID.randomUUID().toString()).put("type", "COLLECT")
                    .put("labelId", slice.get(i)[0]).put("clientTime", t.plusMillis(i).toString())
                    .put("latitude", 31.905 + i * 1e-5).put("longitude", 120.271).put("weightKg", 148.5 + i % 4)
                    .put("manifestNumber", slice.get(i)[1]);
            if (vehicle != null) {
                e.put("vehicleId", vehicle);
            }
        }
        return JSON.writeValueAsBytes(body);
    }

    /** Sends one prepared batch, timing only the HTTP exchange, then checks every event got {@code expected}. */
    private Sent sync(String shift, byte[] body, String expected) throws Exception {
        JsonNode request = JSON.readTree(body);
        int n = request.path("events").size();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/mobile/v1/sync")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + shift)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - t0;
        String text = new String(res.body(), StandardCharsets.UTF_8);
        if (res.statusCode() != 200) {
            throw new IllegalStateException("sync of " + n + " events answered " + res.statusCode() + ": " + clip(text));
        }
        JsonNode answer = JSON.readTree(text);
        JsonNode results = answer.path("results");
        if (answer.path("received").asInt() != n || results.size() != n) {
            throw new IllegalStateException("sync of " + n + " events: received " + answer.path("received") + ", "
                    + results.size() + " results: " + clip(text));
        }
        List<String> wrong = new ArrayList<>();
        int flagged = 0;
        for (int i = 0; i < n; i++) {
            JsonNode r = results.get(i);
            boolean right = r.path("index").asInt() == i
                    && r.path("clientEventId").asText().equals(request.path("events").get(i).path("clientEventId").asText())
                    && expected.equals(r.path("result").asText())
                    && ("APPLIED".equals(expected) || "APPLIED".equals(r.path("original").asText()));
            if (!right) {
                wrong.add(r.toString());
            }
            if (r.has("clockFlags")) {
                flagged++;
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(wrong.size() + " of " + n + " events did not come back " + expected
                    + " (counts " + answer.path("counts") + "); first: " + wrong.subList(0, Math.min(3, wrong.size())));
        }
        if (flagged > 0) {
            System.out.printf("note: %d of %d events came back with clock flags%n", flagged, n);
        }
        return new Sent(new Batch(n, nanos), body);
    }

    private static void report(String what, List<Batch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        long events = batches.stream().mapToLong(Batch::events).sum();
        double seconds = batches.stream().mapToLong(Batch::nanos).sum() / 1e9;
        List<Double> ms = batches.stream().map(Batch::ms).sorted().toList();
        List<Double> perEvent = batches.stream().map(b -> b.ms() / b.events()).sorted().toList();
        System.out.printf("%-34s %7d %7d %9.0f %12.0f %9.0f %12.2f%n", what, batches.size(), events, events / seconds,
                median(ms), ms.get(ms.size() - 1), median(perEvent));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---- HTTP helpers ------------------------------------------------------------------------------------------

    private String token(String username) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", "demo-" + username);
        return post(null, "/api/auth/token", body, 200).path("access_token").asText();
    }

    private JsonNode get(String token, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1)).GET();
        return exchange(b, token, 200, "GET " + path);
    }

    private JsonNode post(String token, String path, JsonNode body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        return exchange(b, token, status, "POST " + path);
    }

    private JsonNode exchange(HttpRequest.Builder b, String token, int status, String what) throws Exception {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + res.statusCode() + " (expected " + status + "): " + clip(res.body()));
        }
        return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }

    // ---- the child process -------------------------------------------------------------------------------------

    private void awaitReady(Process service) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with code " + service.exitValue() + " before it was ready");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                // not listening yet
            } catch (IOException e) {
                // connection reset while starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Stops the service (SIGTERM: Quarkus shuts down and stops its embedded PostgreSQL), waits for it and for every
     * process it started, and only then lets the data directory go.
     */
    private static void stop(Process service) throws InterruptedException {
        List<ProcessHandle> children = service.descendants().toList();
        service.destroy();
        if (!service.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("the service did not stop within 60 s after SIGTERM: killing it");
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (!waitFor(child, 30)) {
                System.err.println("process " + child.pid() + " (" + child.info().command().orElse("?") + ") outlived the service: stopping it");
                child.destroy();
                if (!waitFor(child, 30)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static boolean waitFor(ProcessHandle p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !p.isAlive();
    }

    /** VmRSS and VmHWM (peak) of a process, from /proc. */
    private static String rss(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
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

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- small helpers -----------------------------------------------------------------------------------------

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static String clip(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
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
