package cn.hazchain.export;

import cn.hazchain.common.Text;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One signed webhook POST, as the national export and the parties' alert notifications send them: JSON body,
 * {@code X-HazChain-Event}, {@code -Delivery}, {@code -Attempt}, {@code -Timestamp} and the {@link WebhookSignature}
 * over timestamp and body. Any 2xx delivers; anything else, or no answer within the timeout, is a failed attempt
 * with a short reason (never the URL's credentials or the secret). Redirects are not followed.
 */
public final class SignedWebhook {

    static final int KEPT_BODY_BYTES = 300;

    /** How one attempt ended: delivered (2xx) or not, the HTTP status when there was one, the reason when not delivered. */
    public record Answer(boolean delivered, Integer status, String error) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final String userAgent;

    public SignedWebhook(Duration timeout, String userAgent) {
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs {@code body} to {@code url}, signed with {@code secret}; never throws, the answer says what happened. */
    public CompletableFuture<Answer> post(URI url, String secret, String event, long deliveryId, int attempt, byte[] body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", userAgent)
                    .header("X-HazChain-Event", event)
                    .header("X-HazChain-Delivery", Long.toString(deliveryId))
                    .header("X-HazChain-Attempt", Integer.toString(attempt))
                    .header("X-HazChain-Timestamp", timestamp)
                    .header("X-HazChain-Signature", WebhookSignature.sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return client.sendAsync(request, info -> new BoundedBody(KEPT_BODY_BYTES))
                    .orTimeout(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
                    .handle(this::answer);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(answer(null, e));
        }
    }

    private Answer answer(HttpResponse<String> response, Throwable error) {
        if (error == null) {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(true, status, null);
            }
            String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
            return new Answer(false, status, "HTTP " + status + (body.isEmpty() ? "" : ": " + Text.clip(body, 200)));
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new Answer(false, null, describe(e, timeout));
    }

    /**
     * Records how an attempt ended on its row of a delivery table ({@code outbox}, {@code notification}: the same
     * delivery columns): delivered, or the next attempt after {@link Backoff}, with the status and reason kept.
     * {@code table} is the caller's constant, never input.
     */
    public static void record(Connection c, String table, long id, int attempts, Answer a, Duration firstBackoff, Duration maxBackoff)
            throws SQLException {
        if (a.delivered()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET delivered_at = now(), last_status = ?, last_error = NULL,"
                    + " sending_until = NULL WHERE id = ?")) {
                ps.setInt(1, a.status());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return;
        }
        Duration wait = Backoff.delay(attempts, firstBackoff, maxBackoff, ThreadLocalRandom.current().nextDouble());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET next_attempt_at = now() + make_interval(secs => ?),"
                + " last_status = ?, last_error = ?, sending_until = NULL WHERE id = ?")) {
            ps.setDouble(1, wait.toMillis() / 1000.0);
            if (a.status() == null) {
                ps.setNull(2, java.sql.Types.INTEGER);
            } else {
                ps.setInt(2, a.status());
            }
            ps.setString(3, a.error());
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** A short reason for a failed attempt without an HTTP answer. */
    static String describe(Throwable e, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect within " + timeout;
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return "no answer within " + timeout + " (timed out)";
        }
        if (e instanceof ConnectException) {
            return "connection refused: the receiver is not listening";
        }
        if (e instanceof IOException) {
            return "connection failed: " + Text.clip(String.valueOf(e.getMessage()), 200);
        }
        return "could not send: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Text.clip(e.getMessage(), 200));
    }
}
