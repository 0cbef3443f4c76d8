package cn.hazchain.custody;

import cn.hazchain.common.Jdbc;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyRules;
import cn.hazchain.custody.domain.PickupConfirmation;
import cn.hazchain.custody.log.AuditService;
import cn.hazchain.custody.log.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The container rows of a unit of work, with plain SQL: locked and read as {@link ContainerSnapshot}s with the head
 * of each one's event chain, and written back, all changed containers in one UPDATE.
 */
@ApplicationScoped
public class ContainerStore {

    @Inject
    EntityManager em;

    /**
     * The last event of a container's chain: its sequence, hash, and time (the device's, else the server's; null
     * after the label's issue, which a device's clock is not compared with).
     */
    public record Head(int seq, String hash, Instant at) {
        public static final Head NONE = new Head(0, null, null);
    }

    /** Locked snapshots and chain heads, by container id. */
    public record Locked(Map<Long, ContainerSnapshot> containers, Map<Long, Head> heads) {
    }

    public static final String COLUMNS = "c.id, c.label_id, c.manifest_id, c.generator_party_id, c.waste_code, c.estimated_weight_kg, c.state, c.version,"
            + " c.custodian_party_id, c.storage_point_id, c.last_storage_point_id, c.lot_id, c.transfer_id, c.last_weight_kg,"
            + " c.collected_weight_kg, c.received_weight_kg, c.refused_weight_kg, c.acceptance, c.disposal_method, c.weight_flag, c.last_event_at,"
            + " c.pickup_confirmation";

    /**
     * Locks the containers (in id order, so two units of work never wait on each other in opposite orders), then, in
     * statements of their own (fresh snapshots that see what the previous holders of the locks committed), reads them
     * and the heads of their chains.
     */
    public Locked lock(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return new Locked(Map.of(), Map.of());
        }
        return Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM container WHERE id = ANY (?::bigint[]) ORDER BY id FOR UPDATE")) {
                ps.setArray(1, Jdbc.texts(c, ids));
                ps.executeQuery().close();
            }
            Map<Long, ContainerSnapshot> containers = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM container c WHERE c.id = ANY (?::bigint[]) ORDER BY c.id")) {
                ps.setArray(1, Jdbc.texts(c, ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ContainerSnapshot s = snapshot(rs);
                        containers.put(s.id(), s);
                    }
                }
            }
            Map<Long, Head> heads = new LinkedHashMap<>();
            // the time a next scan's clock is checked against; none after the label's issue (a server's time, not a device's)
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (container_id) container_id, seq, hash,"
                    + " CASE WHEN type = 'LABEL_ISSUED' THEN NULL ELSE coalesce(client_time, server_time) END"
                    + " FROM custody_event WHERE container_id = ANY (?::bigint[]) ORDER BY container_id, seq DESC")) {
                ps.setArray(1, Jdbc.texts(c, ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime at = rs.getObject(4, OffsetDateTime.class);
                        heads.put(rs.getLong(1), new Head(rs.getInt(2), rs.getString(3).strip(), at == null ? null : at.toInstant()));
                    }
                }
            }
            return new Locked(containers, heads);
        });
    }

    /** Writes the containers' custody columns (as {@code evolve} left them) with one UPDATE, changed at {@code at}. */
    public void update(Collection<ContainerSnapshot> changed, Instant at) {
        if (changed.isEmpty()) {
            return;
        }
        List<ContainerSnapshot> rows = new ArrayList<>(changed);
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE container c SET state = v.state, version = v.version,"
                    + " custodian_party_id = v.custodian, storage_point_id = v.point, last_storage_point_id = v.last_point, lot_id = v.lot,"
                    + " transfer_id = v.transfer, last_weight_kg = v.last_kg, collected_weight_kg = v.collected_kg,"
                    + " received_weight_kg = v.received_kg, refused_weight_kg = v.refused_kg, acceptance = v.acceptance,"
                    + " disposal_method = v.method, weight_flag = v.flag, last_event_at = v.at, updated_at = ?,"
                    + " pickup_confirmation = v.confirmation, waste_code = v.code"
                    + " FROM unnest(?::bigint[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
                    + " ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[], ?::text[], ?::text[])"
                    + " AS v(id, state, version, custodian, point, last_point, lot, transfer, last_kg, collected_kg, received_kg, refused_kg,"
                    + " acceptance, method, flag, at, confirmation, code) WHERE c.id = v.id")) {
                ps.setObject(1, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
                Jdbc.bindTexts(ps, 2, List.of(col(rows, ContainerSnapshot::id), col(rows, ContainerSnapshot::state), col(rows, ContainerSnapshot::version),
                        col(rows, ContainerSnapshot::custodianPartyId), col(rows, ContainerSnapshot::storagePointId),
                        col(rows, ContainerSnapshot::lastStoragePointId), col(rows, ContainerSnapshot::lotId), col(rows, ContainerSnapshot::transferId),
                        col(rows, ContainerSnapshot::lastWeightKg), col(rows, ContainerSnapshot::collectedKg), col(rows, ContainerSnapshot::receivedKg),
                        col(rows, ContainerSnapshot::refusedKg), col(rows, ContainerSnapshot::acceptance), col(rows, ContainerSnapshot::disposalMethod),
                        col(rows, ContainerSnapshot::weightFlag), col(rows, ContainerSnapshot::lastEventAt),
                        col(rows, ContainerSnapshot::pickupConfirmation), col(rows, ContainerSnapshot::wasteCode)));
                int n = ps.executeUpdate();
                if (n != rows.size()) {
                    throw new IllegalStateException("updated " + n + " of " + rows.size() + " containers");
                }
            }
            return null;
        });
    }

    /** The containers' rows as they are (the fold of all their events), by id in id order; nothing is locked. */
    public Map<Long, ContainerSnapshot> read(Collection<Long> ids) {
        Map<Long, ContainerSnapshot> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        return Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM container c WHERE c.id = ANY (?::bigint[]) ORDER BY c.id")) {
                ps.setArray(1, Jdbc.texts(c, ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ContainerSnapshot s = snapshot(rs);
                        out.put(s.id(), s);
                    }
                }
            }
            return out;
        });
    }

    /**
     * A container as its events matching a condition on them (SQL on the alias {@code e}, e.g. {@code e.seq <= 5})
     * left it: the pure {@link CustodyRules#evolve} over the stored events, in order.
     */
    public ContainerSnapshot fold(long containerId, String eventCondition) {
        return Jdbc.read(em, c -> {
            ContainerSnapshot s;
            try (PreparedStatement ps = c.prepareStatement("SELECT label_id, manifest_id, generator_party_id, waste_code, estimated_weight_kg"
                    + " FROM container WHERE id = ?")) {
                ps.setLong(1, containerId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    s = ContainerSnapshot.blank(containerId, rs.getString(1).strip(), rs.getLong(2), rs.getLong(3), rs.getString(4).strip(),
                            rs.getBigDecimal(5));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM custody_event e WHERE e.container_id = ? AND " + eventCondition
                    + " ORDER BY e.seq")) {
                ps.setLong(1, containerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent e = AuditService.row(rs);
                        s = CustodyRules.evolve(s, e.event(), e.serverTime());
                    }
                }
            }
            return s;
        });
    }

    /** A container folded up to a sequence number. */
    private record Folded(long containerId, int seq) {
    }

    /** How many folds {@link #foldAll} keeps (a few hundred bytes each). */
    static final int FOLDS_KEPT = 50_000;

    /**
     * Folds already made: a container's events up to a sequence number never change (custody_event is append-only,
     * V3), so neither does their fold. The searches ask for the same ones at every request (a receiver's containers
     * past its horizon, the transfers' whole refusals). The least recently used go first.
     */
    private final Map<Folded, ContainerSnapshot> folds = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Folded, ContainerSnapshot> eldest) {
            return size() > FOLDS_KEPT;
        }
    });

    /**
     * Each container as its events up to its own last sequence number ({@code upTo}: container id to seq) left it:
     * what {@link #fold} gives one by one, from the folds kept, the others read in two statements. For reads only
     * (the searches): a fold is kept for good, so it must be of events already committed, never of ones the caller's
     * own transaction wrote and might roll back, and up to an event that exists.
     */
    public Map<Long, ContainerSnapshot> foldAll(Map<Long, Integer> upTo) {
        Map<Long, ContainerSnapshot> out = new LinkedHashMap<>();
        Map<Long, Integer> missing = new LinkedHashMap<>();
        upTo.forEach((id, seq) -> {
            ContainerSnapshot kept = folds.get(new Folded(id, seq));
            if (kept != null) {
                out.put(id, kept);
            } else {
                missing.put(id, seq);
            }
        });
        if (!missing.isEmpty()) {
            read(missing).forEach((id, s) -> {
                folds.put(new Folded(id, missing.get(id)), s);
                out.put(id, s);
            });
        }
        return out;
    }

    private Map<Long, ContainerSnapshot> read(Map<Long, Integer> upTo) {
        Map<Long, ContainerSnapshot> out = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>(upTo.keySet());
        return Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, label_id, manifest_id, generator_party_id, waste_code, estimated_weight_kg"
                    + " FROM container WHERE id = ANY (?::bigint[]) ORDER BY id")) {
                ps.setArray(1, Jdbc.texts(c, ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), ContainerSnapshot.blank(rs.getLong(1), rs.getString(2).strip(), rs.getLong(3), rs.getLong(4),
                                rs.getString(5).strip(), rs.getBigDecimal(6)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT e.* FROM custody_event e JOIN unnest(?::bigint[], ?::int[]) AS h(id, seq)"
                    + " ON e.container_id = h.id AND e.seq <= h.seq ORDER BY e.container_id, e.seq")) {
                Jdbc.bindTexts(ps, List.of(ids, ids.stream().map(upTo::get).toList()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent e = AuditService.row(rs);
                        out.computeIfPresent(e.containerId(), (id, s) -> CustodyRules.evolve(s, e.event(), e.serverTime()));
                    }
                }
            }
            return out;
        });
    }

    public static ContainerSnapshot snapshot(ResultSet rs) throws SQLException {
        String acceptance = rs.getString("acceptance");
        String confirmation = rs.getString("pickup_confirmation");
        OffsetDateTime at = rs.getObject("last_event_at", OffsetDateTime.class);
        return new ContainerSnapshot(rs.getLong("id"), rs.getString("label_id").strip(), rs.getLong("manifest_id"), rs.getLong("generator_party_id"),
                rs.getString("waste_code").strip(), rs.getBigDecimal("estimated_weight_kg"), ContainerState.valueOf(rs.getString("state")),
                rs.getInt("version"), id(rs, "custodian_party_id"), id(rs, "storage_point_id"), id(rs, "last_storage_point_id"), id(rs, "lot_id"),
                id(rs, "transfer_id"), rs.getBigDecimal("last_weight_kg"), rs.getBigDecimal("collected_weight_kg"),
                rs.getBigDecimal("received_weight_kg"), rs.getBigDecimal("refused_weight_kg"),
                acceptance == null ? null : Acceptance.valueOf(acceptance), rs.getString("disposal_method"), rs.getBoolean("weight_flag"),
                at == null ? null : at.toInstant(), confirmation == null ? null : PickupConfirmation.Status.valueOf(confirmation));
    }

    private static Long id(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static List<Object> col(List<ContainerSnapshot> rows, Function<ContainerSnapshot, Object> f) {
        List<Object> out = new ArrayList<>(rows.size());
        for (ContainerSnapshot r : rows) {
            out.add(f.apply(r));
        }
        return out;
    }
}
