package cn.hazchain.planning;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Solves planning jobs off the request threads: at most {@code hazchain.planning.workers} at once (default 1: the
 * solver keeps a core busy for its seconds). The queue is the {@code round_plan_job} table; {@link #kick()} (after a
 * job is committed, at start-up, and every few seconds as a safety net) starts a drain that claims queued jobs in
 * order until none is left. A kick while every worker is busy and one drain already waits is dropped: that drain
 * will see the job. While a job solves, its best score so far is kept here for {@code GET …/jobs/{id}}.
 */
@ApplicationScoped
public class PlanningWorker {

    private static final Logger LOG = Logger.getLogger(PlanningWorker.class);

    @Inject
    PlanningJobs jobs;

    @Inject
    PlanningService planning;

    @Inject
    HazChainConfig config;

    private final Map<Long, PlanningDtos.JobProgress> progress = new ConcurrentHashMap<>();
    private volatile ThreadPoolExecutor executor;
    private volatile boolean stopping;

    /** The write after the solve may take this long on top of the solver's limit. */
    static final int TX_MARGIN_SECONDS = 150;

    private ThreadPoolExecutor executor() {
        if (executor == null) {
            synchronized (this) {
                if (executor == null) {
                    int n = Math.max(1, config.planning().workers());
                    AtomicInteger count = new AtomicInteger();
                    executor = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), r -> {
                        Thread t = new Thread(r, "round-planner-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.DiscardPolicy());
                }
            }
        }
        return executor;
    }

    void onStart(@Observes StartupEvent event) {
        int resumed = QuarkusTransaction.requiringNew().call(() -> jobs.recover(config.planning().jobAttempts()));
        if (resumed > 0) {
            LOG.infof("%d planning job(s) interrupted by a restart queued again", resumed);
        }
        kick();
    }

    @Scheduled(every = "${hazchain.planning.job-poll:10s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            int reclaimed = QuarkusTransaction.requiringNew().call(() -> jobs.reclaimExpired(config.planning().jobAttempts()));
            if (reclaimed > 0) {
                LOG.warnf("%d planning job(s) RUNNING past their lease queued again", reclaimed);
            }
            if (jobs.anyQueued()) {
                kick();
            }
        } catch (RuntimeException e) {
            // a safety net only (jobs are kicked when committed); at shutdown the datasource may already be gone
            LOG.warnf("planning jobs not polled: %s", e.getMessage());
        }
    }

    /** Starts a drain of the queue on a free worker (or leaves it to the drain already waiting). */
    public void kick() {
        executor().execute(this::drain);
    }

    /** Restart recovery, as at start-up (tests call it to play a restart without one). */
    int recover() {
        int n = QuarkusTransaction.requiringNew().call(() -> jobs.recover(config.planning().jobAttempts()));
        kick();
        return n;
    }

    /** A claimed job's lease: the longest its transaction may last (solve and write) and a margin. */
    int leaseSeconds() {
        return config.planning().maxSolveSeconds() + TX_MARGIN_SECONDS + 30;
    }

    /** Thrown when a solve was cut short by a shutdown: its best-so-far is not a plan to commit. */
    static final class SolveInterrupted extends RuntimeException {
        SolveInterrupted() {
            super("the solve was interrupted (shutdown): nothing written", null, false, false);
        }
    }

    /**
     * The planner as a job uses it: a solve the worker's shutdown interrupted (Timefold then answers its best so far)
     * throws instead of answering a plan, so a cut-short solve is never committed as DONE.
     */
    RoundPlanner guarded(RoundPlanner planner) {
        return (problem, limit) -> {
            RoundPlanner.Solved solved = planner.plan(problem, limit);
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new SolveInterrupted();
            }
            return solved;
        };
    }

    PlanningDtos.JobProgress progress(long jobId) {
        return progress.get(jobId);
    }

    private void drain() {
        while (true) {
            PlanningJobs.Claimed job;
            try {
                job = QuarkusTransaction.requiringNew().call(() -> jobs.claim(leaseSeconds()));
            } catch (RuntimeException e) {
                LOG.error("could not claim a planning job", e);
                return;
            }
            if (job == null) {
                return;
            }
            run(job);
        }
    }

    private void run(PlanningJobs.Claimed job) {
        int limit = Math.min(job.order().seconds() == null ? config.planning().solveSeconds() : job.order().seconds(), config.planning().maxSolveSeconds());
        progress.put(job.id(), new PlanningDtos.JobProgress(0, limit, null));
        RoundPlanner planner = guarded(new TimefoldRoundPlanner(best -> {
            int space = best.indexOf(" ms ");
            progress.put(job.id(), new PlanningDtos.JobProgress(Long.parseLong(best.substring(0, space)), limit, best.substring(space + 4)));
        }, true));
        long start = System.nanoTime();
        try {
            // read in a short transaction, solve outside any (no lock, no row held: a withdrawal or a decline never waits
            // for the solver), write in a second short one that checks the day again under its lock
            PlanningService.Prepared prepared = QuarkusTransaction.requiringNew().call(() -> planning.prepare(job.actor(), job.order()));
            RoundPlanner.Solved solved = PlanningService.solve(prepared, planner, limit);
            QuarkusTransaction.requiringNew().timeout(TX_MARGIN_SECONDS).call(() -> {
                PlanningDtos.PlanView plan = planning.write(job.actor(), job.order(), prepared, solved);
                jobs.done(job.id(), plan.id());
                return plan;
            });
            LOG.infof("planning job %d done in %d ms", job.id(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (RuntimeException e) {
            if (stopping || e instanceof SolveInterrupted || e.getCause() instanceof SolveInterrupted) {
                // left RUNNING: the restart's recovery (or, if this service lives on, the lease) queues it again
                LOG.warnf("planning job %d interrupted by the shutdown: nothing written, it will be solved again", job.id());
                return;
            }
            Throwable cause = e;
            while (cause != null && !(cause instanceof ProblemException)) {
                cause = cause.getCause();
            }
            if (cause instanceof ProblemException p) {
                QuarkusTransaction.requiringNew().run(() -> jobs.fail(job.id(), p.problem()));
                return;
            }
            LOG.errorf(e, "planning job %d failed", job.id());
            QuarkusTransaction.requiringNew().run(() -> jobs.fail(job.id(), new Problem("planning-failed", "Planning failed / 排线失败", 500,
                    "the planner stopped on an internal error (logged on the server); plan the day again with a new requestId")));
        } finally {
            progress.remove(job.id());
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
