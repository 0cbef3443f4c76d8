package cn.hazchain.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Business settings, with their documented defaults. Each can be set by environment variable (HAZCHAIN_…). */
@ConfigMapping(prefix = "hazchain")
public interface HazChainConfig {

    /** Where the embedded database, keys and other local state live. */
    @WithDefault("data")
    Path dataDir();

    /** Create the Jiangyin demo data set on an empty database. */
    @WithDefault("false")
    boolean demo();

    /**
     * How much history the demo data set holds besides today's open manifests: NONE, SMALL (two weeks) or
     * THREE_MONTHS (the default): rounds, storage, transfers, receipts and disposals, written through the custody rules.
     */
    @WithName("demo-history")
    @WithDefault("three-months")
    DemoHistory demoHistory();

    enum DemoHistory { NONE, SMALL, THREE_MONTHS }

    Jwt jwt();

    Catalogue catalogue();

    Login login();

    /** Base of the public verification URLs printed in QR codes, e.g. https://hazchain.jiangyin.gov.cn */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** Time zone for business dates (label dates, pickup dates, manifest years). */
    @WithDefault("Asia/Shanghai")
    java.time.ZoneId zone();

    Manifests manifest();

    /** JSON log lines on the console (production); Bootstrap sets false for a local embedded run. */
    @WithDefault("true")
    boolean logJson();

    Bootstrap bootstrap();

    Custody custody();

    Audit audit();

    Planning planning();

    /** Round planning (issue #17): distances from coordinates, a stop's duration, drivers' default shift, solving time. */
    interface Planning {
        /** Road distance over great-circle distance (roads wind; 1.3 is usual for a county). */
        @WithDefault("1.3")
        double roadFactor();

        /** Average speed between stops, km/h. */
        @WithDefault("35")
        double speedKmh();

        /** Minutes a pickup takes at a stop (scan, weigh, sign). */
        @WithDefault("15")
        int serviceMinutes();

        /** A driver's shift when the plan does not say, HH:mm. */
        @WithDefault("08:00")
        java.time.LocalTime shiftStart();

        @WithDefault("17:30")
        java.time.LocalTime shiftEnd();

        /** Seconds the solver searches when the request does not say, and the most it may ask for. */
        @WithDefault("10")
        int solveSeconds();

        @WithDefault("30")
        int maxSolveSeconds();

        /** Planning jobs solved at once (each takes a core for its seconds); more wait in their queue, in order. */
        @WithDefault("1")
        int workers();

        /** Runs a job may start (a restart in its middle ends one) before it is failed rather than resumed again. */
        @WithDefault("2")
        int jobAttempts();
    }

    interface Custody {
        /** Largest relative difference between two weighings of one container before it is flagged (0.05 = 5 %). */
        @WithDefault("0.05")
        java.math.BigDecimal weightTolerance();
    }

    interface Audit {
        /** How often the heads of all chains are signed (when events were added). */
        @WithDefault("10m")
        String checkpointEvery();
    }

    Label label();

    Mobile mobile();

    Alerts alerts();

    Export export();

    Notifications notifications();

    /**
     * Alert notifications to the parties' own webhooks (issue #18): how they are delivered. Who gets what is data
     * (notification_subscription), managed through /api/notification-subscriptions.
     */
    interface Notifications {
        /** How often due deliveries are sent (a duration such as 10s; "off" stops the schedule, as in tests). */
        @WithDefault("10s")
        String dispatchEvery();

        /** Deliveries sent at once per round. */
        @WithDefault("50")
        int batchSize();

        /** How long one POST may take before it counts as failed. */
        @WithDefault("10s")
        java.time.Duration timeout();

        /** Wait after the first failed attempt; it doubles (with jitter) up to max-backoff. */
        @WithDefault("10s")
        java.time.Duration firstBackoff();

        @WithDefault("1h")
        java.time.Duration maxBackoff();

        /**
         * Whether a subscription may name a plain http:// URL or a loopback, private or link-local address. Off in
         * production: a party's user must not make the service call into its own network (and alerts are not sent
         * in clear). On for tests and for a closed network's own receivers.
         */
        @WithDefault("false")
        boolean allowPrivateAddresses();
    }

    /**
     * The national export (docs/regulator.md "National export"): manifest documents from the outbox, POSTed as
     * signed webhooks. Off by default; when on, {@code url} and {@code secret} are required (checked at start).
     * Set the secret from the environment (HAZCHAIN_EXPORT_SECRET), never in a file under version control.
     */
    interface Export {
        /** Deliver outbox rows. When off, rows are still written and wait; turning it on sends the backlog in order. */
        @WithDefault("false")
        boolean enabled();

        /** The receiver's endpoint (http or https), e.g. https://gfxt.example.gov.cn/hooks/hazchain. */
        java.util.Optional<String> url();

        /** Shared secret of the HMAC-SHA256 signature (at least 16 characters). Never logged. */
        java.util.Optional<String> secret();

        /** How often the dispatcher looks for due rows ("off" disables the schedule; POST .../dispatch still runs it). */
        @WithDefault("10s")
        String dispatchEvery();

        /** Most rows one dispatcher claims (and sends at once) per round. */
        @WithDefault("50")
        int batchSize();

        /** Wait after the first failed attempt; it doubles with each further failure, with jitter. */
        @WithDefault("10s")
        java.time.Duration firstBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        java.time.Duration maxBackoff();

        /** How long one POST may take (connect and answer) before it counts as failed. */
        @WithDefault("10s")
        java.time.Duration timeout();
    }

    /** Thresholds of the regulator's alerts and of the OVERDUE search flag (see docs/regulator.md). */
    interface Alerts {
        /** Longest a container may wait at its generator (from its generation date) before it is overdue. */
        @WithDefault("365")
        int generatorStorageDays();

        /** Longest a container may stay at a storage point (from when it was stored) before it is overdue. */
        @WithDefault("180")
        int storagePointDays();

        /** Most a storage point may hold at any time, in kg (GB 18597-2023: 3 t). */
        @WithDefault("3000")
        java.math.BigDecimal storagePointMaxKg();

        /** Working days a receiver has to confirm a transfer after it left. */
        @WithDefault("5")
        int receiptWorkingDays();

        /** Working days a generator has to confirm or dispute a pickup it did not confirm at the stop. */
        @WithDefault("5")
        int pickupConfirmationWorkingDays();

        /** Public holidays (not working days), e.g. 2026-10-01,2026-10-02. */
        java.util.Optional<java.util.List<java.time.LocalDate>> holidays();

        /** Weekend days that are working days (调休), e.g. 2026-09-27. */
        java.util.Optional<java.util.List<java.time.LocalDate>> extraWorkdays();

        /**
         * Time limit of one evaluation's transaction, in seconds (read by AlertEvaluator's
         * {@code @TransactionConfiguration}); the first run on an imported history opens every alert of its years.
         */
        @WithDefault("900")
        int evaluationTimeoutSeconds();

        /** Containers issued but not collected after this many days raise an alert. */
        @WithDefault("30")
        int uncollectedDays();

        /**
         * Longest a receiver may keep what it received before utilising or disposing of it (licensed operators store
         * waste at most a year).
         */
        @WithDefault("365")
        int receiverStorageDays();

        /** A licence expiring within this many days with no renewal on file raises an alert. */
        @WithDefault("60")
        int licenceExpiryDays();

        /** Generators with expected generation but no pickup for this many days raise an alert. */
        @WithDefault("120")
        int noPickupDays();

        /** How often the alert rules are evaluated (a duration such as 5m; "off" disables the schedule, as in tests). */
        @WithDefault("5m")
        String evaluateEvery();

        /** OFF_CORRIDOR: a position farther than this (metres, great-circle) from the straight line shipper → receiver. */
        @WithDefault("3000")
        double corridorMetres();

        /** STOPPED_TOO_LONG: positions within this many metres of each other count as not moving. */
        @WithDefault("50")
        double stoppedRadiusMetres();

        /** STOPPED_TOO_LONG: minutes without moving, away from both ends, that raise the alert. */
        @WithDefault("30")
        int stoppedMinutes();

        /** STOPPED_TOO_LONG: a stop within this many metres of the origin or the receiver is loading or unloading, not an alert. */
        @WithDefault("500")
        double endRadiusMetres();

        /** SILENT_IN_TRANSIT: minutes without any position from a vehicle whose transfer is in transit. */
        @WithDefault("20")
        int silentMinutes();

        /** SCALE_SCAN_MISMATCH: a scale's weighing and a scan's weight differing by more than max(this kg, …). */
        @WithDefault("2")
        java.math.BigDecimal scaleToleranceKg();

        /** … and this fraction of the scan's weight (0.02 = 2 %). */
        @WithDefault("0.02")
        java.math.BigDecimal scaleToleranceFraction();

        /** SCALE_SCAN_MISMATCH: a weighing matches the scan of the same label closest in time within this many minutes. */
        @WithDefault("60")
        int scaleMatchMinutes();

        /**
         * SCALE_SCAN_MISMATCH reads the weighings of this many days back (device time), and those of containers whose
         * alert is still open, not every weighing ever.
         */
        @WithDefault("7")
        int scaleRecentDays();
    }

    Feeds feeds();

    /**
     * The live vehicle and scale feeds over MQTT (docs/feeds.md). Off unless a broker is configured: the service
     * runs normally without one, and the device registry and tracks still answer.
     */
    interface Feeds {
        /** Subscribe to the broker. Needs host, subscriber username and password. */
        @WithDefault("false")
        boolean enabled();

        java.util.Optional<String> host();

        @WithDefault("1883")
        int port();

        /** The service's own MQTT account (read-only on hazchain/v1/#). Its password from HAZCHAIN_FEEDS_SUBSCRIBER_PASSWORD. */
        @WithDefault("hazchain-service")
        String subscriberUsername();

        java.util.Optional<String> subscriberPassword();

        /** MQTT client id: fixed, so the broker keeps the subscription and the unacknowledged messages while the service is down. */
        @WithDefault("hazchain-feeds")
        String clientId();

        /** Where the service writes Mosquitto's password and ACL files on every registry change (none: not written). */
        java.util.Optional<java.nio.file.Path> brokerFilesDir();

        /**
         * Permissions of the broker's files ({@code rw-------}: only the service's user; {@code rw-r-----} when Mosquitto
         * reads them through the group). They are created with it, never readable by others in between.
         */
        @WithDefault("rw-------")
        String brokerFilesMode();

        /** After a failed write of the broker's files, how often they are written again from the registry until it works. */
        @WithDefault("30s")
        String brokerFilesRetry();

        /** Messages stored in one transaction at most. */
        @WithDefault("200")
        int batchSize();

        /** Device times further ahead of the server than this are out of range. */
        @WithDefault("PT5M")
        java.time.Duration clockSkew();

        /** Wait before reconnecting to the broker after the connection was lost. */
        @WithDefault("PT2S")
        java.time.Duration reconnectDelay();
    }

    interface Mobile {
        /** How long a handheld's shift token lasts (12 h by default); the session can be ended earlier. */
        @WithDefault("43200")
        long shiftSeconds();

        /** Most events in one sync request. */
        @WithDefault("500")
        int maxSyncEvents();

        /**
         * Most events of a sync request applied in one transaction (one commit, one WAL flush for all of them);
         * 1 applies every event in its own transaction. See docs/architecture.md "Handheld sync in chunks".
         */
        @WithDefault("100")
        int syncChunkEvents();

        /** Largest photo accepted, in bytes (4 MiB). quarkus.http.limits.max-body-size must be larger. */
        @WithDefault("4194304")
        int photoMaxBytes();

        /** How far a handheld's clock may run ahead of the server before its events are flagged. */
        @WithDefault("300")
        long clockSkewSeconds();
    }

    interface Bootstrap {
        /** Creates user "admin" on a database with no users. */
        java.util.Optional<String> adminPassword();

        /** USCC of the regulator party the first administrator belongs to. */
        java.util.Optional<String> regulatorUscc();

        @WithDefault("江阴市生态环境局")
        String regulatorName();
    }

    interface Label {
        /** Directory of the label-signing key ring; default {@code <data-dir>/keys/labels}. */
        java.util.Optional<Path> keyDir();
    }

    interface Manifests {
        /** Province code in manifest numbers (Jiangsu: 32). */
        @WithDefault("32")
        String province();

        /** City code in manifest numbers (Wuxi: 02; Jiangyin is under Wuxi). */
        @WithDefault("02")
        String city();

        /** Most lines (waste codes) on one manifest. */
        @WithDefault("20")
        int maxLines();

        /** Most containers on one manifest. */
        @WithDefault("200")
        int maxContainers();
    }

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

        /** Failed sign-ins from one client address within {@link #addressWindow()} before it is refused for a while. */
        @WithDefault("30")
        int addressMaxFailures();

        /** The sliding window of {@link #addressMaxFailures()}. */
        @WithDefault("PT15M")
        java.time.Duration addressWindow();

        /** Client addresses never throttled (e.g. a trusted internal gateway). Empty by default. */
        Optional<List<String>> addressExempt();
    }
}
