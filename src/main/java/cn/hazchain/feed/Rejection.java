package cn.hazchain.feed;

/**
 * Why a feed message was dropped. Each is counted (per day, reason and device in {@code feed_rejection}, and in the
 * Micrometer counter {@code hazchain.feed.rejected} tagged {@code reason}); the message itself is not kept.
 */
public enum Rejection {
    /** Not JSON, a missing or mistyped field, an unknown field, or a topic that is no feed topic. */
    MALFORMED,
    /** The topic's device or kind is not the payload's device or kind (the broker's ACL stops most of these first). */
    WRONG_TOPIC,
    /** No device with that code. */
    UNKNOWN_DEVICE,
    /** The device was ended. */
    INACTIVE_DEVICE,
    /**
     * Latitude, longitude, speed or weight out of range, a device time more than the allowed skew in the future, or
     * more than {@link FeedMessages#MAX_AGE} in the past.
     */
    OUT_OF_RANGE,
    /** A sequence number already stored for the device: a resend. */
    REPLAYED,
    /** A sequence number below the newest accepted one that was never stored: it came too late and is dropped. */
    OUT_OF_ORDER,
    /** Passed every check, yet the database refused it for what it says (a data or integrity error): dropped so it cannot loop. */
    UNSTORABLE;

    /** The tag value: lower-case with dashes, as the metrics and the API show it. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
