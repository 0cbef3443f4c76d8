package cn.hazchain.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The per-address sliding window alone, on a clock the test moves. */
class SignInThrottleTest {

    private long now = 1_000_000_000_000L;
    private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofSeconds(60), () -> now);

    private void advance(long seconds) {
        now += Duration.ofSeconds(seconds).toNanos();
    }

    @Test
    void anAddressIsRefusedOnceItHasMaxFailuresInTheWindow_untilTheOldestLeavesIt() {
        throttle.failed("10.0.0.1");
        advance(10);
        throttle.failed("10.0.0.1");
        assertEquals(OptionalLong.empty(), throttle.retryAfterSeconds("10.0.0.1"), "two failures are allowed");
        advance(10);
        throttle.failed("10.0.0.1");
        assertEquals(OptionalLong.of(40), throttle.retryAfterSeconds("10.0.0.1"), "refused until the first failure is 60 s old");
        assertEquals(OptionalLong.empty(), throttle.retryAfterSeconds("10.0.0.2"), "another address is not affected");
        advance(40);
        assertEquals(OptionalLong.empty(), throttle.retryAfterSeconds("10.0.0.1"), "the window slid past the first failure");
        throttle.failed("10.0.0.1");
        assertEquals(OptionalLong.of(10), throttle.retryAfterSeconds("10.0.0.1"), "three within 60 s again: until the second is 60 s old");
    }

    @Test
    void retryAfterRoundsUpAndIsNeverZero() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("a");
        }
        now += Duration.ofSeconds(59).toNanos() + 1;
        assertEquals(OptionalLong.of(1), throttle.retryAfterSeconds("a"));
    }

    @Test
    void oldAddressesAreSweptWhenManyAreTracked() {
        for (int i = 0; i <= SignInThrottle.SWEEP_ABOVE; i++) {
            throttle.failed("old-" + i);
        }
        advance(61);
        throttle.failed("new");
        assertEquals(1, throttle.trackedAddresses(), "expired addresses are forgotten");
        assertTrue(throttle.retryAfterSeconds("old-1").isEmpty());
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SignInThrottle(0, Duration.ofMinutes(1), () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new SignInThrottle(1, Duration.ZERO, () -> 0));
    }
}
