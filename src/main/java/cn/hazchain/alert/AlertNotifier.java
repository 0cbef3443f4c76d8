package cn.hazchain.alert;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.export.SignedWebhook;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Delivers due alert notifications to the subscribers' webhooks, signed like the national export
 * ({@link SignedWebhook}): each round claims up to batch-size due rows — only the earliest undelivered step of each
 * (subscription, alert), so a subscriber gets an alert's opening before its closing — with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, sends them at once, and records each outcome: 2xx delivers, anything else waits with
 * {@link Backoff} and is tried again. The target is checked again before each attempt ({@link WebhookTarget}). Rows
 * of an ended subscription are left as they are. Not {@code @Transactional}: no transaction is held while a POST is
 * in flight.
 */
@ApplicationScoped
public class AlertNotifier {

    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);
    static final int MAX_ROUNDS = 100;

    @Inject
    HazChainConfig config;

    @Inject
    AgroalDataSource dataSource;

    private volatile SignedWebhook webhook;

    /** What one run did. */
    public record Result(int attempted, int delivered, int failed) {
    }

    record Claimed(long id, String topic, String url, String secret, String payload, int attempts) {
    }

    @Scheduled(every = "${hazchain.notifications.dispatch-every}", delayed = "7s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result r = run();
        if (r.attempted() > 0) {
            LOG.infof("alert notifications: %d attempted, %d delivered, %d failed", r.attempted(), r.delivered(), r.failed());
        }
    }

    /** Runs rounds until nothing is due (or {@value #MAX_ROUNDS} rounds). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Result run() {
        int attempted = 0;
        int delivered = 0;
        int failed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int round = 0; round < MAX_ROUNDS; round++) {
                List<Claimed> batch = claim(c);
                if (batch.isEmpty()) {
                    break;
                }
                List<CompletableFuture<SignedWebhook.Answer>> sending = batch.stream().map(this::send).toList();
                for (int i = 0; i < batch.size(); i++) {
                    SignedWebhook.Answer a = sending.get(i).join();
                    record(c, batch.get(i), a);
                    attempted++;
                    if (a.delivered()) {
                        delivered++;
                    } else {
                        failed++;
                        LOG.warnf("alert notification %d (%s) attempt %d failed: %s", batch.get(i).id(), batch.get(i).topic(),
                                batch.get(i).attempts(), a.error());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alert notifications: cannot read or update the deliveries", e);
        }
        return new Result(attempted, delivered, failed);
    }

    private List<Claimed> claim(Connection c) throws SQLException {
        HazChainConfig.Notifications n = config.notifications();
        double leaseSeconds = n.timeout().toMillis() * 2 / 1000.0 + 60;
        String sql = "WITH due AS (SELECT o.id FROM notification o JOIN notification_subscription s ON s.id = o.subscription_id"
                + " WHERE o.delivered_at IS NULL AND s.ended_at IS NULL AND o.next_attempt_at <= now()"
                + " AND (o.sending_until IS NULL OR o.sending_until < now())"
                + " AND NOT EXISTS (SELECT 1 FROM notification e WHERE e.subscription_id = o.subscription_id AND e.alert_id = o.alert_id"
                + "   AND e.id < o.id AND e.delivered_at IS NULL)"
                + " ORDER BY o.next_attempt_at, o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED)"
                + " UPDATE notification o SET attempts = o.attempts + 1, last_attempt_at = now(),"
                + " sending_until = now() + make_interval(secs => ?) FROM due, notification_subscription s"
                + " WHERE o.id = due.id AND s.id = o.subscription_id"
                + " RETURNING o.id, o.topic, s.url, s.secret, o.payload::text, o.attempts";
        List<Claimed> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, Math.max(1, n.batchSize()));
            ps.setDouble(2, leaseSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)));
                }
            }
        }
        return claimed;
    }

    private CompletableFuture<SignedWebhook.Answer> send(Claimed row) {
        Optional<String> refused = WebhookTarget.problem(row.url(), config.notifications().allowPrivateAddresses());
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(new SignedWebhook.Answer(false, null, "not sent: " + refused.get()));
        }
        return webhook().post(URI.create(row.url().strip()), row.secret(), row.topic(), row.id(), row.attempts(),
                row.payload().getBytes(StandardCharsets.UTF_8));
    }

    private void record(Connection c, Claimed row, SignedWebhook.Answer a) throws SQLException {
        HazChainConfig.Notifications n = config.notifications();
        SignedWebhook.record(c, "notification", row.id(), row.attempts(), a, n.firstBackoff(), n.maxBackoff());
    }

    private SignedWebhook webhook() {
        SignedWebhook w = webhook;
        if (w == null) {
            synchronized (this) {
                w = webhook;
                if (w == null) {
                    w = new SignedWebhook(config.notifications().timeout(), "HazChain-Alerts/1");
                    webhook = w;
                }
            }
        }
        return w;
    }
}
