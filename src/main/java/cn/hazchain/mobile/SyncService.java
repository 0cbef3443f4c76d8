package cn.hazchain.mobile;

import cn.hazchain.account.CurrentUser;
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
 * Applies events a handheld recorded offline. Each event is answered on its own and in its own transaction, in
 * the order sent (so per container in the order recorded): APPLIED, DUPLICATE (sent before: the first answer is
 * repeated and nothing changes), REJECTED (with a reason) or CONFLICT (the container is no longer where the
 * handheld thought: with its current state). Every event received is kept in {@code device_event} with its
 * answer, so a resent batch changes nothing and no field record is lost, even a refused one. Client time is kept
 * as sent; an event dated in the future or before the container's previous event is flagged, never reordered.
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
        List<SyncResult> results = new ArrayList<>(events.size());
        Set<String> referenced = new LinkedHashSet<>();
        Set<String> blocked = new java.util.HashSet<>();
        int[] counts = new int[Outcome.values().length];
        String ended = null;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0 && i % SESSION_RECHECK_EVERY == 0 && ended == null) {
                ended = sessions.refusal(shift.sessionId().toString()); // revoked while this batch was being applied?
            }
            SyncResult r = ended != null ? unprocessed(i, events.get(i), "session-ended", ended + ": sign in again and resend")
                    : safely(shift, i, events.get(i), referenced, blocked);
            results.add(r);
            counts[r.result().ordinal()]++;
        }
        QuarkusTransaction.requiringNew().run(() -> devices.touch(shift.deviceId()));
        List<String> missing = photos.missing(referenced);
        return new MobileDtos.SyncResponse(events.size(), new MobileDtos.SyncCounts(counts[Outcome.APPLIED.ordinal()],
                counts[Outcome.DUPLICATE.ordinal()], counts[Outcome.REJECTED.ordinal()], counts[Outcome.CONFLICT.ordinal()]),
                results, missing, Instant.now());
    }

    // ---- one event -----------------------------------------------------------------------------------------------

    /**
     * One event, never throwing: a failure of the server's own is answered as retryable and not recorded, and
     * later events of the same container in this batch wait for it (they are answered retryable too), so the
     * container's events are never applied out of the order they were recorded.
     */
    SyncResult safely(MobileSession.Shift shift, int index, JsonNode node, Set<String> referenced, Set<String> blocked) {
        String label = node != null && node.path("labelId").isTextual() ? normalizeLabel(node.path("labelId").asText()) : null;
        if (label != null && blocked.contains(label)) {
            return unprocessed(index, node, "blocked-by-earlier-event",
                    "an earlier event of this container in the batch could not be processed; send both again later");
        }
        try {
            SyncResult r = one(shift, index, node, referenced);
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

    SyncResult one(MobileSession.Shift shift, int index, JsonNode node, Set<String> referenced) {
        if (node == null || !node.isObject()) {
            return malformed(shift, index, node, null, "an event is a JSON object");
        }
        if (node.toString().contains("\\u0000")) {
            // PostgreSQL cannot store NUL in text: refuse without recording (nothing a scanner sends has one)
            return malformed(shift, index, node, null, "the event contains a NUL character (\\u0000)");
        }
        SyncEvent e;
        try {
            e = json.treeToValue(node, SyncEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            return malformed(shift, index, node, idOf(node), "the event could not be read: " + firstLine(ex.getMessage()));
        }
        if (e.clientEventId() == null) {
            return malformed(shift, index, node, null, "clientEventId is missing: the handheld must give every scan a UUID");
        }
        if (e.photoSha256() != null) {
            e.photoSha256().stream().filter(h -> h != null && PhotoService.SHA256.matcher(h).matches()).forEach(referenced::add);
        }
        SyncResult earlier = QuarkusTransaction.requiringNew().call(() -> recorded(shift, index, e));
        if (earlier != null) {
            return earlier;
        }
        String invalid = violations(e);
        if (invalid != null) {
            return refuse(shift, index, e, node, Outcome.REJECTED, "invalid-event", invalid, null, null, List.of());
        }
        String labelId = normalizeLabel(e.labelId());
        try {
            return QuarkusTransaction.requiringNew().call(() -> apply(shift, index, e, node, labelId));
        } catch (ProblemException p) {
            Problem problem = p.problem();
            String slug = problem.type.substring(problem.type.lastIndexOf('/') + 1);
            boolean conflict = "illegal-transition".equals(slug) || "stale-version".equals(slug);
            Object state = problem.extensions().get("currentState");
            Object version = problem.extensions().get("currentVersion");
            return refuse(shift, index, e, node, conflict ? Outcome.CONFLICT : Outcome.REJECTED, slug, problem.detail,
                    state == null ? null : String.valueOf(state), version instanceof Number n ? n.intValue() : currentVersion(labelId, conflict),
                    List.of());
        }
    }

    /** The first answer to this client event id, as a DUPLICATE; or null when it is new. */
    private SyncResult recorded(MobileSession.Shift shift, int index, SyncEvent e) {
        lock(e.clientEventId());
        // A resend from another device of the same organisation (the queue moved to a spare handheld) is a duplicate too.
        Object[] row = (Object[]) em.createNativeQuery("SELECT (d.owner_party_id = (SELECT owner_party_id FROM device WHERE id = ?2)),"
                        + " de.outcome, de.result::text FROM device_event de JOIN device d ON d.id = de.device_id WHERE de.client_event_id = ?1")
                .setParameter(1, e.clientEventId()).setParameter(2, shift.deviceId()).getResultStream().findFirst().orElse(null);
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

    private SyncResult apply(MobileSession.Shift shift, int index, SyncEvent e, JsonNode node, String labelId) {
        SyncResult earlier = recorded(shift, index, e); // takes the event's lock for this transaction
        if (earlier != null) {
            return earlier; // a concurrent copy of this event got there first
        }
        // Lock the container first; then, in a statement of its own (a fresh snapshot that sees whatever the
        // previous holder of the lock committed), read the container's previous event for the clock check.
        Number containerId = (Number) em.createNativeQuery("SELECT id FROM container WHERE label_id = ?1 FOR UPDATE")
                .setParameter(1, labelId).getResultStream().findFirst().orElse(null);
        Object previous = containerId == null ? null : em.createNativeQuery("SELECT coalesce(client_time, server_time) FROM custody_event"
                        + " WHERE container_id = ?1 ORDER BY seq DESC LIMIT 1")
                .setParameter(1, containerId.longValue()).getResultStream().findFirst().orElse(null);
        List<ClockFlag> flags = clockFlags(e.clientTime(), SqlValues.instant(previous));
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
        record(shift, e, node, labelId, Outcome.APPLIED, null, ((Number) event[0]).longValue(), flags, result);
        return result;
    }

    /** Records a refused event (its own transaction: the command's was rolled back) and answers it. */
    private SyncResult refuse(MobileSession.Shift shift, int index, SyncEvent e, JsonNode node, Outcome outcome, String reason,
                              String detail, String currentState, Integer currentVersion, List<ClockFlag> flags) {
        SyncResult result = new SyncResult(index, e.clientEventId(), e.labelId(), e.type(), outcome, null, null, null, null, null,
                flags.isEmpty() ? null : flags, reason, detail, currentState, currentVersion, null);
        String labelId = e.labelId() == null ? "" : normalizeLabel(e.labelId());
        return QuarkusTransaction.requiringNew().call(() -> {
            SyncResult earlier = recorded(shift, index, e);
            if (earlier != null) {
                return earlier; // a concurrent copy of this event got there first
            }
            record(shift, e, node, labelId, outcome, reason, null, flags, result);
            return result;
        });
    }

    private void record(MobileSession.Shift shift, SyncEvent e, JsonNode node, String labelId, Outcome outcome, String reason,
                        Long custodyEventId, List<ClockFlag> flags, SyncResult result) {
        try {
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
                    .setParameter(13, json.writeValueAsString(result)).executeUpdate();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Serialises work on one client event id (two copies of a batch sent at once wait for each other). */
    private void lock(UUID clientEventId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, clientEventId.getMostSignificantBits() ^ clientEventId.getLeastSignificantBits()).getSingleResult();
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
    private SyncResult malformed(MobileSession.Shift shift, int index, JsonNode node, UUID clientEventId, String detail) {
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
        SyncResult earlier = QuarkusTransaction.requiringNew().call(() -> recorded(shift, index, partial));
        return earlier != null ? earlier : refuse(shift, index, partial, node, Outcome.REJECTED, "malformed-event", detail, null, null, List.of());
    }

    /** Answered, not recorded, to be sent again: the server could not take it now. */
    private static SyncResult unprocessed(int index, JsonNode node, String reason, String detail) {
        JsonNode label = node == null ? null : node.get("labelId");
        return new SyncResult(index, idOf(node), label != null && label.isTextual() ? label.asText() : null, null, Outcome.REJECTED,
                null, null, null, null, null, null, reason, detail, null, null, true);
    }

    private static UUID idOf(JsonNode node) {
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
