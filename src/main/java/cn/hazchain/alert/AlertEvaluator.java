package cn.hazchain.alert;

import cn.hazchain.alert.AlertDtos.EvaluationReport;
import cn.hazchain.alert.AlertDtos.RuleCount;
import cn.hazchain.alert.AlertLifecycle.State;
import cn.hazchain.alert.Reconciliation.Latest;
import cn.hazchain.alert.Reconciliation.Plan;
import cn.hazchain.alert.Reconciliation.Refresh;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Evaluates every rule and brings the alerts in line with what holds now: opens, refreshes, resolves (see
 * {@link Reconciliation}). One evaluation at a time across all replicas: a transaction-scoped PostgreSQL advisory
 * lock is held for the whole run, so the scheduled runs of several replicas never interleave.
 */
@ApplicationScoped
@Transactional
public class AlertEvaluator {

    /**
     * One evaluation is one transaction. On a history imported at once (no alerts yet), the first one opens every
     * alert of the past years (15,000 on the city history) and ran past the default 60 s: it was rolled back, and so
     * was every later one. A longer limit lets the first run finish; later runs only change what changed since. The
     * limit can only be set where a transaction starts: on {@link #evaluate} and {@link #evaluateIfFree}, which
     * {@link #evaluateNow} and {@link #scheduled} call without one of their own.
     */
    private static final String TIMEOUT = "hazchain.alerts.evaluation-timeout-seconds";

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    /** Advisory lock (two-key form: its own key space) held by an evaluation: "ALRT", 1. */
    static final int LOCK_CLASS = 0x414C5254;
    static final int LOCK_ID = 1;
    private static final int CHUNK = 1000;

    @Inject
    RuleQueries queries;

    @Inject
    EntityManager em;

    @Inject
    AlertNotifications notifications;

    /** Evaluates as of now, waiting for a run of another replica to finish first. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public EvaluationReport evaluateNow() {
        return evaluate(Instant.now());
    }

    /** Evaluates as of {@code now} (tests move time this way, without touching history), waiting for the lock. */
    @TransactionConfiguration(timeoutFromConfigProperty = TIMEOUT)
    public EvaluationReport evaluate(Instant now) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)").setParameter(1, LOCK_CLASS).setParameter(2, LOCK_ID).getSingleResult();
        return run(now.truncatedTo(ChronoUnit.MICROS));
    }

    /** Evaluates as of {@code now} unless another evaluation holds the lock (then nothing: that one is doing it). */
    @TransactionConfiguration(timeoutFromConfigProperty = TIMEOUT)
    public Optional<EvaluationReport> evaluateIfFree(Instant now) {
        Boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1, ?2)")
                .setParameter(1, LOCK_CLASS).setParameter(2, LOCK_ID).getSingleResult();
        return Boolean.TRUE.equals(locked) ? Optional.of(run(now.truncatedTo(ChronoUnit.MICROS))) : Optional.empty();
    }

    @Scheduled(every = "${hazchain.alerts.evaluate-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        evaluateIfFree(Instant.now()).ifPresentOrElse(
                r -> LOG.infof("alerts evaluated: %d opened, %d resolved, %d open", r.opened(), r.resolved(), r.open()),
                () -> LOG.debug("alert evaluation skipped: another replica is evaluating"));
    }

    private EvaluationReport run(Instant now) {
        List<RuleCount> counts = new ArrayList<>();
        for (AlertRule rule : AlertRule.values()) {
            List<Candidate> firing = queries.candidates(rule, now);
            Plan plan = Reconciliation.plan(firing, latest(rule, firing));
            apply(rule, plan, now);
            long open = ((Number) em.createNativeQuery("SELECT count(*) FROM alert WHERE rule = ?1 AND state <> 'CLOSED'")
                    .setParameter(1, rule.name()).getSingleResult()).longValue();
            counts.add(new RuleCount(rule, firing.size(), plan.open().size(), plan.resolve().size(), plan.suppressed(), open));
        }
        return new EvaluationReport(now, counts.stream().mapToInt(RuleCount::opened).sum(),
                counts.stream().mapToInt(RuleCount::resolved).sum(), counts.stream().mapToLong(RuleCount::open).sum(), counts);
    }

    /** The alert of every subject not closed, and the latest (closed) alert of the firing subjects that have none open. */
    private Map<Long, Latest> latest(AlertRule rule, List<Candidate> firing) {
        Map<Long, Latest> latest = new HashMap<>();
        for (Object[] r : rows(em.createNativeQuery(LATEST + " WHERE a.rule = ?1 AND a.state <> 'CLOSED'").setParameter(1, rule.name()))) {
            Latest l = latest(r);
            latest.put(l.subjectId(), l);
        }
        List<Long> others = firing.stream().map(Candidate::subjectId).filter(id -> !latest.containsKey(id)).toList();
        for (int i = 0; i < others.size(); i += CHUNK) {
            List<Long> chunk = others.subList(i, Math.min(others.size(), i + CHUNK));
            for (Object[] r : rows(em.createNativeQuery("SELECT DISTINCT ON (a.subject_id) " + LATEST.substring("SELECT ".length())
                            + " WHERE a.rule = ?1 AND a.subject_id IN (?2) ORDER BY a.subject_id, a.id DESC")
                    .setParameter(1, rule.name()).setParameter(2, chunk))) {
                Latest l = latest(r);
                latest.put(l.subjectId(), l);
            }
        }
        return latest;
    }

    private static final String LATEST = "SELECT a.id, a.subject_id, a.state, a.closed_reason, a.trigger_ref, a.measure, a.details, a.town,"
            + " (SELECT string_agg(CAST(ap.party_id AS text), ',') FROM alert_party ap WHERE ap.alert_id = a.id) FROM alert a";

    private static Latest latest(Object[] r) {
        Set<Long> parties = r[8] == null ? Set.of()
                : Arrays.stream(((String) r[8]).split(",")).map(Long::valueOf).collect(Collectors.toSet());
        return new Latest(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), State.valueOf((String) r[2]),
                "BY_USER".equals(r[3]), ((Number) r[4]).longValue(), (BigDecimal) r[5], (String) r[6], (String) r[7], parties);
    }

    private void apply(AlertRule rule, Plan plan, Instant now) {
        for (Candidate c : plan.open()) {
            open(rule, c, now);
        }
        List<Long> seen = plan.refresh().stream().map(Refresh::alertId).toList();
        for (int i = 0; i < seen.size(); i += CHUNK) {
            em.createNativeQuery("UPDATE alert SET last_seen = greatest(last_seen, ?1), version = version + 1"
                            + " WHERE id IN (?2) AND state <> 'CLOSED'")
                    .setParameter(1, now).setParameter(2, seen.subList(i, Math.min(seen.size(), i + CHUNK))).executeUpdate();
        }
        for (Refresh r : plan.refresh()) {
            if (r.changed()) {
                Candidate c = r.candidate();
                int updated = em.createNativeQuery("UPDATE alert SET measure = ?2, threshold = ?3, details = ?4, town = ?5,"
                                + " trigger_ref = greatest(trigger_ref, ?6), evidence = CAST(NULLIF(?7, '') AS jsonb) WHERE id = ?1 AND state <> 'CLOSED'")
                        .setParameter(1, r.alertId()).setParameter(2, c.measure()).setParameter(3, c.threshold())
                        .setParameter(4, c.details()).setParameter(5, c.town()).setParameter(6, c.triggerRef())
                        .setParameter(7, c.evidence() == null ? "" : c.evidence()).executeUpdate();
                if (updated == 1) {
                    linkParties(r.alertId(), c.partyIds());
                }
            }
        }
        for (long alertId : plan.resolve()) {
            // A regulator closing it at this moment holds the row lock: then it is closed already and 0 rows change.
            int closed = em.createNativeQuery("UPDATE alert SET state = 'CLOSED', closed_at = ?2, closed_reason = 'AUTO_RESOLVED',"
                            + " version = version + 1 WHERE id = ?1 AND state <> 'CLOSED'")
                    .setParameter(1, alertId).setParameter(2, now).executeUpdate();
            if (closed == 1) {
                event(alertId, rule, "CLOSED", now, "AUTO_RESOLVED", "resolved: the condition no longer holds", null, null);
            }
        }
    }

    private void open(AlertRule rule, Candidate c, Instant now) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("INSERT INTO alert (rule, subject_kind, subject_id, subject_key, town, severity,"
                        + " measure, unit, threshold, details, trigger_ref, first_seen, last_seen, evidence)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, CAST(NULLIF(?13, '') AS jsonb))"
                        + " ON CONFLICT (rule, subject_id) WHERE state <> 'CLOSED' DO NOTHING RETURNING id")
                .setParameter(1, rule.name()).setParameter(2, rule.subjectKind.name()).setParameter(3, c.subjectId())
                .setParameter(4, c.subjectKey()).setParameter(5, c.town()).setParameter(6, rule.severity.name())
                .setParameter(7, c.measure()).setParameter(8, rule.unit).setParameter(9, c.threshold()).setParameter(10, c.details())
                .setParameter(11, c.triggerRef()).setParameter(12, now).setParameter(13, c.evidence() == null ? "" : c.evidence()).getResultList();
        if (ids.isEmpty()) {
            return;
        }
        long id = ids.get(0).longValue();
        linkParties(id, c.partyIds());
        // what showed it when it opened stays with that step; the alert's own copy follows later evaluations
        event(id, rule, "OPENED", now, null, null, c.measure(), c.details(), c.evidence());
    }

    private void linkParties(long alertId, Set<Long> partyIds) {
        for (long party : partyIds) {
            em.createNativeQuery("INSERT INTO alert_party (alert_id, party_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                    .setParameter(1, alertId).setParameter(2, party).executeUpdate();
        }
    }

    private void event(long alertId, AlertRule rule, String type, Instant at, String reason, String note, BigDecimal measure, String details) {
        event(alertId, rule, type, at, reason, note, measure, details, null);
    }

    private void event(long alertId, AlertRule rule, String type, Instant at, String reason, String note, BigDecimal measure, String details,
                       String evidence) {
        long eventId = ((Number) em.createNativeQuery("INSERT INTO alert_event (alert_id, type, at, reason, note, measure, details, evidence)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(NULLIF(?8, '') AS jsonb)) RETURNING id")
                .setParameter(1, alertId).setParameter(2, type).setParameter(3, at).setParameter(4, reason).setParameter(5, note)
                .setParameter(6, measure).setParameter(7, details).setParameter(8, evidence == null ? "" : evidence).getSingleResult()).longValue();
        notifications.step(eventId, rule);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(jakarta.persistence.Query q) {
        return q.getResultList();
    }
}
