package cn.hazchain.mobile;

import cn.hazchain.common.SqlValues;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a chunk of a sync request looks up once instead of once per event, in the chunk's transaction before its
 * first event: the locks on its client event ids (taken in key order) and the answers already recorded for them;
 * the locks on the containers of its events not recorded yet (taken in id order) and, read after them, each such
 * container's last custody event time for the clock check. As the chunk's events are applied, it records their answers and event times, so a later
 * event of the chunk sees them as it would have seen them in the database.
 */
final class SyncChunk {

    private static final Pattern LABEL = Pattern.compile("[0-9A-Z]{1,64}");

    /** Client event ids whose advisory lock this transaction holds. */
    private final Set<UUID> locked = new LinkedHashSet<>();
    /** The stored answer of each locked id that has one: same organisation?, outcome, answer (JSON). */
    private final Map<UUID, Object[]> recorded = new HashMap<>();
    /** Container id by normalized label ID, for the containers this transaction locked. */
    private final Map<String, Long> containers = new HashMap<>();
    /** Time (client time, else server time) of each locked container's last custody event; absent: none yet. */
    private final Map<Long, Instant> lastEventAt = new HashMap<>();

    private SyncChunk() {
    }

    /** Takes the chunk's locks and reads what its events will need. */
    static SyncChunk lookUp(EntityManager em, long deviceId, List<JsonNode> events) {
        SyncChunk chunk = new SyncChunk();
        Set<UUID> ids = new LinkedHashSet<>();
        for (JsonNode node : events) {
            UUID id = SyncService.idOf(node);
            if (id != null) {
                ids.add(id);
            }
        }
        if (!ids.isEmpty()) {
            String keys = ids.stream().map(id -> Long.toString(SyncService.lockKey(id))).collect(Collectors.joining(","));
            em.createNativeQuery("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT k FROM unnest(string_to_array(?1, ',')::bigint[]) k"
                    + " ORDER BY k) s").setParameter(1, keys).getResultList();
            chunk.locked.addAll(ids);
            String list = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT de.client_event_id::text, (d.owner_party_id = (SELECT owner_party_id FROM device"
                            + " WHERE id = ?2)), de.outcome, de.result::text FROM device_event de JOIN device d ON d.id = de.device_id"
                            + " WHERE de.client_event_id = ANY(string_to_array(?1, ',')::uuid[])")
                    .setParameter(1, list).setParameter(2, deviceId).getResultList();
            for (Object[] r : rows) {
                chunk.recorded.put(UUID.fromString((String) r[0]), new Object[] {r[1], r[2], r[3]});
            }
        }
        // the containers of the events not sent before (a resent batch locks none)
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode node : events) {
            UUID id = SyncService.idOf(node);
            if ((id == null || !chunk.recorded.containsKey(id)) && node != null && node.path("labelId").isTextual()) {
                String label = SyncService.normalizeLabel(node.path("labelId").asText());
                if (LABEL.matcher(label).matches()) {
                    labels.add(label);
                }
            }
        }
        if (!labels.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT id, label_id FROM container WHERE label_id = ANY(string_to_array(?1, ',')::bpchar[])"
                    + " ORDER BY id FOR UPDATE").setParameter(1, String.join(",", labels)).getResultList();
            for (Object[] r : rows) {
                chunk.containers.put(((String) r[1]).strip(), ((Number) r[0]).longValue());
            }
            if (!chunk.containers.isEmpty()) {
                // a statement of its own, after the locks: it sees whatever the previous holders of the locks committed
                String containerIds = chunk.containers.values().stream().map(v -> Long.toString(v)).collect(Collectors.joining(","));
                @SuppressWarnings("unchecked")
                List<Object[]> last = em.createNativeQuery("SELECT DISTINCT ON (container_id) container_id, coalesce(client_time, server_time)"
                        + " FROM custody_event WHERE container_id = ANY(string_to_array(?1, ',')::bigint[]) ORDER BY container_id, seq DESC")
                        .setParameter(1, containerIds).getResultList();
                for (Object[] r : last) {
                    chunk.lastEventAt.put(((Number) r[0]).longValue(), SqlValues.instant(r[1]));
                }
            }
        }
        return chunk;
    }

    /** Whether this transaction holds the lock of {@code id}: then {@link #recorded} knows its answer, if any. */
    boolean holds(UUID id) {
        return locked.contains(id);
    }

    /** The stored answer of a held id (same organisation?, outcome, answer JSON), or null when it has none. */
    Object[] recorded(UUID id) {
        return recorded.get(id);
    }

    /** An answer recorded in this transaction (its lock is held: the event's first lookup took it). */
    void recordedHere(UUID id, String outcome, String resultJson) {
        locked.add(id);
        recorded.put(id, new Object[] {Boolean.TRUE, outcome, resultJson});
    }

    /** Whether this transaction locked the container with this (normalized) label ID. */
    boolean holdsContainer(String labelId) {
        return containers.containsKey(labelId);
    }

    /** Time of the last custody event of a container this transaction locked, or null when it has none. */
    Instant lastEventAt(String labelId) {
        return lastEventAt.get(containers.get(labelId));
    }

    /** A custody event of a locked container was appended in this transaction. */
    void appended(String labelId, Instant at) {
        lastEventAt.put(containers.get(labelId), at);
    }
}
