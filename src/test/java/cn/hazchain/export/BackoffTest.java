package cn.hazchain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofHours(1);

    @Test
    void ceilingDoublesFromTheFirstWait() {
        assertEquals(Duration.ofSeconds(10), Backoff.ceiling(1, FIRST, MAX));
        assertEquals(Duration.ofSeconds(20), Backoff.ceiling(2, FIRST, MAX));
        assertEquals(Duration.ofSeconds(40), Backoff.ceiling(3, FIRST, MAX));
        assertEquals(Duration.ofSeconds(2560), Backoff.ceiling(9, FIRST, MAX));
    }

    @Test
    void ceilingStopsAtTheMaximum_evenAfterVeryManyAttempts() {
        assertEquals(MAX, Backoff.ceiling(10, FIRST, MAX)); // 5120 s > 3600 s
        assertEquals(MAX, Backoff.ceiling(64, FIRST, MAX));
        assertEquals(MAX, Backoff.ceiling(Integer.MAX_VALUE, FIRST, MAX));
    }

    @Test
    void delayIsBetweenHalfTheCeilingAndTheCeiling() {
        for (int attempts = 1; attempts <= 20; attempts++) {
            Duration ceiling = Backoff.ceiling(attempts, FIRST, MAX);
            assertEquals(ceiling.dividedBy(2), Backoff.delay(attempts, FIRST, MAX, 0.0), "random 0 gives the lower bound");
            Duration top = Backoff.delay(attempts, FIRST, MAX, 0.999999);
            assertTrue(top.compareTo(ceiling) <= 0 && top.compareTo(ceiling.minusMillis(10)) >= 0, attempts + ": " + top);
        }
        assertEquals(Duration.ofMillis(7500), Backoff.delay(1, FIRST, MAX, 0.5));
        assertEquals(Duration.ofMillis(15000), Backoff.delay(2, FIRST, MAX, 0.5));
    }

    @Test
    void jitterSpreadsRowsThatFailedTogether() {
        assertTrue(Backoff.delay(3, FIRST, MAX, 0.1).compareTo(Backoff.delay(3, FIRST, MAX, 0.9)) < 0);
    }

    @Test
    void firstWaitWinsOverASmallerMaximum() {
        assertEquals(Duration.ofSeconds(10), Backoff.ceiling(1, FIRST, Duration.ofSeconds(5)),
                "the first wait is never cut below itself: max is at least first");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.ceiling(0, FIRST, MAX));
        assertThrows(IllegalArgumentException.class, () -> Backoff.delay(1, FIRST, MAX, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Backoff.delay(1, FIRST, MAX, -0.1));
    }
}
