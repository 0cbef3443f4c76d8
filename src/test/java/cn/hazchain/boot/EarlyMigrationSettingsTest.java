package cn.hazchain.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Bootstrap#migrate} applies the migrations of embedded mode before Quarkus's Flyway runs, with the settings it
 * assumes Quarkus's Flyway has: the default location, history table and schema, no baseline, validate on migrate. A
 * {@code quarkus.flyway.*} setting added to application.properties (another table or location, in any profile) would
 * make the two disagree — Quarkus's Flyway would then migrate a schema already migrated — so it fails here until
 * {@code Bootstrap.migrate} is given the same setting.
 */
class EarlyMigrationSettingsTest {

    @Test
    void quarkusFlywayHasOnlyTheSettingsBootstrapMigrateAlsoUses() throws IOException {
        Properties props = new Properties();
        try (InputStream in = EarlyMigrationSettingsTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            props.load(in);
        }
        Map<String, String> flyway = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.replaceFirst("^%[^.]+\\.", "").startsWith("quarkus.flyway.")) {
                flyway.put(key, props.getProperty(key).strip());
            }
        }
        assertEquals(Map.of("quarkus.flyway.migrate-at-start", "true", "quarkus.flyway.baseline-on-migrate", "false",
                "quarkus.flyway.validate-on-migrate", "true"), flyway, "Bootstrap.migrate uses the same Flyway settings: change both");
    }
}
