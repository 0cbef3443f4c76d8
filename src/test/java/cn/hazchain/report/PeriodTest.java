package cn.hazchain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.common.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PeriodTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void wholeDaysInTheZoneBothEndsIncluded() {
        Period p = Period.required("2026-03-01", "2026-03-31");
        assertEquals(Instant.parse("2026-02-28T16:00:00Z"), p.start(SHANGHAI));
        assertEquals(Instant.parse("2026-03-31T16:00:00Z"), p.end(SHANGHAI));
        Period oneDay = Period.required("2026-03-01", "2026-03-01");
        assertEquals(LocalDate.of(2026, 3, 1), oneDay.to());
    }

    @Test
    void openEndsOnlyWhereAllowed() {
        Period p = Period.optional(null, " ");
        assertNull(p.start(SHANGHAI));
        assertNull(p.end(SHANGHAI));
        assertTrue(message(() -> Period.required(null, "2026-01-01")).contains("from is required"));
        assertTrue(message(() -> Period.required("2026-01-01", null)).contains("to is required"));
    }

    @Test
    void badDatesAndOrderAre400() {
        assertTrue(message(() -> Period.required("2026-02-30", "2026-03-01")).contains("from must be a date"));
        assertTrue(message(() -> Period.required("2026-03-02", "2026-03-01")).contains("after"));
        assertTrue(message(() -> Period.required("2016-01-01", "2026-03-01")).contains("longer than"));
    }

    private static String message(Runnable r) {
        ProblemException e = assertThrows(ProblemException.class, r::run);
        assertEquals(400, e.problem().status);
        return e.getMessage();
    }
}
