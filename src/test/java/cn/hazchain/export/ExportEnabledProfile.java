package cn.hazchain.export;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The export switched on, pointed at the webhook receiver that {@link NationalExportDeliveryTest} runs inside the
 * test JVM. The schedule is off: the test drives the dispatcher through POST /api/exports/national/dispatch, so
 * nothing is sent behind its back. Quarkus restarts for this profile; the database stays the one all tests share
 * (see support/EmbeddedPostgresResource).
 */
public class ExportEnabledProfile implements QuarkusTestProfile {

    static final String SECRET = "test-export-secret-ae5c1f0b7d";
    static final String PATH = "/hooks/national";
    /** One port per JVM, chosen before Quarkus starts; kept in a system property because the profile and the test may load this class twice. */
    static final int PORT = port();
    /** Generous: the machine running the tests may be busy, and only the SLOW answer should time out. */
    static final String TIMEOUT = "5s";
    static final int FIRST_BACKOFF_SECONDS = 30;

    private static synchronized int port() {
        String key = "cn.hazchain.tests.export-receiver-port";
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            System.setProperty(key, Integer.toString(s.getLocalPort()));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hazchain.export.enabled", "true",
                "hazchain.export.url", "http://127.0.0.1:" + PORT + PATH,
                "hazchain.export.secret", SECRET,
                "hazchain.export.dispatch-every", "off",
                "hazchain.export.timeout", TIMEOUT,
                "hazchain.export.first-backoff", FIRST_BACKOFF_SECONDS + "s",
                "hazchain.export.max-backoff", "10m");
    }
}
