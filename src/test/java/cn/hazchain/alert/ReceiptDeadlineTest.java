package cn.hazchain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.common.WorkingDays;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiptDeadlineTest {

    // National Day 2026: 10-01..10-07 off except the weekend days worked, Sunday 09-27 and Saturday 10-10 worked (调休)
    static final WorkingDays CHINA_2026 = new WorkingDays(
            Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6),
                    LocalDate.of(2026, 10, 7)),
            Set.of(LocalDate.of(2026, 9, 27), LocalDate.of(2026, 10, 10)));
    static final ReceiptDeadline FIVE = new ReceiptDeadline(CHINA_2026, 5);

    @Test
    void loadedOnAFriday_dueTheNextFriday_lateFromTheMondayAfter() {
        LocalDate friday = LocalDate.of(2026, 11, 27);
        assertEquals(LocalDate.of(2026, 12, 4), FIVE.dueBy(friday));
        assertFalse(FIVE.late(friday, LocalDate.of(2026, 12, 4)));
        assertFalse(FIVE.late(friday, LocalDate.of(2026, 12, 6)), "the weekend after the due day is not a 6th working day");
        assertTrue(FIVE.late(friday, LocalDate.of(2026, 12, 7)));
        assertEquals(6, FIVE.elapsed(friday, LocalDate.of(2026, 12, 7)));
    }

    @Test
    void holidaysDoNotCount_declaredWorkingWeekendsDo() {
        LocalDate tuesday = LocalDate.of(2026, 9, 29);
        // 09-30, 10-08, 10-09, 10-10 (Saturday worked), 10-12
        assertEquals(LocalDate.of(2026, 10, 12), FIVE.dueBy(tuesday));
        assertFalse(FIVE.late(tuesday, LocalDate.of(2026, 10, 7)));
        assertFalse(FIVE.late(tuesday, LocalDate.of(2026, 10, 12)));
        assertTrue(FIVE.late(tuesday, LocalDate.of(2026, 10, 13)));
    }

    @Test
    void theDayOfLoadingIsNotCounted() {
        LocalDate monday = LocalDate.of(2026, 11, 30);
        assertEquals(0, FIVE.elapsed(monday, monday));
        assertEquals(LocalDate.of(2026, 12, 7), FIVE.dueBy(monday));
        assertFalse(FIVE.late(monday, LocalDate.of(2026, 12, 7)));
        assertTrue(FIVE.late(monday, LocalDate.of(2026, 12, 8)));
    }
}
