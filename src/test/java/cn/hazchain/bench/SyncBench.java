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

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Batch;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts {@code target/quarkus-app/quarkus-run.jar} as a child process on a fresh data directory (embedded
 * PostgreSQL, fsync on, Jiangyin demo data) and a free port; enrols a handheld, signs in the demo driver, issues
 * every container the run needs (not measured); then, after a warm-up, times {@code POST /api/mobile/v1/sync} of
 * fresh COLLECT events in batches of 100 and of 500, and the resend of already-synced 500 batches (all
 * DUPLICATE). Every answer is checked event by event; anything but APPLIED (DUPLICATE for a resend) stops the run.
 * Prints events/s and ms per batch (median, max) and the service's RSS at the end.
 */
public final class SyncBench {

    private static final Path SERVICE_LOG = Path.of("target", "sync-bench-service.log");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final HttpJson api;

    private SyncBench(HttpJson api) {
        this.api = api;
    }

    /** One timed sync call. */
    private record Timed(int events, long nanos) {
        double ms() {
            return nanos / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int batches100 = arg(args, 0, 5);
        int batches500 = arg(args, 1, 4);
        int warmup100 = arg(args, 2, 2);
        int warmup500 = arg(args, 3, 1);
        try (PackagedService service = PackagedService.fresh("hazchain-sync-bench", SERVICE_LOG)) {
            System.out.printf("Java %s, %d CPUs, load average %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    PackagedService.loadAverage());
            System.out.printf("starting %s (log: %s)%n", String.join(" ", service.command()), SERVICE_LOG);
            long startedAt = System.nanoTime();
            boolean ok = false;
            try {
                service.start(READY_TIMEOUT);
                System.out.printf("service pid %d ready on port %d in %.1f s (data in %s)%n",
                        service.pid(), service.port(), (System.nanoTime() - startedAt) / 1e9, service.dataDir());
                new SyncBench(service.api()).run(service, batches100, batches500, warmup100, warmup500);
                ok = true;
            } finally {
                if (!ok) {
                    System.err.println("---- last lines of " + SERVICE_LOG + " ----");
                    service.tail(40).forEach(System.err::println);
                }
            }
        }
    }

    private void run(PackagedService service, int batches100, int batches500, int warmup100, int warmup500) throws Exception {
        // ---- setup (not measured) ----------------------------------------------------------------------------
        long setupStart = System.nanoTime();
        String admin = api.demoToken("admin");
        String collector = api.demoToken("collector");
        long collectorParty = api.get(collector, "/api/auth/me").path("partyId").asLong();
        JsonNode vehicles = api.get(collector, "/api/vehicles?ownerPartyId=" + collectorParty).path("items");
        Long vehicle = vehicles.size() > 0 ? vehicles.get(0).path("id").asLong() : null;
        String serial = HandheldClient.enrol(api, admin, collectorParty,
                "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "SyncBench");
        HandheldClient handheld = HandheldClient.signIn(api, serial, "driver", "demo-driver");

        List<Long> generators = new ArrayList<>();
        api.get(admin, "/api/parties?kind=GENERATOR&size=200").path("items").forEach(p -> generators.add(p.path("id").asLong()));
        if (generators.isEmpty()) {
            throw new IllegalStateException("the demo data set has no generators");
        }
        int needed = (warmup100 + batches100) * 100 + (warmup500 + batches500) * 500;
        List<Drum> containers = new ArrayList<>(needed);
        for (int m = 0; containers.size() < needed; m++) {
            int n = Math.min(HandheldClient.MAX_PER_MANIFEST, needed - containers.size());
            containers.addAll(HandheldClient.issueDrums(api, collector, generators.get(m % generators.size()), n));
        }
        System.out.printf("setup: device %s, driver shift, %d containers on %d manifests issued in %.1f s (not measured)%n",
                serial, needed, (needed + HandheldClient.MAX_PER_MANIFEST - 1) / HandheldClient.MAX_PER_MANIFEST,
                (System.nanoTime() - setupStart) / 1e9);

        // ---- measurement -------------------------------------------------------------------------------------
        int[] next = {0};
        Sender fresh = size -> {
            List<Drum> slice = containers.subList(next[0], next[0] + size);
            next[0] += size;
            return sync(handheld, HandheldClient.collect(slice, vehicle), "APPLIED");
        };
        for (int i = 0; i < warmup100; i++) {
            fresh.send(100);
        }
        for (int i = 0; i < warmup500; i++) {
            fresh.send(500);
        }
        System.out.printf("warm-up: %d x 100 + %d x 500 fresh events synced%n", warmup100, warmup500);

        List<Timed> of100 = new ArrayList<>();
        for (int i = 0; i < batches100; i++) {
            of100.add(fresh.send(100).timed);
        }
        List<Timed> of500 = new ArrayList<>();
        List<Batch> sent500 = new ArrayList<>();
        for (int i = 0; i < batches500; i++) {
            Sent s = fresh.send(500);
            of500.add(s.timed);
            sent500.add(s.batch);
        }
        List<Timed> resent = new ArrayList<>();
        for (Batch batch : sent500) {
            resent.add(sync(handheld, batch, "DUPLICATE").timed);
        }

        System.out.printf("%n%-34s %7s %7s %9s %12s %9s %12s%n", "case", "batches", "events", "events/s",
                "ms/batch med", "max", "ms/event med");
        report("fresh COLLECT, 100 per batch", of100);
        report("fresh COLLECT, 500 per batch", of500);
        report("resend of a 500 batch (DUPLICATE)", resent);
        System.out.printf("%nservice JVM (pid %d): %s; load average %s%n", service.pid(), service.rss(), PackagedService.loadAverage());
    }

    @FunctionalInterface
    private interface Sender {
        Sent send(int size) throws Exception;
    }

    private record Sent(Timed timed, Batch batch) {
    }

    /** Sends one prepared batch, timing only the HTTP exchange, then checks every event got {@code expected}. */
    private static Sent sync(HandheldClient handheld, Batch batch, String expected) throws Exception {
        HandheldClient.Answer answer = handheld.sync(batch);
        int n = batch.size();
        List<String> wrong = new ArrayList<>();
        int flagged = 0;
        for (int i = 0; i < n; i++) {
            JsonNode r = answer.result(i);
            boolean right = expected.equals(r.path("result").asText())
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
                    + " (counts " + answer.json().path("counts") + "); first: " + wrong.subList(0, Math.min(3, wrong.size())));
        }
        if (flagged > 0) {
            System.out.printf("note: %d of %d events came back with clock flags%n", flagged, n);
        }
        return new Sent(new Timed(n, answer.nanos()), batch);
    }

    private static void report(String what, List<Timed> batches) {
        if (batches.isEmpty()) {
            return;
        }
        long events = batches.stream().mapToLong(Timed::events).sum();
        double seconds = batches.stream().mapToLong(Timed::nanos).sum() / 1e9;
        List<Double> ms = batches.stream().map(Timed::ms).sorted().toList();
        List<Double> perEvent = batches.stream().map(b -> b.ms() / b.events()).sorted().toList();
        System.out.printf("%-34s %7d %7d %9.0f %12.0f %9.0f %12.2f%n", what, batches.size(), events, events / seconds,
                median(ms), ms.get(ms.size() - 1), median(perEvent));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
