package cn.hazchain.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TextFitTest {

    /** Every character one unit wide, so a box of width 5 holds five characters at full width. */
    private static final ToDoubleFunction<String> ONE_EACH = s -> s.codePointCount(0, s.length());

    @Test
    void chinese_wrapsBetweenAnyTwoCharacters() {
        TextFit.Fitted fitted = TextFit.fit("江阴市澄江精密机械", ONE_EACH, 5, 2, 0.75).orElseThrow();

        assertEquals(List.of("江阴市澄江", "精密机械"), fitted.lines());
        assertEquals(1.0, fitted.scaling(), 1e-9);
    }

    @Test
    void latinWords_wrapAtSpaces() {
        assertEquals(List.of("waste", "mineral oil"), TextFit.wrap("waste mineral oil", s -> ONE_EACH.applyAsDouble(s) <= 11));
        assertEquals(List.of("ab cd", "efgh"), TextFit.wrap("ab cd efgh", s -> ONE_EACH.applyAsDouble(s) <= 7));
    }

    @Test
    void aWordLongerThanTheLine_isBrokenWhereItMust() {
        assertEquals(List.of("91320", "281MA"), TextFit.wrap("91320281MA", s -> ONE_EACH.applyAsDouble(s) <= 5));
    }

    @Test
    void newline_forcesABreak() {
        assertEquals(List.of("联系人", "联系方式"), TextFit.fit("联系人\n联系方式", ONE_EACH, 10, 2, 1).orElseThrow().lines());
    }

    @Test
    void condenses_onlyAsMuchAsNeeded_insteadOfShrinkingTheFont() {
        // 6 characters in a 5-wide box on one line: 5/6 = 0.833, so 0.80 is the widest step that fits
        TextFit.Fitted fitted = TextFit.fit("废矿物油桶盖", ONE_EACH, 5, 1, 0.6).orElseThrow();

        assertEquals(List.of("废矿物油桶盖"), fitted.lines());
        assertEquals(0.80, fitted.scaling(), 1e-9);
    }

    @Test
    void prefersWrappingToCondensing_whenThereIsARowForIt() {
        TextFit.Fitted fitted = TextFit.fit("废矿物油桶盖", ONE_EACH, 5, 2, 0.6).orElseThrow();

        assertEquals(2, fitted.lines().size());
        assertEquals(1.0, fitted.scaling(), 1e-9);
    }

    @Test
    void givesUp_ratherThanGoBelowTheFloor() {
        assertTrue(TextFit.fit("废矿物油桶盖子", ONE_EACH, 5, 1, 0.75).isEmpty());
        assertNull(TextFit.wrap("废", s -> false));
    }
}
