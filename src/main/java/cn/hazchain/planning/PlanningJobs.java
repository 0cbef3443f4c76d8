package cn.hazchain.planning;

import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Planning jobs (issue #17 leftovers, point 2): a plan or re-plan asked for is checked at once (what can be known
 * before solving answers 4xx to the caller), recorded as a QUEUED job and handed, once committed, to the
 * {@link PlanningWorker}; the job's requestId makes a resend find the same job. The worker claims jobs here in order,
 * and the plan is written in the same transaction as the job's DONE, so a job is either done with its whole plan or
 * not done at all.
 */
@ApplicationScoped
@Transactional
public class PlanningJobs {

    @Inject
    CurrentUser current;

    @Inject
    PlanningService planning;

    @Inject
    PlanningWorker worker;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** The job, and whether this call made it (false: a resend of its requestId). */
    public record Submitted(PlanningDtos.JobView job, boolean created) {
    }

    /** A job as the worker runs it: who asked, and what. */
    record Claimed(long id, PlanningService.Actor actor, PlanningService.Order order, int attempts) {
    }

    public Submitted plan(PlanningDtos.NewPlan req) {
        current.require(Role.COLLECTOR_OPERATOR);
        PlanningDtos.JobView previous = previous(req.requestId(), null);
        return previous != null ? new Submitted(previous, false) : submit(planning.order(req));
    }

    public Submitted replan(long planId, PlanningDtos.Replan req) {
        current.require(Role.COLLECTOR_OPERATOR);
        PlanningDtos.JobView previous = previous(req.requestId(), planId);
        return previous != null ? new Submitted(previous, false) : submit(planning.order(planId, req));
    }

    /**
     * Records the job, or, when a concurrent resend of the same requestId recorded it first (INSERT … ON CONFLICT DO
     * NOTHING answers no row), answers that one: two resends at once both find the same job, never a 409 or a 500.
     */
    private Submitted submit(PlanningService.Order order) {
        String request;
        try {
            request = json.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<?> inserted = em.createNativeQuery("INSERT INTO round_plan_job (request_id, collector_party_id, created_by, plan_date, replaces_plan_id,"
                        + " request) VALUES (?1, ?2, ?3, ?4, ?5, cast(?6 AS jsonb)) ON CONFLICT (request_id) DO NOTHING RETURNING id")
                .setParameter(1, order.requestId()).setParameter(2, current.partyId()).setParameter(3, current.userId()).setParameter(4, order.date())
                .setParameter(5, order.replacesPlanId()).setParameter(6, request).getResultList();
        if (inserted.isEmpty()) {
            return new Submitted(previous(order.requestId(), order.replacesPlanId()), false);
        }
        long id = ((Number) inserted.get(0)).longValue();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    worker.kick();
                }
            }
        });
        return new Submitted(view(id), true);
    }

    /**
     * The job a requestId already names, when this call is its resend: by the same user, for the same thing (a first
     * plan: {@code replaces} null; a re-plan: the plan it replaces). The same requestId on another user's job, on a
     * job for something else, or on a plan written before plans were jobs is a 422 that says to generate a new one.
     */
    private PlanningDtos.JobView previous(UUID requestId, Long replaces) {
        List<?> rows = em.createNativeQuery("SELECT id, created_by, replaces_plan_id FROM round_plan_job WHERE request_id = ?1")
                .setParameter(1, requestId).getResultList();
        if (rows.isEmpty()) {
            List<?> plans = em.createNativeQuery("SELECT id FROM round_plan WHERE request_id = ?1").setParameter(1, requestId).getResultList();
            if (!plans.isEmpty()) {
                throw ProblemException.unprocessable("plan-request-id", "requestId " + requestId + " already made round plan " + plans.get(0)
                        + ": generate a new requestId for this plan");
            }
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        if (((Number) r[1]).longValue() != current.userId()) {
            throw ProblemException.conflict("requestId " + requestId + " was already used by another user; generate a new one");
        }
        Long was = r[2] == null ? null : ((Number) r[2]).longValue();
        if (!java.util.Objects.equals(was, replaces)) {
            throw ProblemException.unprocessable("plan-request-id", "requestId " + requestId + " was already used for "
                    + (was == null ? "a first plan of a day" : "a re-plan of plan " + was) + ", not for "
                    + (replaces == null ? "a first plan of a day" : "a re-plan of plan " + replaces) + ": generate a new requestId");
        }
        return view(((Number) r[0]).longValue());
    }

    /** A job, for the collector's operators whose collector asked for it, and regulators; others 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PlanningDtos.JobView get(long id) {
        List<?> owner = em.createNativeQuery("SELECT collector_party_id FROM round_plan_job WHERE id = ?1").setParameter(1, id).getResultList();
        if (owner.isEmpty() || !(current.seesAll() || current.has(Role.COLLECTOR_OPERATOR) && ((Number) owner.get(0)).longValue() == current.partyId())) {
            throw ProblemException.notFound("planning job", id);
        }
        return view(id);
    }

    @SuppressWarnings("unchecked")
    PlanningDtos.JobView view(long id) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT state, plan_date, replaces_plan_id, attempts, plan_id, problem::text, created_at, started_at,"
                + " finished_at FROM round_plan_job WHERE id = ?1").setParameter(1, id).getSingleResult();
        String state = (String) r[0];
        Long planId = r[4] == null ? null : ((Number) r[4]).longValue();
        JsonNode problem;
        try {
            problem = r[5] == null ? null : json.readTree((String) r[5]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new PlanningDtos.JobView(id, state, SqlValues.localDate(r[1]), r[2] == null ? null : ((Number) r[2]).longValue(),
                ((Number) r[3]).intValue(), "RUNNING".equals(state) ? worker.progress(id) : null, planId,
                planId == null ? null : planning.view(planId), problem, SqlValues.instant(r[6]), SqlValues.instant(r[7]), SqlValues.instant(r[8]));
    }

    /**
     * The oldest queued job, now RUNNING (another worker skips it), or null. A job whose request this version cannot
     * read (stored by another version) is FAILED in the same transaction, saying so, and the next one is claimed: it
     * never stays at the head of the queue.
     */
    Claimed claim(int leaseSeconds) {
        while (true) {
            List<?> rows = em.createNativeQuery("UPDATE round_plan_job SET state = 'RUNNING', attempts = attempts + 1, started_at = now(),"
                    + " lease_until = now() + make_interval(secs => ?1) WHERE id = (SELECT id FROM round_plan_job WHERE state = 'QUEUED' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)"
                    + " RETURNING id, created_by, collector_party_id, request::text, attempts").setParameter(1, leaseSeconds).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] r = (Object[]) rows.get(0);
            long id = ((Number) r[0]).longValue();
            try {
                return new Claimed(id, new PlanningService.Actor(((Number) r[1]).longValue(), ((Number) r[2]).longValue()),
                        json.readValue((String) r[3], PlanningService.Order.class), ((Number) r[4]).intValue());
            } catch (JsonProcessingException e) {
                fail(id, new Problem("planning-unreadable", "Planning job unreadable / 排线任务无法读取", 422, "this job's request was stored in a form"
                        + " this version of the service cannot read: plan the day again (a new requestId)"));
            }
        }
    }

    /** The job's plan is written (in this transaction). */
    void done(long id, long planId) {
        em.createNativeQuery("UPDATE round_plan_job SET state = 'DONE', plan_id = ?2, finished_at = now(), lease_until = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, planId).executeUpdate();
    }

    void fail(long id, Problem problem) {
        try {
            em.createNativeQuery("UPDATE round_plan_job SET state = 'FAILED', problem = cast(?2 AS jsonb), finished_at = now(), lease_until = NULL"
                    + " WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, json.writeValueAsString(problem)).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * At start-up: a job still RUNNING was interrupted by the restart (its plan, written only at the end, was not).
     * It is queued again to be solved from the start, unless it has already started {@code attempts} times: then it
     * fails, saying so, and the operator plans again. Answers how many were queued again.
     */
    int recover(int attempts) {
        return reclaim(attempts, "the service restarted");
    }

    /**
     * In the worker's poll: a job RUNNING past its lease was lost by its worker; it is queued again, or failed after
     * {@code attempts} starts, as at a restart. Answers how many were queued again.
     */
    int reclaimExpired(int attempts) {
        return reclaim(attempts, "its worker stopped without finishing it");
    }

    private int reclaim(int attempts, String why) {
        String lost = why.startsWith("the service") ? "" : " AND lease_until < now()";
        Problem interrupted = new Problem("planning-interrupted", "Planning interrupted / 排线中断", 503, why + " " + attempts
                + " times while this job was solving: plan the day again (POST /api/round-plans, a new requestId)");
        List<?> failed = em.createNativeQuery("SELECT id FROM round_plan_job WHERE state = 'RUNNING' AND attempts >= ?1" + lost + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, attempts).getResultList();
        failed.forEach(id -> fail(((Number) id).longValue(), interrupted));
        return em.createNativeQuery("UPDATE round_plan_job SET state = 'QUEUED', lease_until = NULL WHERE state = 'RUNNING'" + lost).executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean anyQueued() {
        return !em.createNativeQuery("SELECT 1 FROM round_plan_job WHERE state = 'QUEUED' LIMIT 1").getResultList().isEmpty();
    }
}
