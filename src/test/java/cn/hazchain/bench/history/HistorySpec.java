package cn.hazchain.bench.history;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What synthetic history to generate: how many generators, over how many weeks, how often each is picked up, from
 * which seed, ending when. The same spec (seed and end date included) always gives the same records.
 *
 * @param name           preset name (city, province, custom), recorded with the history
 * @param generators     small generators (产废单位); collectors, storage points, carriers and receivers scale with it
 * @param weeks          length of the history in weeks, ending the day before {@code end}
 * @param pickupsPerYear pickups of each generator a year; the interval is rounded to whole weeks (52 = weekly, 12 = every 4 weeks)
 * @param seed           random seed
 * @param end            first day after the history (exclusive), in Asia/Shanghai: every event is before it
 */
public record HistorySpec(String name, int generators, int weeks, int pickupsPerYear, long seed, LocalDate end) {

    public static final long DEFAULT_SEED = 20261129L;
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public HistorySpec {
        if (generators < 1 || generators > 900_000) {
            throw new IllegalArgumentException("generators must be 1..900000, got " + generators);
        }
        if (weeks < 1 || weeks > 52 * 10) {
            throw new IllegalArgumentException("weeks must be 1..520, got " + weeks);
        }
        if (pickupsPerYear < 1 || pickupsPerYear > 52) {
            throw new IllegalArgumentException("pickupsPerYear must be 1..52, got " + pickupsPerYear);
        }
        if (end == null) {
            end = LocalDate.now(ZONE);
        }
    }

    /** Jiangyin: 1,000 generators, 3 years of weekly pickups (about 150k manifests, 1M containers, 6M events). */
    public static HistorySpec city() {
        return new HistorySpec("city", 1_000, 3 * 52, 52, DEFAULT_SEED, null);
    }

    /**
     * A province: 50,000 generators picked up every 4 weeks for 2 years (about 1.3M manifests, 8.7M containers,
     * 50M events). Monthly pickups keep a year's manifest and transfer numbers under the 999,999 serials one region
     * has a year.
     */
    public static HistorySpec province() {
        return new HistorySpec("province", 50_000, 2 * 52, 12, DEFAULT_SEED, null);
    }

    public static HistorySpec custom(int generators, int weeks, int pickupsPerYear, long seed) {
        return new HistorySpec("custom", generators, weeks, pickupsPerYear, seed, null);
    }

    public HistorySpec withSeed(long newSeed) {
        return new HistorySpec(name, generators, weeks, pickupsPerYear, newSeed, end);
    }

    public HistorySpec withEnd(LocalDate newEnd) {
        return new HistorySpec(name, generators, weeks, pickupsPerYear, seed, newEnd);
    }

    public HistorySpec withGenerators(int n) {
        return new HistorySpec(name.equals("custom") ? name : name + "*", n, weeks, pickupsPerYear, seed, end);
    }

    public HistorySpec withWeeks(int w) {
        return new HistorySpec(name.equals("custom") ? name : name + "*", generators, w, pickupsPerYear, seed, end);
    }

    public HistorySpec withPickupsPerYear(int p) {
        return new HistorySpec(name.equals("custom") ? name : name + "*", generators, weeks, p, seed, end);
    }

    /** First day of the history. */
    public LocalDate start() {
        return end.minusWeeks(weeks);
    }

    /** Weeks between two pickups of one generator. */
    public int intervalWeeks() {
        return Math.max(1, (int) Math.round(52.0 / pickupsPerYear));
    }

    /** What identifies the generated data (the end date included: it fixes every time stamp). */
    public String key() {
        return "generators=" + generators + ",weeks=" + weeks + ",pickupsPerYear=" + pickupsPerYear + ",seed=" + seed + ",end=" + end;
    }
}
