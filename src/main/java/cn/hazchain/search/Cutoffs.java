package cn.hazchain.search;

import cn.hazchain.common.WorkingDays;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The moments before which a container is OVERDUE where it is, computed once per search from the alert
 * thresholds (hazchain.alerts.*) and the working-day calendar. Pure: no framework, unit-tested alone.
 *
 * @param issuedBefore      an ISSUED container whose generation date is before this day has waited more than
 *                          generator-storage-days at its generator
 * @param issuedBeforeStart the start of that day, for containers without a generation date (their issue time counts)
 * @param storedBefore      an IN_STORAGE container whose latest CONTAINER_STORED event is before this instant has
 *                          been at the storage point more than storage-point-days
 * @param loadedBefore      an IN_TRANSIT container whose latest CONTAINER_LOADED event is before this instant was
 *                          loaded on a day after which more than receipt-working-days working days have passed
 */
public record Cutoffs(LocalDate issuedBefore, Instant issuedBeforeStart, Instant storedBefore, Instant loadedBefore) {

    public static Cutoffs at(Instant now, ZoneId zone, int generatorStorageDays, int storagePointDays, int receiptWorkingDays,
                             WorkingDays workingDays) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate issuedBefore = today.minusDays(generatorStorageDays);
        LocalDate lastOverdueLoadDay = lastDayOverdueAfter(today, receiptWorkingDays, workingDays);
        return new Cutoffs(issuedBefore, issuedBefore.atStartOfDay(zone).toInstant(), now.minus(Duration.ofDays(storagePointDays)),
                lastOverdueLoadDay.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * The latest day {@code d} with {@code workingDays.between(d, today) > n}: a container loaded on that day or
     * before has been on the road more than {@code n} working days by today.
     */
    static LocalDate lastDayOverdueAfter(LocalDate today, int n, WorkingDays workingDays) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        LocalDate day = today;
        int counted = 0; // working days in (day, today] once day has moved past them
        while (counted <= n) {
            if (workingDays.isWorkingDay(day)) {
                counted++;
            }
            day = day.minusDays(1);
        }
        return day;
    }
}
