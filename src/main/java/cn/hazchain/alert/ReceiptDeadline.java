package cn.hazchain.alert;

import cn.hazchain.common.WorkingDays;
import java.time.LocalDate;

/**
 * When a transfer's receipt is late: its containers are still in transit more than {@code n} working days after
 * they were loaded, i.e. from the (n+1)-th working day after the day of loading. Pure: no framework.
 */
public record ReceiptDeadline(WorkingDays calendar, int workingDays) {

    /** The last day on which the receipt is still in time: the n-th working day after loading. */
    public LocalDate dueBy(LocalDate loaded) {
        return calendar.plus(loaded, workingDays);
    }

    /** Working days since loading (the day of loading not counted). */
    public int elapsed(LocalDate loaded, LocalDate today) {
        return calendar.between(loaded, today);
    }

    public boolean late(LocalDate loaded, LocalDate today) {
        return elapsed(loaded, today) > workingDays;
    }
}
