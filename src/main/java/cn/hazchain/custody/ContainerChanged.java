package cn.hazchain.custody;

import cn.hazchain.custody.CustodyRules.EventType;

/**
 * Fired synchronously (CDI {@code Event}) inside the transaction of every custody event, after it was appended:
 * observers (the national export outbox, alerts) add their own rows in the same transaction, so they are
 * committed or rolled back with the event itself.
 */
public record ContainerChanged(long containerId, long manifestId, long eventId, EventType type, String fromState, String toState) {
}
