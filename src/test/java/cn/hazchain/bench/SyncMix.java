package cn.hazchain.bench;

import static cn.hazchain.support.HttpJson.JSON;

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Answer;
import cn.hazchain.support.HandheldClient.Batch;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Figure (b) with the work of a whole chain at once: four handhelds sync at the same time, each its own kind of
 * scan, as a collector's day has them: a driver collecting at generators, a keeper storing what came in, a driver
 * loading a transfer at the storage point, a receiver weighing in what arrived. Before the timed part, drums are
 * brought (untimed, through the same API) to the state each scan needs; a transfer per batch declares the drums
 * to load and receive. Every answer must be APPLIED with the state the scan leads to.
 */
final class SyncMix {

    record Result(double eventsPerSecond, int events, double seconds, Latencies requests, double jvmCpuMsPerEvent, double dbCpuMsPerEvent) {
    }

    private enum Kind { COLLECT, STORE, LOAD, RECEIVE }

    private final HttpJson api;
    private final PackagedService service;
    private final String operator;
    private final long storagePoint;
    private final long receiver;
    private final Long vehicle;
    private final HandheldClient collector;
    private final HandheldClient keeper;
    private final HandheldClient loader;
    private final HandheldClient receiving;
    private final HandheldClient prepDriver;
    private final String admin;
    private final String run;

    SyncMix(PackagedService service) throws Exception {
        this.service = service;
        this.api = service.api();
        String admin = api.demoToken("admin");
        this.admin = admin;
        this.operator = api.demoToken("collector");
        long collectorParty = api.get(operator, "/api/auth/me").path("partyId").asLong();
        this.storagePoint = api.get(api.demoToken("keeper"), "/api/auth/me").path("partyId").asLong();
        this.receiver = api.get(api.demoToken("receiver"), "/api/auth/me").path("partyId").asLong();
        JsonNode vehicles = api.get(operator, "/api/vehicles?ownerPartyId=" + collectorParty).path("items");
        this.vehicle = vehicles.size() > 0 ? vehicles.get(0).path("id").asLong() : null;
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        this.run = run;
        this.collector = handheld(admin, run, collectorParty, "mixcol", "DRIVER");
        this.keeper = handheld(admin, run, storagePoint, "mixkpr", "STORAGE_KEEPER");
        this.loader = handheld(admin, run, collectorParty, "mixldr", "DRIVER");
        this.receiving = handheld(admin, run, receiver, "mixrcv", "RECEIVER_OPERATOR");
        this.prepDriver = handheld(admin, run, collectorParty, "mixprep", "DRIVER");
    }

    private HandheldClient handheld(String admin, String run, long party, String who, String role) throws Exception {
        String username = "bench-" + run.toLowerCase() + "-" + who;
        String password = "scale-bench-" + username;
        ObjectNode user = JSON.createObjectNode().put("username", username).put("displayName", "混合 " + who).put("password", password)
                .put("partyId", party);
        user.putArray("roles").add(role);
        api.post(admin, "/api/users", user, 201);
        String serial = HandheldClient.enrol(api, admin, party, "MIX-" + run + "-" + who.toUpperCase(), "ScaleBench mix");
        return HandheldClient.signIn(api, serial, username, password);
    }

    /** Drums the mix needs from the pool: four kinds of scan, {@code batchesEach + 1} batches each (one warm-up). */
    static int drumsNeeded(int batch, int batchesEach) {
        return 4 * batch * (batchesEach + 1);
    }

    Result run(int batch, int batchesEach, ConcurrentLinkedQueue<Drum> pool) throws Exception {
        List<List<Batch>> queues = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Batch> queue = new ArrayList<>();
            for (int b = 0; b <= batchesEach; b++) {
                List<Drum> drums = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    drums.add(java.util.Objects.requireNonNull(pool.poll(), "not enough drums issued for the mix"));
                }
                queue.add(prepare(kind, drums));
            }
            queues.add(queue);
        }
        List<HandheldClient> devices = List.of(collector, keeper, loader, receiving);
        List<String> states = List.of("COLLECTED", "IN_STORAGE", "IN_TRANSIT", "RECEIVED");
        runConcurrently(4, k -> send(devices.get(k), queues.get(k).get(0), states.get(k), null)); // warm-up, not timed
        Latencies requests = new Latencies();
        long jvm0 = service.cpuMillis();
        long db0 = service.databaseCpuMillis();
        long t0 = System.nanoTime();
        runConcurrently(4, k -> {
            for (int b = 1; b <= batchesEach; b++) {
                send(devices.get(k), queues.get(k).get(b), states.get(k), requests);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        int events = 4 * batch * batchesEach;
        long jvm = service.cpuMillis() - jvm0;
        long db = service.databaseCpuMillis() - db0;
        return new Result(events / seconds, events, seconds, requests, jvm0 < 0 ? -1 : (double) jvm / events, db0 < 0 ? -1 : (double) db / events);
    }

    /** Drums {@link #oneContainer} needs from the pool. */
    static final int ONE_CONTAINER_DRUMS = 5;

    record OneContainer(double aloneMs, double parallelMaxMs, int parallel) {
    }

    /**
     * Issue #19, finding 6: a batch of 500 COLLECT events of one container (one can apply, the other 499 cannot),
     * sent by one handheld alone, then by four handhelds at once, each on its own container. Every answer must be 1
     * APPLIED and 499 CONFLICT.
     */
    OneContainer oneContainer(ConcurrentLinkedQueue<Drum> pool) throws Exception {
        List<HandheldClient> drivers = List.of(collector, loader, prepDriver, handheld(admin, run, api.get(operator, "/api/auth/me")
                .path("partyId").asLong(), "mixone", "DRIVER"));
        List<Batch> batches = new ArrayList<>();
        for (int k = 0; k < ONE_CONTAINER_DRUMS; k++) {
            Drum d = java.util.Objects.requireNonNull(pool.poll(), "not enough drums issued for the one-container case");
            batches.add(HandheldClient.collect(Collections.nCopies(500, d), vehicle));
        }
        long alone = sendOne(drivers.get(0), batches.get(0));
        long[] parallel = new long[drivers.size()];
        runConcurrently(drivers.size(), k -> parallel[k] = sendOne(drivers.get(k), batches.get(k + 1)));
        return new OneContainer(alone / 1e6, java.util.Arrays.stream(parallel).max().orElse(0) / 1e6, drivers.size());
    }

    private static long sendOne(HandheldClient device, Batch batch) throws Exception {
        Answer answer = device.sync(batch);
        JsonNode counts = answer.json().path("counts");
        if (counts.path("applied").asInt() != 1 || counts.path("conflict").asInt() != batch.size() - 1) {
            throw new IllegalStateException("one container: expected 1 applied and " + (batch.size() - 1) + " conflicts, got " + counts);
        }
        return answer.nanos();
    }

    /** Brings the drums to the state the scan needs (untimed) and answers the batch of that scan. */
    private Batch prepare(Kind kind, List<Drum> drums) throws Exception {
        if (kind == Kind.COLLECT) {
            return HandheldClient.collect(drums, vehicle);
        }
        expect(prepDriver, HandheldClient.collect(drums, vehicle), "COLLECTED");
        if (kind == Kind.STORE) {
            return batch(drums, d -> scan("STORE", d).put("storagePointId", storagePoint).put("weightKg", 149.5));
        }
        ObjectNode declare = JSON.createObjectNode().put("commandId", UUID.randomUUID().toString()).put("originPartyId", storagePoint)
                .put("receiverPartyId", receiver).put("vehicleId", vehicle);
        ArrayNode labels = declare.putArray("labelIds");
        drums.forEach(d -> labels.add(d.labelId()));
        expect(keeper, batch(drums, d -> scan("STORE", d).put("storagePointId", storagePoint).put("weightKg", 149.5)),
                "IN_STORAGE");
        String transfer = api.post(operator, "/api/transfers", declare, 201).path("number").asText();
        if (kind == Kind.LOAD) {
            return batch(drums, d -> scan("LOAD", d).put("transferNumber", transfer));
        }
        expect(loader, batch(drums, d -> scan("LOAD", d).put("transferNumber", transfer)), "IN_TRANSIT");
        return batch(drums, d -> scan("RECEIVE", d).put("transferNumber", transfer).put("weightKg", 149.0).put("acceptance", "ACCEPTED"));
    }

    private static ObjectNode scan(String type, Drum d) {
        return JSON.createObjectNode().put("clientEventId", UUID.randomUUID().toString()).put("type", type).put("labelId", d.labelId())
                .put("latitude", 31.94).put("longitude", 120.17);
    }

    private static Batch batch(List<Drum> drums, Function<Drum, ObjectNode> event) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        List<UUID> ids = new ArrayList<>();
        Instant t = Instant.now();
        for (int i = 0; i < drums.size(); i++) {
            ObjectNode e = event.apply(drums.get(i)).put("clientTime", t.plusMillis(i).toString());
            ids.add(UUID.fromString(e.path("clientEventId").asText()));
            events.add(e);
        }
        return new Batch(List.copyOf(drums), List.copyOf(ids), JSON.writeValueAsBytes(body));
    }

    private void expect(HandheldClient device, Batch batch, String state) throws Exception {
        send(device, batch, state, null);
    }

    /** Sends one batch; every event must be APPLIED, leaving its container in {@code state}. */
    private static void send(HandheldClient device, Batch batch, String state, Latencies timing) throws Exception {
        Answer answer = device.sync(batch);
        for (int i = 0; i < batch.size(); i++) {
            JsonNode r = answer.result(i);
            if (!"APPLIED".equals(r.path("result").asText()) || !state.equals(r.path("state").asText())) {
                throw new IllegalStateException("mix: event " + i + " from " + device.serial() + " answered " + r + " (counts "
                        + answer.json().path("counts") + ")");
            }
        }
        if (timing != null) {
            timing.add(answer.nanos());
        }
    }

    @FunctionalInterface
    private interface PerDevice {
        void run(int k) throws Exception;
    }

    private static void runConcurrently(int n, PerDevice work) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; k < n; k++) {
            int index = k;
            Thread t = new Thread(() -> {
                try {
                    work.run(index);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "mix-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a handheld of the mix failed: " + errors.get(0), errors.get(0));
        }
    }
}
