package cn.hazchain.boot;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The embedded PostgreSQL starts, and is migrated, beside Quarkus's boot ({@link Bootstrap#prepare},
 * {@link Bootstrap#migrate}); Flyway's migration at start is the first thing to connect, so it waits here, while Flyway
 * is configured, until the server is up and migrated (it then only validates). With a configured datasource there is
 * nothing to wait for, and Quarkus's Flyway migrates as usual.
 */
@Singleton
public class FlywayWaitsForEmbedded implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        Bootstrap.awaitEmbedded();
    }
}
