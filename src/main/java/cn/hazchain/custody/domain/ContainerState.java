package cn.hazchain.custody.domain;

/** Where a container is in its custody life. */
public enum ContainerState {
    /** Labelled at the generator, not yet picked up. */
    ISSUED,
    /** Picked up and weighed by the collector. */
    COLLECTED,
    /** Scanned in at a storage point. */
    IN_STORAGE,
    /** Loaded on a transfer to a receiver. */
    IN_TRANSIT,
    /** Received by the receiver (accepted or partly refused). */
    RECEIVED,
    /** Refused by the receiver: back in the shipper's custody, to be stored again. */
    REFUSED,
    /** Utilised or disposed of; the end of its life. */
    DISPOSED,
    /** Withdrawn before collection. */
    CANCELLED
}
