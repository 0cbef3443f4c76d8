package cn.hazchain.feed;

import cn.hazchain.support.Mosquitto;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The feeds switched on against a real Mosquitto started for them (once per JVM), its password and ACL files in a
 * directory the service writes. Without the mosquitto binary the feeds stay off and the tests say they are skipped.
 * Quarkus restarts for this profile; the database stays the one all tests share.
 */
public class FeedsProfile implements QuarkusTestProfile {

    static final String SUBSCRIBER_PASSWORD = "test-subscriber-" + Long.toHexString(System.nanoTime());
    private static Mosquitto broker;

    /** The broker, started on first use; null when the binary is missing. */
    static synchronized Mosquitto broker() {
        if (broker == null && Mosquitto.binary().isPresent()) {
            try {
                Path dir = Files.createTempDirectory("hazchain-mosquitto");
                // the files as the service writes them, before it starts: the subscriber account, no device yet
                Files.writeString(dir.resolve("passwd"), BrokerFiles.passwordFile(List.of(new BrokerFiles.Account("hazchain-service",
                        BrokerFiles.hash(SUBSCRIBER_PASSWORD, 1000)))));
                Files.writeString(dir.resolve("acl"), BrokerFiles.aclFile("hazchain-service"));
                broker = Mosquitto.start(Mosquitto.binary().get(), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Mosquitto b = broker();
        if (b == null) {
            return Map.of("hazchain.feeds.enabled", "false");
        }
        return Map.of(
                "hazchain.feeds.enabled", "true",
                "hazchain.feeds.host", "127.0.0.1",
                "hazchain.feeds.port", Integer.toString(b.port()),
                "hazchain.feeds.subscriber-password", SUBSCRIBER_PASSWORD,
                "hazchain.feeds.client-id", "hazchain-test-" + ProcessHandle.current().pid(),
                "hazchain.feeds.broker-files-dir", b.dir().toString(),
                "hazchain.feeds.reconnect-delay", "PT0.5S");
    }
}
