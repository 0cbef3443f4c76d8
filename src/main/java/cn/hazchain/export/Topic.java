package cn.hazchain.export;

/** What an outbox row announces; sent as {@code X-HazChain-Event}. */
public enum Topic {
    /** The manifest was issued (opened with its labelled containers). */
    ISSUED("manifest.issued"),
    /** The custody of one or more of its containers changed (collected, stored, loaded, received, refused, disposed). */
    UPDATED("manifest.updated"),
    /** The manifest was cancelled before any of its containers was collected. */
    CANCELLED("manifest.cancelled"),
    /**
     * A transfer manifest (转移联单) changed: opened, loaded, departed, arrived, received (with its discrepancies),
     * acknowledged, disposed of (with its certificates). One waiting row per transfer carries its newest document.
     */
    TRANSFER_UPDATED("transfer.updated");

    public final String name;

    Topic(String name) {
        this.name = name;
    }
}
