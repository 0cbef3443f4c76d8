package cn.hazchain.common;

import java.util.Optional;

/**
 * Text that is printed on labels and manifests or shown on the public verification page must read as it is stored.
 * Control characters (C0, DEL, C1), bidirectional embeddings, overrides, isolates and marks (U+202A-U+202E,
 * U+2066-U+2069, U+200E/F, U+061C) and invisible separators (U+200B-U+200D, U+2028/29, U+2060, U+FEFF) can make
 * it read otherwise — "U+202E厂理修车汽" shows as "汽车修理厂‮" — or break a line where none was meant
 * (issue #19, finding 4). Plain Java, tested alone.
 */
public final class PlainText {

    private PlainText() {
    }

    /** What is wrong with {@code value} ("U+202E (a right-to-left override) at character 3"), or empty when nothing. */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int position = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            position++;
            String kind = kind(cp);
            if (kind == null && Character.isSurrogate(value.charAt(i)) && Character.charCount(cp) == 1) {
                kind = "a lone surrogate (broken UTF-16)";
            }
            if (kind != null) {
                return Optional.of(String.format("U+%04X (%s) at character %d", cp, kind, position));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** {@code value} without the characters {@link #problem} refuses: for showing records stored before the check. */
    public static String strip(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(cp -> kind(cp) == null && !(Character.isBmpCodePoint(cp) && Character.isSurrogate((char) cp)))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Why a code point is refused, or null when it is fine. */
    static String kind(int cp) {
        if (cp < 0x20 || cp == 0x7F) {
            return "a control character";
        }
        if (cp >= 0x80 && cp <= 0x9F) {
            return "a C1 control character";
        }
        if (cp >= 0x202A && cp <= 0x202E) {
            return cp == 0x202E ? "a right-to-left override" : cp == 0x202D ? "a left-to-right override" : "a bidirectional embedding";
        }
        if (cp >= 0x2066 && cp <= 0x2069) {
            return "a bidirectional isolate";
        }
        if (cp == 0x200E || cp == 0x200F || cp == 0x061C) {
            return "a bidirectional mark";
        }
        if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x2060 || cp == 0xFEFF) {
            return "an invisible separator";
        }
        return null;
    }
}
