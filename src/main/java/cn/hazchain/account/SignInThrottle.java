package cn.hazchain.account;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed sign-ins per client address in a sliding window. The account lock-out ({@link AuthService}) stops guessing
 * one account's password; this stops one address from trying a few passwords on each of many accounts (password
 * spraying). Once an address has {@code maxFailures} failures within {@code window}, every sign-in from it is
 * refused until the oldest of them leaves the window, a right password included, so the refusal tells an attacker
 * nothing. Successful sign-ins do not clear the count.
 *
 * <p>Kept in memory, per service instance: a restart forgets it, and N replicas allow N times the limit. Plain Java,
 * with the clock injected, so it is tested alone.
 */
public final class SignInThrottle {

    /** Above this many tracked addresses, expired ones are swept before a new one is added. */
    static final int SWEEP_ABOVE = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public SignInThrottle(int maxFailures, Duration window, LongSupplier nanoClock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxFailures must be at least 1 and the window positive");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.clock = nanoClock;
    }

    /** Seconds until {@code address} may try again, or empty when it may try now. */
    public OptionalLong retryAfterSeconds(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return OptionalLong.empty();
        }
        long now = clock.getAsLong();
        synchronized (times) {
            expire(times, now);
            if (times.size() < maxFailures) {
                return OptionalLong.empty();
            }
            long oldest = times.peekFirst();
            return OptionalLong.of(Math.max(1, (oldest + windowNanos - now + 999_999_999L) / 1_000_000_000L));
        }
    }

    /** Records a failed sign-in from {@code address}. */
    public void failed(String address) {
        long now = clock.getAsLong();
        if (failures.size() > SWEEP_ABOVE && !failures.containsKey(address)) {
            sweep(now);
        }
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) { // only the newest maxFailures matter
                times.removeFirst();
            }
        }
    }

    int trackedAddresses() {
        return failures.size();
    }

    private void sweep(long now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }

    private void expire(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
