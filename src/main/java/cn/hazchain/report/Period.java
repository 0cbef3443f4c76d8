package cn.hazchain.report;

import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A reporting period of whole days, both ends included, in the configured business zone: events count when their
 * server time is at or after the start of {@code from} and before the start of the day after {@code to}.
 * A null end is open (only where a route allows it).
 */
public record Period(LocalDate from, LocalDate to) {

    /** Longest period a report covers: ten years and a few leap days. */
    static final int MAX_DAYS = 3660;

    /** Both dates required, {@code from} not after {@code to}; a bad value is a 400 that names it. */
    public static Period required(String from, String to) {
        Period p = optional(from, to);
        if (p.from == null) {
            throw ProblemException.badRequest("from is required: the first day of the period, like 2026-01-01");
        }
        if (p.to == null) {
            throw ProblemException.badRequest("to is required: the last day of the period (included), like 2026-12-31");
        }
        return p;
    }

    /** Either date may be absent (an open end). */
    public static Period optional(String from, String to) {
        LocalDate f = Params.date("from", from);
        LocalDate t = Params.date("to", to);
        if (f != null && t != null) {
            if (f.isAfter(t)) {
                throw ProblemException.badRequest("from " + f + " is after to " + t + "; to is the last day of the period, included");
            }
            if (f.plusDays(MAX_DAYS).isBefore(t)) {
                throw ProblemException.badRequest("the period from " + f + " to " + t + " is longer than " + MAX_DAYS + " days");
            }
        }
        return new Period(f, t);
    }

    /** The first instant of the period, or null when open. */
    public Instant start(ZoneId zone) {
        return from == null ? null : from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period (the start of the day after {@code to}), or null when open. */
    public Instant end(ZoneId zone) {
        return to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
