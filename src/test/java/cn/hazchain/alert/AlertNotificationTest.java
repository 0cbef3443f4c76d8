package cn.hazchain.alert;

import static cn.hazchain.alert.AlertWorld.collect;
import static cn.hazchain.alert.AlertWorld.generator;
import static cn.hazchain.alert.AlertWorld.open;
import static cn.hazchain.alert.AlertWorld.pickup;
import static cn.hazchain.alert.AlertWorld.town;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertWorld.Pickup;
import cn.hazchain.alert.AlertWorld.User;
import cn.hazchain.export.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, point 4: an alert's steps reach the parties it concerns through their own webhooks, signed like the
 * national export, in order, retried after a failure; parties it does not concern, rules and severities not asked
 * for get nothing. Subscriptions are checked (https, public addresses in production, secret, rules, own party).
 */
@QuarkusTest
class AlertNotificationTest {

    static final String SECRET = "通知密钥-notification-secret-1";

    @Inject
    AlertEvaluator evaluator;

    @Inject
    AlertNotifier notifier;

    @Inject
    AgroalDataSource dataSource;

    final List<Long> made = new ArrayList<>();

    record Received(String path, String event, String delivery, String timestamp, String signature, byte[] body, JsonNode doc) {
    }

    /** Records every POST; the first {@code failures} POSTs to /collector about alert {@code failing} are answered 500. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong failing = new java.util.concurrent.atomic.AtomicLong(-1);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void handle(HttpExchange ex) throws IOException {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = ex.getRequestHeaders();
            Received r = new Received(ex.getRequestURI().getPath(), h.getFirst("X-HazChain-Event"), h.getFirst("X-HazChain-Delivery"),
                    h.getFirst("X-HazChain-Timestamp"), h.getFirst("X-HazChain-Signature"), body, new ObjectMapper().readTree(body));
            received.add(r);
            boolean fail = r.path().equals("/collector") && r.doc().path("alert").path("id").asLong() == failing.get()
                    && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            int status = fail ? 500 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        }

        /** What this path received about one alert, in arrival order. */
        List<Received> about(String path, long alertId) {
            return received.stream().filter(r -> r.path().equals(path) && r.doc().path("alert").path("id").asLong() == alertId).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @AfterEach
    void endSubscriptions() {
        for (long id : made) {
            as("admin").post("/api/notification-subscriptions/" + id + "/end").then().statusCode(200);
        }
        evaluator.evaluate(Instant.now());
    }

    long subscribe(io.restassured.specification.RequestSpecification who, String url, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("commandId", UUID.randomUUID().toString(), "url", url, "secret", SECRET));
        body.putAll(extra);
        long id = who.body(body).post("/api/notification-subscriptions").then().statusCode(201)
                .body("active", equalTo(true)).body("secret", org.hamcrest.Matchers.nullValue()).extract().<Integer>path("id");
        made.add(id);
        return id;
    }

    void sql(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void anAlertsStepsReachTheConcernedPartiesWebhooks_signed_inOrder_retried_andNoOneElses() throws Exception {
        try (Receiver hook = new Receiver()) {
            String town = town();
            long g = generator(town, null);
            User staff = AlertWorld.user(g, "GENERATOR_STAFF");
            AlertWorld.Receiver plant = AlertWorld.receiver(town, "50");
            long collectorSub = subscribe(as("collector"), hook.url("/collector"), Map.of("description", "值班手机 duty phone"));
            subscribe(staff.req(), hook.url("/generator-no-pickup-only"), Map.of("rules", List.of("NO_PICKUP")));
            subscribe(as("regulator"), hook.url("/regulator-high"), Map.of("minSeverity", "HIGH"));
            long regulatorAll = subscribe(as("regulator"), hook.url("/regulator-all"), Map.of());
            subscribe(plant.operator().req(), hook.url("/plant"), Map.of());

            // an UNCOLLECTED alert (LOW) about one of the generator's drums
            Pickup p = pickup(g, 150);
            String label = p.labels().get(0);
            sql("UPDATE container SET created_at = ? WHERE label_id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(31))), label);
            evaluator.evaluate(Instant.now());
            long alert = ((Number) open(AlertRule.UNCOLLECTED, g, label).get(0).get("id")).longValue();

            hook.failing.set(alert);
            hook.failures.set(1); // the collector's endpoint is down for the first attempt
            notifier.run();
            Map<String, Object> first = deliveryOf(collectorSub, alert);
            assertEquals(1, ((Number) first.get("attempts")).intValue());
            assertEquals(500, ((Number) first.get("lastStatus")).intValue());
            assertEquals(null, first.get("deliveredAt"));
            assertTrue(first.get("nextAttemptAt") != null, first.toString());
            as("collector").get("/api/notification-subscriptions/" + collectorSub).then().statusCode(200)
                    .body("lastError", containsString("HTTP 500")).body("waiting", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (deliveryOf(collectorSub, alert).get("deliveredAt") == null) {
                assertTrue(System.nanoTime() < deadline, "the failed delivery was never retried: " + hook.about("/collector", alert));
                Thread.sleep(300);
                notifier.run();
            }
            Map<String, Object> retried = deliveryOf(collectorSub, alert);
            assertEquals(2, ((Number) retried.get("attempts")).intValue());
            assertEquals(204, ((Number) retried.get("lastStatus")).intValue());
            assertEquals(null, retried.get("lastError"));

            List<Received> opened = hook.about("/collector", alert);
            Received last = opened.get(opened.size() - 1);
            assertEquals("alert.opened", last.event());
            assertTrue(WebhookSignature.verify(SECRET, last.timestamp(), last.body(), last.signature()), "signed with the subscription's secret");
            assertFalse(WebhookSignature.verify(SECRET + "x", last.timestamp(), last.body(), last.signature()));
            assertEquals("hazchain.alert.v1", last.doc().path("schema").asText());
            assertEquals("OPENED", last.doc().path("step").path("type").asText());
            assertEquals("UNCOLLECTED", last.doc().path("alert").path("rule").asText());
            assertEquals("已申报未收运", last.doc().path("alert").path("titleZh").asText());
            assertEquals(label, last.doc().path("alert").path("subjectKey").asText());
            assertEquals(town, last.doc().path("alert").path("town").asText());
            assertEquals("/api/alerts/" + alert, last.doc().path("alert").path("href").asText());
            assertEquals(String.valueOf(first.get("id")), last.delivery());
            assertEquals(2, opened.size(), "one failed attempt, one delivered");
            assertEquals(opened.get(0).delivery(), last.delivery(), "a retry is the same delivery");
            assertTrue(java.util.Arrays.equals(opened.get(0).body(), last.body()), "a retry sends the same document");

            // a regulator's note, then the drum is collected: the steps follow in order
            as("regulator").body(Map.of("note", "已电话催收 phoned the collector")).post("/api/alerts/" + alert + "/acknowledge").then().statusCode(200);
            collect(p, label, "150");
            evaluator.evaluate(Instant.now());
            notifier.run();
            List<String> steps = hook.about("/collector", alert).stream().map(Received::event).distinct().toList();
            assertEquals(List.of("alert.opened", "alert.acknowledged", "alert.closed"), steps);
            Received closed = hook.about("/collector", alert).get(hook.about("/collector", alert).size() - 1);
            assertEquals("AUTO_RESOLVED", closed.doc().path("step").path("reason").asText());
            assertEquals("CLOSED", closed.doc().path("alert").path("state").asText());
            assertEquals("已电话催收 phoned the collector", hook.about("/collector", alert).stream()
                    .filter(r -> r.event().equals("alert.acknowledged")).findFirst().orElseThrow().doc().path("step").path("note").asText());
            assertEquals(List.of("alert.opened", "alert.acknowledged", "alert.closed"),
                    hook.about("/regulator-all", alert).stream().map(Received::event).distinct().toList(), "a regulator's party sees every alert");

            assertTrue(hook.about("/generator-no-pickup-only", alert).isEmpty(), "the generator asked for NO_PICKUP only");
            assertTrue(hook.about("/regulator-high", alert).isEmpty(), "a LOW alert is below HIGH");
            assertTrue(hook.about("/plant", alert).isEmpty(), "the alert does not concern the plant");
            as("regulator").get("/api/notification-subscriptions/" + regulatorAll).then().statusCode(200)
                    .body("waiting", equalTo(0)).body("delivered", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
        }
    }

    /** The subscription's (only) delivery about the alert's opening. */
    static Map<String, Object> deliveryOf(long subscription, long alert) {
        List<Map<String, Object>> items = as("admin").get("/api/notification-subscriptions/" + subscription + "/deliveries?size=200")
                .then().statusCode(200).extract().path("items");
        List<Map<String, Object>> mine = items.stream().filter(d -> ((Number) d.get("alertId")).longValue() == alert).toList();
        assertEquals(1, mine.size(), mine.toString());
        return mine.get(0);
    }

    @Test
    void subscriptionsAreCheckedAndEachPartyManagesItsOwn() {
        String url = "http://127.0.0.1:9/hook";
        Map<String, Object> ok = Map.of("commandId", UUID.randomUUID().toString(), "url", url, "secret", SECRET);
        as("collector").body(Map.of("commandId", UUID.randomUUID().toString(), "url", "ftp://example.com/x", "secret", SECRET))
                .post("/api/notification-subscriptions").then().statusCode(400).body("detail", containsString("https://"));
        as("collector").body(Map.of("commandId", UUID.randomUUID().toString(), "url", url, "secret", "short"))
                .post("/api/notification-subscriptions").then().statusCode(400).body("detail", containsString("secret"));
        as("collector").body(Map.of("commandId", UUID.randomUUID().toString(), "url", url, "secret", SECRET, "rules", List.of("NO_SUCH_RULE")))
                .post("/api/notification-subscriptions").then().statusCode(400).body("detail", containsString("NO_SUCH_RULE"));
        as("collector").body(Map.of("commandId", UUID.randomUUID().toString(), "url", "https://user:pw@example.com/x", "secret", SECRET))
                .post("/api/notification-subscriptions").then().statusCode(400).body("detail", containsString("password"));
        as("collector").body(Map.of("commandId", UUID.randomUUID().toString(), "url", url, "secret", SECRET, "partyId", AlertWorld.generator(town(), null)))
                .post("/api/notification-subscriptions").then().statusCode(403);
        as("driver").body(ok).post("/api/notification-subscriptions").then().statusCode(403);

        long id = as("collector").body(ok).post("/api/notification-subscriptions").then().statusCode(201).extract().<Integer>path("id");
        made.add(id);
        as("collector").body(ok).post("/api/notification-subscriptions").then().statusCode(201).body("id", equalTo((int) id));
        as("generator").get("/api/notification-subscriptions/" + id).then().statusCode(404);
        as("generator").post("/api/notification-subscriptions/" + id + "/end").then().statusCode(404);
        List<Integer> mine = as("collector").get("/api/notification-subscriptions?size=200").then().statusCode(200).extract().path("items.id");
        assertTrue(mine.contains((int) id));
        assertFalse(as("generator").get("/api/notification-subscriptions?size=200").then().statusCode(200).extract().<List<Integer>>path("items.id")
                .contains((int) id));
        as("collector").post("/api/notification-subscriptions/" + id + "/end").then().statusCode(200).body("active", equalTo(false));
        as("collector").post("/api/notification-subscriptions/" + id + "/end").then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void inProductionOnlyHttpsToPublicAddressesIsAccepted() throws Exception {
        assertTrue(WebhookTarget.problem("http://example.com/hook", false).orElseThrow().contains("https://"));
        assertTrue(WebhookTarget.problem("https://127.0.0.1:9000/q/metrics", false).orElseThrow().contains("non-public"));
        assertTrue(WebhookTarget.problem("https://localhost/hook", false).orElseThrow().contains("non-public"));
        assertTrue(WebhookTarget.problem("http://127.0.0.1:9/hook", true).isEmpty(), "allowed where private addresses are");
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1")) {
            assertFalse(WebhookTarget.isPublic(InetAddress.getByName(a)), a);
        }
        for (String a : List.of("8.8.8.8", "114.114.114.114", "2001:4860:4860::8888")) {
            assertTrue(WebhookTarget.isPublic(InetAddress.getByName(a)), a);
        }
    }
}
