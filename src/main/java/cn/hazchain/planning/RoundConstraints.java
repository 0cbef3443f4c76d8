package cn.hazchain.planning;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;

/**
 * The rules of a day's rounds. Hard: a vehicle's kg and litres, the generators' opening hours (minutes late), the
 * drivers' shifts (minutes past the end), co-loading (pairs of stops whose wastes may not share a vehicle), the
 * operator's pins, the storage point's room (kg over). Medium: stops left unplanned (a day that cannot hold them all
 * leaves some for another day rather than break a rule). Soft: metres driven.
 */
public class RoundConstraints implements ConstraintProvider {

    static final HardMediumSoftLongScore HARD = HardMediumSoftLongScore.ONE_HARD;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {
                f.forEach(VehicleRoute.class).filter(r -> r.kg() > r.capacityKg).penalizeLong(HARD, r -> r.kg() - r.capacityKg)
                        .asConstraint("vehicle kg"),
                f.forEach(VehicleRoute.class).filter(r -> r.litres() > r.capacityLitres).penalizeLong(HARD, r -> r.litres() - r.capacityLitres)
                        .asConstraint("vehicle litres"),
                f.forEach(VehicleRoute.class).filter(r -> !r.stops.isEmpty()).penalizeLong(HARD, r -> minutes(r.drive().lateSeconds()))
                        .asConstraint("opening hours"),
                f.forEach(VehicleRoute.class).filter(r -> !r.stops.isEmpty()).penalizeLong(HARD, r -> minutes(r.drive().overtimeSeconds()))
                        .asConstraint("driver shift"),
                f.forEach(VehicleRoute.class).join(RoundPlan.Facts.class).filter((r, x) -> r.stops.size() > 1)
                        .penalizeLong(HARD, (r, x) -> r.incompatiblePairs(x)).asConstraint("co-loading"),
                f.forEach(VehicleRoute.class).penalizeLong(HARD, VehicleRoute::misplacedPins).asConstraint("pinned stops"),
                // a pinned stop left out of every round breaks its pin too: never a silent (medium) drop
                f.forEach(Stop.class).filter(s -> s.pinnedVehicleId() != null)
                        .ifNotExists(VehicleRoute.class, Joiners.filtering((s, r) -> r.stops.contains(s)))
                        .penalizeLong(HARD, s -> 1 + (s.pinnedPosition() == null ? 0 : s.pinnedPosition())).asConstraint("pinned stops left out"),
                f.forEach(VehicleRoute.class).groupBy(ConstraintCollectors.sumLong(VehicleRoute::kg)).join(RoundPlan.Facts.class)
                        .filter((kg, x) -> kg > x.storageRoomKg()).penalizeLong(HARD, (kg, x) -> kg - x.storageRoomKg())
                        .asConstraint("storage point room"),
                f.forEach(VehicleRoute.class).groupBy(ConstraintCollectors.sum(r -> r.stops.size())).join(RoundPlan.Facts.class)
                        .filter((n, x) -> n < x.stopCount()).penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM, (n, x) -> x.stopCount() - n)
                        .asConstraint("unplanned stops"),
                f.forEach(VehicleRoute.class).filter(r -> !r.stops.isEmpty()).penalizeLong(HardMediumSoftLongScore.ONE_SOFT, r -> r.drive().metres())
                        .asConstraint("metres driven"),
        };
    }

    /** Whole minutes, rounded up: a second late is late. */
    static long minutes(int seconds) {
        return (seconds + 59) / 60;
    }
}
