package cn.hazchain.mobile;

import cn.hazchain.account.SessionCheck;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.container.ContainerService.ContainerView;
import cn.hazchain.custody.CustodyDtos;
import cn.hazchain.custody.CustodyService;
import cn.hazchain.custody.EventLog;
import cn.hazchain.mobile.MobileDtos.ClockFlag;
import cn.hazchain.mobile.MobileDtos.EventType;
import cn.hazchain.mobile.MobileDtos.Outcome;
import cn.hazchain.mobile.MobileDtos.SyncEvent;
import cn.hazchain.mobile.MobileDtos.SyncResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * chunk, and answered only after their chunk committed. When an event of a chunk throws (a refusal such as an
 * illegal transition, or a failure of the server's own), the chunk's transaction is rolled back as a whole and
 * nothing of it is answered; the events before that one are applied again as a chunk, that one on its own in its
 * own transactions exactly as when every event had its own transaction (refused and recorded, or answered
 * retryable), and the chunk goes on after it. A chunk whose commit fails is applied again one event at a time.
 * See docs/architecture.md "Handheld sync in chunks".
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);

    @Inject
    CustodyService custody;

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

    /** How often (in events) a long batch re-checks that its session still counts. */
    static final int SESSION_RECHECK_EVERY = 50;

    @Inject
    EntityManager em;

    @Inject
    cn.hazchain.export.OutboxWriter outbox;

    /** One sync request being applied: its events, their answers so far, and what the answers depend on. */
    private static final class Request {
        final MobileSession.Shift shift;
        final List<JsonNode> events;
        final SyncResult[] results;
        final Set<String> referenced = new LinkedHashSet<>();
        final Set<String> blocked = new java.util.HashSet<>();
        String ended;
        boolean touched;

        Request(MobileSession.Shift shift, List<JsonNode> events) {
            this.shift = shift;
            this.events = events;
            this.results = new SyncResult[events.size()];
        }
    }

    /** Thrown out of a chunk's transaction when event {@code index} threw: the chunk is rolled back. */
    private static final class ChunkAborted extends RuntimeException {
        final int index;

        ChunkAborted(int index, RuntimeException cause) {
            super("event " + index + " of the chunk threw", cause, false, false);
            this.index = index;
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
        int[] counts = new int[Outcome.values().length];
        for (SyncResult r : req.results) {
            counts[r.result().ordinal()]++;
        }
        List<String> missing = photos.missing(req.referenced);
        return new MobileDtos.SyncResponse(events.size(), new MobileDtos.SyncCounts(counts[Outcome.APPLIED.ordinal()],
                counts[Outcome.DUPLICATE.ordinal()], counts[Outcome.REJECTED.ordinal()], counts[Outcome.CONFLICT.ordinal()]),
                List.of(req.results), missing, Instant.now());
    }

    // ---- chunks ----------------------------------------------------------------------------------------------------

    /**
     * Applies events {@code [from, to)} in one transaction and answers them once it committed. If event k throws,
     * nothing of the chunk is kept; events {@code [from, k)} are applied again as a chunk, event k on its own
     * ({@link #alone}), and the chunk goes on with {@code k + 1}. If the commit itself fails, every event of the
     * chunk is applied on its own (each re-checks whether it was recorded, so one whose commit did reach the disk is
     * answered DUPLICATE of its first answer).
     */
    void applyChunk(Request req, int from, int to) {
        while (from < to) {
            int start = from;
            int end = to;
            List<SyncResult> done;
            try {
                done = QuarkusTransaction.requiringNew().call(() -> outbox.coalescing(() -> {
                    SyncChunk chunk = SyncChunk.lookUp(em, req.shift.deviceId(), req.events.subList(start, end));
                    List<SyncResult> out = new ArrayList<>(end - start);
                    for (int k = start; k < end; k++) {
                        try {
                            out.add(inChunk(req, k, chunk));
                        } catch (RuntimeException ex) {
                            throw new ChunkAborted(k, ex);
                        }
                    }
                    devices.touch(req.shift.deviceId());
                    return out;
                }));
            } catch (ChunkAborted aborted) {
                applyChunk(req, start, aborted.index); // those went well: again, in one transaction
                req.results[aborted.index] = alone(req, aborted.index);
                from = aborted.index + 1;
                continue;
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "sync chunk of events %d-%d from device %s did not commit; applying them one by one", start, end - 1,
                        req.shift.deviceSerial());
                for (int k = start; k < end; k++) {
                    req.results[k] = alone(req, k);
                }
                return;
            }
            for (int k = start; k < end; k++) {
                req.results[k] = done.get(k - start);
            }
            req.touched = true;
            from = end;
        }
    }

    /** Event k in the chunk's transaction; throws (aborting the chunk) where {@link #safely} would answer a refusal. */
    private SyncResult inChunk(Request req, int k, SyncChunk chunk) {
        SyncResult before = beforeApplying(req, k);
        if (before != null) {
            return before;
        }
        SyncResult r = one(req.shift, k, req.events.get(k), req.referenced, chunk);
        // Everything the event changed is written; forget the entities it loaded, or every later flush of the chunk
        // (Hibernate flushes before each native query) would dirty-check all the chunk's containers again.
        em.flush();
        em.clear();
        return r;
    }

    /** Event k on its own, in transactions of its own, never throwing. */
    SyncResult alone(Request req, int k) {
        SyncResult before = beforeApplying(req, k);
        return before != null ? before : safely(req.shift, k, req.events.get(k), req.referenced, req.blocked);
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
        String label = node != null && node.path("labelId").isTextual() ? normalizeLabel(node.path("labelId").asText()) : null;
        if (label != null && req.blocked.contains(label)) {
            return unprocessed(k, node, "blocked-by-earlier-event",
                    "an earlier event of this container in the batch could not be processed; send both again later");
        }
        return null;
    }

    // ---- one event -----------------------------------------------------------------------------------------------

    /**
     * One event, never throwing: a failure of the server's own is answered as retryable and not recorded, and
     * later events of the same container in this batch wait for it (they are answered retryable too), so the
     * container's events are never applied out of the order they were recorded.
     */
    SyncResult safely(MobileSession.Shift shift, int index, JsonNode node, Set<String> referenced, Set<String> blocked) {
        String label = node != null && node.path("labelId").isTextual() ? normalizeLabel(node.path("labelId").asText()) : null;
        try {
            SyncResult r = one(shift, index, node, referenced, null);
            if (Boolean.TRUE.equals(r.retryable()) && label != null) {
                blocked.add(label);
            }
            return r;
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "sync event %d from device %s failed", index, shift.deviceSerial());
            if (label != null) {
                blocked.add(label);
            }
            return unprocessed(index, node, "server-error", "the server could not process this event; it was not recorded: send it again later");
        }
    }

    /**
     * One event. Alone ({@code chunk} null) every write has a transaction of its own and a refusal by the custody
     * rules is recorded and answered; in a chunk everything happens in the chunk's transaction, with its look-ups,
     * and such a refusal propagates (the chunk is then rolled back and this event applied again alone).
     */
    SyncResult one(MobileSession.Shift shift, int index, JsonNode node, Set<String> referenced, SyncChunk chunk) {
        if (node == null || !node.isObject()) {
            return malformed(shift, index, node, null, "an event is a JSON object", chunk);
        }
        if (node.toString().contains("\\u0000")) {
            // PostgreSQL cannot store NUL in text: refuse without recording (nothing a scanner sends has one)
            return malformed(shift, index, node, null, "the event contains a NUL character (\\u0000)", chunk);
        }
        SyncEvent e;
        try {
            e = json.treeToValue(node, SyncEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            return malformed(shift, index, node, idOf(node), "the event could not be read: " + firstLine(ex.getMessage()), chunk);
        }
        if (e.clientEventId() == null) {
            return malformed(shift, index, node, null, "clientEventId is missing: the handheld must give every scan a UUID", chunk);
        }
        if (e.photoSha256() != null) {
            e.photoSha256().stream().filter(h -> h != null && PhotoService.SHA256.matcher(h).matches()).forEach(referenced::add);
        }
        SyncResult earlier = inTransaction(chunk, () -> recorded(shift, index, e, chunk));
        if (earlier != null) {
            return earlier;
        }
        String invalid = violations(e);
        if (invalid != null) {
            return refuse(shift, index, e, node, Outcome.REJECTED, "invalid-event", invalid, null, null, List.of(), chunk);
        }
        String labelId = normalizeLabel(e.labelId());
        if (chunk != null) {
            return apply(shift, index, e, node, labelId, chunk); // recorded() above: the event's lock is held in this transaction
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> apply(shift, index, e, node, labelId, null));
        } catch (ProblemException p) {
            Problem problem = p.problem();
            String slug = problem.type.substring(problem.type.lastIndexOf('/') + 1);
            boolean conflict = "illegal-transition".equals(slug) || "stale-version".equals(slug);
            Object state = problem.extensions().get("currentState");
            Object version = problem.extensions().get("currentVersion");
            return refuse(shift, index, e, node, conflict ? Outcome.CONFLICT : Outcome.REJECTED, slug, problem.detail,
                    state == null ? null : String.valueOf(state), version instanceof Number n ? n.intValue() : currentVersion(labelId, conflict),
                    List.of(), null);
        }
    }

    /** Runs {@code work} in a new transaction of its own (no chunk) or in the chunk's. */
    private static <T> T inTransaction(SyncChunk chunk, java.util.function.Supplier<T> work) {
        return chunk == null ? QuarkusTransaction.requiringNew().call(work::get) : work.get();
    }

    /**
     * The first answer to this client event id, as a DUPLICATE; or null when it is new. Takes the event's lock for
     * the transaction (a chunk took it with its look-ups).
     */
    private SyncResult recorded(MobileSession.Shift shift, int index, SyncEvent e, SyncChunk chunk) {
        Object[] row;
        if (chunk != null && chunk.holds(e.clientEventId())) {
            row = chunk.recorded(e.clientEventId());
        } else {
            lock(e.clientEventId());
            // A resend from another device of the same organisation (the queue moved to a spare handheld) is a duplicate too.
            row = (Object[]) em.createNativeQuery("SELECT (d.owner_party_id = (SELECT owner_party_id FROM device WHERE id = ?2)),"
                            + " de.outcome, de.result::text FROM device_event de JOIN device d ON d.id = de.device_id WHERE de.client_event_id = ?1")
                    .setParameter(1, e.clientEventId()).setParameter(2, shift.deviceId()).getResultStream().findFirst().orElse(null);
        }
        if (row == null) {
            return null;
        }
        if (!Boolean.TRUE.equals(row[0])) {
            return new SyncResult(index, e.clientEventId(), e.labelId(), e.type(), Outcome.REJECTED, null, null, null, null, null, null,
                    "client-event-id-reused", "a device of another organisation already sent an event with clientEventId " + e.clientEventId()
                    + ": generate a new UUID for every scan", null, null, null);
        }
        try {
            SyncResult first = json.readValue((String) row[2], SyncResult.class);
            return new SyncResult(index, first.clientEventId(), first.labelId(), first.type(), Outcome.DUPLICATE, first.result(),
                    first.state(), first.version(), first.eventSeq(), first.serverTime(), first.clockFlags(), first.reason(), first.detail(),
                    first.currentState(), first.currentVersion(), null);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored sync result of " + e.clientEventId() + " is unreadable", ex);
        }
    }

    /**
     * Applies the event as a custody command. Alone ({@code chunk} null) it looks for a concurrent copy first,
     * taking the event's lock; in a chunk, {@link #recorded} did that already.
     */
    private SyncResult apply(MobileSession.Shift shift, int index, SyncEvent e, JsonNode node, String labelId, SyncChunk chunk) {
        SyncResult earlier = chunk == null ? recorded(shift, index, e, null) : null;
        if (earlier != null) {
            return earlier; // a concurrent copy of this event got there first
        }
        // Lock the container first; then, in a statement of its own (a fresh snapshot that sees whatever the
        // previous holder of the lock committed), read the container's previous event for the clock check. A chunk
        // did both for all its containers at its start and keeps the times of the events it appends.
        Instant previous;
        if (chunk != null && chunk.holdsContainer(labelId)) {
            previous = chunk.lastEventAt(labelId);
        } else {
            Number containerId = (Number) em.createNativeQuery("SELECT id FROM container WHERE label_id = ?1 FOR UPDATE")
                    .setParameter(1, labelId).getResultStream().findFirst().orElse(null);
            previous = containerId == null ? null : SqlValues.instant(em.createNativeQuery("SELECT coalesce(client_time, server_time)"
                            + " FROM custody_event WHERE container_id = ?1 ORDER BY seq DESC LIMIT 1")
                    .setParameter(1, containerId.longValue()).getResultStream().findFirst().orElse(null));
        }
        List<ClockFlag> flags = clockFlags(e.clientTime(), previous);
        EventLog.Context ctx = new EventLog.Context(shift.deviceSerial(), e.clientTime(), e.latitude(), e.longitude(),
                e.photoSha256() == null ? List.of() : e.photoSha256(), blankToNull(e.note()), flags.stream().map(Enum::name).toList());
        CustodyDtos.Scan scan = null;
        ContainerView after = switch (e.type()) {
            case COLLECT -> custody.collect(labelId, new CustodyDtos.Collect(e.clientEventId(), need(e.manifestNumber(), "manifestNumber", e),
                    need(e.weightKg(), "weightKg", e), e.vehicleId(), e.expectedVersion(), scan), ctx);
            case STORE -> custody.store(labelId, new CustodyDtos.Store(e.clientEventId(), need(e.storagePointId(), "storagePointId", e),
                    need(e.weightKg(), "weightKg", e), e.expectedVersion(), scan), ctx);
            case LOAD -> custody.load(need(e.transferNumber(), "transferNumber", e),
                    new CustodyDtos.Load(e.clientEventId(), labelId, e.expectedVersion(), scan), ctx);
            case RECEIVE -> custody.receive(labelId, new CustodyDtos.Receive(e.clientEventId(), need(e.transferNumber(), "transferNumber", e),
                    need(e.weightKg(), "weightKg", e), need(e.acceptance(), "acceptance", e), e.refusedKg(), e.reason(),
                    e.expectedVersion(), scan), ctx);
        };
        Object[] event = (Object[]) em.createNativeQuery("SELECT ev.id, ev.seq, ev.server_time FROM custody_event ev JOIN container c"
                        + " ON c.id = ev.container_id WHERE ev.command_id = ?1 AND c.label_id = ?2")
                .setParameter(1, e.clientEventId()).setParameter(2, labelId).getSingleResult();
        SyncResult result = new SyncResult(index, e.clientEventId(), after.labelId(), e.type(), Outcome.APPLIED, null, after.state(),
                after.version(), ((Number) event[1]).intValue(), SqlValues.instant(event[2]), flags.isEmpty() ? null : flags,
                null, null, null, null, null);
        record(shift, e, node, labelId, Outcome.APPLIED, null, ((Number) event[0]).longValue(), flags, result, chunk);
        if (chunk != null && chunk.holdsContainer(labelId)) {
            chunk.appended(labelId, e.clientTime().truncatedTo(ChronoUnit.MICROS));
        }
        return result;
    }

    /** Records a refused event (alone: in a transaction of its own, the command's was rolled back) and answers it. */
    private SyncResult refuse(MobileSession.Shift shift, int index, SyncEvent e, JsonNode node, Outcome outcome, String reason,
                              String detail, String currentState, Integer currentVersion, List<ClockFlag> flags, SyncChunk chunk) {
        SyncResult result = new SyncResult(index, e.clientEventId(), e.labelId(), e.type(), outcome, null, null, null, null, null,
                flags.isEmpty() ? null : flags, reason, detail, currentState, currentVersion, null);
        String labelId = e.labelId() == null ? "" : normalizeLabel(e.labelId());
        return inTransaction(chunk, () -> {
            SyncResult earlier = recorded(shift, index, e, chunk);
            if (earlier != null) {
                return earlier; // a concurrent copy of this event got there first
            }
            record(shift, e, node, labelId, outcome, reason, null, flags, result, chunk);
            return result;
        });
    }

    private void record(MobileSession.Shift shift, SyncEvent e, JsonNode node, String labelId, Outcome outcome, String reason,
                        Long custodyEventId, List<ClockFlag> flags, SyncResult result, SyncChunk chunk) {
        try {
            String answer = json.writeValueAsString(result);
            em.createNativeQuery("INSERT INTO device_event (client_event_id, device_id, session_id, user_id, label_id, type, client_time,"
                            + " payload, outcome, reason, custody_event_id, clock_flags, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                            + " CAST(?8 AS jsonb), ?9, ?10, ?11, string_to_array(?12, ',')::varchar[], CAST(?13 AS jsonb))")
                    .setParameter(1, e.clientEventId()).setParameter(2, shift.deviceId()).setParameter(3, shift.sessionId())
                    .setParameter(4, current.userId()).setParameter(5, labelId == null || labelId.isEmpty() ? null : labelId)
                    .setParameter(6, e.type() == null ? null : e.type().name())
                    .setParameter(7, e.clientTime() == null || !plausible(e.clientTime()) ? null : e.clientTime().truncatedTo(ChronoUnit.MICROS))
                    .setParameter(8, json.writeValueAsString(node)).setParameter(9, outcome.name()).setParameter(10, reason)
                    .setParameter(11, custodyEventId)
                    .setParameter(12, flags.stream().map(Enum::name).collect(Collectors.joining(",")))
                    .setParameter(13, answer).executeUpdate();
            if (chunk != null) {
                chunk.recordedHere(e.clientEventId(), outcome.name(), answer);
            }
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Serialises work on one client event id (two copies of a batch sent at once wait for each other). */
    private void lock(UUID clientEventId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, lockKey(clientEventId)).getSingleResult();
    }

    /** The advisory lock key of a client event id. */
    static long lockKey(UUID clientEventId) {
        return clientEventId.getMostSignificantBits() ^ clientEventId.getLeastSignificantBits();
    }

    List<ClockFlag> clockFlags(Instant clientTime, Instant previous) {
        List<ClockFlag> flags = new ArrayList<>(2);
        if (clientTime.isAfter(Instant.now().plusSeconds(config.mobile().clockSkewSeconds()))) {
            flags.add(ClockFlag.CLIENT_TIME_IN_FUTURE);
        }
        if (previous != null && clientTime.isBefore(previous)) {
            flags.add(ClockFlag.CLIENT_TIME_BEFORE_PREVIOUS_EVENT);
        }
        return flags;
    }

    private Integer currentVersion(String labelId, boolean conflict) {
        if (!conflict) {
            return null;
        }
        return cn.hazchain.container.Container.byLabelId(labelId).map(c -> c.version).orElse(null);
    }

    private String violations(SyncEvent e) {
        Set<ConstraintViolation<SyncEvent>> v = validator.validate(e);
        List<String> problems = new ArrayList<>(v.stream().map(x -> x.getPropertyPath() + " " + x.getMessage()).sorted().toList());
        if (e.clientTime() != null && !plausible(e.clientTime())) {
            problems.add("clientTime " + e.clientTime() + " is not a plausible time (between " + EARLIEST + " and a year from now): check the handheld's clock");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static boolean plausible(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(Instant.now().plus(366, ChronoUnit.DAYS));
    }

    @SuppressWarnings("unchecked")
    private static <T> T need(T value, String field, SyncEvent e) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw ProblemException.unprocessable("invalid-event", field + " is required for a " + e.type() + " event");
        }
        return value instanceof String s ? (T) s.strip() : value;
    }

    /**
     * An event that cannot be read as a SyncEvent. When its clientEventId can be read, it is kept (as sent) with
     * its answer, like any refused event; otherwise it is only answered.
     */
    private SyncResult malformed(MobileSession.Shift shift, int index, JsonNode node, UUID clientEventId, String detail, SyncChunk chunk) {
        JsonNode label = node == null ? null : node.get("labelId");
        String labelId = label != null && label.isTextual() && label.asText().length() <= 40 ? label.asText() : null;
        EventType type = null;
        if (node != null && node.path("type").isTextual()) {
            try {
                type = EventType.valueOf(node.path("type").asText());
            } catch (IllegalArgumentException ignored) {
                // stays null
            }
        }
        if (clientEventId == null) {
            return new SyncResult(index, idOf(node), labelId, type, Outcome.REJECTED, null, null, null, null, null, null,
                    "malformed-event", detail, null, null, null);
        }
        SyncEvent partial = new SyncEvent(clientEventId, type, labelId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        SyncResult earlier = inTransaction(chunk, () -> recorded(shift, index, partial, chunk));
        return earlier != null ? earlier : refuse(shift, index, partial, node, Outcome.REJECTED, "malformed-event", detail, null, null,
                List.of(), chunk);
    }

    /** Answered, not recorded, to be sent again: the server could not take it now. */
    private static SyncResult unprocessed(int index, JsonNode node, String reason, String detail) {
        JsonNode label = node == null ? null : node.get("labelId");
        return new SyncResult(index, idOf(node), label != null && label.isTextual() ? label.asText() : null, null, Outcome.REJECTED,
                null, null, null, null, null, null, reason, detail, null, null, true);
    }

    static UUID idOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("clientEventId");
        try {
            return id == null || !id.isTextual() ? null : UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String normalizeLabel(String labelId) {
        return labelId.strip().toUpperCase(java.util.Locale.ROOT);
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
