package cn.hazchain.planning;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A greedy plan: each vehicle in turn leaves the depot and goes on to the nearest stop it may still take (kg, litres,
 * reached before it closes, back before the shift ends, co-loading, pins, the storage point's room) until none is
 * left for it. The solver starts from it (its own construction heuristic then places what is left), and the benchmark
 * measures the solver against it.
 */
public final class NearestNeighbour {

    private NearestNeighbour() {
    }

    /** Fills the problem's (empty) routes in place and returns it. */
    public static RoundPlan plan(RoundPlan p) {
        Set<Stop> left = new LinkedHashSet<>(p.stops);
        long room = p.facts.storageRoomKg();
        for (VehicleRoute v : p.vehicles) {
            while (true) {
                Stop best = null;
                long bestMetres = Long.MAX_VALUE;
                int at = v.stops.isEmpty() ? v.startPlace : v.stops.get(v.stops.size() - 1).place();
                for (Stop s : left) {
                    long m = v.matrix.metres(at, s.place());
                    if (m < bestMetres && fits(v, s, p.facts, room)) {
                        best = s;
                        bestMetres = m;
                    }
                }
                if (best == null) {
                    break;
                }
                v.stops.add(best);
                left.remove(best);
                room -= best.kg();
            }
        }
        return p;
    }

    static boolean fits(VehicleRoute v, Stop s, RoundPlan.Facts facts, long room) {
        if (s.pinnedVehicleId() != null && s.pinnedVehicleId() != v.vehicleId) {
            return false;
        }
        if (s.kg() > room || v.kg() + s.kg() > v.capacityKg || v.litres() + s.litres() > v.capacityLitres) {
            return false;
        }
        for (Stop on : v.stops) {
            if (facts.incompatible(s, on)) {
                return false;
            }
        }
        v.stops.add(s);
        VehicleRoute.Drive d = v.drive();
        v.stops.remove(v.stops.size() - 1);
        return d.lateSeconds() == 0 && d.overtimeSeconds() == 0;
    }
}
