package cn.hazchain.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsccTest {

    /** Codes published by the companies themselves (business licences, annual reports). */
    static List<String> publishedCodes() {
        return List.of(
                "914403001922038216", // Huawei Technologies Co., Ltd.
                "9144030071526726XG", // Shenzhen Tencent Computer Systems Co., Ltd.
                "91330100799655058B", // Alibaba (China) Co., Ltd.
                "91110108551385082Q", // Beijing Xiaomi Technology Co., Ltd.
                "91440300708461136T"); // Ping An Insurance (Group) Company of China, Ltd.
    }

    @ParameterizedTest
    @MethodSource("publishedCodes")
    void acceptsPublishedCodes(String code) {
        assertTrue(Uscc.problem(code).isEmpty(), () -> code + ": " + Uscc.problem(code).orElse(""));
    }

    @ParameterizedTest
    @MethodSource("publishedCodes")
    void rejectsEverySingleCharacterCorruption(String code) {
        String candidates = Uscc.ALPHABET + "IOSVZ*a ";
        int tried = 0;
        for (int i = 0; i < code.length(); i++) {
            for (char c : candidates.toCharArray()) {
                if (Character.toUpperCase(c) == code.charAt(i)) {
                    continue;
                }
                String corrupted = code.substring(0, i) + c + code.substring(i + 1);
                assertFalse(Uscc.isValid(corrupted), () -> "accepted corrupted code " + corrupted);
                tried++;
            }
        }
        assertTrue(tried > 18 * 30);
    }

    @Test
    void namesTheExpectedCheckCharacter() {
        String problem = Uscc.problem("914403001922038217").orElseThrow();
        assertTrue(problem.contains("should be '6'"), problem);
    }

    @Test
    void rejectsWrongLengthAndForbiddenLetters() {
        assertTrue(Uscc.problem("91440300192203821").orElseThrow().contains("18 characters"));
        assertTrue(Uscc.problem("9144030019220382I6").orElseThrow().contains("'I' at position 17"));
    }

    @Test
    void checkCharacterThirtyOneMapsToZero() {
        // Find a body whose weighted sum is a multiple of 31: its check must be '0'.
        String body = "91320281MA1000000";
        for (int n = 0; n < 100000; n++) {
            String candidate = "91320281MA1" + String.format("%06d", n);
            if (Uscc.checkCharacter(candidate) == '0') {
                body = candidate;
                break;
            }
        }
        assertEquals('0', Uscc.checkCharacter(body));
        assertTrue(Uscc.isValid(body + "0"));
    }

    @Test
    void lowerCaseIsNormalised() {
        assertTrue(Uscc.isValid("9144030071526726xg"));
    }
}
