package cn.hazchain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportSettingsTest {

    static final Optional<String> URL = Optional.of("https://gfxt.example.gov.cn/hooks/hazchain");
    static final Optional<String> SECRET = Optional.of("s3cr3t-shared-with-the-receiver");

    @Test
    void offNeedsNothing() {
        assertTrue(ExportSettings.problems(false, Optional.empty(), Optional.empty()).isEmpty());
    }

    @Test
    void onWithUrlAndSecretIsFine() {
        assertTrue(ExportSettings.problems(true, URL, SECRET).isEmpty());
        assertTrue(ExportSettings.problems(true, Optional.of("http://127.0.0.1:8099/hook"), SECRET).isEmpty());
    }

    @Test
    void onWithoutUrlOrSecretNamesBothSettings() {
        List<String> problems = ExportSettings.problems(true, Optional.empty(), Optional.empty());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("hazchain.export.url"), problems.get(0));
        assertTrue(problems.get(1).contains("hazchain.export.secret"), problems.get(1));
    }

    @Test
    void refusesShortSecretsWithoutEchoingThem() {
        List<String> problems = ExportSettings.problems(true, URL, Optional.of("tiny-secret"));
        assertEquals(1, problems.size());
        assertFalse(problems.get(0).contains("tiny-secret"), "the secret never appears in a message");
    }

    @Test
    void refusesUrlsThatAreNotHttp() {
        assertEquals(1, ExportSettings.problems(true, Optional.of("ftp://example.org/x"), SECRET).size());
        assertEquals(1, ExportSettings.problems(true, Optional.of("/relative/path"), SECRET).size());
        assertEquals(1, ExportSettings.problems(true, Optional.of("http://bad host/"), SECRET).size());
        assertEquals(1, ExportSettings.problems(true, Optional.of("   "), SECRET).size());
    }
}
