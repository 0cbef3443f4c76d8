package cn.hazchain.custody;

import cn.hazchain.custody.log.StoredEvent;
import java.util.List;

/**
 * Fired synchronously (CDI {@code Event}) once per unit of work that appended custody events, after they and the
 * containers were written, inside the same transaction: observers (the national export outbox) add their own rows
 * then, so they are committed or rolled back with the events. A handheld chunk of a hundred events fires it once.
 */
public record CustodyRecorded(List<StoredEvent> events) {
}
