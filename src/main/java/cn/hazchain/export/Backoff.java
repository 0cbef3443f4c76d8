package cn.hazchain.export;

import java.time.Duration;

/**
 * How long a failed delivery waits before its next attempt: exponential back-off with "equal jitter". After the
 * n-th failed attempt the ceiling is d = min(max, first × 2^(n−1)); the wait is d/2 plus a random part of up to
 * d/2, so replicas and rows that failed together do not all come back at the same moment, and no wait is shorter
 * than half its ceiling. Pure: the random number is given.
 */
public final class Backoff {

    private Backoff() {
    }

    /** The ceiling d after {@code failedAttempts} failures (at least 1). */
    public static Duration ceiling(int failedAttempts, Duration first, Duration max) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        long firstMs = Math.max(1, first.toMillis());
        long maxMs = Math.max(firstMs, max.toMillis());
        int doublings = Math.min(failedAttempts - 1, 62);
        // compare before shifting: firstMs << doublings would overflow for large attempt counts
        if (firstMs > (maxMs >> doublings)) {
            return Duration.ofMillis(maxMs);
        }
        return Duration.ofMillis(firstMs << doublings);
    }

    /**
     * The wait after {@code failedAttempts} failures.
     *
     * @param random a number in [0, 1), e.g. {@code ThreadLocalRandom.current().nextDouble()}
     */
    public static Duration delay(int failedAttempts, Duration first, Duration max, double random) {
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        long d = ceiling(failedAttempts, first, max).toMillis();
        long half = d / 2;
        return Duration.ofMillis(half + (long) ((d - half) * random));
    }
}
