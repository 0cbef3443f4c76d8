package cn.hazchain.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations of one kind of request, in nanoseconds; percentiles by nearest rank. Thread-safe to add to. */
final class Latencies {

    private final List<Long> nanos = new ArrayList<>();

    synchronized void add(long n) {
        nanos.add(n);
    }

    synchronized void addAll(Latencies other) {
        nanos.addAll(other.snapshot());
    }

    synchronized int count() {
        return nanos.size();
    }

    private synchronized List<Long> snapshot() {
        return new ArrayList<>(nanos);
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds, nearest rank; NaN when empty. */
    double ms(double p) {
        List<Long> sorted = snapshot();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    double maxMs() {
        return ms(100);
    }

    double sumSeconds() {
        return snapshot().stream().mapToLong(Long::longValue).sum() / 1e9;
    }
}
