package cn.hazchain.export;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Delivers due outbox rows as signed webhooks. A round: (1) skip failed "manifest.updated" rows that a newer update
 * of the same manifest waits behind; (2) claim up to batch-size due rows — only the earliest undelivered row of each
 * manifest, {@code FOR UPDATE SKIP LOCKED} so replicas never claim the same row — raising their attempt count and
 * leasing them for 2 × timeout + 60 s; (3) POST them (at once; they belong to different manifests); (4) record
 * each outcome: 2xx delivers, anything else schedules the next attempt with {@link Backoff}. Rounds repeat while
 * rows are due, so a manifest's next row follows as soon as the one before it is delivered.
 *
 * <p>Not {@code @Transactional} on purpose: every statement commits on its own (autocommit), so no transaction
 * and no row lock is held while a POST is in flight, and a custody command never waits for the receiver.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    static final int MAX_ROUNDS = 100;

    @Inject
    HazChainConfig config;

    @Inject
    AgroalDataSource dataSource;

    private volatile SignedWebhook webhook;

    /** What one run did. */
    public record Result(int attempted, int delivered, int failed, int superseded) {
    }

    record Claimed(long id, String topic, String manifestNumber, String payload, int attempts) {
    }

    record Outcome(Claimed row, boolean delivered, Integer status, String error) {
    }

    /** Refuses to start when the export is on without a usable URL and secret. */
    void checkSettings(@Observes @Priority(1) StartupEvent event) {
        HazChainConfig.Export export = config.export();
        List<String> problems = ExportSettings.problems(export.enabled(), export.url(), export.secret());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("hazchain.export.enabled=true but the national export cannot run: " + String.join("; ", problems));
        }
        if (export.enabled()) {
            URI uri = URI.create(export.url().orElseThrow().strip());
            LOG.infof("national export on: delivering to %s://%s%s every %s", uri.getScheme(), uri.getHost(),
                    uri.getPort() < 0 ? "" : ":" + uri.getPort(), export.dispatchEvery());
        }
    }

    @Scheduled(every = "${hazchain.export.dispatch-every:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.export().enabled()) {
            return;
        }
        Result r = run(null);
        if (r.attempted() > 0 || r.superseded() > 0) {
            LOG.infof("national export: %d attempted, %d delivered, %d failed, %d superseded", r.attempted(), r.delivered(), r.failed(), r.superseded());
        }
    }

    /** Runs rounds until no row is due (or {@value #MAX_ROUNDS} rounds); only rows of one manifest when a number is given. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Result run(String manifestNumber) {
        if (!config.export().enabled()) {
            throw ProblemException.conflict("the national export is off (hazchain.export.enabled=false): rows wait in the outbox until it is turned on");
        }
        int attempted = 0;
        int delivered = 0;
        int failed = 0;
        int superseded = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int round = 0; round < MAX_ROUNDS; round++) {
                superseded += supersede(c, manifestNumber);
                List<Claimed> batch = claim(c, manifestNumber);
                if (batch.isEmpty()) {
                    break;
                }
                List<CompletableFuture<Outcome>> sending = batch.stream().map(this::send).toList();
                for (CompletableFuture<Outcome> f : sending) {
                    Outcome o = f.join();
                    record(c, o);
                    attempted++;
                    if (o.delivered()) {
                        delivered++;
                    } else {
                        failed++;
                        LOG.warnf("national export: row %d (%s of manifest %s) attempt %d failed: %s", o.row().id(), o.row().topic(),
                                o.row().manifestNumber(), o.row().attempts(), o.error());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("national export: cannot read or update the outbox", e);
        }
        return new Result(attempted, delivered, failed, superseded);
    }

    /** Neither delivered nor superseded: still to be delivered, in order. */
    private static String undelivered(String alias) {
        return alias + ".delivered_at IS NULL AND " + alias + ".superseded_by IS NULL";
    }

    /** Marks failed update rows that a newer waiting update of the same manifest makes obsolete (never one in flight). */
    private int supersede(Connection c, String manifestNumber) throws SQLException {
        String sql = "UPDATE outbox o SET superseded_by = (SELECT max(n.id) FROM outbox n WHERE n.aggregate_key = o.aggregate_key"
                + " AND n.topic = o.topic AND n.id > o.id AND " + undelivered("n") + ")"
                + " WHERE o.id IN (SELECT s.id FROM outbox s WHERE s.topic IN ('manifest.updated', 'transfer.updated') AND " + undelivered("s")
                + " AND s.attempts > 0 AND (s.sending_until IS NULL OR s.sending_until < now())"
                + (manifestNumber == null ? "" : " AND s.aggregate_key = ?")
                + " AND EXISTS (SELECT 1 FROM outbox n WHERE n.aggregate_key = s.aggregate_key AND n.topic = s.topic"
                + " AND n.id > s.id AND " + undelivered("n") + ")"
                + " FOR UPDATE SKIP LOCKED)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (manifestNumber != null) {
                ps.setString(1, manifestNumber);
            }
            return ps.executeUpdate();
        }
    }

    /** Claims due rows: the earliest undelivered row of each manifest, if it is due and nobody is sending it. */
    private List<Claimed> claim(Connection c, String manifestNumber) throws SQLException {
        HazChainConfig.Export export = config.export();
        double leaseSeconds = export.timeout().toMillis() * 2 / 1000.0 + 60;
        String sql = "WITH due AS (SELECT o.id FROM outbox o WHERE " + undelivered("o")
                + " AND o.next_attempt_at <= now() AND (o.sending_until IS NULL OR o.sending_until < now())"
                + (manifestNumber == null ? "" : " AND o.aggregate_key = ?")
                + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.aggregate_key = o.aggregate_key AND e.id < o.id"
                + " AND " + undelivered("e") + ")"
                + " ORDER BY o.next_attempt_at, o.id LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE outbox o SET attempts = o.attempts + 1, last_attempt_at = now(),"
                + " sending_until = now() + make_interval(secs => ?) FROM due WHERE o.id = due.id"
                + " RETURNING o.id, o.topic, o.aggregate_key, o.payload::text, o.attempts";
        List<Claimed> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (manifestNumber != null) {
                ps.setString(i++, manifestNumber);
            }
            ps.setInt(i++, Math.max(1, export.batchSize()));
            ps.setDouble(i, leaseSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return claimed;
    }

    private CompletableFuture<Outcome> send(Claimed row) {
        HazChainConfig.Export export = config.export();
        return webhook().post(URI.create(export.url().orElseThrow().strip()), export.secret().orElseThrow(), row.topic(), row.id(), row.attempts(),
                        row.payload().getBytes(StandardCharsets.UTF_8))
                .thenApply(a -> new Outcome(row, a.delivered(), a.status(), a.error()));
    }

    private void record(Connection c, Outcome o) throws SQLException {
        HazChainConfig.Export export = config.export();
        SignedWebhook.record(c, "outbox", o.row().id(), o.row().attempts(), new SignedWebhook.Answer(o.delivered(), o.status(), o.error()),
                export.firstBackoff(), export.maxBackoff());
    }

    private SignedWebhook webhook() {
        SignedWebhook w = webhook;
        if (w == null) {
            synchronized (this) {
                w = webhook;
                if (w == null) {
                    w = new SignedWebhook(config.export().timeout(), "HazChain-Export/1");
                    webhook = w;
                }
            }
        }
        return w;
    }
}
