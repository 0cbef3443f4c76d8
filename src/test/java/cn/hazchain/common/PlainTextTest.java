package cn.hazchain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void problem_namesTheFirstRefusedCharacterAndWhereItIs() {
        assertEquals(Optional.of("U+202E (a right-to-left override) at character 3"), PlainText.problem("江阴\u202E厂理修"));
        assertEquals(Optional.of("U+0007 (a control character) at character 1"), PlainText.problem("\u0007x"));
        assertEquals(Optional.of("U+0085 (a C1 control character) at character 2"), PlainText.problem("a\u0085"));
        assertEquals(Optional.of("U+2067 (a bidirectional isolate) at character 2"), PlainText.problem("\uD83D\uDCA3\u2067"), "an emoji counts once");
        assertTrue(PlainText.problem("a\uD800b").orElseThrow().contains("lone surrogate"));
        for (int cp : new int[] {0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x200B, 0x2028, 0xFEFF, 0x7F, 0x9F}) {
            assertTrue(PlainText.problem("x" + Character.toString(cp)).isPresent(), Integer.toHexString(cp));
        }
    }

    @Test
    void problem_acceptsOrdinaryChineseAndLatinText() {
        for (String ok : new String[] {"江阴市澄江汽车修理厂", "锦绣江南小微危废集中收集贮存点（临港）", "0510-86001234 转 8", "ACME Co., Ltd. & Sons", "", "emoji \uD83D\uDCA3"}) {
            assertEquals(Optional.empty(), PlainText.problem(ok), ok);
        }
        assertEquals(Optional.empty(), PlainText.problem(null));
    }

    @Test
    void strip_removesExactlyWhatProblemRefuses() {
        assertEquals("江阴厂理修车汽", PlainText.strip("江阴\u202E厂理修车汽\u2066\u0000"));
        assertEquals("汽车修理厂", PlainText.strip("汽车修理厂"));
    }
}
