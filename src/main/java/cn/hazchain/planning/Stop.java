package cn.hazchain.planning;

import java.util.List;
import java.util.Set;

/**
 * One generator to visit on the day: the pickup requests it has, what they weigh and hold, its opening hours (seconds
 * of the day), how long the pickup takes, the vehicle the operator pinned it to (null: any) and its place in that
 * vehicle's sequence (1 = the first visit; null: any). A value of the planner's list variable: the solver only orders
 * stops into vehicles.
 */
public record Stop(int index, int place, long generatorPartyId, List<Long> requestIds, long kg, long litres, Set<String> codes,
                   int windowStart, int windowEnd, int serviceSeconds, Long pinnedVehicleId, Integer pinnedPosition) {

    /** A stop pinned to a vehicle at most, not to a place in its sequence. */
    public Stop(int index, int place, long generatorPartyId, List<Long> requestIds, long kg, long litres, Set<String> codes,
                int windowStart, int windowEnd, int serviceSeconds, Long pinnedVehicleId) {
        this(index, place, generatorPartyId, requestIds, kg, litres, codes, windowStart, windowEnd, serviceSeconds, pinnedVehicleId, null);
    }

    @Override
    public String toString() {
        return "stop " + index + " (generator " + generatorPartyId + ")";
    }
}
