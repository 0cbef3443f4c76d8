package cn.hazchain.custody.domain;

/** What a receiver decided about a container it weighed. */
public enum Acceptance {
    /** Taken in whole. */
    ACCEPTED,
    /** Taken, except {@code refusedKg} of it (with a reason). */
    PARTIALLY_REFUSED,
    /** Not taken: custody goes back to the shipper. */
    REFUSED
}
