package cn.hazchain.search;

/**
 * Conditions a regulator filters on (docs/regulator.md, "Search and exports"). A manifest or transfer carries a
 * flag when at least one of its containers does.
 */
public enum Flag {
    /** A weighing differed from the one before by more than the tolerance ({@code container.weight_flag}). */
    WEIGHT_DEVIATION,
    /** Held too long where it is: at the generator, at a storage point, or on the road (see {@link Cutoffs}). */
    OVERDUE,
    /** The receiver refused it in whole or in part ({@code acceptance} REFUSED or PARTIALLY_REFUSED). */
    REFUSED
}
