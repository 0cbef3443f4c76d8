package cn.hazchain.custody.domain;

/** The kinds of custody event, named in the past tense; each is one record of {@link CustodyEvent}. */
public enum EventType {
    LABEL_ISSUED, CONTAINER_COLLECTED, CONTAINER_STORED, CONTAINER_ADDED_TO_LOT, CONTAINER_LOADED, CONTAINER_RECEIVED,
    CONTAINER_REFUSED, CONTAINER_DISPOSED, CONTAINER_CANCELLED
}
