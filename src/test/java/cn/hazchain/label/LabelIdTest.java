package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.GENERATOR_USCC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelIdTest {

    private static final String CODE = "90024908";
    private static final String VALID = GENERATOR_USCC + CODE + "20260301" + "007";

    @Test
    void parse_readsTheFourSegments() {
        LabelId id = LabelId.parse(VALID);

        assertEquals(GENERATOR_USCC, id.uscc());
        assertEquals("900-249-08", id.wasteCode());
        assertEquals(CODE, id.wasteCodeDigits());
        assertEquals("HW08", id.category());
        assertEquals(LocalDate.of(2026, 3, 1), id.date());
        assertEquals(7, id.sequence());
    }

    @Test
    void format_isTheInverseOfParse_andHas37Characters() {
        LabelId id = LabelId.of(GENERATOR_USCC, "900-249-08", LocalDate.of(2026, 3, 1), 7);

        assertEquals(VALID, id.format());
        assertEquals(VALID, id.toString());
        assertEquals(37, id.format().length());
        assertEquals(id, LabelId.parse(id.format()));
    }

    @Test
    void of_acceptsTheWasteCodeAsDigitsToo() {
        assertEquals(LabelId.parse(VALID), LabelId.of(GENERATOR_USCC, CODE, LocalDate.of(2026, 3, 1), 7));
    }

    @Test
    void sequence_isZeroPaddedToThreeDigits() {
        assertTrue(LabelId.of(GENERATOR_USCC, CODE, LocalDate.of(2026, 3, 1), 999).format().endsWith("20260301999"));
        assertTrue(LabelId.of(GENERATOR_USCC, CODE, LocalDate.of(2026, 3, 1), 1).format().endsWith("20260301001"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too short            | DROP_LAST  | 37 characters",
        "too long             | APPEND_0   | 37 characters",
        "bad USCC check char  | USCC_CHECK | segment 1",
        "lower-case USCC      | USCC_LOWER | segment 1",
        "USCC with letter O   | USCC_O     | segment 1",
        "letter in waste code | CODE_X     | segment 2",
        "30 February          | DATE_0230  | segment 3",
        "month 13             | DATE_1301  | segment 3",
        "non-digit date       | DATE_DASH  | segment 3",
        "sequence 000         | SEQ_000    | segment 4",
        "sequence with letter | SEQ_01A    | segment 4",
    })
    void parse_rejectsMalformedIds_namingTheSegment(String why, String mutation, String expectedInMessage) {
        String text = mutate(mutation);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelId.parse(text));

        assertTrue(e.getMessage().contains(expectedInMessage), () -> why + ": " + e.getMessage());
    }

    @Test
    void parse_rejectsNull_withAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelId.parse(null));
        assertTrue(e.getMessage().contains("37 characters"), e.getMessage());
    }

    @Test
    void of_rejectsSequencesOutsideOneTo999() {
        assertThrows(IllegalArgumentException.class, () -> LabelId.of(GENERATOR_USCC, CODE, LocalDate.of(2026, 3, 1), 0));
        assertThrows(IllegalArgumentException.class, () -> LabelId.of(GENERATOR_USCC, CODE, LocalDate.of(2026, 3, 1), 1000));
    }

    @Test
    void of_rejectsBadWasteCodesAndUscc() {
        assertThrows(IllegalArgumentException.class, () -> LabelId.of(GENERATOR_USCC, "900-249-8", LocalDate.of(2026, 3, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> LabelId.of(GENERATOR_USCC.substring(1) + "0", CODE, LocalDate.of(2026, 3, 1), 1));
    }

    private static String mutate(String mutation) {
        String uscc = GENERATOR_USCC;
        char wrongCheck = uscc.charAt(17) == '0' ? '1' : '0';
        return switch (mutation) {
            case "DROP_LAST" -> VALID.substring(0, 36);
            case "APPEND_0" -> VALID + "0";
            case "USCC_CHECK" -> uscc.substring(0, 17) + wrongCheck + VALID.substring(18);
            case "USCC_LOWER" -> uscc.toLowerCase() + VALID.substring(18);
            case "USCC_O" -> "O" + VALID.substring(1);
            case "CODE_X" -> uscc + "9002490X" + VALID.substring(26);
            case "DATE_0230" -> uscc + CODE + "20260230" + "001";
            case "DATE_1301" -> uscc + CODE + "20261301" + "001";
            case "DATE_DASH" -> uscc + CODE + "2026-3-1" + "001";
            case "SEQ_000" -> uscc + CODE + "20260301" + "000";
            case "SEQ_01A" -> uscc + CODE + "20260301" + "01A";
            default -> throw new IllegalArgumentException(mutation);
        };
    }
}
