package cn.hazchain.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Path and query parameters parsed by hand, so that a bad value gets a 400 that names it (JAX-RS would answer
 * 404 for an unconvertible query parameter).
 */
public final class Params {

    private Params() {
    }

    /** A positive whole number, or null when absent. */
    public static Long id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the 400
        }
        throw ProblemException.badRequest(name + " must be a positive whole number, got '" + Text.clip(value, 30) + "'");
    }

    /** Like {@link #id} but required. */
    public static long requiredId(String name, String value) {
        Long id = id(name, value);
        if (id == null) {
            throw ProblemException.badRequest(name + " is required");
        }
        return id;
    }

    /** An enum constant by name (case-insensitive), or null when absent. */
    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(name + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                    + ", got '" + Text.clip(value, 30) + "'");
        }
    }

    /** An ISO date (yyyy-MM-dd), or null when absent. */
    public static java.time.LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be a date like 2026-03-01, got '" + Text.clip(value, 30) + "'");
        }
    }
}
