package cn.hazchain.report;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.party.Party;
import cn.hazchain.report.MassBalance.Difference;
import cn.hazchain.report.MassBalance.Figures;
import cn.hazchain.report.MassBalance.Flows;
import cn.hazchain.report.MassBalance.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mass balances: per party, the kg that custody events of the period moved (by server time, in the configured
 * zone) and the differences between them ({@link MassBalance}). Regulators and administrators see every party;
 * anyone else sees their own party and, for a collector, its storage points; any other party answers 404.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class MassBalanceService {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    public record Row(long partyId, String name, String uscc, String town, BigDecimal collectedKg, BigDecimal storedKg,
                      BigDecimal shippedKg, BigDecimal receivedKg, BigDecimal refusedKg, BigDecimal returnedKg,
                      BigDecimal disposedKg, BigDecimal heldAtEndKg, List<Difference> differences) {

        static Row of(long id, String name, String uscc, String town, Figures f) {
            return new Row(id, name, uscc, town, f.collectedKg(), f.storedKg(), f.shippedKg(), f.receivedKg(), f.refusedKg(),
                    f.returnedKg(), f.disposedKg(), f.heldAtEndKg(), f.differences());
        }
    }

    public record Report(String kind, LocalDate from, LocalDate to, String zone, Page<Row> rows) {
    }

    @SuppressWarnings("unchecked")
    public Report balance(Kind kind, Long partyId, Period period, Paging paging) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" FROM party p WHERE p.kind = :kind");
        params.put("kind", kind.name());
        if (partyId != null) {
            Party p = Party.findById(partyId);
            if (p == null || !mayAsk(p)) {
                throw ProblemException.notFound("party", partyId);
            }
            if (!p.kind.name().equals(kind.name())) {
                throw ProblemException.badRequest("party " + partyId + " is a " + p.kind + ", not a " + kind + "; ask with kind=" + p.kind);
            }
            where.append(" AND p.id = :id");
            params.put("id", partyId);
        } else if (!current.seesAll()) {
            where.append(" AND (p.id = :me OR p.parent_id = :me)");
            params.put("me", current.partyId());
        }
        var count = em.createNativeQuery("SELECT count(*)" + where);
        var select = em.createNativeQuery("SELECT p.id, p.name, p.uscc, p.town" + where + " ORDER BY p.name, p.id");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        List<Object[]> parties = select.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        List<Long> ids = parties.stream().map(r -> ((Number) r[0]).longValue()).toList();
        Map<Long, Flows> flows = flows(kind, ids, period);
        List<Row> rows = parties.stream().map(r -> {
            long id = ((Number) r[0]).longValue();
            return Row.of(id, (String) r[1], ((String) r[2]).strip(), (String) r[3], MassBalance.of(kind, flows.getOrDefault(id, Flows.NONE)));
        }).toList();
        return new Report(kind.name(), period.from(), period.to(), config.zone().getId(), Page.of(rows, paging, total));
    }

    /** One party's figures, whoever asks (callers check access first). */
    public Figures figures(Kind kind, long partyId, Period period) {
        return MassBalance.of(kind, flows(kind, List.of(partyId), period).getOrDefault(partyId, Flows.NONE));
    }

    private boolean mayAsk(Party p) {
        return current.seesAll() || p.id == current.partyId() || p.parentId != null && p.parentId == current.partyId();
    }

    /** A fact of event e as the newest approved correction of it (FACT_CORRECTED naming its sequence) has it, or null. */
    private static final String CORRECTED = "(SELECT CAST(f.facts->>'%2$s' AS numeric) FROM custody_event f WHERE f.container_id = e.container_id"
            + " AND f.type = 'FACT_CORRECTED' AND f.facts->>'field' = %1$s AND f.facts->>'correctedSeq' = CAST(e.seq AS text)"
            + " ORDER BY f.seq DESC LIMIT 1)";

    /** Weighed and weight-carrying events of the period with the kg they moved and the kg refused at receipt. */
    private static final String EVENTS = "WITH ev AS (SELECT e.type, e.transfer_id, c.generator_party_id, m.collector_party_id,"
            + "  CASE e.type"
            + "   WHEN 'CONTAINER_LOADED' THEN (SELECT p.weight_kg FROM custody_event p WHERE p.container_id = e.container_id"
            + "     AND p.seq < e.seq AND p.weight_kg IS NOT NULL ORDER BY p.seq DESC LIMIT 1)"
            + "   WHEN 'CONTAINER_DISPOSED' THEN c.received_weight_kg"
            // a collection's weight as corrected by approved revisions (issue #15): the container's collected kg
            + "   WHEN 'CONTAINER_COLLECTED' THEN c.collected_weight_kg"
            + "   ELSE coalesce(" + CORRECTED.formatted("'WEIGHT'", "to") + ", e.weight_kg) END AS kg,"
            + "  CASE WHEN e.type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED')"
            + "   THEN coalesce(" + CORRECTED.formatted("'ACCEPTANCE'", "refusedKg") + ", CAST(e.facts->>'refusedKg' AS numeric), 0) ELSE 0 END AS refused_kg"
            + " FROM custody_event e JOIN container c ON c.id = e.container_id JOIN manifest m ON m.id = c.manifest_id"
            + " WHERE e.server_time >= :start AND e.server_time < :end AND e.type IN ('CONTAINER_COLLECTED', 'CONTAINER_STORED',"
            + "  'CONTAINER_LOADED', 'CONTAINER_RECEIVED', 'CONTAINER_REFUSED', 'CONTAINER_DISPOSED'))"
            + " SELECT party_id,"
            + "  sum(kg) FILTER (WHERE type = 'CONTAINER_COLLECTED'),"
            + "  sum(kg) FILTER (WHERE type = 'CONTAINER_STORED'),"
            + "  sum(kg) FILTER (WHERE type = 'CONTAINER_LOADED'),"
            + "  sum(kg - refused_kg) FILTER (WHERE type = 'CONTAINER_RECEIVED'),"
            + "  sum(refused_kg) FILTER (WHERE type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED')),"
            + "  sum(kg) FILTER (WHERE type = 'CONTAINER_REFUSED'),"
            + "  sum(kg) FILTER (WHERE type = 'CONTAINER_DISPOSED'),"
            + "  0"
            + " FROM (SELECT %s AS party_id, ev.* FROM ev LEFT JOIN transfer t ON t.id = ev.transfer_id) a"
            + " WHERE party_id IN (:ids) GROUP BY party_id";

    /**
     * Stays at storage points: each CONTAINER_STORED event, the point it was stored at (a fact of the event), and when
     * the stay ended (the container's next CONTAINER_LOADED).
     */
    private static final String STAYS = "WITH st AS (SELECT s.weight_kg AS kg, s.server_time AS in_time, s.storage_point_id AS point_id,"
            + "  (SELECT o.server_time FROM custody_event o WHERE o.container_id = s.container_id AND o.seq > s.seq"
            + "    AND o.type = 'CONTAINER_LOADED' ORDER BY o.seq LIMIT 1) AS out_time"
            + " FROM custody_event s WHERE s.type = 'CONTAINER_STORED' AND s.server_time < :end AND s.storage_point_id IN (:ids))"
            + " SELECT point_id, 0,"
            + "  sum(kg) FILTER (WHERE in_time >= :start),"
            + "  sum(kg) FILTER (WHERE out_time >= :start AND out_time < :end),"
            + "  0, 0, 0, 0,"
            + "  sum(kg) FILTER (WHERE out_time IS NULL OR out_time >= :end)"
            + " FROM st GROUP BY point_id";

    @SuppressWarnings("unchecked")
    Map<Long, Flows> flows(Kind kind, List<Long> ids, Period period) {
        Map<Long, Flows> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        String sql = switch (kind) {
            case GENERATOR -> EVENTS.formatted("ev.generator_party_id");
            case COLLECTOR -> EVENTS.formatted("CASE WHEN ev.type IN ('CONTAINER_COLLECTED', 'CONTAINER_STORED')"
                    + " THEN ev.collector_party_id ELSE t.shipper_party_id END");
            case RECEIVER -> EVENTS.formatted("t.receiver_party_id");
            case STORAGE_POINT -> STAYS;
        };
        Instant start = period.start(config.zone());
        Instant end = period.end(config.zone());
        List<Object[]> rows = em.createNativeQuery(sql).setParameter("start", start).setParameter("end", end)
                .setParameter("ids", ids).getResultList();
        for (Object[] r : rows) {
            result.put(((Number) r[0]).longValue(), new Flows(dec(r[1]), dec(r[2]), dec(r[3]), dec(r[4]), dec(r[5]), dec(r[6]),
                    dec(r[7]), dec(r[8])));
        }
        return result;
    }

    private static BigDecimal dec(Object o) {
        return o == null ? BigDecimal.ZERO : o instanceof BigDecimal b ? b : new BigDecimal(o.toString());
    }
}
