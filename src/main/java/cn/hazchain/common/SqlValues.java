package cn.hazchain.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Converts what native queries return (driver types vary by column type) into java.time values. */
public final class SqlValues {

    private SqlValues() {
    }

    public static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return o instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) o;
    }

    public static LocalDate localDate(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }
}
