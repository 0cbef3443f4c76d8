package cn.hazchain.mobile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Answer;
import cn.hazchain.support.HandheldClient.Batch;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of handheld sync (issue #7), against the packaged service run as a child process, the way it runs
 * in production: several handhelds sync COLLECT batches back to back; the service is killed with SIGKILL while
 * every one of them has a request in flight; it is started again on the same data directory; each handheld
 * resends what it got no answer for (same clientEventIds) and one batch it did get an answer for. Then, through
 * the API only: every event answered APPLIED before the crash is in the custody log exactly once, with the
 * sequence number and server time it was answered with; every event sent is applied exactly once, whether it
 * committed before the kill (its resend answers DUPLICATE of APPLIED) or not (its resend answers APPLIED); no
 * container has a second event, no container left unsent has any; the whole log grew by exactly the events
 * applied; every hash chain and checkpoint verifies after each restart and after a new checkpoint.
 *
 * <p>Two crashes in a row: the first kills only the JVM (the embedded postmaster survives it and the next start
 * stops it); the second kills the JVM and every PostgreSQL process at once, as a power cut or an OOM kill of the
 * whole container would, so PostgreSQL must recover from its write-ahead log.
 *
 * <p>Not a @QuarkusTest: it needs {@code target/quarkus-app/quarkus-run.jar}, so it runs in {@code verify}
 * (maven-failsafe-plugin). Alone: {@code ./mvnw -B verify -Dit.test=CrashSafetyIT -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}. The service's log is {@code target/crash-safety-it-service.log}.
 */
class CrashSafetyIT {

    private static final Path SERVICE_LOG = Path.of("target", "crash-safety-it-service.log");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final int CLIENTS = 3;
    private static final int BATCH = 20;
    /** Events per sync transaction (hazchain.mobile.sync-chunk-events) in the service under test. */
    private static final int CHUNK = 5;
    /** Far more than two rounds of load send before their kills; the rest stay ISSUED (and are checked to). */
    private static final int BATCHES_PER_CLIENT = 14;
    /** The kill comes no sooner than this into a round's load… */
    private static final Duration MIN_LOAD = Duration.ofSeconds(1);
    /** …and once every handheld has had this many batches answered in the round. */
    private static final int MIN_ANSWERED_BATCHES = 2;
    /** The load of a round gives up (the test fails) if the kill's conditions are not met by then. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(90);

    enum Crash {
        JVM("SIGKILL of the service's JVM (its PostgreSQL keeps running; the next start stops it)"),
        JVM_AND_DATABASE("SIGKILL of the JVM and of every PostgreSQL process (PostgreSQL recovers from its WAL)");

        final String what;

        Crash(String what) {
            this.what = what;
        }
    }

    /** What the service answered for an applied event: the first answer, APPLIED, as recorded in the log. */
    record Applied(String labelId, String serial, int eventSeq, Instant serverTime, int version, String how) {
    }

    /** One handheld of the load: its queue of prepared batches and what became of them. */
    static final class Client {
        final HandheldClient handheld;
        final List<Batch> queue;
        int next; // the first batch never sent
        final List<Batch> answered = Collections.synchronizedList(new ArrayList<>());
        final List<Batch> unanswered = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger answeredThisRound = new AtomicInteger();
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        volatile long inFlightSince; // System.nanoTime() when the current request left; 0 when none is in flight
        volatile Throwable cutOff; // the transport failure that ended the round's load (the kill)
        volatile Throwable error; // anything else: fails the test
        volatile boolean exhausted;
        volatile Batch lastAnswered; // the last batch answered before the round's kill

        Client(HandheldClient handheld, List<Batch> queue) {
            this.handheld = handheld;
            this.queue = queue;
        }
    }

    /** Figures of one crash, printed at the end. */
    static final class Round {
        final Crash crash;
        int answeredBatches;
        int answeredEvents;
        int inFlightBatches;
        int inFlightEvents;
        int committedUnanswered; // in flight, committed before the kill: the resend answers DUPLICATE of APPLIED
        int appliedOnResend; // in flight, not committed: the resend applies them
        int retries;
        int duplicatesOfAnswered;
        double killAfterSeconds;
        String inFlightAges = "";
        int exitCode;
        String database = "";
        double restartSeconds;
        JsonNode verifyAfterRestart;

        Round(Crash crash) {
            this.crash = crash;
        }

        int number() {
            return crash.ordinal() + 1;
        }
    }

    private final Map<UUID, Applied> ledger = new ConcurrentHashMap<>();
    private final Map<UUID, String> sentBy = new ConcurrentHashMap<>(); // every event ever sent → device serial
    private long baselineEvents; // custody events in the log before the test's first sync

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce_andTheAuditLogStaysIntact() throws Exception {
        long t0 = System.nanoTime();
        // PostgreSQL's own messages (shutdown, crash recovery) go to the service's log through zonky's logger. Sync
        // commits in chunks (100 events by default): chunks of 5 make every batch of 20 commit four times, so a kill
        // lands between the commits of a batch and both sides of it (committed but unanswered, not committed) occur.
        List<String> jvmArgs = List.of("-Dquarkus.log.category.\"io.zonky\".level=INFO", "-Dhazchain.mobile.sync-chunk-events=" + CHUNK);
        try (PackagedService service = PackagedService.fresh("hazchain-crash-it", SERVICE_LOG, jvmArgs)) {
            boolean ok = false;
            try {
                run(service, t0);
                ok = true;
            } finally {
                if (!ok) {
                    System.err.println("---- last lines of " + SERVICE_LOG + " ----");
                    service.tail(60).forEach(System.err::println);
                }
            }
        }
        System.out.printf("[crash-safety] done in %.0f s; no process left, data directory deleted%n", seconds(t0));
    }

    private void run(PackagedService service, long t0) throws Exception {
        say("Java %s, %d CPUs, load average %s; starting %s", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                PackagedService.loadAverage(), String.join(" ", service.command()));
        service.start(READY_TIMEOUT);
        say("service pid %d ready on port %d after %.0f s (data in %s)", service.pid(), service.port(), seconds(t0), service.dataDir());
        HttpJson api = service.api();

        // ---- setup: drivers, handhelds, drums --------------------------------------------------------------------
        String admin = api.demoToken("admin");
        String collector = api.demoToken("collector");
        String regulator = api.demoToken("regulator");
        long collectorParty = api.get(collector, "/api/auth/me").path("partyId").asLong();
        JsonNode vehicles = api.get(collector, "/api/vehicles?ownerPartyId=" + collectorParty).path("items");
        Long vehicle = vehicles.size() > 0 ? vehicles.get(0).path("id").asLong() : null;
        List<Long> generators = new ArrayList<>();
        api.get(admin, "/api/parties?kind=GENERATOR&size=200").path("items").forEach(p -> generators.add(p.path("id").asLong()));
        assertFalse(generators.isEmpty(), "the demo data set has generators");

        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Client> clients = new ArrayList<>();
        Set<String> manifests = new LinkedHashSet<>();
        int m = 0;
        for (int c = 1; c <= CLIENTS; c++) {
            String username = "driver";
            String password = "demo-driver";
            if (c > 1) { // more drivers of the demo collector, one per handheld
                username = "crash-" + run + "-driver" + c;
                password = "crash-safety-" + username;
                ObjectNode user = HttpJson.JSON.createObjectNode().put("username", username).put("displayName", "收运司机 " + c)
                        .put("password", password).put("partyId", collectorParty);
                user.putArray("roles").add("DRIVER");
                api.post(admin, "/api/users", user, 201);
            }
            String serial = HandheldClient.enrol(api, admin, collectorParty, ("CRASH-" + run + "-" + c).toUpperCase(), "CrashSafetyIT");
            HandheldClient handheld = HandheldClient.signIn(api, serial, username, password);
            List<Drum> drums = new ArrayList<>();
            while (drums.size() < BATCHES_PER_CLIENT * BATCH) {
                int n = Math.min(HandheldClient.MAX_PER_MANIFEST, BATCHES_PER_CLIENT * BATCH - drums.size());
                List<Drum> issued = HandheldClient.issueDrums(api, collector, generators.get(m++ % generators.size()), n);
                manifests.add(issued.get(0).manifestNumber());
                drums.addAll(issued);
            }
            List<Batch> queue = new ArrayList<>();
            for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                queue.add(HandheldClient.collect(drums.subList(b * BATCH, (b + 1) * BATCH), vehicle));
            }
            clients.add(new Client(handheld, queue));
        }
        say("setup: %d handhelds (drivers %s), %d drums on %d manifests, %d batches of %d COLLECT events queued per handheld; %.0f s",
                CLIENTS, clients.stream().map(c -> c.handheld.username()).toList(), CLIENTS * BATCHES_PER_CLIENT * BATCH, manifests.size(),
                BATCHES_PER_CLIENT, BATCH, seconds(t0));

        JsonNode baseline = verify(api, regulator, "baseline, before any event of this test");
        baselineEvents = baseline.path("eventsChecked").asLong();

        // ---- warm-up: one batch per handheld, then a signed checkpoint that covers them ----------------------------
        for (Client c : clients) {
            Batch b = c.queue.get(c.next++);
            record(b, c);
            Answer a = c.handheld.sync(b);
            c.answered.add(b);
            absorb(c, b, a, null, Expect.APPLIED);
        }
        checkpoint(api, admin);
        verify(api, regulator, "after the warm-up batches and a checkpoint");

        // ---- two crashes -------------------------------------------------------------------------------------------
        List<Round> rounds = new ArrayList<>();
        for (Crash crash : Crash.values()) {
            Round round = new Round(crash);
            rounds.add(round);
            load(service, clients, round);
            restartAndResend(service, api, regulator, clients, round);
        }

        // both sides of a kill were exercised: events that committed but whose answer was lost, and events that had not
        assertTrue(rounds.stream().mapToInt(r -> r.committedUnanswered).sum() > 0, "some unanswered event had committed before a kill");
        assertTrue(rounds.stream().mapToInt(r -> r.appliedOnResend).sum() > 0, "some unanswered event had not committed before a kill");

        // ---- what the log holds ----------------------------------------------------------------------------------------
        checkpoint(api, admin);
        JsonNode end = verify(api, regulator, "at the end, after a new checkpoint");
        check(api, regulator, clients, manifests);
        long events = end.path("eventsChecked").asLong() - baseline.path("eventsChecked").asLong();
        long chains = end.path("chainsChecked").asLong() - baseline.path("chainsChecked").asLong();
        assertEquals(sentBy.size(), ledger.size(), "every event sent was applied once");
        assertEquals(ledger.size(), events, "the custody log grew by exactly the events applied: none lost, none doubled");
        assertEquals(0, chains, "no new chain: every container's chain began with its label's issue, before the baseline");
        assertTrue(end.path("checkpointsChecked").asInt() > baseline.path("checkpointsChecked").asInt(), "checkpoints were made and verified");

        report(rounds, events, end, t0);
    }

    // ---- the load and the kill ---------------------------------------------------------------------------------------

    private void load(PackagedService service, List<Client> clients, Round round) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (Client c : clients) {
            c.answeredThisRound.set(0);
            c.nanos.clear();
            c.cutOff = null;
            c.unanswered.clear();
            Thread t = new Thread(() -> loadOne(c, round), "handheld-" + c.handheld.serial());
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        while (true) {
            Thread.sleep(5);
            long now = System.nanoTime();
            for (Client c : clients) {
                if (c.error != null) {
                    service.kill();
                    fail("handheld " + c.handheld.serial() + " failed before the kill: " + c.error, c.error);
                }
                if (c.exhausted || c.cutOff != null) {
                    service.kill();
                    fail("handheld " + c.handheld.serial() + " stopped before the kill: " + (c.exhausted ? "queue empty" : c.cutOff));
                }
            }
            if (now - start > LOAD_LIMIT.toNanos()) {
                service.kill();
                fail("the kill's conditions were not met within " + LOAD_LIMIT.toSeconds() + " s of load");
            }
            List<Long> nanos = new ArrayList<>();
            for (Client c : clients) {
                synchronized (c.nanos) {
                    nanos.addAll(c.nanos);
                }
            }
            Collections.sort(nanos);
            long median = nanos.isEmpty() ? 0 : nanos.get(nanos.size() / 2);
            long minAge = Math.max(Duration.ofMillis(50).toNanos(), median / 4); // part of each batch has committed by then
            List<Long> ages = new ArrayList<>();
            for (Client c : clients) {
                long since = c.inFlightSince;
                ages.add(since == 0 ? -1 : now - since);
            }
            boolean ready = now - start >= MIN_LOAD.toNanos()
                    && clients.stream().allMatch(c -> c.answeredThisRound.get() >= MIN_ANSWERED_BATCHES)
                    && ages.stream().allMatch(age -> age >= minAge);
            if (ready) {
                round.inFlightAges = ages.stream().map(age -> String.format("%.0f ms", age / 1e6)).toList()
                        + String.format(" (median batch %.0f ms)", median / 1e6);
                round.killAfterSeconds = (now - start) / 1e9;
                break;
            }
        }
        Optional<ProcessHandle> postmaster = service.postmaster();
        round.exitCode = round.crash == Crash.JVM ? service.kill() : service.killWithDatabase();
        say("round %d: %s after %.1f s of load, requests in flight for %s", round.number(), round.crash.what,
                round.killAfterSeconds, round.inFlightAges);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60).toMillis());
            assertFalse(t.isAlive(), t.getName() + " did not notice the kill");
        }
        assertEquals(137, round.exitCode, "the JVM died of SIGKILL (exit code 128 + 9)");
        assertTrue(postmaster.isPresent(), "the embedded postmaster was running before the kill");
        boolean survived = postmaster.get().isAlive();
        if (round.crash == Crash.JVM) {
            assertTrue(survived, "the postmaster is a separate process: the JVM's SIGKILL does not take it down");
            round.database = "postmaster pid " + postmaster.get().pid() + " survived the kill";
        } else {
            assertFalse(survived, "the postmaster was killed too");
            round.database = "postmaster pid " + postmaster.get().pid() + " and its processes killed";
        }
        for (Client c : clients) {
            if (c.error != null) {
                fail("handheld " + c.handheld.serial() + " failed: " + c.error, c.error);
            }
            assertTrue(c.cutOff != null, "handheld " + c.handheld.serial() + " lost its connection in the kill");
            round.answeredBatches += c.answeredThisRound.get();
            round.inFlightBatches += c.unanswered.size();
            round.inFlightEvents += c.unanswered.stream().mapToInt(Batch::size).sum();
        }
        round.answeredEvents = round.answeredBatches * BATCH;
        say("round %d: %d batches (%d events) answered APPLIED before the kill, %d batches (%d events) without an answer: %s",
                round.number(), round.answeredBatches, round.answeredEvents, round.inFlightBatches, round.inFlightEvents,
                clients.stream().map(c -> c.handheld.serial() + ": " + c.cutOff.getClass().getSimpleName()).toList());
    }

    /** One handheld's load: its queue, batch after batch, until a request fails (the kill) or the queue is empty. */
    private void loadOne(Client c, Round round) {
        try {
            while (c.next < c.queue.size()) {
                Batch b = c.queue.get(c.next++);
                record(b, c);
                Answer a;
                c.inFlightSince = System.nanoTime();
                try {
                    a = c.handheld.sync(b);
                } catch (IOException e) {
                    c.unanswered.add(b); // no answer: the app keeps the whole batch and sends it again
                    c.cutOff = e;
                    return;
                } finally {
                    c.inFlightSince = 0;
                }
                c.nanos.add(a.nanos());
                absorb(c, b, a, round, Expect.APPLIED);
                c.answered.add(b);
                c.lastAnswered = b;
                c.answeredThisRound.incrementAndGet();
            }
            c.exhausted = true;
        } catch (Throwable e) {
            c.error = e;
        }
    }

    // ---- restart and resend ----------------------------------------------------------------------------------------

    private void restartAndResend(PackagedService service, HttpJson api, String regulator, List<Client> clients, Round round) throws Exception {
        long start = System.nanoTime();
        int logMark = service.logLines().size();
        service.start(READY_TIMEOUT);
        round.restartSeconds = seconds(start);
        say("round %d: restarted on the same data directory and port in %.0f s (pid %d)", round.number(),
                round.restartSeconds, service.pid());
        List<String> log = service.logLines();
        log.subList(Math.min(logMark, log.size()), log.size()).stream()
                .filter(l -> !l.contains("FATAL") && !l.contains("DETAIL") && (l.contains("left over") || l.contains("stale")
                        || l.contains("database system") || l.contains("redo ")))
                .map(l -> l.contains("LOG:") ? "PostgreSQL: " + l.substring(l.indexOf("LOG:") + 4).strip() : l.substring(Math.min(l.length(), 24)))
                .forEach(l -> say("round %d:   log: %s", round.number(), l.length() > 200 ? l.substring(0, 200) + "…" : l));
        round.verifyAfterRestart = verify(api, regulator, "right after the restart, before any resend");
        int answeredSoFar = ledger.size();

        for (Client c : clients) {
            for (Batch b : List.copyOf(c.unanswered)) {
                resendUntilDone(c, b, round);
                c.answered.add(b);
            }
            c.unanswered.clear();
            // and the last batch answered before the kill: the answer is repeated, nothing changes
            Batch again = c.lastAnswered;
            Answer a = c.handheld.sync(again);
            absorb(c, again, a, round, Expect.DUPLICATE);
            round.duplicatesOfAnswered += again.size();
        }
        say("round %d: resent %d unanswered events: %d had committed before the kill (answered DUPLICATE of APPLIED), %d applied now;"
                + " %d events of answered batches resent, all DUPLICATE with their first answer; %d retries",
                round.number(), round.inFlightEvents, round.committedUnanswered, round.appliedOnResend,
                round.duplicatesOfAnswered, round.retries);
        assertEquals(round.inFlightEvents, round.committedUnanswered + round.appliedOnResend, "every unanswered event was accounted for");
        assertEquals(baselineEvents + answeredSoFar + round.committedUnanswered, round.verifyAfterRestart.path("eventsChecked").asLong(),
                "right after the restart the log held exactly the events answered APPLIED so far plus those committed unanswered");
    }

    /** Sends an unanswered batch again, as the app does; a retryable result sends it again (harmless), up to 5 times. */
    private void resendUntilDone(Client c, Batch b, Round round) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Answer a = c.handheld.sync(b);
            if (!absorb(c, b, a, round, Expect.APPLIED_OR_DUPLICATE)) {
                return;
            }
            round.retries++;
            assertTrue(attempt < 5, "batch still has retryable results after 5 sends: " + a.json().path("results"));
            Thread.sleep(500);
        }
    }

    enum Expect { APPLIED, DUPLICATE, APPLIED_OR_DUPLICATE }

    private void record(Batch b, Client c) {
        b.clientEventIds().forEach(id -> sentBy.put(id, c.handheld.serial()));
    }

    /**
     * Checks every result of an answer against what is expected and against the ledger of first answers, and
     * records new APPLIED ones. Returns whether some result is retryable (the batch must be sent again).
     */
    private boolean absorb(Client c, Batch b, Answer a, Round round, Expect expect) {
        boolean retry = false;
        for (int i = 0; i < b.size(); i++) {
            JsonNode r = a.result(i);
            UUID id = b.clientEventIds().get(i);
            String result = r.path("result").asText();
            if (r.path("retryable").asBoolean(false) && expect == Expect.APPLIED_OR_DUPLICATE) {
                retry = true;
                continue;
            }
            Applied answered = new Applied(r.path("labelId").asText(), c.handheld.serial(), r.path("eventSeq").asInt(),
                    Instant.parse(r.path("serverTime").asText()), r.path("version").asInt(), null);
            assertEquals(b.drums().get(i).labelId(), answered.labelId(), "result " + i + " names its container: " + r);
            assertEquals("COLLECTED", r.path("state").asText(), "an applied COLLECT leaves the container COLLECTED: " + r);
            if ("APPLIED".equals(result) && expect != Expect.DUPLICATE) {
                Applied before = ledger.putIfAbsent(id, withHow(answered, round == null ? "warm-up"
                        : expect == Expect.APPLIED ? "answered before crash " + round.number() : "applied on resend after crash " + round.number()));
                assertTrue(before == null, "event " + id + " was answered APPLIED twice: " + before + " and " + r);
                if (expect == Expect.APPLIED_OR_DUPLICATE) {
                    round.appliedOnResend++;
                }
            } else if ("DUPLICATE".equals(result) && "APPLIED".equals(r.path("original").asText()) && expect != Expect.APPLIED) {
                Applied first = ledger.get(id);
                if (first == null) { // committed before the kill, answer lost: the resend is the first answer we see
                    assertEquals(Expect.APPLIED_OR_DUPLICATE, expect, "a DUPLICATE of an event never answered: " + r);
                    ledger.put(id, withHow(answered, "committed before crash " + round.number() + ", answer lost"));
                    round.committedUnanswered++;
                } else {
                    assertEquals(first.eventSeq(), answered.eventSeq(), "a DUPLICATE repeats the first answer's eventSeq: " + r);
                    assertEquals(first.serverTime(), answered.serverTime(), "a DUPLICATE repeats the first answer's serverTime: " + r);
                    assertEquals(first.version(), answered.version(), "a DUPLICATE repeats the first answer's version: " + r);
                }
            } else {
                fail("event " + id + " of " + c.handheld.serial() + " expected " + expect + ", answered " + r);
            }
        }
        return retry;
    }

    private static Applied withHow(Applied a, String how) {
        return new Applied(a.labelId(), a.serial(), a.eventSeq(), a.serverTime(), a.version(), how);
    }

    // ---- checks through the API -------------------------------------------------------------------------------------

    /**
     * Every drum of the test, through the manifests' listings and trails: each has its label's issue; the ones whose
     * event was sent are COLLECTED with the version they were answered with and have exactly one custody event after
     * it, the one answered (same sequence number, server time and device); the others are still ISSUED and have none.
     */
    private void check(HttpJson api, String regulator, List<Client> clients, Set<String> manifests) throws Exception {
        Map<String, Applied> byLabel = new HashMap<>();
        ledger.values().forEach(a -> assertTrue(byLabel.put(a.labelId(), a) == null, "two events applied to " + a.labelId()));
        Map<String, JsonNode> containers = new HashMap<>();
        Map<String, List<JsonNode>> events = new HashMap<>();
        Set<String> issued = new java.util.HashSet<>();
        for (String number : manifests) {
            api.get(regulator, "/api/containers?manifest=" + number + "&size=200").path("items")
                    .forEach(it -> containers.put(it.path("labelId").asText(), it));
            for (JsonNode e : api.get(regulator, "/api/manifests/" + number + "/trail")) {
                if ("LABEL_ISSUED".equals(e.path("type").asText())) {
                    assertEquals(1, e.path("seq").asInt(), "the label's issue starts " + e.path("labelId").asText() + "'s chain");
                    issued.add(e.path("labelId").asText());
                } else {
                    events.computeIfAbsent(e.path("labelId").asText(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        int drums = 0;
        int collected = 0;
        for (Client c : clients) {
            for (Batch b : c.queue) {
                for (Drum d : b.drums()) {
                    drums++;
                    JsonNode view = containers.get(d.labelId());
                    List<JsonNode> trail = events.getOrDefault(d.labelId(), List.of());
                    assertTrue(view != null, "container " + d.labelId() + " is listed on manifest " + d.manifestNumber());
                    assertTrue(issued.contains(d.labelId()), d.labelId() + "'s chain starts with its label's issue");
                    Applied a = byLabel.get(d.labelId());
                    if (a == null) {
                        assertEquals("ISSUED", view.path("state").asText(), d.labelId() + " was never sent and stays ISSUED");
                        assertEquals(List.of(), trail, d.labelId() + " was never sent and has no custody event");
                        continue;
                    }
                    collected++;
                    assertEquals("COLLECTED", view.path("state").asText(), d.labelId() + " is COLLECTED");
                    assertEquals(a.version(), view.path("version").asInt(), d.labelId() + " has the version its event was answered with");
                    assertEquals(1, trail.size(), d.labelId() + " (" + a.how() + ") has exactly one custody event: " + trail);
                    JsonNode e = trail.get(0);
                    assertEquals("CONTAINER_COLLECTED", e.path("type").asText());
                    assertEquals(a.eventSeq(), e.path("seq").asInt(), d.labelId() + ": the event answered");
                    assertEquals(a.serverTime(), Instant.parse(e.path("serverTime").asText()), d.labelId() + ": the event answered (server time)");
                    assertEquals(a.serial(), e.path("deviceId").asText(), d.labelId() + ": recorded from the handheld that sent it");
                }
            }
        }
        assertEquals(byLabel.size(), collected, "every applied event's container is one of the test's drums");
        assertEquals(collected, events.values().stream().mapToInt(List::size).sum(), "the manifests' trails hold no other event");
        say("checked %d drums: %d COLLECTED with exactly the one event answered, %d never sent still ISSUED with no event",
                drums, collected, drums - collected);
    }

    private static JsonNode verify(HttpJson api, String regulator, String when) throws Exception {
        JsonNode report = api.get(regulator, "/api/audit/verify");
        assertTrue(report.path("intact").asBoolean(false), "GET /api/audit/verify " + when + ": " + report);
        say("audit verify %s: intact, %d events in %d chains, %d checkpoints", when, report.path("eventsChecked").asLong(),
                report.path("chainsChecked").asLong(), report.path("checkpointsChecked").asInt());
        return report;
    }

    /** Signs a checkpoint (204 when a scheduled one already covers every event). */
    private static void checkpoint(HttpJson api, String admin) throws Exception {
        var res = api.send(admin, "POST", "/api/audit/checkpoints", null, Duration.ofMinutes(1));
        assertTrue(res.statusCode() == 201 || res.statusCode() == 204, "POST /api/audit/checkpoints: " + res.statusCode() + " " + res.body());
    }

    private void report(List<Round> rounds, long events, JsonNode end, long t0) {
        say("summary:");
        for (Round r : rounds) {
            say("  crash %d, %s: kill %.1f s into the load with every handheld's request in flight; JVM exit code %d; %s;"
                            + " restart %.0f s; %d events answered APPLIED before the kill, %d unanswered (%d of them committed, %d not),"
                            + " %d answered ones resent; chains intact after the restart (%d events)",
                    r.number(), r.crash.what, r.killAfterSeconds, r.exitCode, r.database, r.restartSeconds, r.answeredEvents,
                    r.inFlightEvents, r.committedUnanswered, r.appliedOnResend, r.duplicatesOfAnswered,
                    r.verifyAfterRestart.path("eventsChecked").asLong());
        }
        say("  %d distinct events sent, %d applied exactly once, custody log +%d events; audit intact: %d events, %d chains, %d checkpoints; %.0f s",
                sentBy.size(), ledger.size(), events, end.path("eventsChecked").asLong(), end.path("chainsChecked").asLong(),
                end.path("checkpointsChecked").asInt(), seconds(t0));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("[crash-safety] " + String.format(format, args));
    }
}
