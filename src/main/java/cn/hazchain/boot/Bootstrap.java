package cn.hazchain.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /** What was prepared: configuration to hand to Quarkus, and the embedded server if one was started. */
    public record Prepared(Map<String, String> properties, Optional<EmbeddedDatabase> embedded) {
    }

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
            // a first start generates the token key pair (RSA, about a second on two slow cores) while PostgreSQL's
            // initdb runs: the two do not depend on each other
            java.util.concurrent.CompletableFuture<Map<String, String>> keys = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return JwtKeyFiles.ensure(dataDir.resolve("keys"), lookup);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            props.putAll(joined(keys));
            props.put(JDBC_URL, db.jdbcUrl());
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

    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
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
