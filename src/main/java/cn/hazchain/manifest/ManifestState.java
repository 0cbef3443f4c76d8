package cn.hazchain.manifest;

import cn.hazchain.container.Container;
import cn.hazchain.container.ContainerState;
import java.util.List;

/**
 * A manifest's state is derived from its containers: OPEN while all are ISSUED, IN_PROGRESS once one has moved,
 * CLOSED when every container is disposed or cancelled, CANCELLED when the manifest was cancelled. The same rule in
 * SQL is the view {@code manifest_progress_derived} (V9), whose result triggers keep in {@code manifest_progress}
 * for the lists and the search (ReadModelTest holds the two rules and the stored states together).
 */
public enum ManifestState {
    OPEN, IN_PROGRESS, CLOSED, CANCELLED;

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
