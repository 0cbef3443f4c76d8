package cn.hazchain.party;

import java.util.Locale;
import java.util.Optional;

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters over {@code 0-9 A-H J-N P-R T-U W-Y};
 * the 18th is a check character over the first 17. Pure functions, no framework.
 */
public final class Uscc {

    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {
    }

    /** Upper-cases and strips; does not otherwise change the code. */
    public static String normalize(String code) {
        return code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    }

    /** The check character for the first 17 characters (which must be in the alphabet). */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character '" + first17.charAt(i) + "' is not in the USCC alphabet");
            }
            sum += value * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }

    /** Why the code is not a valid USCC, or empty when it is. */
    public static Optional<String> problem(String code) {
        String c = normalize(code);
        if (c.length() != 18) {
            return Optional.of("a unified social credit code has 18 characters, got " + c.length());
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(c.charAt(i)) < 0) {
                return Optional.of("character '" + c.charAt(i) + "' at position " + (i + 1)
                        + " is not allowed (digits and A-Z without I, O, S, V, Z)");
            }
        }
        char expected = checkCharacter(c.substring(0, 17));
        if (c.charAt(17) != expected) {
            return Optional.of("check character (18th) should be '" + expected + "' for " + c.substring(0, 17)
                    + ", got '" + c.charAt(17) + "': a character was probably mistyped");
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** Completes a 17-character body with its check character. */
    public static String withCheck(String first17) {
        return first17 + checkCharacter(first17);
    }
}
