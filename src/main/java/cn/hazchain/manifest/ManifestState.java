package cn.hazchain.manifest;

import cn.hazchain.container.Container;
import cn.hazchain.container.ContainerState;
import java.util.List;

/**
 * A manifest's state is derived from its containers, never stored: OPEN while all are ISSUED, IN_PROGRESS once
 * one has moved, CLOSED when every container is disposed or cancelled, CANCELLED when the manifest was cancelled.
 */
public enum ManifestState {
    OPEN, IN_PROGRESS, CLOSED, CANCELLED;

    /**
     * The same rule in SQL, over the lateral aggregate {@code agg(n, issued, done)} and manifest alias m (used by
     * the manifest list and by the regulator's search).
     */
    public static final String SQL = "(CASE WHEN m.cancelled_at IS NOT NULL THEN 'CANCELLED'"
            + " WHEN agg.issued = agg.n THEN 'OPEN' WHEN agg.done = agg.n THEN 'CLOSED' ELSE 'IN_PROGRESS' END)";

    public static ManifestState of(Manifest m, List<Container> containers) {
        return of(m.cancelledAt != null, containers.stream().map(c -> c.state).toList());
    }

    /** The same rule over container state names (for readers that do not load entities). */
    public static ManifestState of(boolean cancelled, List<String> containerStates) {
        if (cancelled) {
            return CANCELLED;
        }
        if (containerStates.stream().allMatch(ContainerState.ISSUED.name()::equals)) {
            return OPEN;
        }
        if (containerStates.stream().allMatch(s -> ContainerState.DISPOSED.name().equals(s) || ContainerState.CANCELLED.name().equals(s))) {
            return CLOSED;
        }
        return IN_PROGRESS;
    }
}
