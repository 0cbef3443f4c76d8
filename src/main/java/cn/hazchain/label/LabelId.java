package cn.hazchain.label;

import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.party.Uscc;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The 37-character digital ID (数字识别码) printed on a container label, HJ 1276-2022:
 * USCC of the generator (18) + waste code digits (8) + date YYYYMMDD (8) + sequence 001-999 (3),
 * e.g. {@code 91320281MA1XXXXXXX} {@code 90024908} {@code 20260301} {@code 001}.
 * Checks the form only; whether the waste code is in the catalogue is the service's business.
 */
public record LabelId(String uscc, String wasteCode, LocalDate date, int sequence) {

    public static final int LENGTH = 37;

    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /**
     * @param uscc      the generator's unified social credit code, upper case
     * @param wasteCode the waste code in dashed form, {@code 900-249-08}
     * @param date      the date segment, years 0000-9999
     * @param sequence  1..999, the container's number among those of this generator, code and date
     */
    public LabelId {
        String usccProblem = Uscc.problem(uscc).orElse(null);
        if (usccProblem != null || !uscc.equals(Uscc.normalize(uscc))) {
            throw new IllegalArgumentException("label ID: generator USCC '" + uscc + "' is not valid: "
                    + (usccProblem != null ? usccProblem : "it must be upper case without spaces"));
        }
        if (!WasteCodes.isCode(wasteCode)) {
            throw new IllegalArgumentException("label ID: waste code '" + wasteCode + "' is not of the form III-SSS-CC, for example 900-249-08");
        }
        if (date == null || date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException("label ID: date " + date + " cannot be written as YYYYMMDD");
        }
        if (sequence < 1 || sequence > 999) {
            throw new IllegalArgumentException("label ID: sequence must be 1-999 (printed 001-999), got " + sequence);
        }
    }

    /** Builds an ID from its parts; the waste code may be dashed ({@code 900-249-08}) or 8 digits. */
    public static LabelId of(String uscc, String wasteCode, LocalDate date, int sequence) {
        String code = wasteCode != null && EIGHT_DIGITS.matcher(wasteCode).matches() ? WasteCodes.normalize(wasteCode) : wasteCode;
        return new LabelId(uscc, code, date, sequence);
    }

    /**
     * Reads an ID exactly as printed: 37 characters, upper case, no separators or spaces.
     *
     * @throws IllegalArgumentException naming the segment that is wrong
     */
    public static LabelId parse(String text) {
        if (text == null || text.length() != LENGTH) {
            throw new IllegalArgumentException("label ID must have " + LENGTH
                    + " characters (USCC 18 + waste code 8 + date 8 + sequence 3), got "
                    + (text == null ? "none" : String.valueOf(text.length())));
        }
        String uscc = text.substring(0, 18);
        String code = text.substring(18, 26);
        String date = text.substring(26, 34);
        String sequence = text.substring(34);
        String usccProblem = Uscc.problem(uscc).orElse(null);
        if (usccProblem != null || !uscc.equals(Uscc.normalize(uscc))) {
            throw new IllegalArgumentException("label ID segment 1 (generator USCC, characters 1-18) '" + uscc + "' is not valid: "
                    + (usccProblem != null ? usccProblem : "it must be upper case"));
        }
        if (!EIGHT_DIGITS.matcher(code).matches()) {
            throw new IllegalArgumentException("label ID segment 2 (waste code, characters 19-26) must be 8 digits such as 90024908, got '" + code + "'");
        }
        LocalDate day = parseDate(date);
        if (!THREE_DIGITS.matcher(sequence).matches() || sequence.equals("000")) {
            throw new IllegalArgumentException("label ID segment 4 (sequence, characters 35-37) must be 001-999, got '" + sequence + "'");
        }
        return new LabelId(uscc, WasteCodes.normalize(code), day, Integer.parseInt(sequence));
    }

    private static LocalDate parseDate(String date) {
        if (EIGHT_DIGITS.matcher(date).matches()) {
            try {
                return LocalDate.parse(date, YYYYMMDD);
            } catch (DateTimeException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("label ID segment 3 (date, characters 27-34) must be a real date YYYYMMDD, got '" + date + "'");
    }

    /** The waste code as 8 digits, as it appears inside the ID. */
    public String wasteCodeDigits() {
        return WasteCodes.digits(wasteCode);
    }

    /** The waste category of the code, {@code HW08} for {@code 900-249-08}. */
    public String category() {
        return WasteCodes.categoryOf(wasteCode);
    }

    public String format() {
        return uscc + wasteCodeDigits() + YYYYMMDD.format(date) + String.format(Locale.ROOT, "%03d", sequence);
    }

    @Override
    public String toString() {
        return format();
    }
}
