package cn.hazchain.manifest;


/**
 * A manifest's state, derived from its containers: OPEN while all are ISSUED, IN_PROGRESS once one has moved,
 * CLOSED when every container is disposed or cancelled, CANCELLED when the manifest was cancelled. The rule itself
 * is written once, as the view {@code manifest_progress_derived} (V9): the single-record routes and the export read
 * the view, the lists and the search read {@code manifest_progress}, which triggers keep from the view at commit
 * (ReadModelTest holds the stored states to the view).
 */
public enum ManifestState {
    OPEN, IN_PROGRESS, CLOSED, CANCELLED
}
