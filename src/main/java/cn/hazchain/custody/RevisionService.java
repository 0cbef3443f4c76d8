package cn.hazchain.custody;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.common.WorkingDays;
import cn.hazchain.custody.domain.CorrectedField;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.EventType;
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
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Revision requests (issue #15, point 6): a party of a hand-over asks to correct a fact one of its events recorded,
 * with a reason; the other party of that hand-over approves or refuses within 5 working days; an approved revision
 * appends FACT_CORRECTED to the container's chain, naming the event it corrects. Nothing is updated in place: the
 * event corrected stays as written, the container's columns (the fold of its events) and every reader take the
 * corrected value.
 *
 * <p>The hand-overs and their parties: a collection (weight, waste code): the generator's staff and the collector's
 * operators; a receipt (weight, acceptance): the transfer's receiver and its shipper's operators; a disposal (method,
 * certificate): the receiver and the shipper.
 */
@ApplicationScoped
@Transactional
public class RevisionService {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    CustodyCommands custody;

    @Inject
    Visibility visibility;

    @Inject
    CatalogueService catalogue;

    @Inject
    WorkingDays workingDays;

    @Inject
    HazChainConfig config;

    public record RevisionView(long id, String labelId, int correctedSeq, String correctedType, String field, String oldValue, String newValue,
                               BigDecimal newRefusedKg, String reason, String requestedBy, long requesterPartyId, long approverPartyId,
                               Instant requestedAt, LocalDate dueBy, String status, boolean overdue, String decidedBy, Instant decidedAt,
                               String decisionNote, Integer correctionSeq) {
    }

    public record Result(RevisionView revision, Rejection refusal) {
    }

    @SuppressWarnings("unchecked")
    public Result request(String labelId, int seq, CorrectedField field, String value, BigDecimal refusedKg, String reason) {
        // the fact an acceptance or certificate correction starts from is the event's own ("acceptance", "certificate")
        String sql = "SELECT c.id, e.id, e.type, e.weight_kg, e.facts->>CAST(:fact AS text), c.waste_code, c.disposal_method,"
                + " m.generator_party_id, m.collector_party_id, t.shipper_party_id, t.receiver_party_id"
                + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN custody_event e ON e.container_id = c.id AND e.seq = :seq"
                + " LEFT JOIN transfer t ON t.id = e.transfer_id WHERE c.label_id = :label AND " + visibility.containers("c");
        var q = em.createNativeQuery(sql).setParameter("seq", seq).setParameter("label", CustodyCommands.normalize(labelId))
                .setParameter("fact", field == CorrectedField.CERTIFICATE ? "certificate" : "acceptance");
        visibility.bind(new LinkedHashMap<>(), sql).forEach(q::setParameter);
        List<Object[]> rows = q.getResultList();
        if (rows.isEmpty()) {
            return refused(Rejection.notFound("event", Text.clip(String.valueOf(labelId), 40) + " #" + seq));
        }
        Object[] r = rows.get(0);
        long containerId = ((Number) r[0]).longValue();
        Integer horizon = visibility.horizon(containerId);
        if (horizon != null && seq > horizon) {
            // an event after the caller's custody ended is not there for it, as in its trail: its type and parties stay unsaid
            return refused(Rejection.notFound("event", Text.clip(String.valueOf(labelId), 40) + " #" + seq));
        }
        long eventId = ((Number) r[1]).longValue();
        EventType type = EventType.valueOf((String) r[2]);
        if (!field.recordedBy(type)) {
            return unprocessable("revision-field", "event " + seq + " of " + labelId + " is " + type + ", which does not record " + field
                    + "; the weight is recorded at collection and receipt, the waste code at collection, the acceptance at receipt, "
                    + "the method and certificate at disposal");
        }
        // the parties of the hand-over the event records, and the role each acts with
        long sideA;
        Role roleA;
        long sideB;
        Role roleB;
        if (type == EventType.CONTAINER_COLLECTED) {
            sideA = ((Number) r[7]).longValue();
            roleA = Role.GENERATOR_STAFF;
            sideB = ((Number) r[8]).longValue();
            roleB = Role.COLLECTOR_OPERATOR;
        } else {
            sideA = ((Number) r[10]).longValue();
            roleA = Role.RECEIVER_OPERATOR;
            sideB = ((Number) r[9]).longValue();
            roleB = Role.COLLECTOR_OPERATOR;
        }
        long approver;
        if (current.partyId() == sideA && current.has(roleA)) {
            approver = sideB;
        } else if (current.partyId() == sideB && current.has(roleB)) {
            approver = sideA;
        } else {
            return refused(new Rejection(Rejection.Kind.FORBIDDEN, "forbidden", "only a party of this hand-over (" + roleA + " of party " + sideA + " or "
                    + roleB + " of party " + sideB + ") asks to correct it", Map.of()));
        }
        String old = currentValue(containerId, seq, field, type, (BigDecimal) r[3], (String) r[4], (String) r[5], (String) r[6]);
        String now;
        BigDecimal refused = null;
        switch (field) {
            case WEIGHT -> {
                BigDecimal kg;
                try {
                    kg = new BigDecimal(value.strip());
                } catch (NumberFormatException e) {
                    return unprocessable("revision-value", "a weight is a number of kilograms, e.g. 152.5");
                }
                if (kg.signum() <= 0 || kg.compareTo(new BigDecimal("5000")) > 0 || kg.scale() > 2) {
                    return unprocessable("revision-value", "a weight is above 0 and at most 5000 kg, with at most 2 decimals");
                }
                now = kg.setScale(2).toPlainString();
            }
            case WASTE_CODE -> now = catalogue.require(value.strip()).code.strip();
            case ACCEPTANCE -> {
                String a = value.strip().toUpperCase(java.util.Locale.ROOT);
                BigDecimal weighed = (BigDecimal) r[3];
                if ("ACCEPTED".equals(a)) {
                    refused = BigDecimal.ZERO;
                } else if ("PARTIALLY_REFUSED".equals(a)) {
                    if (refusedKg == null || refusedKg.signum() <= 0 || refusedKg.compareTo(weighed) >= 0) {
                        return unprocessable("revision-value", "a partial refusal needs refusedKg above 0 and below the weighed " + weighed + " kg");
                    }
                    refused = refusedKg;
                } else {
                    return unprocessable("revision-value", "an acceptance is corrected to ACCEPTED or PARTIALLY_REFUSED (a whole refusal sends the "
                            + "container back: it is not a correction)");
                }
                now = a;
            }
            case METHOD -> {
                String m = value.strip().toUpperCase(java.util.Locale.ROOT);
                if (!catalogue.methodCodes().contains(m)) {
                    return unprocessable("disposal-method", "method " + Text.clip(m, 5) + " is not a utilisation/disposal code; see GET /api/treatment-methods");
                }
                now = m;
            }
            default -> {
                if (value.isBlank() || value.strip().length() > 60) {
                    return unprocessable("revision-value", "a certificate number is 1-60 characters");
                }
                if (DisposalCertificates.isPlatformNumber(value)) {
                    // a platform certificate lists what its receiver disposed of under it when it was issued, never more
                    return unprocessable("certificate-number", "certificate numbers of the form CZ + 12 digits are the platform's own: a correction"
                            + " names a certificate of the receiver's own numbering");
                }
                now = value.strip();
            }
        }
        if (now.equals(old) && field != CorrectedField.ACCEPTANCE) {
            return unprocessable("revision-value", field + " of event " + seq + " is " + old + " already: nothing to correct");
        }
        if (((Number) em.createNativeQuery("SELECT count(*) FROM revision WHERE corrected_event_id = ?1 AND field = ?2 AND status = 'PENDING'")
                .setParameter(1, eventId).setParameter(2, field.name()).getSingleResult()).longValue() > 0) {
            return refused(new Rejection(Rejection.Kind.CONFLICT, "revision-pending", "a revision of " + field + " of this event is already pending: "
                    + "wait for its answer", Map.of()));
        }
        Instant at = Instant.now();
        LocalDate due = workingDays.plus(LocalDate.ofInstant(at, config.zone()), 5);
        Number id = (Number) em.createNativeQuery("INSERT INTO revision (container_id, corrected_event_id, corrected_seq, corrected_type, field, old_value,"
                        + " new_value, new_refused_kg, reason, requested_by, requester_party_id, approver_party_id, requested_at, due_by)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(CAST(?8 AS text) AS numeric), ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id")
                .setParameter(1, containerId).setParameter(2, eventId).setParameter(3, seq).setParameter(4, type.name()).setParameter(5, field.name())
                .setParameter(6, old == null ? "" : old).setParameter(7, now).setParameter(8, refused == null ? null : refused.toPlainString())
                .setParameter(9, reason.strip()).setParameter(10, current.userId()).setParameter(11, current.partyId()).setParameter(12, approver)
                .setParameter(13, at).setParameter(14, due).getSingleResult();
        return new Result(view(id.longValue()), null);
    }

    /** The value a fact has now: the newest approved correction of it, else the event's (or the container's) own. */
    @SuppressWarnings("unchecked")
    private String currentValue(long containerId, int seq, CorrectedField field, EventType type, BigDecimal weight, String fact, String code,
                                String method) {
        List<Object> corrected = em.createNativeQuery("SELECT facts->>'to' FROM custody_event WHERE container_id = ?1 AND type = 'FACT_CORRECTED'"
                        + " AND facts->>'correctedSeq' = ?2 AND facts->>'field' = ?3 ORDER BY seq DESC LIMIT 1")
                .setParameter(1, containerId).setParameter(2, String.valueOf(seq)).setParameter(3, field.name()).getResultList();
        if (!corrected.isEmpty()) {
            return (String) corrected.get(0);
        }
        return switch (field) {
            case WEIGHT -> weight == null ? null : weight.setScale(2).toPlainString();
            case WASTE_CODE -> code == null ? null : code.strip();
            case METHOD -> method;
            case ACCEPTANCE, CERTIFICATE -> fact;
        };
    }

    /** The other party of the hand-over approves (the correction is appended) or refuses, within the deadline. Once. */
    @SuppressWarnings("unchecked")
    public Result decide(long id, boolean approve, String note, UUID commandId) {
        List<Object[]> rows = em.createNativeQuery("SELECT r.status, r.approver_party_id, r.requester_party_id, r.due_by, c.label_id, r.corrected_seq,"
                + " r.corrected_type, r.field, r.old_value, r.new_value, r.new_refused_kg, r.reason FROM revision r JOIN container c ON c.id = r.container_id"
                + " WHERE r.id = ?1 FOR UPDATE OF r").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return refused(Rejection.notFound("revision", id));
        }
        Object[] r = rows.get(0);
        long approver = ((Number) r[1]).longValue();
        if (!current.seesAll() && current.partyId() != approver && current.partyId() != ((Number) r[2]).longValue()) {
            return refused(Rejection.notFound("revision", id));
        }
        if (current.partyId() != approver || !current.has(Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR, Role.GENERATOR_STAFF)) {
            return refused(new Rejection(Rejection.Kind.FORBIDDEN, "forbidden", "the other party of the hand-over (party " + approver
                    + ") approves or refuses this revision", Map.of()));
        }
        if (!"PENDING".equals(r[0])) {
            return refused(new Rejection(Rejection.Kind.CONFLICT, "revision-decided", "revision " + id + " was already " + r[0], Map.of()));
        }
        LocalDate due = SqlValues.localDate(r[3]);
        if (LocalDate.now(config.zone()).isAfter(due)) {
            return refused(new Rejection(Rejection.Kind.CONFLICT, "revision-overdue", "revision " + id + " was due for an answer by " + due
                    + ": ask again if the correction is still wanted", Map.of()));
        }
        Long correction = null;
        if (approve && CorrectedField.CERTIFICATE.name().equals(r[7]) && DisposalCertificates.isPlatformNumber((String) r[9])) {
            // asked before such numbers were refused at the request: a platform certificate never gains a container
            return unprocessable("certificate-number", "certificate numbers of the form CZ + 12 digits are the platform's own: refuse this"
                    + " revision and ask again with a certificate of the receiver's own numbering");
        }
        if (approve) {
            Outcome o = custody.handle(new CustodyCommands.Request(((String) r[4]).strip(), new CustodyCommand.ApplyCorrection(id, ((Number) r[5]).intValue(),
                    EventType.valueOf((String) r[6]), CorrectedField.valueOf((String) r[7]), (String) r[8], (String) r[9], (BigDecimal) r[10],
                    (String) r[11], approver), null, commandId, Context.NONE, false));
            if (o instanceof Outcome.Refused refusal) {
                return refused(refusal.rejection());
            }
            correction = ((Outcome.Applied) o).events().get(0).id();
        }
        em.createNativeQuery("UPDATE revision SET status = ?2, decided_by = ?3, decided_at = now(), decision_note = ?4, correction_event_id = CAST(CAST(?5 AS text) AS bigint)"
                        + " WHERE id = ?1").setParameter(1, id).setParameter(2, approve ? "APPROVED" : "REFUSED").setParameter(3, current.userId())
                .setParameter(4, note == null || note.isBlank() ? "" : note.strip()).setParameter(5, correction == null ? null : correction.toString())
                .executeUpdate();
        return new Result(view(id), null);
    }

    /** Revisions the caller may see (regulators all; otherwise those its party asked for or is asked to answer), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RevisionView> list(String status, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM revision r WHERE true");
        if (!current.seesAll()) {
            where.append(" AND (r.requester_party_id = :me OR r.approver_party_id = :me)");
            params.put("me", current.partyId());
        }
        if (status != null) {
            where.append(" AND r.status = :status");
            params.put("status", status);
        }
        return Page.ofIds(em, "r.id", where, "r.requested_at DESC, r.id DESC", params, paging, this::view);
    }

    private RevisionView view(long id) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT r.id, c.label_id, r.corrected_seq, r.corrected_type, r.field, r.old_value, r.new_value,"
                        + " r.new_refused_kg, r.reason, ru.username, r.requester_party_id, r.approver_party_id, r.requested_at, r.due_by, r.status,"
                        + " du.username, r.decided_at, r.decision_note, ce.seq FROM revision r JOIN container c ON c.id = r.container_id"
                        + " JOIN app_user ru ON ru.id = r.requested_by LEFT JOIN app_user du ON du.id = r.decided_by"
                        + " LEFT JOIN custody_event ce ON ce.id = r.correction_event_id WHERE r.id = ?1")
                .setParameter(1, id).getSingleResult();
        LocalDate due = SqlValues.localDate(r[13]);
        return new RevisionView(((Number) r[0]).longValue(), ((String) r[1]).strip(), ((Number) r[2]).intValue(), (String) r[3], (String) r[4],
                (String) r[5], (String) r[6], (BigDecimal) r[7], (String) r[8], (String) r[9], ((Number) r[10]).longValue(),
                ((Number) r[11]).longValue(), SqlValues.instant(r[12]), due, (String) r[14],
                "PENDING".equals(r[14]) && LocalDate.now(config.zone()).isAfter(due), (String) r[15], SqlValues.instant(r[16]),
                r[17] == null || ((String) r[17]).isEmpty() ? null : (String) r[17], r[18] == null ? null : ((Number) r[18]).intValue());
    }

    private static Result refused(Rejection r) {
        return new Result(null, r);
    }

    private static Result unprocessable(String slug, String detail) {
        return refused(new Rejection(Rejection.Kind.UNPROCESSABLE, slug, detail, Map.of()));
    }
}
