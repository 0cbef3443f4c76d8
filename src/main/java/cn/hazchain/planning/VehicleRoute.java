package cn.hazchain.planning;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;
import cn.hazchain.catalogue.CoLoading;
import java.util.ArrayList;
import java.util.List;

/**
 * One vehicle with its driver's shift for the day: it leaves its start place (the depot) at the shift's start, visits
 * its stops in order, and ends at its end place (the storage point) by the shift's end. The solver fills
 * {@link #stops}; {@link #drive()} says what the order costs and breaks.
 */
@PlanningEntity
public class VehicleRoute {

    public long vehicleId;
    public String plate;
    public long driverUserId;
    public long capacityKg;
    /** Long.MAX_VALUE when the vehicle's volume is not on file. */
    public long capacityLitres;
    public int shiftStart;
    public int shiftEnd;
    public int startPlace;
    public int endPlace;
    public TravelMatrix matrix;

    @PlanningListVariable(allowsUnassignedValues = true)
    public List<Stop> stops = new ArrayList<>();

    public VehicleRoute() {
    }

    public VehicleRoute(long vehicleId, String plate, long driverUserId, long capacityKg, long capacityLitres, int shiftStart, int shiftEnd,
                        int startPlace, int endPlace, TravelMatrix matrix) {
        this.vehicleId = vehicleId;
        this.plate = plate;
        this.driverUserId = driverUserId;
        this.capacityKg = capacityKg;
        this.capacityLitres = capacityLitres;
        this.shiftStart = shiftStart;
        this.shiftEnd = shiftEnd;
        this.startPlace = startPlace;
        this.endPlace = endPlace;
        this.matrix = matrix;
    }

    /** What driving the stops in order comes to. */
    public record Drive(long metres, int seconds, long kg, long litres, int lateSeconds, int overtimeSeconds, int[] arrivals, int end) {
    }

    public Drive drive() {
        int t = shiftStart;
        int at = startPlace;
        long metres = 0;
        long kg = 0;
        long litres = 0;
        int late = 0;
        int[] arrivals = new int[stops.size()];
        for (int i = 0; i < stops.size(); i++) {
            Stop s = stops.get(i);
            metres += matrix.metres(at, s.place());
            t += matrix.seconds(at, s.place());
            arrivals[i] = Math.max(t, s.windowStart());
            late += Math.max(0, arrivals[i] - s.windowEnd());
            t = arrivals[i] + s.serviceSeconds();
            kg += s.kg();
            litres += s.litres();
            at = s.place();
        }
        if (!stops.isEmpty()) {
            metres += matrix.metres(at, endPlace);
            t += matrix.seconds(at, endPlace);
        }
        return new Drive(metres, t - shiftStart, kg, litres, late, Math.max(0, t - shiftEnd), arrivals, t);
    }

    public long kg() {
        long kg = 0;
        for (Stop s : stops) {
            kg += s.kg();
        }
        return kg;
    }

    public long litres() {
        long l = 0;
        for (Stop s : stops) {
            l += s.litres();
        }
        return l;
    }

    /** Pairs of stops on this vehicle whose wastes may not travel together. */
    public int incompatiblePairs(RoundPlan.Facts facts) {
        int n = 0;
        for (int i = 0; i < stops.size(); i++) {
            for (int j = i + 1; j < stops.size(); j++) {
                if (facts.incompatible(stops.get(i), stops.get(j))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Whether two stops' wastes may not share a vehicle (PlanCheck asks the rules directly, not the solver's table). */
    static boolean conflict(CoLoading rules, Stop a, Stop b) {
        for (String x : a.codes()) {
            if (rules.conflictWith(x, b.codes()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops pinned to another vehicle, plus, for each stop pinned to a place in this vehicle's sequence, how many
     * places it is off (a gradient the local search can follow).
     */
    public int misplacedPins() {
        int n = 0;
        for (int i = 0; i < stops.size(); i++) {
            Stop s = stops.get(i);
            if (s.pinnedVehicleId() != null && s.pinnedVehicleId() != vehicleId) {
                n++;
            } else if (s.pinnedPosition() != null) {
                n += Math.abs(s.pinnedPosition() - (i + 1));
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return plate + " " + stops;
    }
}
