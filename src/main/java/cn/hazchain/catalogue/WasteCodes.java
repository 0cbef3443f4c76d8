package cn.hazchain.catalogue;

import cn.hazchain.common.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The shape of waste codes ({@code III-SSS-CC}) and categories ({@code HWnn}). Pure functions. */
public final class WasteCodes {

    private static final Pattern DASHED = Pattern.compile("\\d{3}-\\d{3}-\\d{2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern CATEGORY = Pattern.compile("HW\\d{2}");

    private WasteCodes() {
    }

    /** {@code 900-249-08} or {@code 90024908} → {@code 900-249-08}; anything else is a 400. */
    public static String normalize(String code) {
        String c = code == null ? "" : code.strip();
        if (DASHED.matcher(c).matches()) {
            return c;
        }
        if (DIGITS.matcher(c).matches()) {
            return c.substring(0, 3) + "-" + c.substring(3, 6) + "-" + c.substring(6);
        }
        throw ProblemException.badRequest("waste code '" + cn.hazchain.common.Text.clip(c, 20)
                + "' is not of the form III-SSS-CC, for example 900-249-08");
    }

    public static boolean isCode(String s) {
        return s != null && DASHED.matcher(s).matches();
    }

    /** The 8 digits of a code, as used inside label IDs: {@code 900-249-08} → {@code 90024908}. */
    public static String digits(String code) {
        return normalize(code).replace("-", "");
    }

    /** {@code 900-249-08} → {@code HW08}. */
    public static String categoryOf(String code) {
        return "HW" + normalize(code).substring(8);
    }

    public static String normalizeCategory(String category) {
        String c = category == null ? "" : category.strip().toUpperCase(Locale.ROOT);
        if (!CATEGORY.matcher(c).matches()) {
            throw ProblemException.badRequest("category '" + cn.hazchain.common.Text.clip(c, 20) + "' is not of the form HWnn, for example HW08");
        }
        return c;
    }

    public static boolean isCategory(String s) {
        return s != null && CATEGORY.matcher(s).matches();
    }
}
