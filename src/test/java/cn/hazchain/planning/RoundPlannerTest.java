package cn.hazchain.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.catalogue.CoLoadingTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner without a database: a small day it must fit into two vehicles without breaking a rule. */
class RoundPlannerTest {

    static final int H = 3600;

    /** Ten generators around Jiangyin's centre, a depot at the collector's storage point; 2 vehicles of 1,500 kg / 1,600 L. */
    static RoundPlan day(Long pinnedVehicleForStop3) {
        return day(pinnedVehicleForStop3, null);
    }

    /** The same day, stop 3 pinned to a vehicle and, when position is given, to that visit of its round. */
    static RoundPlan day(Long pinnedVehicleForStop3, Integer position) {
        List<GreatCircleMatrix.Point> points = new ArrayList<>();
        points.add(new GreatCircleMatrix.Point(31.941, 120.172)); // the storage point: start and end
        for (int i = 0; i < 10; i++) {
            points.add(new GreatCircleMatrix.Point(31.85 + 0.02 * (i % 5), 120.15 + 0.05 * (i / 5) + 0.01 * i));
        }
        TravelMatrix m = new GreatCircleMatrix(points, 1.3, 35);
        List<Stop> stops = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Set<String> codes = i == 0 ? Set.of("900-300-34") : i == 1 ? Set.of("900-352-35") : Set.of("900-249-08");
            int open = i == 4 ? 14 * H : 8 * H + 1800;
            int close = i == 5 ? 11 * H : 17 * H;
            stops.add(new Stop(i, i + 1, 100 + i, List.of(1000L + i), 280, 300, codes, open, close, 15 * 60, i == 3 ? pinnedVehicleForStop3 : null,
                    i == 3 ? position : null));
        }
        List<VehicleRoute> vehicles = List.of(new VehicleRoute(1, "苏B00001", 11, 1500, 1600, 8 * H, 17 * H + 1800, 0, 0, m),
                new VehicleRoute(2, "苏B00002", 12, 1500, 1600, 8 * H, 17 * H + 1800, 0, 0, m));
        return new RoundPlan(new ArrayList<>(vehicles), stops, RoundPlan.Facts.of(CoLoadingTest.RULES, 3000, stops));
    }

    @Test
    void plan_placesEveryStop_onTwoVehicles_breakingNoRule() {
        RoundPlanner.Solved solved = new TimefoldRoundPlanner().plan(day(null), Duration.ofSeconds(2));
        RoundPlan plan = solved.plan();
        assertEquals(List.of(), PlanCheck.broken(plan));
        assertEquals(10, plan.planned());
        assertTrue(plan.vehicles.stream().allMatch(v -> !v.stops.isEmpty()), "2,800 kg need both vehicles");
        assertTrue(solved.firstFeasibleMillis() >= 0 && solved.firstFeasibleMillis() <= solved.finalMillis());
        VehicleRoute acid = plan.vehicles.stream().filter(v -> v.stops.stream().anyMatch(s -> s.index() == 0)).findFirst().orElseThrow();
        assertTrue(acid.stops.stream().noneMatch(s -> s.index() == 1), "the acid and the alkali travel apart");
    }

    @Test
    void plan_keepsAPinnedStop_onItsVehicle() {
        RoundPlan first = new TimefoldRoundPlanner().plan(day(null), Duration.ofSeconds(1)).plan();
        long wasOn = first.vehicles.stream().filter(v -> v.stops.stream().anyMatch(s -> s.index() == 3)).findFirst().orElseThrow().vehicleId;
        long moveTo = wasOn == 1 ? 2 : 1;
        RoundPlan again = new TimefoldRoundPlanner().plan(day(moveTo), Duration.ofSeconds(1)).plan();
        assertEquals(List.of(), PlanCheck.broken(again));
        long nowOn = again.vehicles.stream().filter(v -> v.stops.stream().anyMatch(s -> s.index() == 3)).findFirst().orElseThrow().vehicleId;
        assertEquals(moveTo, nowOn);
        assertNotEquals(wasOn, nowOn);
    }

    @Test
    void plan_keepsAStopPinnedToAVisit_inThatPlaceOfItsRound() {
        RoundPlan first = new TimefoldRoundPlanner().plan(day(null), Duration.ofSeconds(1)).plan();
        VehicleRoute on = first.vehicles.stream().filter(v -> v.stops.stream().anyMatch(s -> s.index() == 3)).findFirst().orElseThrow();
        int was = on.stops.indexOf(on.stops.stream().filter(s -> s.index() == 3).findFirst().orElseThrow()) + 1;
        int wanted = was == 1 ? 2 : 1;
        RoundPlan again = new TimefoldRoundPlanner().plan(day(on.vehicleId, wanted), Duration.ofSeconds(2)).plan();
        assertEquals(List.of(), PlanCheck.broken(again));
        VehicleRoute now = again.vehicles.stream().filter(v -> v.vehicleId == on.vehicleId).findFirst().orElseThrow();
        assertEquals(3, now.stops.get(wanted - 1).index(), "stop 3 is visit " + wanted + " of " + now);
    }

    @Test
    void check_saysWhenAStopIsNotAtThePlaceItIsPinnedTo() {
        RoundPlan bad = day(1L, 2);
        bad.vehicles.get(0).stops.addAll(List.of(bad.stops.get(3), bad.stops.get(2)));
        List<String> broken = PlanCheck.broken(bad);
        assertEquals(List.of("站点 3（产废单位 103）被固定为 苏B00001 第 2 站，却排为第 1 站"
                + " / stop 3 (generator 103) is pinned to visit 2 of 苏B00001 but planned as visit 1"), broken);
    }

    @Test
    void check_saysWhenAPinnedStopIsLeftOut() {
        RoundPlan left = day(1L, 2);
        assertEquals(List.of("站点 3（产废单位 103）被固定在车辆 1 第 2 站，却未被排入 / stop 3 (generator 103) is pinned to vehicle 1, visit 2 but not planned"),
                PlanCheck.broken(left));
    }

    @Test
    void storageRoom_isTheReason_onlyWhenNoOtherRuleKeepsTheStopOut() {
        RoundPlan plan = day(null);
        // stop 5 closes at 11:00: it fits an empty round, so only the room could keep it out
        assertTrue(PlanningService.onlyRoomKeepsOut(plan, plan.stops.get(5)));
        // both vehicles full to their kg: the room is not why it stays out
        for (int i = 0; i < 10; i++) {
            plan.vehicles.get(i % 2).stops.add(plan.stops.get(i));
        }
        plan.vehicles.forEach(v -> v.stops.remove(v.stops.size() - 1));
        Stop out = plan.stops.get(9);
        plan.vehicles.forEach(v -> v.capacityKg = v.kg());
        org.junit.jupiter.api.Assertions.assertFalse(PlanningService.onlyRoomKeepsOut(plan, out));
        assertEquals(4, plan.vehicles.get(1).stops.size(), "the check leaves the rounds as they were");
    }

    @Test
    void check_saysWhatABadPlanBreaks() {
        RoundPlan bad = day(null);
        bad.vehicles.get(0).stops.addAll(bad.stops.subList(0, 7));
        List<String> broken = PlanCheck.broken(bad);
        assertTrue(broken.stream().anyMatch(b -> b.contains("超过其 1500 kg") && b.contains("over its 1500 kg")), broken.toString());
        assertTrue(broken.stream().anyMatch(b -> b.contains("不可混装") && b.contains("incompatible wastes")), broken.toString());
        // Chinese first, then English, every one
        assertTrue(broken.stream().allMatch(b -> b.indexOf(" / ") > 0 && b.substring(0, b.indexOf(" / ")).codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)), broken.toString());
    }
}
