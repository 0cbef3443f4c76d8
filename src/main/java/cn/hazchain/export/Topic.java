package cn.hazchain.export;

/** What an outbox row announces; sent as {@code X-HazChain-Event}. */
public enum Topic {
    /** The manifest was issued (opened with its labelled containers). */
    ISSUED("manifest.issued"),
    /** The custody of one or more of its containers changed (collected, stored, loaded, received, refused, disposed). */
    UPDATED("manifest.updated"),
    /** The manifest was cancelled before any of its containers was collected. */
    CANCELLED("manifest.cancelled");

    public final String name;

    Topic(String name) {
        this.name = name;
    }
}
