package cn.hazchain.mobile;

import cn.hazchain.common.Jdbc;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custody a handheld may act on offline, for the offline kit (issue #16): the transfers its person may load,
 * see off, receive or record the arrival of, with their declared containers, and, for a receiver, the containers it
 * holds received and not yet disposed of. With these the app checks a LOAD, DEPART, ARRIVE, RECEIVE or disposal
 * before queueing it, as it checks a COLLECT against the round's open manifests.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class KitCustody {

    /** Most transfers and held containers a kit carries (the newest first). */
    static final int MAX_TRANSFERS = 50;
    static final int MAX_HELD = 500;

    @Inject
    EntityManager em;

    /**
     * A container declared on a transfer.
     *
     * @param state    the container's state now (COLLECTED or IN_STORAGE: still to load; IN_TRANSIT: loaded on it)
     * @param weightKg its last weight recorded (stored, else collected), else its estimate
     * @param loaded   whether it is on this transfer now (loaded and not yet received)
     */
    public record TransferItem(String labelId, String wasteCode, String state, BigDecimal weightKg, boolean loaded) {
    }

    /**
     * A transfer a handheld may act on.
     *
     * @param side who the person is on it: SHIPPER (load, see it off), CARRIER (see it off, record its arrival) or
     *             RECEIVER (record its arrival, receive its containers)
     */
    public record TransferRef(String number, String side, long shipperPartyId, String shipperName, long receiverPartyId,
                              String receiverName, String vehiclePlate, Long driverUserId, LocalDate plannedDate, Instant departedAt,
                              Instant arrivedAt, List<TransferItem> containers) {
    }

    /** A container the receiver holds, received and not disposed of yet. */
    public record HeldContainer(String labelId, String wasteCode, String transferNumber, BigDecimal receivedKg, String acceptance) {
    }

    /** A treatment method (R/D/C/Y code) the receiver's licences permit. */
    public record MethodRef(String code, String kind, String nameZh, String nameEn) {
    }

    /**
     * The transfers of the person's organisation still to act on: as shipper ({@code shipper}: the collector, also for
     * a keeper of one of its storage points) those not departed; as carrier or named driver those not arrived; as receiver those departed with
     * containers still on the road.
     */
    public List<TransferRef> transfers(long userId, long partyId, long shipper, Set<String> roles) {
        boolean shipperSide = roles.contains(Role.DRIVER.name()) || roles.contains(Role.COLLECTOR_OPERATOR.name())
                || roles.contains(Role.STORAGE_KEEPER.name());
        boolean carrierSide = roles.contains(Role.DRIVER.name()) || roles.contains(Role.COLLECTOR_OPERATOR.name());
        boolean receiverSide = roles.contains(Role.RECEIVER_OPERATOR.name());
        String sql = "SELECT t.id, t.number, t.shipper_party_id, sp.name AS shipper_name, t.receiver_party_id, rp.name AS receiver_name,"
                + " v.plate, t.driver_user_id, t.planned_date, t.departed_at, t.arrived_at,"
                + " CASE WHEN ? AND t.shipper_party_id = ? AND t.departed_at IS NULL THEN 'SHIPPER'"
                + "      WHEN ? AND (t.carrier_party_id = ? OR t.driver_user_id = ?) AND t.arrived_at IS NULL THEN 'CARRIER'"
                + "      WHEN ? AND t.receiver_party_id = ? AND t.departed_at IS NOT NULL"
                + "           AND EXISTS (SELECT 1 FROM container c WHERE c.transfer_id = t.id AND c.state = 'IN_TRANSIT') THEN 'RECEIVER'"
                + " END AS side FROM transfer t JOIN party sp ON sp.id = t.shipper_party_id JOIN party rp ON rp.id = t.receiver_party_id"
                + " LEFT JOIN vehicle v ON v.id = t.vehicle_id"
                + " WHERE (? AND t.shipper_party_id = ? AND t.departed_at IS NULL)"
                + "    OR (? AND (t.carrier_party_id = ? OR t.driver_user_id = ?) AND t.arrived_at IS NULL)"
                + "    OR (? AND t.receiver_party_id = ? AND t.departed_at IS NOT NULL"
                + "        AND EXISTS (SELECT 1 FROM container c WHERE c.transfer_id = t.id AND c.state = 'IN_TRANSIT'))"
                + " ORDER BY t.planned_date DESC, t.id DESC LIMIT " + MAX_TRANSFERS;
        return Jdbc.read(em, c -> {
            Map<Long, TransferRef> byId = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                for (int pass = 0; pass < 2; pass++) {
                    ps.setBoolean(++i, shipperSide);
                    ps.setLong(++i, shipper);
                    ps.setBoolean(++i, carrierSide);
                    ps.setLong(++i, partyId);
                    ps.setLong(++i, userId);
                    ps.setBoolean(++i, receiverSide);
                    ps.setLong(++i, partyId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getLong("id"), new TransferRef(rs.getString("number").strip(), rs.getString("side"),
                                rs.getLong("shipper_party_id"), rs.getString("shipper_name"), rs.getLong("receiver_party_id"),
                                rs.getString("receiver_name"), rs.getString("plate"), (Long) rs.getObject("driver_user_id", Long.class),
                                rs.getObject("planned_date", LocalDate.class), instant(rs, "departed_at"), instant(rs, "arrived_at"),
                                new ArrayList<>()));
                    }
                }
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ti.transfer_id, c.label_id, c.waste_code, c.state,"
                    + " COALESCE(c.last_weight_kg, c.estimated_weight_kg) AS weight_kg, c.transfer_id = ti.transfer_id AS loaded"
                    + " FROM transfer_item ti JOIN container c ON c.id = ti.container_id"
                    + " WHERE ti.transfer_id = ANY (?::bigint[]) ORDER BY ti.transfer_id, c.label_id")) {
                ps.setArray(1, Jdbc.texts(c, byId.keySet()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString("state");
                        byId.get(rs.getLong("transfer_id")).containers().add(new TransferItem(rs.getString("label_id").strip(),
                                rs.getString("waste_code").strip(), state, rs.getBigDecimal("weight_kg"),
                                rs.getBoolean("loaded") && "IN_TRANSIT".equals(state)));
                    }
                }
            }
            return List.copyOf(byId.values());
        });
    }

    /** The containers a receiver holds received (accepted or partly refused), not yet disposed of: what it may dispose of. */
    public List<HeldContainer> held(long receiverPartyId) {
        return Jdbc.read(em, c -> {
            List<HeldContainer> held = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT c.label_id, c.waste_code, t.number, c.received_weight_kg, c.acceptance"
                    + " FROM container c LEFT JOIN transfer t ON t.id = c.transfer_id"
                    + " WHERE c.state = 'RECEIVED' AND c.custodian_party_id = ? ORDER BY c.last_event_at DESC, c.id DESC LIMIT " + MAX_HELD)) {
                ps.setLong(1, receiverPartyId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String number = rs.getString("number");
                        held.add(new HeldContainer(rs.getString("label_id").strip(), rs.getString("waste_code").strip(),
                                number == null ? null : number.strip(), rs.getBigDecimal("received_weight_kg"), rs.getString("acceptance")));
                    }
                }
            }
            return held;
        });
    }

    /** The treatment methods these licences permit (every method when a licence has none on file: it does not restrict). */
    public List<MethodRef> methods(List<List<String>> permittedByLicence) {
        boolean any = permittedByLicence.stream().anyMatch(m -> m == null || m.isEmpty());
        List<String> codes = permittedByLicence.stream().filter(m -> m != null).flatMap(List::stream).distinct().toList();
        return Jdbc.read(em, c -> {
            List<MethodRef> methods = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, kind, name_zh, name_en FROM treatment_method"
                    + " WHERE ? OR code = ANY (?::text[]) ORDER BY code")) {
                ps.setBoolean(1, any);
                ps.setArray(2, Jdbc.texts(c, codes));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        methods.add(new MethodRef(rs.getString("code").strip(), rs.getString("kind"), rs.getString("name_zh"), rs.getString("name_en")));
                    }
                }
            }
            return methods;
        });
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
