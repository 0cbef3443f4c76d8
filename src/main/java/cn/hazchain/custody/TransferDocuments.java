package cn.hazchain.custody;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Jdbc;
import cn.hazchain.common.PlainText;
import cn.hazchain.common.ProblemException;
import cn.hazchain.label.DocumentTokens;
import cn.hazchain.label.Hazard;
import cn.hazchain.label.TransferData;
import cn.hazchain.label.TransferPdf;
import cn.hazchain.party.PartySnapshot;
import cn.hazchain.party.Vehicle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a transfer manifest's documents say: its PDF ({@code GET /api/transfers/{number}/pdf}) and, through the
 * manifest package, its public road-check page. Both read the parties as the transfer was created (V40), the vehicle,
 * the driver, one line per waste code and the transfer's state; the PDF adds the signature lines.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TransferDocuments {

    private final TransferPdf pdf = new TransferPdf();

    @Inject
    TransferService transfers;

    @Inject
    CatalogueService catalogue;

    @Inject
    DocumentTokens tokens;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    /**
     * The facts both documents print.
     *
     * @param state       as {@code transfer_progress_derived} (V9) says: OPEN, IN_TRANSIT, RECEIVED or CLOSED
     * @param driverName  the named driver's display name, or null
     */
    public record Facts(String number, String state, LocalDate plannedDate, PartySnapshot shipper, PartySnapshot carrier,
                        PartySnapshot receiver, String vehiclePlate, String dgPermitNo, String driverName, List<TransferData.Line> lines) {
    }

    /** The transfer's PDF, for a caller who may see the transfer (else 404, as {@code GET /api/transfers/{number}}). */
    public byte[] pdf(String number) {
        Transfer t = transfers.visible(number);
        Facts f = facts(t);
        try {
            return pdf.render(new TransferData(f.number(), f.plannedDate(), printed(f.shipper()), printed(f.carrier()), printed(f.receiver()),
                    f.vehiclePlate(), f.dgPermitNo(), f.driverName(), roadCheckUrl(t), f.lines(), signatures(t)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("transfer-content", "transfer " + t.number + " cannot be printed: " + e.getMessage());
        }
    }

    /** What the transfer's QR code holds: its public road-check page, {@code <public-base-url>/v/t/<token>}. */
    public String roadCheckUrl(Transfer t) {
        return tokens.url(config.publicBaseUrl(), DocumentTokens.Kind.TRANSFER, t.number.strip());
    }

    public Facts facts(Transfer t) {
        Vehicle vehicle = Vehicle.findById(t.vehicleId);
        String driver = t.driverUserId == null ? null
                : (String) em.createNativeQuery("SELECT display_name FROM app_user WHERE id = ?1").setParameter(1, t.driverUserId).getSingleResult();
        String state = (String) em.createNativeQuery("SELECT state FROM transfer_progress_derived WHERE transfer_id = ?1")
                .setParameter(1, t.id).getSingleResult();
        return new Facts(t.number.strip(), state, t.plannedDate, t.shipperAtCreation(), t.carrierAtCreation(), t.receiverAtCreation(),
                vehicle.plate, vehicle.dgPermitNo, PlainText.strip(driver), lines(t));
    }

    /**
     * The signature lines, from what is recorded: the shipper's is the user who created the transfer, when; the
     * carrier's the actor of its TRANSFER_DEPARTED (the driver, as the vehicle left; for a transfer that never recorded a
     * departure, of its first CONTAINER_LOADED), when; the receiver's the actor of its latest CONTAINER_RECEIVED or
     * CONTAINER_REFUSED, when (the platform's times). A line nobody has signed is null. The one place that says so.
     */
    public TransferData.Signatures signatures(Transfer t) {
        return Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cu.display_name AS shipper_name, t.created_at AS shipper_at,"
                    + " ld.display_name AS carrier_name, ld.server_time AS carrier_at, rc.display_name AS receiver_name, rc.server_time AS receiver_at"
                    + " FROM transfer t JOIN app_user cu ON cu.id = t.created_by"
                    + " LEFT JOIN LATERAL (SELECT u.display_name, e.server_time FROM custody_event e JOIN app_user u ON u.id = e.actor_user_id"
                    // the departure the driver recorded (issue #15); a transfer that never recorded one: its first loading
                    + "   WHERE e.transfer_id = t.id AND e.type IN ('TRANSFER_DEPARTED', 'CONTAINER_LOADED')"
                    + "   ORDER BY e.type = 'TRANSFER_DEPARTED' DESC, e.server_time, e.id LIMIT 1) ld ON true"
                    + " LEFT JOIN LATERAL (SELECT u.display_name, e.server_time FROM custody_event e JOIN app_user u ON u.id = e.actor_user_id"
                    + "   WHERE e.transfer_id = t.id AND e.type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED')"
                    + "   ORDER BY e.server_time DESC, e.id DESC LIMIT 1) rc ON true"
                    + " WHERE t.id = ?")) {
                ps.setLong(1, t.id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new TransferData.Signatures(signed(rs, "shipper"), signed(rs, "carrier"), signed(rs, "receiver"));
                }
            }
        });
    }

    private TransferData.Signed signed(ResultSet rs, String who) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp(who + "_at");
        return at == null ? null : new TransferData.Signed(PlainText.strip(rs.getString(who + "_name")),
                at.toInstant().atZone(config.zone()).toLocalDateTime());
    }

    /**
     * One line per waste code of the declared containers: their hazards (as their manifest lines say), how many, the kg
     * declared (each container's weight last recorded when the transfer was created, as its licence check counted it;
     * its estimate if none was), and the kg accepted and refused at receipt on this transfer (null while none).
     */
    private List<TransferData.Line> lines(Transfer t) {
        List<TransferData.Line> lines = Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT x.waste_code, min(x.category) AS category, count(*) AS containers,"
                    + " sum(x.declared_kg) AS declared_kg, sum(r.received_kg) AS received_kg, sum(r.refused_kg) AS refused_kg,"
                    + " bool_or(r.container_id IS NOT NULL) AS any_received,"
                    + " (SELECT array_agg(DISTINCT h) FROM manifest_line hl, unnest(hl.hazards) h WHERE hl.id = ANY (array_agg(x.line_id))) AS hazards"
                    + " FROM (SELECT c.id, btrim(c.waste_code) AS waste_code, c.line_id, l.category,"
                    + "   coalesce((SELECT p.weight_kg FROM custody_event p WHERE p.container_id = c.id AND p.weight_kg IS NOT NULL"
                    + "     AND p.server_time <= t.created_at ORDER BY p.seq DESC LIMIT 1), c.estimated_weight_kg) AS declared_kg"
                    + "   FROM transfer t JOIN transfer_item ti ON ti.transfer_id = t.id JOIN container c ON c.id = ti.container_id"
                    + "   JOIN manifest_line l ON l.id = c.line_id WHERE t.id = ?) x"
                    + " LEFT JOIN (SELECT e.container_id,"
                    + "   sum(e.weight_kg - coalesce(CAST(e.facts->>'refusedKg' AS numeric), 0)) FILTER (WHERE e.type = 'CONTAINER_RECEIVED') AS received_kg,"
                    + "   sum(coalesce(CAST(e.facts->>'refusedKg' AS numeric), 0)) AS refused_kg"
                    + "   FROM custody_event e WHERE e.transfer_id = ? AND e.type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED')"
                    + "   GROUP BY e.container_id) r ON r.container_id = x.id"
                    + " GROUP BY x.waste_code ORDER BY x.waste_code")) {
                ps.setLong(1, t.id);
                ps.setLong(2, t.id);
                List<TransferData.Line> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        boolean received = rs.getBoolean("any_received");
                        BigDecimal receivedKg = rs.getBigDecimal("received_kg");
                        BigDecimal refusedKg = rs.getBigDecimal("refused_kg");
                        out.add(new TransferData.Line(rs.getString("waste_code"), rs.getString("category").strip(), null,
                                hazards(rs.getArray("hazards")), rs.getInt("containers"), rs.getBigDecimal("declared_kg"),
                                received ? (receivedKg == null ? BigDecimal.ZERO : receivedKg) : null,
                                refusedKg == null ? BigDecimal.ZERO : refusedKg));
                    }
                }
                return out;
            }
        });
        return lines.stream().map(l -> new TransferData.Line(l.wasteCode(), l.category(),
                catalogue.find(l.wasteCode()).map(w -> w.categoryName).orElse(""), l.hazards(), l.containers(), l.declaredKg(),
                l.receivedKg(), l.refusedKg())).toList();
    }

    private static List<Hazard> hazards(Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(h -> Hazard.ofCode(h.toString().strip()))
                .sorted(Comparator.naturalOrder()).toList();
    }

    private static TransferData.Party printed(PartySnapshot p) {
        return new TransferData.Party(PlainText.strip(p.name), p.uscc, PlainText.strip(p.contactName), PlainText.strip(p.contactPhone));
    }
}
