package cn.hazchain.planning;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timefold Solver (its core library, configured here in code): it starts from the greedy {@link NearestNeighbour}
 * plan, its construction heuristic places the stops left, then local search improves the routes until the time limit, or until half of it passes without improvement. One solver
 * thread; a fixed random seed, so the same problem and limit give the same plan on the same machine.
 */
public final class TimefoldRoundPlanner implements RoundPlanner {

    private final java.util.function.Consumer<String> progress;
    private final boolean warmStart;

    public TimefoldRoundPlanner() {
        this(s -> { }, true);
    }

    /**
     * {@code progress} is told each new best score with the milliseconds spent (the benchmark prints them);
     * {@code warmStart}: start from the greedy plan (else from the solver's construction heuristic alone).
     */
    public TimefoldRoundPlanner(java.util.function.Consumer<String> progress, boolean warmStart) {
        this.progress = progress;
        this.warmStart = warmStart;
    }

    @Override
    public Solved plan(RoundPlan problem, Duration limit) {
        Duration unimproved = limit.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limit.dividedBy(2);
        SolverConfig config = new SolverConfig()
                .withClassLoader(RoundPlan.class.getClassLoader())
                .withSolutionClass(RoundPlan.class)
                .withEntityClasses(VehicleRoute.class)
                .withConstraintProviderClass(RoundConstraints.class)
                .withRandomSeed(17L)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(limit).withUnimprovedSpentLimit(unimproved));
        Solver<RoundPlan> solver = SolverFactory.<RoundPlan>create(config).buildSolver();
        long start = System.nanoTime();
        if (warmStart && problem.vehicles.stream().allMatch(v -> v.stops.isEmpty())) {
            NearestNeighbour.plan(problem); // a warm start: the solver's construction heuristic places what the greedy plan left
        }
        AtomicLong firstFeasible = new AtomicLong(-1);
        solver.addEventListener(e -> {
            progress.accept(e.getTimeMillisSpent() + " ms " + e.getNewBestScore());
            if (firstFeasible.get() < 0 && e.isNewBestSolutionInitialized() && complete((ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore) e.getNewBestScore())) {
                firstFeasible.set((System.nanoTime() - start) / 1_000_000);
            }
        });
        RoundPlan best = solver.solve(problem);
        long total = (System.nanoTime() - start) / 1_000_000;
        if (firstFeasible.get() < 0 && complete(best.score)) {
            firstFeasible.set(total);
        }
        return new Solved(best, firstFeasible.get(), total);
    }

    /** Every stop planned, no rule broken. */
    static boolean complete(ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore score) {
        return score != null && score.initScore() == 0 && score.hardScore() == 0 && score.mediumScore() == 0;
    }
}
