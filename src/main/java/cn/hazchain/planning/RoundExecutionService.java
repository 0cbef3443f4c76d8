package cn.hazchain.planning;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A round planned against done (issue #17, point 4): per stop, the planned arrival and kg against the stop's outcome
 * as the handheld recorded it and the containers collected there on this round (how many, kg, when); for the round,
 * the planned metres against the distance between the collections' GPS positions, and the planned hours against the
 * first to last collection. For the collector's operators and regulators; others 404.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RoundExecutionService {

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    public record StopExecution(int seq, long generatorPartyId, String generatorName, String plannedArrival, BigDecimal plannedKg,
                                int expectedContainers, String outcome, String outcomeReason, Instant outcomeAt, int collectedContainers,
                                BigDecimal collectedKg, Instant firstCollectionAt, Instant lastCollectionAt) {
    }

    public record Execution(long roundId, LocalDate date, String plate, String driver, Long planId, String shift, Long plannedMetres,
                            long gpsMetres, BigDecimal plannedKg, BigDecimal collectedKg, int stops, int stopsEnded, int stopsCollected,
                            Instant firstCollectionAt, Instant lastCollectionAt, List<StopExecution> stopsDetail) {
    }

    @SuppressWarnings("unchecked")
    public Execution execution(long roundId) {
        List<Object[]> rs = em.createNativeQuery("SELECT r.collector_party_id, r.round_date, v.plate, u.username, r.plan_id,"
                + " to_char(r.shift_start, 'HH24:MI') || '-' || to_char(r.shift_end, 'HH24:MI'), r.planned_metres FROM collection_round r"
                + " JOIN vehicle v ON v.id = r.vehicle_id JOIN app_user u ON u.id = r.driver_user_id WHERE r.id = ?1").setParameter(1, roundId).getResultList();
        if (rs.isEmpty() || !(current.seesAll() || current.has(Role.COLLECTOR_OPERATOR) && ((Number) rs.get(0)[0]).longValue() == current.partyId())) {
            throw ProblemException.notFound("round", roundId);
        }
        Object[] r = rs.get(0);
        List<Object[]> rows = em.createNativeQuery("SELECT s.seq, s.generator_party_id, g.name, to_char(s.planned_arrival, 'HH24:MI'), s.planned_kg,"
                + " s.expected_containers, s.outcome, s.outcome_reason, coalesce(s.outcome_client_time, s.outcome_recorded_at),"
                // collected kg as approved revisions corrected them (the container's fold), as the ledger and the mass balance take them
                + " count(e.id), coalesce(sum(coalesce(c.collected_weight_kg, e.weight_kg)), 0), min(coalesce(e.client_time, e.server_time)),"
                + " max(coalesce(e.client_time, e.server_time))"
                + " FROM round_stop s JOIN party g ON g.id = s.generator_party_id"
                + " LEFT JOIN manifest m ON m.round_id = s.round_id AND m.generator_party_id = s.generator_party_id"
                + " LEFT JOIN custody_event e ON e.manifest_id = m.id AND e.type = 'CONTAINER_COLLECTED'"
                + " LEFT JOIN container c ON c.id = e.container_id"
                + " WHERE s.round_id = ?1 GROUP BY s.round_id, s.seq, s.generator_party_id, g.name ORDER BY s.seq").setParameter(1, roundId).getResultList();
        List<StopExecution> stops = new ArrayList<>();
        for (Object[] s : rows) {
            stops.add(new StopExecution(((Number) s[0]).intValue(), ((Number) s[1]).longValue(), (String) s[2], (String) s[3], (BigDecimal) s[4],
                    ((Number) s[5]).intValue(), (String) s[6], (String) s[7], SqlValues.instant(s[8]), ((Number) s[9]).intValue(),
                    (BigDecimal) s[10], SqlValues.instant(s[11]), SqlValues.instant(s[12])));
        }
        List<Object[]> places = em.createNativeQuery("SELECT e.latitude, e.longitude FROM custody_event e JOIN manifest m ON m.id = e.manifest_id"
                + " WHERE m.round_id = ?1 AND e.type = 'CONTAINER_COLLECTED' AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
                + " ORDER BY coalesce(e.client_time, e.server_time), e.id").setParameter(1, roundId).getResultList();
        long gps = 0;
        for (int i = 1; i < places.size(); i++) {
            gps += Math.round(GreatCircleMatrix.greatCircleMetres(point(places.get(i - 1)), point(places.get(i))) * config.planning().roadFactor());
        }
        return new Execution(roundId, SqlValues.localDate(r[1]), (String) r[2], (String) r[3], r[4] == null ? null : ((Number) r[4]).longValue(),
                (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(), gps,
                stops.stream().map(StopExecution::plannedKg).filter(k -> k != null).reduce(BigDecimal.ZERO, BigDecimal::add),
                stops.stream().map(StopExecution::collectedKg).reduce(BigDecimal.ZERO, BigDecimal::add), stops.size(),
                (int) stops.stream().filter(s -> s.outcome() != null).count(), (int) stops.stream().filter(s -> s.collectedContainers() > 0).count(),
                stops.stream().map(StopExecution::firstCollectionAt).filter(t -> t != null).min(Instant::compareTo).orElse(null),
                stops.stream().map(StopExecution::lastCollectionAt).filter(t -> t != null).max(Instant::compareTo).orElse(null), stops);
    }

    private static GreatCircleMatrix.Point point(Object[] row) {
        return new GreatCircleMatrix.Point((Double) row[0], (Double) row[1]);
    }
}
