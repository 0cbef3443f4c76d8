package cn.hazchain.planning;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timefold Solver (its core library, configured here in code): a construction heuristic places the stops, then local
 * search improves the routes until the time limit, or until a fifth of it passes without improvement. One solver
 * thread; a fixed random seed, so the same problem and limit give the same plan on the same machine.
 */
public final class TimefoldRoundPlanner implements RoundPlanner {

    @Override
    public Solved plan(RoundPlan problem, Duration limit) {
        Duration unimproved = limit.dividedBy(5).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limit.dividedBy(5);
        SolverConfig config = new SolverConfig()
                .withClassLoader(RoundPlan.class.getClassLoader())
                .withSolutionClass(RoundPlan.class)
                .withEntityClasses(VehicleRoute.class)
                .withConstraintProviderClass(RoundConstraints.class)
                .withRandomSeed(17L)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(limit).withUnimprovedSpentLimit(unimproved));
        Solver<RoundPlan> solver = SolverFactory.<RoundPlan>create(config).buildSolver();
        long start = System.nanoTime();
        AtomicLong firstFeasible = new AtomicLong(-1);
        solver.addEventListener(e -> {
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
