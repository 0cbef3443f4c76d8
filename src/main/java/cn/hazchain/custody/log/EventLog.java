package cn.hazchain.custody.log;

import cn.hazchain.common.Jdbc;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Appends custody events, many at a time. {@link #row} makes an event's row and hashes it (version
 * {@value StoredEvent#CURRENT_VERSION}), given its container's next sequence number and previous hash: the caller
 * holds the container locks and knows the heads, also of events it made earlier in the same unit of work.
 * {@link #insert} takes their ids from the sequence in one statement and writes them with one multi-row INSERT.
 */
@ApplicationScoped
public class EventLog {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** An event to append: its place in its container's chain, the command and actor, the scan context, the event. */
    public record NewEvent(long containerId, int seq, String prevHash, ContainerState from, UUID commandId, long manifestId,
                           long generatorPartyId, long actorUserId, long actorPartyId, Context context, CustodyEvent event) {
    }

    /** The row a new event will be, with its hash (id 0 until appended); the server time is now. */
    public static StoredEvent row(NewEvent e, Instant serverTime) {
        Context c = e.context() == null ? Context.NONE : e.context();
        CustodyEvent ev = e.event();
        BigDecimal weight = ev.weightKg() == null ? null : ev.weightKg().setScale(2, RoundingMode.UNNECESSARY);
        StoredEvent row = new StoredEvent(0, StoredEvent.CURRENT_VERSION, e.containerId(), e.seq(), ev.type().name(),
                e.from() == null ? null : e.from().name(),
                (ev.to() != null ? ev.to() : e.from()).name(), e.commandId(), e.manifestId(), ev.lotId(), ev.transferId(),
                e.generatorPartyId(), ev.storagePointId(), e.actorUserId(), e.actorPartyId(), c.deviceId(),
                c.clientTime() == null ? null : c.clientTime().truncatedTo(ChronoUnit.MICROS), serverTime.truncatedTo(ChronoUnit.MICROS),
                c.latitude(), c.longitude(), weight, ev.weightDeviation(), c.photoSha256(), c.note(), null, ev.facts(), c.clockFlags(),
                e.prevHash(), null);
        return row.withHash(EventHash.of(row));
    }

    /**
     * Writes rows made by {@link #row} (hashed and chained by the caller), in order; answers them with their ids.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> insert(List<StoredEvent> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return Jdbc.work(em, c -> {
            List<Long> ids = new ArrayList<>(rows.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('custody_event_id_seq') FROM generate_series(1, ?)")) {
                ps.setInt(1, rows.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<StoredEvent> stored = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                StoredEvent r = rows.get(i);
                stored.add(new StoredEvent(ids.get(i), r.hashVersion(), r.containerId(), r.seq(), r.type(), r.fromState(), r.toState(),
                        r.commandId(), r.manifestId(), r.lotId(), r.transferId(), r.generatorPartyId(), r.storagePointId(), r.actorUserId(),
                        r.actorPartyId(), r.deviceId(), r.clientTime(), r.serverTime(), r.latitude(), r.longitude(), r.weightKg(),
                        r.weightDeviation(), r.photoSha256(), r.note(), r.details(), r.facts(), r.clockFlags(), r.prevHash(), r.hash()));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_event (id, hash_version, container_id, seq, type, from_state,"
                    + " to_state, command_id, manifest_id, lot_id, transfer_id, generator_party_id, storage_point_id, actor_user_id,"
                    + " actor_party_id, device_id, client_time, server_time, latitude, longitude, weight_kg, weight_deviation, photo_sha256,"
                    + " note, facts, clock_flags, prev_hash, hash)"
                    + " SELECT id, 2, container_id, seq, type, from_state, to_state, command_id, manifest_id, lot_id, transfer_id, generator_party_id,"
                    + " storage_point_id, actor_user_id, actor_party_id, device_id, client_time, server_time, latitude, longitude, weight_kg,"
                    + " weight_deviation, string_to_array(photos, ',')::varchar[], note, facts, string_to_array(flags, ',')::varchar[],"
                    + " prev_hash, hash FROM unnest(?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::bigint[],"
                    + " ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::timestamptz[],"
                    + " ?::timestamptz[], ?::float8[], ?::float8[], ?::numeric[], ?::boolean[], ?::text[], ?::text[], ?::jsonb[], ?::text[],"
                    + " ?::text[], ?::text[])"
                    + " AS v(id, container_id, seq, type, from_state, to_state, command_id, manifest_id, lot_id, transfer_id, generator_party_id,"
                    + " storage_point_id, actor_user_id, actor_party_id, device_id, client_time, server_time, latitude, longitude, weight_kg,"
                    + " weight_deviation, photos, note, facts, flags, prev_hash, hash)")) {
                Jdbc.bindTexts(ps, List.of(col(stored, StoredEvent::id), col(stored, StoredEvent::containerId), col(stored, StoredEvent::seq),
                        col(stored, StoredEvent::type), col(stored, StoredEvent::fromState), col(stored, StoredEvent::toState),
                        col(stored, StoredEvent::commandId), col(stored, StoredEvent::manifestId), col(stored, StoredEvent::lotId),
                        col(stored, StoredEvent::transferId), col(stored, StoredEvent::generatorPartyId), col(stored, StoredEvent::storagePointId),
                        col(stored, StoredEvent::actorUserId), col(stored, StoredEvent::actorPartyId), col(stored, StoredEvent::deviceId),
                        col(stored, StoredEvent::clientTime), col(stored, StoredEvent::serverTime), col(stored, StoredEvent::latitude),
                        col(stored, StoredEvent::longitude), col(stored, StoredEvent::weightKg), col(stored, StoredEvent::weightDeviation),
                        col(stored, r -> String.join(",", r.photoSha256())), col(stored, StoredEvent::note), col(stored, r -> facts(r)),
                        col(stored, r -> String.join(",", r.clockFlags())), col(stored, StoredEvent::prevHash), col(stored, StoredEvent::hash)));
                ps.executeUpdate();
            }
            return stored;
        });
    }

    private String facts(StoredEvent r) {
        try {
            return json.writeValueAsString(r.facts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> col(List<StoredEvent> rows, Function<StoredEvent, Object> f) {
        List<Object> out = new ArrayList<>(rows.size());
        for (StoredEvent r : rows) {
            out.add(f.apply(r));
        }
        return out;
    }
}
