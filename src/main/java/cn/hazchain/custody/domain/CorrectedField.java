package cn.hazchain.custody.domain;

import java.util.EnumSet;
import java.util.Set;

/** The facts a revision may correct, and the events that record each (issue #15, point 6). */
public enum CorrectedField {
    /** The weight of a collection or a receipt. */
    WEIGHT(EnumSet.of(EventType.CONTAINER_COLLECTED, EventType.CONTAINER_RECEIVED, EventType.CONTAINER_REFUSED)),
    /** The container's waste code, as handed over at collection. */
    WASTE_CODE(EnumSet.of(EventType.CONTAINER_COLLECTED)),
    /** How a receipt accepted it: ACCEPTED, or PARTIALLY_REFUSED with the refused kg. */
    ACCEPTANCE(EnumSet.of(EventType.CONTAINER_RECEIVED)),
    /** The utilisation/disposal method. */
    METHOD(EnumSet.of(EventType.CONTAINER_DISPOSED)),
    /** The disposal certificate's number. */
    CERTIFICATE(EnumSet.of(EventType.CONTAINER_DISPOSED));

    private final Set<EventType> recordedBy;

    CorrectedField(Set<EventType> recordedBy) {
        this.recordedBy = recordedBy;
    }

    public boolean recordedBy(EventType type) {
        return recordedBy.contains(type);
    }
}
