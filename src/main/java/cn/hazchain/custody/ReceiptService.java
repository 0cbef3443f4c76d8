package cn.hazchain.custody;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Discrepancy;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.log.Context;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The receiver's side of a transfer in one action, and what it found (issue #15, point 4). A whole-transfer receipt
 * names every container still on the transfer, each accepted, partly refused or refused, with the discrepancies found;
 * it is decided as one unit of work (all lines or none). Discrepancies are recorded with their receipt events
 * ({@link Discrepancies}); the shipper's operators acknowledge them, the regulator lists the open ones.
 */
@ApplicationScoped
@Transactional
public class ReceiptService {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    TransferService transfers;

    @Inject
    CustodyCommands custody;

    @Inject
    Visibility visibility;

    /** One container of a whole-transfer receipt. */
    public record Line(String labelId, BigDecimal weightKg, Acceptance acceptance, BigDecimal refusedKg, List<Discrepancy> discrepancies,
                       String reason) {
    }

    public record LineResult(String labelId, String state, Acceptance acceptance, List<Discrepancy> discrepancies) {
    }

    public record Received(String transferNumber, int containers, BigDecimal weighedKg, BigDecimal refusedKg, List<LineResult> lines,
                           List<DiscrepancyView> discrepancies) {
    }

    /** The receipt, or why not (nothing written). */
    public record Outcome(Received received, Rejection refusal) {
    }

    public Outcome receiveAll(String number, List<Line> lines, UUID commandId, Context context) {
        Transfer t = transfers.findVisible(number);
        if (t == null) {
            return refused(Rejection.notFound("transfer", Text.clip(String.valueOf(number), 20)));
        }
        if (!current.has(Role.RECEIVER_OPERATOR) || current.partyId() != t.receiverPartyId) {
            return refused(new Rejection(Rejection.Kind.FORBIDDEN, "forbidden", "only the transfer's receiver confirms its receipt", Map.of()));
        }
        @SuppressWarnings("unchecked")
        List<Object> onBoard = em.createNativeQuery("SELECT label_id FROM container WHERE transfer_id = ?1 AND state = 'IN_TRANSIT' ORDER BY id")
                .setParameter(1, t.id).getResultList();
        Set<String> expected = new LinkedHashSet<>();
        onBoard.forEach(l -> expected.add(((String) l).strip()));
        if (expected.isEmpty()) {
            return refused(new Rejection(Rejection.Kind.CONFLICT, "transfer-empty", "no container of transfer " + t.number
                    + " is in transit any more: it was received already", Map.of()));
        }
        Set<String> named = new LinkedHashSet<>();
        List<String> twice = new ArrayList<>();
        for (Line l : lines) {
            if (!named.add(CustodyCommands.normalize(l.labelId()))) {
                twice.add(l.labelId());
            }
        }
        if (!twice.isEmpty()) {
            return unprocessable("receipt-lines", "label " + String.join(", ", twice) + " appears twice: one line per container");
        }
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(named);
        Set<String> extra = new LinkedHashSet<>(named);
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            return unprocessable("receipt-lines", "not in transit on transfer " + t.number + ": " + clip(extra) + "; a receipt names the containers on it");
        }
        if (!missing.isEmpty()) {
            return unprocessable("receipt-lines", "a whole-transfer receipt names every container on it; missing: " + clip(missing)
                    + " (" + missing.size() + " of " + expected.size() + ")");
        }
        List<CustodyCommands.Request> requests = new ArrayList<>();
        for (Line l : lines) {
            requests.add(new CustodyCommands.Request(l.labelId(), new CustodyCommand.Receive(t.number, l.weightKg(), l.acceptance(), l.refusedKg(),
                    l.reason(), l.discrepancies()), null, commandId, context, false));
        }
        List<LineResult> results = new ArrayList<>();
        BigDecimal weighed = BigDecimal.ZERO;
        BigDecimal refusedKg = BigDecimal.ZERO;
        List<cn.hazchain.custody.Outcome> outcomes = custody.handle(requests);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof cn.hazchain.custody.Outcome.Refused r) {
                Rejection why = r.rejection();
                // the whole receipt or nothing: the caller rolls back what the other lines wrote
                return refused(new Rejection(why.kind(), why.slug(), "line " + (i + 1) + " (" + lines.get(i).labelId() + "): " + why.detail(),
                        why.extensions()));
            }
            cn.hazchain.custody.Outcome.Applied a = (cn.hazchain.custody.Outcome.Applied) outcomes.get(i);
            results.add(new LineResult(a.container().labelId(), a.container().state().name(), a.container().acceptance(),
                    Discrepancies.types(a.events().get(0).event())));
            weighed = weighed.add(lines.get(i).weightKg());
            refusedKg = refusedKg.add(a.container().refusedKg() == null ? BigDecimal.ZERO : a.container().refusedKg());
        }
        return new Outcome(new Received(t.number, results.size(), weighed, refusedKg, results, discrepancies(t.id)), null);
    }

    // ---- discrepancies -------------------------------------------------------------------------------------------

    public record DiscrepancyView(long id, String transferNumber, String labelId, List<String> types, String acceptance, BigDecimal refusedKg,
                                  String reason, Instant recordedAt, String recordedBy, long shipperPartyId, long receiverPartyId,
                                  Instant acknowledgedAt, String acknowledgedBy, String acknowledgement) {
    }

    private static final String VIEW = "SELECT d.id, t.number, c.label_id, array_to_string(d.types, ','), d.acceptance, d.refused_kg, d.reason,"
            + " d.recorded_at, ru.username, t.shipper_party_id, t.receiver_party_id, d.acknowledged_at, au.username, d.acknowledgement"
            + " FROM discrepancy d JOIN transfer t ON t.id = d.transfer_id JOIN container c ON c.id = d.container_id"
            + " JOIN app_user ru ON ru.id = d.recorded_by LEFT JOIN app_user au ON au.id = d.acknowledged_by";

    @SuppressWarnings("unchecked")
    List<DiscrepancyView> discrepancies(long transferId) {
        List<Object[]> rows = em.createNativeQuery(VIEW + " WHERE d.transfer_id = ?1 ORDER BY d.id").setParameter(1, transferId).getResultList();
        return rows.stream().map(ReceiptService::view).toList();
    }

    /** Discrepancies of the transfers the caller may see; open (not acknowledged) or acknowledged ones, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DiscrepancyView> list(Boolean open, String transferNumber, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM discrepancy d JOIN transfer t ON t.id = d.transfer_id WHERE ").append(visibility.transfers("t"));
        if (open != null) {
            where.append(open ? " AND d.acknowledged_at IS NULL" : " AND d.acknowledged_at IS NOT NULL");
        }
        if (transferNumber != null) {
            where.append(" AND t.number = :number");
            params.put("number", transferNumber.strip());
        }
        visibility.bind(params, where.toString());
        return Page.ofIds(em, "d.id", where, "d.recorded_at DESC, d.id DESC", params, paging, this::view);
    }

    @SuppressWarnings("unchecked")
    private DiscrepancyView view(long id) {
        return view((Object[]) em.createNativeQuery(VIEW + " WHERE d.id = ?1").setParameter(1, id).getSingleResult());
    }

    private static DiscrepancyView view(Object[] r) {
        String types = (String) r[3];
        return new DiscrepancyView(((Number) r[0]).longValue(), ((String) r[1]).strip(), ((String) r[2]).strip(),
                types == null || types.isEmpty() ? List.of() : List.of(types.split(",")), (String) r[4], (BigDecimal) r[5], (String) r[6],
                SqlValues.instant(r[7]), (String) r[8], ((Number) r[9]).longValue(), ((Number) r[10]).longValue(), SqlValues.instant(r[11]),
                (String) r[12], (String) r[13]);
    }

    public record Acknowledged(DiscrepancyView discrepancy, Rejection refusal) {
    }

    /**
     * The shipper's operators acknowledge a discrepancy: a DISCREPANCY_ACKNOWLEDGED event in the container's chain, and
     * the record marked with who, when and the note. Once.
     */
    public Acknowledged acknowledge(long id, String note, UUID commandId) {
        return acknowledge(custody.actor(), java.time.Instant.now(), true, id, note, commandId);
    }

    /**
     * The same, by {@code actor} at {@code at}; with {@code asCaller} false the discrepancy is found whoever may see it
     * (a trusted caller that is not a request: the demo's history), the rules still holding the actor to its role and party.
     */
    @SuppressWarnings("unchecked")
    public Acknowledged acknowledge(cn.hazchain.custody.domain.Situation.Actor actor, java.time.Instant at, boolean asCaller, long id, String note,
                                    UUID commandId) {
        List<Object[]> rows = em.createNativeQuery("SELECT d.transfer_id, c.label_id, t.shipper_party_id, d.acknowledged_at FROM discrepancy d"
                + " JOIN transfer t ON t.id = d.transfer_id JOIN container c ON c.id = d.container_id WHERE d.id = ?1 FOR UPDATE OF d")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty() || asCaller && !visibility.seesTransfer(((Number) rows.get(0)[0]).longValue())) {
            return new Acknowledged(null, Rejection.notFound("discrepancy", id));
        }
        Object[] r = rows.get(0);
        long shipper = ((Number) r[2]).longValue();
        if (!actor.has(Role.COLLECTOR_OPERATOR) || actor.partyId() != shipper) {
            return new Acknowledged(null, new Rejection(Rejection.Kind.FORBIDDEN, "forbidden",
                    "only the shipper's operators acknowledge what its receiver found", Map.of()));
        }
        if (r[3] != null) {
            return new Acknowledged(null, new Rejection(Rejection.Kind.CONFLICT, "discrepancy-acknowledged", "discrepancy " + id
                    + " was acknowledged at " + SqlValues.instant(r[3]), Map.of()));
        }
        cn.hazchain.custody.Outcome o = custody.handle(actor, at, asCaller, List.of(new CustodyCommands.Request(((String) r[1]).strip(),
                new CustodyCommand.AcknowledgeDiscrepancy(id, ((Number) r[0]).longValue(), shipper, note), null, commandId, Context.NONE, false))).get(0);
        if (o instanceof cn.hazchain.custody.Outcome.Refused refused) {
            return new Acknowledged(null, refused.rejection());
        }
        var event = ((cn.hazchain.custody.Outcome.Applied) o).events().get(0);
        em.createNativeQuery("UPDATE discrepancy SET acknowledged_at = ?2, acknowledged_by = ?3, acknowledgement = ?4, acknowledged_event_id = ?5"
                        + " WHERE id = ?1").setParameter(1, id).setParameter(2, event.serverTime()).setParameter(3, actor.userId())
                .setParameter(4, note == null || note.isBlank() ? "" : note.strip()).setParameter(5, event.id()).executeUpdate();
        return new Acknowledged(view(id), null);
    }

    private static Outcome refused(Rejection r) {
        return new Outcome(null, r);
    }

    private static Outcome unprocessable(String slug, String detail) {
        return refused(new Rejection(Rejection.Kind.UNPROCESSABLE, slug, detail, Map.of()));
    }

    private static String clip(Set<String> labels) {
        List<String> l = List.copyOf(labels);
        return String.join(", ", l.subList(0, Math.min(5, l.size()))) + (l.size() > 5 ? ", …" : "");
    }
}
