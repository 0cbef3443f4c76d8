package cn.hazchain.planning;

import java.time.Duration;

/** Orders a day's stops into vehicles. {@link TimefoldRoundPlanner} is the one in use; the benchmark compares it with a greedy one. */
public interface RoundPlanner {

    /** The plan, when the first plan with every stop placed and no rule broken was found (-1: never) and when solving ended (ms from the start). */
    record Solved(RoundPlan plan, long firstFeasibleMillis, long finalMillis) {
    }

    Solved plan(RoundPlan problem, Duration limit);
}
