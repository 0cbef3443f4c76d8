package cn.hazchain.bench;

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Answer;
import cn.hazchain.support.HandheldClient.Batch;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures (b) and (d) through the HTTP API of the packaged service, set up through the API only.
 *
 * <p>(d): the collector's operator opens pickup manifests of {@code perManifest} drums from {@code issuers}
 * concurrent clients, each POST answered 201 with every drum's label ID and signed QR URL; labels/s = drums over
 * the wall-clock time. The drums issued are the ones (b) then collects.
 *
 * <p>(b): per case (batch size, concurrent handhelds, batches per handheld), each handheld (its own enrolled device
 * and its own driver, with its own manifests, as on a real round) sends its batches back to back; events/s = all
 * events over the wall-clock time from the first request to the last answer. Every answer is checked event by
 * event (index, clientEventId, APPLIED); anything else stops the run. One warm-up batch per handheld precedes the
 * timed ones. After the cases: a resend of one batch per handheld answers DUPLICATE of APPLIED for every event,
 * and the database holds exactly one custody event per container collected.
 */
final class SyncLoad {

    /** One sync case. */
    record Case(int batch, int handhelds, int batchesEach, String why) {
        int events() {
            return batch * handhelds * batchesEach;
        }

        int drumsEach() {
            return batch * (batchesEach + 1); // + one warm-up batch
        }
    }

    /** A case's figures; CPU: milliseconds of the service JVM and of PostgreSQL per event while it ran (-1: unknown). */
    record CaseResult(Case c, double eventsPerSecond, double seconds, Latencies requests, double jvmCpuMsPerEvent, double dbCpuMsPerEvent) {
    }

    record IssueResult(double labelsPerSecond, double manifestsPerSecond, int labels, int manifests, double seconds, Latencies requests) {
    }

    private final HttpJson api;
    private final PackagedService service;
    private final String admin;
    private final String collector;
    private final long collectorParty;
    private final Long vehicle;
    private final List<Long> generators = new ArrayList<>();
    private final List<HandheldClient> handhelds = new ArrayList<>();
    private final List<String> manifests = Collections.synchronizedList(new ArrayList<>());
    private final List<Batch> sent = Collections.synchronizedList(new ArrayList<>());
    private int applied;

    SyncLoad(PackagedService service, int handheldCount) throws Exception {
        this.service = service;
        this.api = service.api();
        this.admin = api.demoToken("admin");
        this.collector = api.demoToken("collector");
        this.collectorParty = api.get(collector, "/api/auth/me").path("partyId").asLong();
        JsonNode vehicles = api.get(collector, "/api/vehicles?ownerPartyId=" + collectorParty).path("items");
        this.vehicle = vehicles.size() > 0 ? vehicles.get(0).path("id").asLong() : null;
        api.get(admin, "/api/parties?kind=GENERATOR&size=200").path("items").forEach(p -> generators.add(p.path("id").asLong()));
        if (generators.isEmpty()) {
            throw new IllegalStateException("the demo data set has no generators");
        }
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        for (int h = 0; h < handheldCount; h++) {
            String username = "bench-" + run.toLowerCase() + "-driver" + h;
            String password = "scale-bench-" + username;
            ObjectNode user = HttpJson.JSON.createObjectNode().put("username", username).put("displayName", "收运司机 " + h)
                    .put("password", password).put("partyId", collectorParty);
            user.putArray("roles").add("DRIVER");
            api.post(admin, "/api/users", user, 201);
            String serial = HandheldClient.enrol(api, admin, collectorParty, "BENCH-" + run + "-" + h, "ScaleBench");
            handhelds.add(HandheldClient.signIn(api, serial, username, password));
        }
    }

    /** (d): opens {@code manifestCount} manifests of {@code perManifest} drums from {@code issuers} clients. */
    IssueResult issue(int manifestCount, int perManifest, int issuers, ConcurrentLinkedQueue<Drum> into) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Latencies requests = new Latencies();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<List<Drum>> byManifest = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < issuers; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int m = next.getAndIncrement(); m < manifestCount && errors.isEmpty(); m = next.getAndIncrement()) {
                        long r0 = System.nanoTime();
                        List<Drum> drums = HandheldClient.openDrums(api, collector, generators.get(m % generators.size()), perManifest);
                        requests.add(System.nanoTime() - r0);
                        byManifest.add(drums);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "issuer-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!errors.isEmpty()) {
            throw new IllegalStateException("issuing failed: " + errors.get(0), errors.get(0));
        }
        // hand out whole manifests in the order they were opened: a handheld's batch spans a few pickups
        byManifest.sort(java.util.Comparator.comparing(d -> d.get(0).manifestNumber()));
        int labels = 0;
        for (List<Drum> drums : byManifest) {
            manifests.add(drums.get(0).manifestNumber());
            into.addAll(drums);
            labels += drums.size();
        }
        if (new java.util.HashSet<>(manifests).size() != manifests.size()) {
            throw new IllegalStateException("two manifests got the same number");
        }
        return new IssueResult(labels / seconds, manifestCount / seconds, labels, manifestCount, seconds, requests);
    }

    /**
     * (b): one case; takes its drums from {@code pool}, whole manifests per handheld (the rest of a handheld's last
     * manifest is left unused), so that no two handhelds collect from one pickup.
     */
    CaseResult run(Case c, ConcurrentLinkedQueue<Drum> pool) throws Exception {
        if (c.handhelds() > handhelds.size()) {
            throw new IllegalArgumentException("case needs " + c.handhelds() + " handhelds, " + handhelds.size() + " are enrolled");
        }
        List<List<Batch>> queues = new ArrayList<>();
        for (int h = 0; h < c.handhelds(); h++) {
            List<Batch> queue = new ArrayList<>();
            for (int b = 0; b <= c.batchesEach(); b++) {
                List<Drum> drums = new ArrayList<>(c.batch());
                for (int i = 0; i < c.batch(); i++) {
                    Drum d = pool.poll();
                    if (d == null) {
                        throw new IllegalStateException("not enough drums issued for " + c);
                    }
                    drums.add(d);
                }
                queue.add(HandheldClient.collect(drums, vehicle));
            }
            String last = queue.get(queue.size() - 1).drums().get(c.batch() - 1).manifestNumber();
            while (pool.peek() != null && pool.peek().manifestNumber().equals(last)) {
                pool.poll();
            }
            queues.add(queue);
        }
        // warm-up: one batch per handheld, all at once, not timed
        runConcurrently(c.handhelds(), h -> send(handhelds.get(h), queues.get(h).get(0), "APPLIED", null));
        Latencies requests = new Latencies();
        java.util.Map<String, Long> threads0 = service.threadCpuMillis();
        long jvm0 = service.cpuMillis();
        long db0 = service.databaseCpuMillis();
        long t0 = System.nanoTime();
        runConcurrently(c.handhelds(), h -> {
            for (int b = 1; b <= c.batchesEach(); b++) {
                send(handhelds.get(h), queues.get(h).get(b), "APPLIED", requests);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long jvm = service.cpuMillis() - jvm0;
        long db = service.databaseCpuMillis() - db0;
        if (Boolean.getBoolean("bench.threads")) {
            java.util.Map<String, Long> diff = new java.util.TreeMap<>();
            service.threadCpuMillis().forEach((k, v) -> diff.put(k, v - threads0.getOrDefault(k, 0L)));
            diff.entrySet().stream().filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(12).forEach(e -> System.out.printf("   service thread %-28s %6d ms CPU%n", e.getKey(), e.getValue()));
        }
        for (int h = 0; h < c.handhelds(); h++) {
            sent.add(queues.get(h).get(1));
        }
        return new CaseResult(c, c.events() / seconds, seconds, requests, jvm0 < 0 ? -1 : (double) jvm / c.events(),
                db0 < 0 ? -1 : (double) db / c.events());
    }

    /**
     * The self-checks after the cases: one batch per case and handheld sent again answers DUPLICATE of APPLIED for
     * every event; then, in the database, every container collected has exactly one collection, and the manifests
     * issued for the run have no collection beyond those applied.
     */
    String verify(String jdbcUrl) throws Exception {
        return verify(jdbcUrl, 0);
    }

    /** The same, where {@code collectedElsewhere} drums of the run's manifests were collected by another case (the mix). */
    String verify(String jdbcUrl, int collectedElsewhere) throws Exception {
        List<Batch> resend = new ArrayList<>(sent);
        for (int i = 0; i < resend.size(); i++) {
            send(handhelds.get(i % handhelds.size()), resend.get(i), "DUPLICATE", null);
        }
        try (Connection c = RawInserts.connect(jdbcUrl);
             PreparedStatement p = c.prepareStatement("SELECT count(*), count(DISTINCT e.container_id), count(DISTINCT e.command_id)"
                     + " FROM custody_event e JOIN manifest m ON m.id = e.manifest_id WHERE m.number = ANY(?)"
                     + " AND e.type = 'CONTAINER_COLLECTED'")) {
            p.setArray(1, c.createArrayOf("varchar", manifests.toArray()));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long events = rs.getLong(1);
                long containers = rs.getLong(2);
                long commands = rs.getLong(3);
                long expected = applied + collectedElsewhere;
                if (events != expected || containers != expected || commands != expected) {
                    throw new IllegalStateException("the database holds " + events + " collections on " + containers
                            + " containers with " + commands + " command ids for the run's manifests; " + applied + " events were answered APPLIED"
                            + (collectedElsewhere > 0 ? " and the mix collected " + collectedElsewhere : ""));
                }
            }
        }
        return resend.size() + " resent batches answered DUPLICATE of APPLIED event by event; " + applied
                + " events answered APPLIED" + (collectedElsewhere > 0 ? " (+ " + collectedElsewhere + " collected by the mix)" : "")
                + " = collections in the database, one per container";
    }

    @FunctionalInterface
    private interface PerHandheld {
        void run(int h) throws Exception;
    }

    private static void runConcurrently(int n, PerHandheld work) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int h = 0; h < n; h++) {
            int index = h;
            Thread t = new Thread(() -> {
                try {
                    work.run(index);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "handheld-" + h);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a handheld failed: " + errors.get(0), errors.get(0));
        }
    }

    /** Sends one batch and checks every event was answered {@code expected} (DUPLICATE: of an APPLIED). */
    private void send(HandheldClient handheld, Batch batch, String expected, Latencies timing) throws Exception {
        Answer answer = handheld.sync(batch); // checks status, count, index and clientEventId of every result
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode r = answer.result(i);
            boolean right = expected.equals(r.path("result").asText())
                    && ("APPLIED".equals(expected) ? r.path("eventSeq").asInt() >= 1 && "COLLECTED".equals(r.path("state").asText())
                    && batch.drums().get(i).labelId().equals(r.path("labelId").asText())
                    : "APPLIED".equals(r.path("original").asText()));
            if (!right) {
                wrong.add(r.toString());
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(wrong.size() + " of " + batch.size() + " events from " + handheld.serial() + " were not answered "
                    + expected + " (counts " + answer.json().path("counts") + "); first: " + wrong.subList(0, Math.min(3, wrong.size())));
        }
        if ("APPLIED".equals(expected)) {
            synchronized (this) {
                applied += batch.size();
            }
        }
        if (timing != null) {
            timing.add(answer.nanos());
        }
    }
}
