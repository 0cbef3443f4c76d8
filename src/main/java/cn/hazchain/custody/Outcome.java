package cn.hazchain.custody;

import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.log.StoredEvent;
import java.util.List;

/** What one custody command came to: applied (the container after it and the events it appended) or refused. */
public sealed interface Outcome {

    record Applied(ContainerSnapshot container, List<StoredEvent> events) implements Outcome {
        /** The last event the command appended. */
        public StoredEvent event() {
            return events.get(events.size() - 1);
        }
    }

    /** Refused, with the container as it is (null when it does not exist or is not visible). */
    record Refused(Rejection rejection, ContainerSnapshot container) implements Outcome {
    }
}
