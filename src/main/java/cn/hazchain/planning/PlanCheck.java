package cn.hazchain.planning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a plan against every rule on its own, apart from the solver's score, and says in words what it breaks: the
 * scenario test, the benchmark and the planning service report it, so "no rule broken" never rests on the solver
 * alone. Each reason is stored with the plan and shown to its operator, so it is said in Chinese first, then in
 * English ("中文 / English"), like the unplanned reasons.
 */
public final class PlanCheck {

    private PlanCheck() {
    }

    public static List<String> broken(RoundPlan plan) {
        List<String> broken = new ArrayList<>();
        Map<Integer, Integer> placed = new HashMap<>();
        long kgIn = 0;
        for (VehicleRoute r : plan.vehicles) {
            VehicleRoute.Drive d = r.drive();
            if (d.kg() > r.capacityKg) {
                broken.add(r.plate + " 载重 " + d.kg() + " kg，超过其 " + r.capacityKg + " kg / " + r.plate + " carries " + d.kg() + " kg, over its "
                        + r.capacityKg + " kg");
            }
            if (d.litres() > r.capacityLitres) {
                broken.add(r.plate + " 装载 " + d.litres() + " L，超过其容积 " + r.capacityLitres + " L / " + r.plate + " carries " + d.litres()
                        + " L, over its " + r.capacityLitres + " L");
            }
            for (int i = 0; i < r.stops.size(); i++) {
                Stop s = r.stops.get(i);
                placed.merge(s.index(), 1, Integer::sum);
                if (d.arrivals()[i] > s.windowEnd()) {
                    broken.add(r.plate + " " + clock(d.arrivals()[i]) + " 到达" + zh(s) + "，晚于其营业结束时间 " + clock(s.windowEnd()) + " / " + r.plate
                            + " reaches " + s + " at " + clock(d.arrivals()[i]) + ", after it closes at " + clock(s.windowEnd()));
                }
                if (s.pinnedVehicleId() != null && s.pinnedVehicleId() != r.vehicleId) {
                    broken.add(zh(s) + "被固定在车辆 " + s.pinnedVehicleId() + "，却排在 " + r.plate + " / " + s + " is pinned to vehicle "
                            + s.pinnedVehicleId() + " but planned on " + r.plate);
                } else if (s.pinnedPosition() != null && s.pinnedPosition() != i + 1) {
                    broken.add(zh(s) + "被固定为 " + r.plate + " 第 " + s.pinnedPosition() + " 站，却排为第 " + (i + 1) + " 站 / " + s
                            + " is pinned to visit " + s.pinnedPosition() + " of " + r.plate + " but planned as visit " + (i + 1));
                }
                for (int j = i + 1; j < r.stops.size(); j++) {
                    if (VehicleRoute.conflict(plan.facts.coLoading(), s, r.stops.get(j))) {
                        broken.add(r.plate + " 混装了" + zh(s) + "与" + zh(r.stops.get(j)) + "不可混装的废物 / " + r.plate
                                + " carries incompatible wastes of " + s + " and " + r.stops.get(j));
                    }
                }
            }
            if (!r.stops.isEmpty() && d.end() > r.shiftEnd) {
                broken.add(r.plate + " " + clock(d.end()) + " 返回，晚于司机班次结束时间 " + clock(r.shiftEnd) + " / " + r.plate + " is back at "
                        + clock(d.end()) + ", after its driver's shift ends at " + clock(r.shiftEnd));
            }
            kgIn += d.kg();
        }
        if (kgIn > plan.facts.storageRoomKg()) {
            broken.add("贮存点只能再收 " + plan.facts.storageRoomKg() + " kg，各路线运回 " + kgIn + " kg / the storage point has room for "
                    + plan.facts.storageRoomKg() + " kg, the rounds bring " + kgIn + " kg");
        }
        for (Stop s : plan.stops) {
            if (s.pinnedVehicleId() != null && !placed.containsKey(s.index())) {
                broken.add(zh(s) + "被固定在车辆 " + s.pinnedVehicleId() + (s.pinnedPosition() == null ? "" : " 第 " + s.pinnedPosition() + " 站")
                        + "，却未被排入 / " + s + " is pinned to vehicle " + s.pinnedVehicleId()
                        + (s.pinnedPosition() == null ? "" : ", visit " + s.pinnedPosition()) + " but not planned");
            }
        }
        placed.forEach((stop, times) -> {
            if (times > 1) {
                broken.add("站点 " + stop + " 被排入 " + times + " 次 / stop " + stop + " is planned " + times + " times");
            }
        });
        return broken;
    }

    /** A stop in the Chinese half of a reason; its English half is {@link Stop#toString()}. */
    static String zh(Stop s) {
        return "站点 " + s.index() + "（产废单位 " + s.generatorPartyId() + "）";
    }

    public static String clock(int secondOfDay) {
        return String.format("%02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60);
    }
}
