package cn.hazchain.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Business settings, with their documented defaults. Each can be set by environment variable (HAZCHAIN_…). */
@ConfigMapping(prefix = "hazchain")
public interface HazChainConfig {

    /** Where the embedded database, keys and other local state live. */
    @WithDefault("data")
    Path dataDir();

    /** Create the Jiangyin demo data set on an empty database. */
    @WithDefault("false")
    boolean demo();

    Jwt jwt();

    Catalogue catalogue();

    Login login();

    interface Jwt {
        @WithDefault("https://hazchain.example/issuer")
        String issuer();

        /** How long an access token lasts: one shift by default. */
        @WithDefault("28800")
        long lifespanSeconds();
    }

    interface Catalogue {
        /** The edition of the National Hazardous Waste List that new records are checked against. */
        @WithDefault("2021")
        String edition();
    }

    interface Login {
        /** Failed logins in a row before the account is locked. */
        @WithDefault("5")
        int maxFailures();

        /** How long a locked account stays locked; doubles with each further lock. */
        @WithDefault("300")
        long lockSeconds();
    }
}
