package cn.hazchain.planning;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import cn.hazchain.catalogue.CoLoading;
import java.util.ArrayList;
import java.util.List;

/**
 * A day's planning problem and, once solved, its plan: the vehicles (with their routes), the stops to place, and the
 * day's facts. Score: hard = broken rules (kg, litres, minutes late, minutes past the shift, incompatible pairs, pins,
 * kg over the storage point's room), medium = stops left unplanned, soft = metres driven.
 */
@PlanningSolution
public class RoundPlan {

    /**
     * What the whole day must respect besides each vehicle's own limits: the co-loading rules, the storage point's
     * room, how many stops there are, and which pairs of stops may not share a vehicle (decided once, by stop index:
     * the solver asks it millions of times).
     */
    public record Facts(CoLoading coLoading, long storageRoomKg, int stopCount, boolean[][] incompatible) {

        public static Facts of(CoLoading coLoading, long storageRoomKg, List<Stop> stops) {
            boolean[][] incompatible = new boolean[stops.size()][stops.size()];
            for (int i = 0; i < stops.size(); i++) {
                for (int j = i + 1; j < stops.size(); j++) {
                    boolean x = VehicleRoute.conflict(coLoading, stops.get(i), stops.get(j));
                    incompatible[stops.get(i).index()][stops.get(j).index()] = x;
                    incompatible[stops.get(j).index()][stops.get(i).index()] = x;
                }
            }
            return new Facts(coLoading, storageRoomKg, stops.size(), incompatible);
        }

        public boolean incompatible(Stop a, Stop b) {
            return incompatible[a.index()][b.index()];
        }
    }

    @PlanningEntityCollectionProperty
    public List<VehicleRoute> vehicles = new ArrayList<>();

    @ValueRangeProvider
    @ProblemFactCollectionProperty
    public List<Stop> stops = new ArrayList<>();

    @ProblemFactProperty
    public Facts facts;

    @PlanningScore
    public HardMediumSoftLongScore score;

    public RoundPlan() {
    }

    public RoundPlan(List<VehicleRoute> vehicles, List<Stop> stops, Facts facts) {
        this.vehicles = vehicles;
        this.stops = stops;
        this.facts = facts;
    }

    public long metres() {
        return vehicles.stream().mapToLong(v -> v.drive().metres()).sum();
    }

    public int planned() {
        return vehicles.stream().mapToInt(v -> v.stops.size()).sum();
    }
}
