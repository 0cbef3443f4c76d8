package cn.hazchain.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker (Debian's {@code mosquitto} package) on a free loopback port, with password and ACL
 * files in a directory of its own, as the feed tests and the benchmark need. The service writes those files
 * (hazchain.feeds.broker-files-dir); {@link #reload} makes the broker read them again (SIGHUP), as operations do.
 * It runs as the current user (its config says so), so a run as root in CI keeps access to its files.
 */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    /** The broker binary: $MOSQUITTO, else mosquitto on the PATH or in /usr/sbin. */
    public static Optional<Path> binary() {
        String env = System.getenv("MOSQUITTO");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":")).map(d -> Path.of(d, "mosquitto")).filter(Files::isExecutable).findFirst();
    }

    /** Starts the broker on files in {@code dir} ({@code passwd} and {@code acl} must exist). */
    public static Mosquitto start(Path binary, Path dir) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous false",
                    "password_file " + dir.resolve("passwd"),
                    "acl_file " + dir.resolve("acl"),
                    "persistence false",
                    // unacknowledged QoS 1 messages the service may hold at once: its back-pressure (docs/feeds.md)
                    "max_inflight_messages 400",
                    "max_queued_messages 200000",
                    "max_packet_size 8192",
                    "user " + System.getProperty("user.name"),
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type error", "log_type warning", "log_type notice", ""));
            Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
            Mosquitto m = new Mosquitto(p, port, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            m.awaitListening();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Mosquitto(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    private void awaitListening() {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + log());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto is not listening on " + port + ": " + log());
    }

    /** Reads the password and ACL files again (SIGHUP), and waits a moment for it to take them. */
    public void reload() {
        try {
            new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sleep(300);
    }

    public String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            Path out = dir.resolve("mosquitto.out");
            return (Files.exists(f) ? Files.readString(f) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
