package cn.hazchain.mobile;

import cn.hazchain.account.SessionCheck;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Jdbc;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.TransferService;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.PickupConfirmation;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.log.Context;
import cn.hazchain.custody.log.StoredEvent;
import cn.hazchain.mobile.MobileDtos.ClockFlag;
import cn.hazchain.mobile.MobileDtos.EventType;
import cn.hazchain.mobile.MobileDtos.SyncEvent;
import cn.hazchain.mobile.MobileDtos.SyncResult;
import cn.hazchain.security.CurrentUser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies events a handheld recorded offline, in the order sent (so per container in the order recorded), each
 * answered on its own: APPLIED, DUPLICATE (sent before: the first answer is repeated and nothing changes), REJECTED
 * (with a reason) or CONFLICT (the container is no longer where the handheld thought: with its current state).
 * Every event received is kept in {@code device_event} with its answer, so a resent batch changes nothing and no
 * field record is lost, even a refused one. Client time is kept as sent; an event dated in the future or before the
 * container's previous event is flagged, never reordered.
 *
 * <p>Events are applied in chunks of {@code hazchain.mobile.sync-chunk-events}, one transaction (one commit) per
 * chunk, set-based: the chunk's client event ids are locked and their earlier answers read in one statement, its
 * custody commands are decided in memory and written in a few statements ({@link CustodyCommands}), its answers are
 * recorded with one INSERT, and they are answered only after the commit. A refused event is just an answer: it costs
 * the others nothing. If the chunk fails for a reason of the server's own (an exception, a failed commit), its
 * events are applied again one at a time, each in its own transaction; one that fails again is answered retryable
 * and not recorded, and later events of its container in the batch wait for it. See docs/architecture.md.
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);

    /** How often (in events) a long batch re-checks that its session still counts. */
    static final int SESSION_RECHECK_EVERY = 50;

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    @Inject
    CustodyCommands custody;

    @Inject
    CurrentUser current;

    @Inject
    PhotoService photos;

    @Inject
    DeviceService devices;

    @Inject
    HazChainConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    SessionCheck sessions;

    @Inject
    RoundService rounds;

    @Inject
    TransferService transfers;

    @Inject
    EntityManager em;

    /** One sync request being applied: its events, their answers so far, and what the answers depend on. */
    private static final class Request {
        final MobileSession.Shift shift;
        final List<JsonNode> events;
        final SyncResult[] results;
        final Set<String> referenced = new LinkedHashSet<>();
        final Set<String> blocked = new HashSet<>();
        String ended;
        boolean touched;

        Request(MobileSession.Shift shift, List<JsonNode> events) {
            this.shift = shift;
            this.events = events;
            this.results = new SyncResult[events.size()];
        }
    }

    public MobileDtos.SyncResponse sync(MobileSession.Shift shift, MobileDtos.SyncRequest request) {
        List<JsonNode> events = request.events();
        int max = config.mobile().maxSyncEvents();
        if (events.isEmpty()) {
            throw ProblemException.unprocessable("sync-empty", "send at least one event");
        }
        if (events.size() > max) {
            throw new ProblemException(new Problem("batch-too-large", "Too many events / 事件过多", 413,
                    "send at most " + max + " events per sync; this batch has " + events.size() + ": split the queue, oldest first")
                    .with("maxEvents", max));
        }
        Request req = new Request(shift, events);
        int chunk = Math.max(1, config.mobile().syncChunkEvents());
        for (int from = 0; from < events.size(); from += chunk) {
            applyChunk(req, from, Math.min(events.size(), from + chunk));
        }
        if (!req.touched) {
            QuarkusTransaction.requiringNew().run(() -> devices.touch(shift.deviceId()));
        }
        int[] counts = new int[MobileDtos.Outcome.values().length];
        for (SyncResult r : req.results) {
            counts[r.result().ordinal()]++;
        }
        List<String> missing = photos.missing(req.referenced);
        return new MobileDtos.SyncResponse(events.size(), new MobileDtos.SyncCounts(counts[MobileDtos.Outcome.APPLIED.ordinal()],
                counts[MobileDtos.Outcome.DUPLICATE.ordinal()], counts[MobileDtos.Outcome.REJECTED.ordinal()],
                counts[MobileDtos.Outcome.CONFLICT.ordinal()]), List.of(req.results), missing, Instant.now());
    }

    // ---- chunks ----------------------------------------------------------------------------------------------------

    /**
     * Events {@code [from, to)} in one transaction, answered once it committed. If it fails (a failure of the
     * server's own: nothing of it is kept), every event of the chunk is applied on its own ({@link #alone}).
     */
    void applyChunk(Request req, int from, int to) {
        List<Integer> indexes = new ArrayList<>();
        for (int k = from; k < to; k++) {
            SyncResult before = beforeApplying(req, k);
            if (before != null) {
                req.results[k] = before;
            } else {
                indexes.add(k);
            }
        }
        if (indexes.isEmpty()) {
            return;
        }
        Map<Integer, SyncResult> done;
        try {
            done = QuarkusTransaction.requiringNew().call(() -> {
                Map<Integer, SyncResult> answers = inTransaction(req, indexes);
                devices.touch(req.shift.deviceId());
                return answers;
            });
        } catch (RuntimeException ex) {
            LOG.warnf(ex, "sync chunk of events %d-%d from device %s did not commit; applying them one by one", from, to - 1,
                    req.shift.deviceSerial());
            for (int k : indexes) {
                req.results[k] = alone(req, k);
            }
            return;
        }
        done.forEach((k, r) -> req.results[k] = r);
        req.touched = true;
    }

    /** Event k on its own, in a transaction of its own, never throwing. */
    SyncResult alone(Request req, int k) {
        SyncResult before = beforeApplying(req, k);
        if (before != null) {
            return before;
        }
        JsonNode node = req.events.get(k);
        String label = labelOf(node);
        try {
            return QuarkusTransaction.requiringNew().call(() -> inTransaction(req, List.of(k)).get(k));
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "sync event %d from device %s failed", k, req.shift.deviceSerial());
            if (label != null) {
                req.blocked.add(label);
            }
            return unprocessed(k, node, "server-error", "the server could not process this event; it was not recorded: send it again later");
        }
    }

    /**
     * The answer event k gets without being looked at, or null: every {@value #SESSION_RECHECK_EVERY} events the
     * session is checked again (revoked while this batch was being applied?); once it no longer counts, the rest of
     * the batch is answered retryable; so is a later event of a container whose earlier event could not be processed.
     */
    private SyncResult beforeApplying(Request req, int k) {
        JsonNode node = req.events.get(k);
        if (req.ended == null && k > 0 && k % SESSION_RECHECK_EVERY == 0) {
            req.ended = sessions.refusal(req.shift.sessionId().toString());
        }
        if (req.ended != null) {
            return unprocessed(k, node, "session-ended", req.ended + ": sign in again and resend");
        }
        String label = labelOf(node);
        if (label != null && req.blocked.contains(label)) {
            return unprocessed(k, node, "blocked-by-earlier-event",
                    "an earlier event of this container in the batch could not be processed; send both again later");
        }
        return null;
    }

    // ---- one unit of work ------------------------------------------------------------------------------------------

    /** An event as this chunk sees it, from reading it to its answer. */
    private static final class Item {
        final int index;
        final JsonNode node;
        SyncEvent event;
        String payload;
        /** Set when the event is answered without a custody command. */
        SyncResult answer;
        /** Why an event whose id could be read could not be read as a whole (answered unless its id was sent before). */
        String malformed;
        /** Whether the answer is recorded in device_event. */
        boolean record;
        /** Another event of this chunk with the same id, whose answer this one repeats. */
        Item copyOf;
        CustodyCommands.Request command;
        Long custodyEventId;

        Item(int index, JsonNode node) {
            this.index = index;
            this.node = node;
        }
    }

    /** Applies the given events in the caller's transaction and records their answers; throws on a failure of its own. */
    private Map<Integer, SyncResult> inTransaction(Request req, List<Integer> indexes) {
        List<Item> items = new ArrayList<>(indexes.size());
        for (int k : indexes) {
            items.add(read(req, k));
        }
        Map<UUID, Object[]> earlier = lockAndReadEarlier(req.shift.deviceId(), items);
        if (items.stream().anyMatch(it -> it.event != null && it.event.type() == EventType.RECEIVE)) {
            // before any container of the chunk is locked: the chunk's units lock containers one after the other
            custody.lockIntake(current.partyId());
        }
        Map<UUID, Item> firstInChunk = new HashMap<>();
        List<Item> commands = new ArrayList<>();
        List<Item> stops = new ArrayList<>();
        for (Item it : items) {
            if (it.answer != null || it.event == null) {
                continue;
            }
            UUID id = it.event.clientEventId();
            Object[] before = earlier.get(id);
            if (before != null) {
                it.answer = repeat(it, before);
                continue;
            }
            Item first = firstInChunk.putIfAbsent(id, it);
            if (first != null) {
                it.copyOf = first;
                continue;
            }
            if (it.malformed != null) {
                refuse(it, "malformed-event", it.malformed);
                continue;
            }
            String invalid = violations(it.event);
            if (invalid != null) {
                refuse(it, "invalid-event", invalid);
                continue;
            }
            String missing = missingField(it.event);
            if (missing != null) {
                refuse(it, "invalid-event", missing);
                continue;
            }
            if (it.event.type() == EventType.DEPART || it.event.type() == EventType.ARRIVE) {
                // in its place in the order sent: the scans before it are applied first, those after it see the transfer moved
                // (a drum received after the arrival was recorded has its TRANSFER_ARRIVED before its receipt)
                apply(commands);
                commands.clear();
                it.answer = moveTransfer(req.shift, it);
                it.record = true;
                continue;
            }
            if (it.event.type() == EventType.STOP_OUTCOME) {
                stops.add(it);
                continue;
            }
            it.command = command(req.shift, it.event);
            commands.add(it);
        }
        apply(commands);
        // after the chunk's scans: a stop's outcome is checked against what was collected there (recorded after the scans)
        for (Item it : stops) {
            SyncEvent e = it.event;
            RoundService.Recorded r = rounds.recordOutcome(e.roundId(), e.stopSeq(), e.outcome(), blankToNull(e.reason()), e.clientTime(),
                    req.shift.deviceSerial(), e.clientEventId());
            it.answer = new SyncResult(it.index, e.clientEventId(), null, e.type(), r.rejection() == null ? MobileDtos.Outcome.APPLIED
                    : r.conflict() ? MobileDtos.Outcome.CONFLICT : MobileDtos.Outcome.REJECTED, null, r.rejection() == null ? e.outcome().name() : null,
                    null, null, r.rejection() == null ? r.recordedAt() : null, null, r.reason(), r.rejection(),
                    r.conflict() ? r.current() : null, null, null);
            it.record = true;
        }
        Map<Integer, SyncResult> answers = new HashMap<>();
        for (Item it : items) {
            if (it.copyOf != null) {
                it.answer = it.payload.equals(it.copyOf.payload) ? duplicateOf(it, it.copyOf.answer)
                        : reused(it, "an earlier event of this batch has clientEventId " + it.event.clientEventId());
            }
            answers.put(it.index, it.answer);
        }
        record(req, items.stream().filter(it -> it.record).toList());
        return answers;
    }

    /** Reads an event: malformed ones are answered here (and kept when their id can be read). */
    private Item read(Request req, int k) {
        JsonNode node = req.events.get(k);
        Item it = new Item(k, node);
        if (node == null || !node.isObject()) {
            it.answer = malformedAnswer(k, node, "an event is a JSON object");
            return it;
        }
        if (node.toString().contains("\\u0000")) {
            // PostgreSQL cannot store NUL in text: refuse without recording (nothing a scanner sends has one)
            it.answer = malformedAnswer(k, node, "the event contains a NUL character (\\u0000)");
            return it;
        }
        it.payload = node.toString();
        SyncEvent e;
        try {
            e = json.treeToValue(node, SyncEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            UUID id = idOf(node);
            if (id != null) {
                it.event = partial(id, node);
                it.malformed = "the event could not be read: " + firstLine(ex.getMessage());
            } else {
                it.answer = malformedAnswer(k, node, "the event could not be read: " + firstLine(ex.getMessage()));
            }
            return it;
        }
        if (e.clientEventId() == null) {
            it.answer = malformedAnswer(k, node, "clientEventId is missing: the handheld must give every scan a UUID");
            return it;
        }
        if (e.photoSha256() != null) {
            e.photoSha256().stream().filter(h -> h != null && PhotoService.SHA256.matcher(h).matches()).forEach(req.referenced::add);
        }
        it.event = e;
        return it;
    }

    /**
     * Takes the advisory lock of every client event id of the chunk (in key order: two copies of a batch sent at once
     * wait for each other) and reads the answers already recorded for them: same organisation?, outcome, answer,
     * payload as sent.
     */
    @SuppressWarnings("unchecked")
    private Map<UUID, Object[]> lockAndReadEarlier(long deviceId, List<Item> items) {
        Set<UUID> ids = new LinkedHashSet<>();
        items.stream().filter(it -> it.event != null).forEach(it -> ids.add(it.event.clientEventId()));
        Map<UUID, Object[]> earlier = new HashMap<>();
        if (ids.isEmpty()) {
            return earlier;
        }
        String keys = ids.stream().map(id -> Long.toString(lockKey(id))).collect(Collectors.joining(","));
        em.createNativeQuery("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT k FROM unnest(string_to_array(?1, ',')::bigint[]) k"
                + " ORDER BY k) s").setParameter(1, keys).getResultList();
        String list = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
        // a resend from another device of the same organisation (the queue moved to a spare handheld) is a duplicate too
        List<Object[]> rows = em.createNativeQuery("SELECT de.client_event_id::text, (d.owner_party_id = (SELECT owner_party_id FROM device"
                        + " WHERE id = ?2)), de.outcome, de.result::text, de.payload::text FROM device_event de JOIN device d ON d.id = de.device_id"
                        + " WHERE de.client_event_id = ANY(string_to_array(?1, ',')::uuid[])")
                .setParameter(1, list).setParameter(2, deviceId).getResultList();
        for (Object[] r : rows) {
            earlier.put(UUID.fromString((String) r[0]), new Object[] {r[1], r[2], r[3], r[4]});
        }
        return earlier;
    }

    /** The answer to an id sent before: the first answer again, unless it came from elsewhere or with another event. */
    private SyncResult repeat(Item it, Object[] before) {
        if (!Boolean.TRUE.equals(before[0])) {
            return new SyncResult(it.index, it.event.clientEventId(), it.event.labelId(), it.event.type(), MobileDtos.Outcome.REJECTED, null,
                    null, null, null, null, null, "client-event-id-reused", "a device of another organisation already sent an event with clientEventId "
                    + it.event.clientEventId() + ": generate a new UUID for every scan", null, null, null);
        }
        SyncResult first = readResult((String) before[2]);
        if (!samePayload(it.payload, (String) before[3])) {
            return reused(it, "an event with clientEventId " + it.event.clientEventId() + " was sent before with other content");
        }
        return duplicateOf(it, first);
    }

    private SyncResult duplicateOf(Item it, SyncResult first) {
        return new SyncResult(it.index, first.clientEventId(), first.labelId(), first.type(), MobileDtos.Outcome.DUPLICATE, first.result(),
                first.state(), first.version(), first.eventSeq(), first.serverTime(), first.clockFlags(), first.reason(), first.detail(),
                first.currentState(), first.currentVersion(), null);
    }

    /** A different event under an id already used: refused, not recorded (its id is taken), so the app knows. */
    private SyncResult reused(Item it, String why) {
        return new SyncResult(it.index, it.event.clientEventId(), it.event.labelId(), it.event.type(), MobileDtos.Outcome.REJECTED, null, null,
                null, null, null, null, "client-event-id-reused", why + ": this event was NOT recorded; give it a new clientEventId and send it again",
                null, null, null);
    }

    private boolean samePayload(String now, String before) {
        try {
            return json.readTree(now).equals(json.readTree(before));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The custody command of a readable, valid scan ({@link #missingField} found nothing missing). */
    private CustodyCommands.Request command(MobileSession.Shift shift, SyncEvent e) {
        String label = normalizeLabel(e.labelId());
        CustodyCommand command = switch (e.type()) {
            case COLLECT -> new CustodyCommand.Collect(e.manifestNumber().strip(), e.weightKg(), e.vehicleId(), e.roundId(),
                    e.confirmation() == null ? null : new PickupConfirmation.Attempt(e.confirmation().username(), e.confirmation().code()));
            case STORE -> new CustodyCommand.Store(e.storagePointId(), e.weightKg());
            case LOAD -> new CustodyCommand.Load(e.transferNumber().strip());
            case RECEIVE -> new CustodyCommand.Receive(e.transferNumber().strip(), e.weightKg(), e.acceptance(), e.refusedKg(), e.reason(),
                    e.discrepancies());
            case STOP_OUTCOME, DEPART, ARRIVE -> throw new IllegalArgumentException(e.type() + " is not a custody command of one container");
        };
        return new CustodyCommands.Request(label, command, e.expectedVersion(), e.clientEventId(), context(shift, e), true);
    }

    /** Where, when and on which device the handheld recorded an event, as the event log keeps it. */
    private static Context context(MobileSession.Shift shift, SyncEvent e) {
        return new Context(shift.deviceSerial(), e.clientTime(), e.latitude(), e.longitude(),
                e.photoSha256() == null ? List.of() : e.photoSha256(), blankToNull(e.note()), List.of());
    }

    /** What a valid event lacks for its type, or null. */
    private static String missingField(SyncEvent e) {
        List<String> missing = new ArrayList<>();
        boolean container = e.type() != EventType.STOP_OUTCOME && e.type() != EventType.DEPART && e.type() != EventType.ARRIVE;
        if (container && (e.labelId() == null || e.labelId().isBlank())) {
            missing.add("labelId");
        }
        switch (e.type()) {
            case COLLECT -> {
                if (e.manifestNumber() == null || e.manifestNumber().isBlank()) {
                    missing.add("manifestNumber");
                }
                if (e.weightKg() == null) {
                    missing.add("weightKg");
                }
            }
            case STORE -> {
                if (e.storagePointId() == null) {
                    missing.add("storagePointId");
                }
                if (e.weightKg() == null) {
                    missing.add("weightKg");
                }
            }
            case LOAD -> {
                if (e.transferNumber() == null || e.transferNumber().isBlank()) {
                    missing.add("transferNumber");
                }
            }
            case RECEIVE -> {
                if (e.transferNumber() == null || e.transferNumber().isBlank()) {
                    missing.add("transferNumber");
                }
                if (e.weightKg() == null) {
                    missing.add("weightKg");
                }
                if (e.acceptance() == null) {
                    missing.add("acceptance");
                }
            }
            case DEPART, ARRIVE -> {
                if (e.transferNumber() == null || e.transferNumber().isBlank()) {
                    missing.add("transferNumber");
                }
            }
            case STOP_OUTCOME -> {
                if (e.roundId() == null) {
                    missing.add("roundId");
                }
                if (e.stopSeq() == null) {
                    missing.add("stopSeq");
                }
                if (e.outcome() == null) {
                    missing.add("outcome");
                }
            }
        }
        return missing.isEmpty() ? null : String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " required for a "
                + e.type() + " event";
    }

    /** Applies these events' custody commands, in order, and answers each. */
    private void apply(List<Item> commands) {
        if (commands.isEmpty()) {
            return;
        }
        List<Outcome> outcomes = custody.handle(commands.stream().map(it -> it.command).toList());
        for (int i = 0; i < commands.size(); i++) {
            answer(commands.get(i), outcomes.get(i));
        }
    }

    /** A DEPART or ARRIVE of a whole transfer: every container on it gets the event, or none does. */
    private SyncResult moveTransfer(MobileSession.Shift shift, Item it) {
        SyncEvent e = it.event;
        Context context = context(shift, e);
        TransferService.Moved m = e.type() == EventType.DEPART ? transfers.depart(e.transferNumber().strip(), e.clientEventId(), context)
                : transfers.arrive(e.transferNumber().strip(), e.clientEventId(), context);
        if (m.refusal() == null) {
            return new SyncResult(it.index, e.clientEventId(), null, e.type(), MobileDtos.Outcome.APPLIED, null,
                    e.type() == EventType.DEPART ? "DEPARTED" : "ARRIVED", null, null,
                    e.type() == EventType.DEPART ? m.transfer().departedAt() : m.transfer().arrivedAt(), null, null, null, null, null, null);
        }
        Rejection r = m.refusal();
        boolean conflict = r.kind() == Rejection.Kind.CONFLICT;
        return new SyncResult(it.index, e.clientEventId(), null, e.type(), conflict ? MobileDtos.Outcome.CONFLICT : MobileDtos.Outcome.REJECTED,
                null, null, null, null, null, null, r.slug(), r.detail(), null, null, null);
    }

    /** The answer of an event that became a custody command. */
    private void answer(Item it, Outcome o) {
        SyncEvent e = it.event;
        if (o instanceof Outcome.Applied a) {
            StoredEvent ev = a.event();
            List<ClockFlag> flags = ev.clockFlags().stream().map(ClockFlag::valueOf).toList();
            it.answer = new SyncResult(it.index, e.clientEventId(), a.container().labelId(), e.type(), MobileDtos.Outcome.APPLIED, null,
                    a.container().state().name(), a.container().version(), ev.seq(), ev.serverTime(), flags.isEmpty() ? null : flags,
                    null, null, null, null, null);
            it.custodyEventId = ev.id();
            it.record = true;
            return;
        }
        Outcome.Refused r = (Outcome.Refused) o;
        Rejection rejection = r.rejection();
        boolean conflict = rejection.conflict();
        it.answer = new SyncResult(it.index, e.clientEventId(), e.labelId(), e.type(), conflict ? MobileDtos.Outcome.CONFLICT : MobileDtos.Outcome.REJECTED,
                null, null, null, null, null, null, rejection.slug(), rejection.detail(),
                conflict && r.container() != null ? r.container().state().name() : null,
                conflict && r.container() != null ? r.container().version() : null, null);
        it.record = true;
    }

    private void refuse(Item it, String reason, String detail) {
        SyncEvent e = it.event;
        it.answer = new SyncResult(it.index, e.clientEventId(), e.labelId(), e.type(), MobileDtos.Outcome.REJECTED, null, null, null, null, null,
                null, reason, detail, null, null, null);
        it.record = true;
    }

    /** Keeps every answered event as sent, with its answer, in one INSERT. */
    private void record(Request req, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        List<Object> types = new ArrayList<>();
        List<Object> times = new ArrayList<>();
        List<Object> payloads = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        List<Object> reasons = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        List<Object> flags = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        for (Item it : items) {
            SyncEvent e = it.event;
            ids.add(e.clientEventId());
            String label = e.labelId() == null ? null : normalizeLabel(e.labelId());
            labels.add(label == null || label.isEmpty() || label.length() > 40 ? null : label);
            types.add(e.type() == null ? null : e.type().name());
            times.add(e.clientTime() == null || !plausible(e.clientTime()) ? null : e.clientTime().truncatedTo(ChronoUnit.MICROS));
            payloads.add(it.payload);
            outcomes.add(it.answer.result().name());
            reasons.add(it.answer.reason());
            events.add(it.custodyEventId);
            flags.add(it.answer.clockFlags() == null ? "" : it.answer.clockFlags().stream().map(Enum::name).collect(Collectors.joining(",")));
            try {
                results.add(json.writeValueAsString(it.answer));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        long userId = current.userId();
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_event (client_event_id, device_id, session_id, user_id, label_id,"
                    + " type, client_time, payload, outcome, reason, custody_event_id, clock_flags, result)"
                    + " SELECT id, ?, ?, ?, label, type, at, payload, outcome, reason, event, string_to_array(flags, ',')::varchar[], result"
                    + " FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[], ?::text[], ?::text[], ?::bigint[], ?::text[],"
                    + " ?::jsonb[]) AS v(id, label, type, at, payload, outcome, reason, event, flags, result)")) {
                ps.setLong(1, req.shift.deviceId());
                ps.setObject(2, req.shift.sessionId());
                ps.setLong(3, userId);
                int i = 4;
                for (List<Object> column : List.of(ids, labels, types, times, payloads, outcomes, reasons, events, flags, results)) {
                    ps.setArray(i++, Jdbc.texts(c, column));
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private SyncResult readResult(String stored) {
        try {
            return json.readValue(stored, SyncResult.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored sync result is unreadable", ex);
        }
    }

    private String violations(SyncEvent e) {
        Set<ConstraintViolation<SyncEvent>> v = validator.validate(e);
        List<String> problems = new ArrayList<>(v.stream().map(x -> x.getPropertyPath() + " " + x.getMessage()).sorted().toList());
        if (e.clientTime() != null && !plausible(e.clientTime())) {
            problems.add("clientTime " + e.clientTime() + " is not a plausible time (between " + EARLIEST + " and a year from now): check the handheld's clock");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    static boolean plausible(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(Instant.now().plus(366, ChronoUnit.DAYS));
    }

    /** An event read only as far as its id, type and label (the rest could not be read). */
    private static SyncEvent partial(UUID id, JsonNode node) {
        JsonNode label = node.get("labelId");
        String labelId = label != null && label.isTextual() && label.asText().length() <= 40 ? label.asText() : null;
        return new SyncEvent(id, typeOf(node), labelId, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    private static EventType typeOf(JsonNode node) {
        if (node != null && node.path("type").isTextual()) {
            try {
                return EventType.valueOf(node.path("type").asText());
            } catch (IllegalArgumentException ignored) {
                // stays null
            }
        }
        return null;
    }

    /** An event that cannot be read and has no readable id: only answered. */
    private static SyncResult malformedAnswer(int index, JsonNode node, String detail) {
        JsonNode label = node == null ? null : node.get("labelId");
        String labelId = label != null && label.isTextual() && label.asText().length() <= 40 ? label.asText() : null;
        return new SyncResult(index, idOf(node), labelId, typeOf(node), MobileDtos.Outcome.REJECTED, null, null, null, null, null, null,
                "malformed-event", detail, null, null, null);
    }

    /** Answered, not recorded, to be sent again: the server could not take it now. */
    private static SyncResult unprocessed(int index, JsonNode node, String reason, String detail) {
        JsonNode label = node == null ? null : node.get("labelId");
        return new SyncResult(index, idOf(node), label != null && label.isTextual() ? label.asText() : null, null, MobileDtos.Outcome.REJECTED,
                null, null, null, null, null, null, reason, detail, null, null, true);
    }

    /** The advisory lock key of a client event id. */
    static long lockKey(UUID clientEventId) {
        return clientEventId.getMostSignificantBits() ^ clientEventId.getLeastSignificantBits();
    }

    static UUID idOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("clientEventId");
        try {
            return id == null || !id.isTextual() ? null : UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String labelOf(JsonNode node) {
        return node != null && node.path("labelId").isTextual() ? normalizeLabel(node.path("labelId").asText()) : null;
    }

    static String normalizeLabel(String labelId) {
        return labelId.strip().toUpperCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
