package cn.hazchain.custody.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a receiver found that differs from the transfer manifest, for one container (issue #15, point 4; as EPA
 * e-Manifest records discrepancies per line): recorded with the receipt, acknowledged by the shipper.
 */
public enum Discrepancy {
    /** The weight differs from the one before by more than the custody tolerance (added by the rules when it does). */
    QUANTITY,
    /** The waste is not the code declared. */
    WASTE_CODE,
    /** Another physical form than declared (e.g. a sludge declared liquid). */
    PHYSICAL_FORM,
    /** Packaging damaged, leaking, unlabelled or not as declared. */
    PACKAGING,
    /** Hazard characteristics not as declared. */
    HAZARDS;

    /** In declaration order, without repeats. */
    public static List<Discrepancy> sorted(Collection<Discrepancy> types) {
        Set<Discrepancy> set = types == null || types.isEmpty() ? EnumSet.noneOf(Discrepancy.class) : EnumSet.copyOf(types);
        return List.copyOf(set);
    }

    /** The stored fact ("QUANTITY,PACKAGING"), or null when there are none. */
    public static String fact(List<Discrepancy> types) {
        return types == null || types.isEmpty() ? null : String.join(",", types.stream().map(Enum::name).toList());
    }

    public static List<Discrepancy> parse(String fact) {
        return fact == null || fact.isEmpty() ? List.of() : Arrays.stream(fact.split(",")).map(Discrepancy::valueOf).toList();
    }
}
