package cn.hazchain.planning;

import java.util.List;
import java.util.Set;

/**
 * One generator to visit on the day: the pickup requests it has, what they weigh and hold, its opening hours (seconds
 * of the day), how long the pickup takes, and the vehicle the operator pinned it to (null: any). A value of the
 * planner's list variable: the solver only orders stops into vehicles.
 */
public record Stop(int index, int place, long generatorPartyId, List<Long> requestIds, long kg, long litres, Set<String> codes,
                   int windowStart, int windowEnd, int serviceSeconds, Long pinnedVehicleId) {

    @Override
    public String toString() {
        return "stop " + index + " (generator " + generatorPartyId + ")";
    }
}
