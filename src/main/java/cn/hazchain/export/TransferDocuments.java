package cn.hazchain.export;

import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link TransferDocument} of a transfer from the database, in the caller's transaction (native SQL, as it is now). */
@ApplicationScoped
public class TransferDocuments {

    @Inject
    EntityManager em;

    @Inject
    cn.hazchain.custody.TransferService transfers;

    /** The document of a transfer the caller may see (else 404, as for one that does not exist). */
    @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.SUPPORTS)
    public TransferDocument forCaller(String number) {
        return build(transfers.visible(number).id);
    }

    // the shipper, carrier and receiver as the transfer was created (V40), as its PDF prints them
    private static final String HEAD = "SELECT t.number, d.state, coalesce(t.shipper_uscc, s.uscc), coalesce(t.shipper_name, s.name),"
            + " coalesce(t.shipper_town, s.town), o.uscc, o.name, o.town, coalesce(t.carrier_uscc, c.uscc), coalesce(t.carrier_name, c.name),"
            + " coalesce(t.carrier_town, c.town), coalesce(t.receiver_uscc, r.uscc), coalesce(t.receiver_name, r.name), coalesce(t.receiver_town, r.town), v.plate, v.dg_permit_no, v.dg_permit_valid_to, u.display_name, t.planned_date, t.created_at,"
            + " t.departed_at, t.arrived_at"
            + " FROM transfer t JOIN transfer_progress_derived d ON d.transfer_id = t.id JOIN party s ON s.id = t.shipper_party_id"
            + " JOIN party o ON o.id = t.origin_party_id JOIN party c ON c.id = t.carrier_party_id JOIN party r ON r.id = t.receiver_party_id"
            + " LEFT JOIN vehicle v ON v.id = t.vehicle_id LEFT JOIN app_user u ON u.id = t.driver_user_id WHERE t.id = ?1";

    // the receipt and disposal events of this transfer for each declared container (a container refused and sent on
    // under another transfer keeps its receipt here)
    private static final String ITEMS = "SELECT c.label_id, m.number, coalesce(m.generator_uscc, g.uscc), c.waste_code, c.state, c.collected_weight_kg,"
            + " rc.facts->>'acceptance', rc.weight_kg, rc.facts->>'refusedKg', rc.facts->>'discrepancies', dp.facts->>'method',"
            + " dp.facts->>'certificate', c.transfer_id = ti.transfer_id, c.received_weight_kg, c.refused_weight_kg, c.disposal_method"
            + " FROM transfer_item ti JOIN container c ON c.id = ti.container_id JOIN manifest m ON m.id = c.manifest_id"
            + " JOIN party g ON g.id = c.generator_party_id"
            + " LEFT JOIN LATERAL (SELECT e.facts, e.weight_kg FROM custody_event e WHERE e.container_id = c.id AND e.transfer_id = ti.transfer_id"
            + "   AND e.type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED') ORDER BY e.seq DESC LIMIT 1) rc ON true"
            + " LEFT JOIN LATERAL (SELECT e.facts FROM custody_event e WHERE e.container_id = c.id AND e.transfer_id = ti.transfer_id"
            + "   AND e.type = 'CONTAINER_DISPOSED' ORDER BY e.seq DESC LIMIT 1) dp ON true"
            + " WHERE ti.transfer_id = ?1 ORDER BY c.id";

    private static final String DISCREPANCIES = "SELECT c.label_id, array_to_string(d.types, ','), d.acceptance, d.refused_kg, d.reason, d.recorded_at,"
            + " d.acknowledged_at, d.acknowledgement FROM discrepancy d JOIN container c ON c.id = d.container_id WHERE d.transfer_id = ?1 ORDER BY d.id";

    private static final String CERTIFICATES = "SELECT d.number, d.method, d.disposed_on, d.issued_at, count(*) FROM disposal_certificate d"
            + " JOIN custody_event e ON e.type = 'CONTAINER_DISPOSED' AND e.facts->>'certificate' = d.number AND e.transfer_id = ?1"
            + "   AND e.actor_party_id = d.receiver_party_id"
            + " GROUP BY d.number, d.method, d.disposed_on, d.issued_at ORDER BY d.number";

    // corrections of the facts this transfer's receipts and disposals recorded
    private static final String CORRECTIONS = "SELECT c.label_id, f.facts->>'correctedSeq', f.facts->>'correctedType', f.facts->>'field',"
            + " f.facts->>'from', f.facts->>'to', f.facts->>'reason', f.server_time FROM custody_event f JOIN container c ON c.id = f.container_id"
            + " JOIN custody_event o ON o.container_id = f.container_id AND CAST(o.seq AS text) = f.facts->>'correctedSeq'"
            + " WHERE f.type = 'FACT_CORRECTED' AND o.transfer_id = ?1 ORDER BY f.id";

    @SuppressWarnings("unchecked")
    public TransferDocument build(long transferId) {
        List<Object[]> head = em.createNativeQuery(HEAD).setParameter(1, transferId).getResultList();
        if (head.isEmpty()) {
            throw ProblemException.notFound("transfer", transferId);
        }
        Object[] h = head.get(0);
        List<TransferDocument.Item> items = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery(ITEMS).setParameter(1, transferId).getResultList()) {
            BigDecimal weighed = (BigDecimal) r[7];
            BigDecimal refused = r[8] == null ? null : new BigDecimal((String) r[8]);
            BigDecimal accepted = weighed == null ? null : weighed.subtract(refused == null ? BigDecimal.ZERO : refused);
            boolean here = Boolean.TRUE.equals(r[12]);
            if (here && weighed != null) {
                // still on this transfer: the container's columns, which take approved corrections (issue #15, point 6)
                accepted = (BigDecimal) r[13];
                refused = (BigDecimal) r[14];
            }
            items.add(new TransferDocument.Item(strip(r[0]), strip(r[1]), strip(r[2]), strip(r[3]), (String) r[4], (BigDecimal) r[5], (String) r[6],
                    accepted, refused, r[9] == null ? List.of() : List.of(((String) r[9]).split(",")), here && r[10] != null ? (String) r[15] : (String) r[10],
                    (String) r[11], here));
        }
        List<TransferDocument.Discrepancy> discrepancies = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery(DISCREPANCIES).setParameter(1, transferId).getResultList()) {
            discrepancies.add(new TransferDocument.Discrepancy(strip(r[0]), List.of(((String) r[1]).split(",")), (String) r[2], (BigDecimal) r[3],
                    (String) r[4], SqlValues.instant(r[5]), SqlValues.instant(r[6]), (String) r[7]));
        }
        List<TransferDocument.Certificate> certificates = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery(CERTIFICATES).setParameter(1, transferId).getResultList()) {
            certificates.add(new TransferDocument.Certificate((String) r[0], (String) r[1], SqlValues.localDate(r[2]), SqlValues.instant(r[3]),
                    ((Number) r[4]).intValue()));
        }
        List<TransferDocument.Correction> corrections = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery(CORRECTIONS).setParameter(1, transferId).getResultList()) {
            corrections.add(new TransferDocument.Correction(strip(r[0]), Integer.parseInt((String) r[1]), (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], (String) r[6], SqlValues.instant(r[7])));
        }
        return new TransferDocument(TransferDocument.SCHEMA, strip(h[0]), (String) h[1], party(h, 2), party(h, 5), party(h, 8), party(h, 11),
                h[14] == null ? null : new TransferDocument.Vehicle((String) h[14], (String) h[15], SqlValues.localDate(h[16])), (String) h[17],
                SqlValues.localDate(h[18]), SqlValues.instant(h[19]), SqlValues.instant(h[20]), SqlValues.instant(h[21]), items, discrepancies,
                certificates, corrections, Instant.now());
    }

    private static ManifestDocument.Party party(Object[] h, int at) {
        return new ManifestDocument.Party(strip(h[at]), (String) h[at + 1], (String) h[at + 2]);
    }

    private static String strip(Object o) {
        return o == null ? null : ((String) o).strip();
    }
}
