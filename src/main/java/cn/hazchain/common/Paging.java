package cn.hazchain.common;

/**
 * Page parameters taken from query strings. Parsed here (not by JAX-RS) so that a bad value gets a 400 that
 * names it instead of the 404 JAX-RS gives for an unconvertible query parameter.
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    public static Paging of(String page, String size) {
        int p = parse("page", page, 0);
        int s = parse("size", size, DEFAULT_SIZE);
        if (p < 0) {
            throw ProblemException.badRequest("page must be 0 or more (the first page is 0), got " + p);
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ProblemException.badRequest("size must be between 1 and " + MAX_SIZE + ", got " + s);
        }
        if ((long) p * s > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("page " + p + " is beyond the last page");
        }
        return new Paging(p, s);
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, got '" + Text.clip(value, 40) + "'");
        }
    }

    public int offset() {
        return page * size;
    }
}
