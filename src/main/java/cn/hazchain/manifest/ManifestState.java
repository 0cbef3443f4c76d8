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
        if (m.cancelledAt != null) {
            return CANCELLED;
        }
        if (containers.stream().allMatch(c -> ContainerState.ISSUED.name().equals(c.state))) {
            return OPEN;
        }
        if (containers.stream().allMatch(c -> ContainerState.DISPOSED.name().equals(c.state) || ContainerState.CANCELLED.name().equals(c.state))) {
            return CLOSED;
        }
        return IN_PROGRESS;
    }
}
