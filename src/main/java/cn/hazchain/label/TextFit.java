package cn.hazchain.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Fits text into a box without making it shorter than the standard allows: it wraps, then condenses horizontally
 * (down to a floor), but never reduces the font size. Chinese wraps between any two characters; a run of Latin
 * text wraps at a space where it can. {@code \n} forces a break. Pure: widths come from a function.
 */
final class TextFit {

    private static final double STEP = 0.05;

    /** The lines to draw and the horizontal scaling (1 = as designed) to draw them at. */
    record Fitted(List<String> lines, double scaling) {
    }

    private TextFit() {
    }

    /**
     * @param width       the width of a string at scaling 1, in the same unit as {@code maxWidth}
     * @param minScaling  the narrowest acceptable condensing, e.g. 0.75
     * @return empty if the text needs more than {@code maxLines} lines even at {@code minScaling}
     */
    static Optional<Fitted> fit(String text, ToDoubleFunction<String> width, double maxWidth, int maxLines, double minScaling) {
        for (int step = 0; 1.0 - step * STEP >= minScaling - 1e-9; step++) {
            double s = 1.0 - step * STEP;
            List<String> lines = wrap(text, line -> width.applyAsDouble(line) * s <= maxWidth);
            if (lines != null && lines.size() <= maxLines) {
                return Optional.of(new Fitted(lines, s));
            }
        }
        return Optional.empty();
    }

    /** Greedy wrapping; null if a single character does not fit. */
    static List<String> wrap(String text, Predicate<String> fits) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            String rest = paragraph.strip();
            if (rest.isEmpty()) {
                lines.add("");
                continue;
            }
            while (!rest.isEmpty()) {
                int end = longestFittingPrefix(rest, fits);
                if (end == 0) {
                    return null;
                }
                if (end < rest.length()) {
                    int space = rest.lastIndexOf(' ', end);
                    if (space > 0 && isLatinRun(rest, space, end)) {
                        end = space;
                    }
                }
                lines.add(rest.substring(0, end).strip());
                rest = rest.substring(end).strip();
            }
        }
        return lines;
    }

    private static int longestFittingPrefix(String s, Predicate<String> fits) {
        int end = 0;
        while (end < s.length()) {
            int next = s.offsetByCodePoints(end, 1);
            if (!fits.test(s.substring(0, next))) {
                break;
            }
            end = next;
        }
        return end;
    }

    /** Whether the break at {@code end} would split a word of Latin letters or digits. */
    private static boolean isLatinRun(String s, int space, int end) {
        if (end >= s.length() || !isWordChar(s.charAt(end)) || !isWordChar(s.charAt(end - 1))) {
            return false;
        }
        for (int i = space + 1; i < end; i++) {
            if (!isWordChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c < 0x2E80 && Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '+';
    }
}
