package cn.hazchain.export;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.manifest.ManifestService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the outbox (regulators and administrators), retrying a row now (administrators), and the document. */
@ApplicationScoped
@Transactional
public class OutboxService {

    /** Where a row stands. */
    public enum Status {
        /** Waiting for its first attempt (or being sent for the first time). */
        PENDING,
        /** Its last attempt failed; it waits for its next attempt (see nextAttemptAt and lastError). */
        FAILING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** A failed manifest.updated row skipped because a newer update of the manifest waited behind it. */
        SUPERSEDED
    }

    static final String STATUS_SQL = "(CASE WHEN o.delivered_at IS NOT NULL THEN 'DELIVERED' WHEN o.superseded_by IS NOT NULL THEN 'SUPERSEDED'"
            + " WHEN o.last_error IS NOT NULL THEN 'FAILING' ELSE 'PENDING' END)";

    private static final String COLUMNS = "o.id, o.topic, o.aggregate_key, " + STATUS_SQL + ", o.created_at, o.attempts, o.next_attempt_at,"
            + " o.last_attempt_at, (o.sending_until IS NOT NULL AND o.sending_until > now()), o.delivered_at, o.last_status, o.last_error,"
            + " o.superseded_by";

    /** One row of the outbox, without its payload. */
    public record Entry(long id, String topic, String manifestNumber, Status status, Instant createdAt, int attempts,
                        Instant nextAttemptAt, Instant lastAttemptAt, boolean sending, Instant deliveredAt, Integer lastStatus,
                        String lastError, Long supersededBy) {
    }

    /** One row with the document it carries (as stored: key order is not significant). */
    public record Detail(Entry entry, JsonNode payload) {
    }

    public record Stats(boolean enabled, long pending, long failing, long delivered, long superseded, Instant oldestUndeliveredAt,
                        Instant lastDeliveredAt) {
    }

    @Inject
    CurrentUser current;

    @Inject
    ManifestService manifests;

    @Inject
    ManifestDocuments documents;

    @Inject
    HazChainConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Entry> list(Status status, String manifestNumber, Paging paging) {
        current.require(Role.ADMIN, Role.REGULATOR);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (status != null) {
            where.append(" AND ").append(STATUS_SQL).append(" = :status");
            params.put("status", status.name());
        }
        if (manifestNumber != null) {
            where.append(" AND o.aggregate_key = :number");
            params.put("number", manifestNumber);
        }
        var count = em.createNativeQuery("SELECT count(*) FROM outbox o" + where);
        var select = em.createNativeQuery("SELECT " + COLUMNS + " FROM outbox o" + where + " ORDER BY o.id DESC");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        List<Object[]> rows = select.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return Page.of(rows.stream().map(OutboxService::entry).toList(), paging, total);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Detail get(long id) {
        current.require(Role.ADMIN, Role.REGULATOR);
        Object[] row = find(id, "o.payload::text");
        try {
            return new Detail(entry(row), json.readTree((String) row[row.length - 1]));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + id + " holds unreadable JSON", e);
        }
    }

    /** Makes an undelivered row due now. It still waits for earlier undelivered rows of its manifest. */
    public Entry retry(long id) {
        current.require(Role.ADMIN);
        int updated = em.createNativeQuery("UPDATE outbox SET next_attempt_at = now() WHERE id = ?1 AND delivered_at IS NULL"
                + " AND superseded_by IS NULL AND (sending_until IS NULL OR sending_until <= now())").setParameter(1, id).executeUpdate();
        Entry e = entry(find(id, "1"));
        if (updated == 0) {
            switch (e.status()) {
                case DELIVERED -> throw ProblemException.conflict("outbox row " + id + " was delivered at " + e.deliveredAt() + "; nothing to retry");
                case SUPERSEDED -> throw ProblemException.conflict("outbox row " + id + " was superseded by row " + e.supersededBy()
                        + ", which carries the newer document; retry that one");
                default -> throw ProblemException.conflict("outbox row " + id + " is being sent right now; look again in a moment");
            }
        }
        return e;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Stats stats() {
        current.require(Role.ADMIN, Role.REGULATOR);
        Object[] r = (Object[]) em.createNativeQuery("SELECT"
                + " count(*) FILTER (WHERE " + STATUS_SQL + " = 'PENDING'), count(*) FILTER (WHERE " + STATUS_SQL + " = 'FAILING'),"
                + " count(*) FILTER (WHERE o.delivered_at IS NOT NULL), count(*) FILTER (WHERE o.superseded_by IS NOT NULL),"
                + " min(o.created_at) FILTER (WHERE o.delivered_at IS NULL AND o.superseded_by IS NULL), max(o.delivered_at)"
                + " FROM outbox o").getSingleResult();
        return new Stats(config.export().enabled(), ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), SqlValues.instant(r[4]), SqlValues.instant(r[5]));
    }

    /** The document as it would be sent now, for whoever may see the manifest (else 404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ManifestDocument document(String number) {
        return documents.build(manifests.visible(number).id);
    }

    @SuppressWarnings("unchecked")
    private Object[] find(long id, String extra) {
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + ", " + extra + " FROM outbox o WHERE o.id = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("outbox row", id);
        }
        return rows.get(0);
    }

    private static Entry entry(Object[] r) {
        return new Entry(((Number) r[0]).longValue(), (String) r[1], (String) r[2], Status.valueOf((String) r[3]), SqlValues.instant(r[4]),
                ((Number) r[5]).intValue(), SqlValues.instant(r[6]), SqlValues.instant(r[7]), (Boolean) r[8], SqlValues.instant(r[9]),
                r[10] == null ? null : ((Number) r[10]).intValue(), (String) r[11], r[12] == null ? null : ((Number) r[12]).longValue());
    }
}
