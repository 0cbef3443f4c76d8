package cn.hazchain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingDaysTest {

    // National Day 2026 as an example calendar: 10-01..10-07 off, Sunday 09-27 and Saturday 10-10 worked
    static final WorkingDays CHINA_2026 = new WorkingDays(
            Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6),
                    LocalDate.of(2026, 10, 7)),
            Set.of(LocalDate.of(2026, 9, 27), LocalDate.of(2026, 10, 10)));

    @Test
    void weekendsAreOffUnlessDeclaredWorkingDays() {
        assertFalse(CHINA_2026.isWorkingDay(LocalDate.of(2026, 11, 28))); // Saturday
        assertTrue(CHINA_2026.isWorkingDay(LocalDate.of(2026, 9, 27)));  // Sunday worked (调休)
        assertFalse(CHINA_2026.isWorkingDay(LocalDate.of(2026, 10, 1))); // Thursday, holiday
        assertTrue(CHINA_2026.isWorkingDay(LocalDate.of(2026, 11, 27))); // Friday
    }

    @Test
    void fiveWorkingDaysSkipWeekendsAndHolidays() {
        assertEquals(LocalDate.of(2026, 12, 4), CHINA_2026.plus(LocalDate.of(2026, 11, 27), 5)); // Fri + 5 = next Fri
        // Tue 09-29 + 5: 09-30, 10-08, 10-09, 10-10 (Sat, worked), 10-12
        assertEquals(LocalDate.of(2026, 10, 12), CHINA_2026.plus(LocalDate.of(2026, 9, 29), 5));
        assertEquals(LocalDate.of(2026, 9, 29), CHINA_2026.plus(LocalDate.of(2026, 9, 29), 0));
    }

    @Test
    void betweenCountsTheWorkingDaysAfterTheStart() {
        assertEquals(5, CHINA_2026.between(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 12, 4)));
        assertEquals(0, CHINA_2026.between(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 27)));
        assertEquals(0, CHINA_2026.between(LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 20)));
        assertEquals(4, CHINA_2026.between(LocalDate.of(2026, 9, 29), LocalDate.of(2026, 10, 10)));
    }
}
