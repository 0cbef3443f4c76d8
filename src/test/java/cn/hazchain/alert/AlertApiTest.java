package cn.hazchain.alert;

import static cn.hazchain.alert.AlertWorld.alerts;
import static cn.hazchain.alert.AlertWorld.generator;
import static cn.hazchain.alert.AlertWorld.open;
import static cn.hazchain.alert.AlertWorld.pickup;
import static cn.hazchain.alert.AlertWorld.town;
import static cn.hazchain.support.Api.anonymous;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertDtos.EvaluationReport;
import cn.hazchain.alert.AlertDtos.RuleCount;
import cn.hazchain.alert.AlertWorld.Pickup;
import cn.hazchain.alert.AlertWorld.User;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle (acknowledge, close, notes, 409s), who sees what, filters and summary, the evaluate route,
 * idempotent and concurrent evaluation, and the append-only history. Alerts here are UNCOLLECTED containers of
 * this test's own generators, aged with SQL, evaluated as of the real now.
 */
@QuarkusTest
class AlertApiTest {

    static final AlertRule RULE = AlertRule.UNCOLLECTED;

    @Inject
    AlertEvaluator evaluator;

    @Inject
    AgroalDataSource dataSource;

    /** A generator in a town of its own with one container issued 31 days ago, and a staff user of it. */
    record Site(String town, long generator, User staff, String label) {
    }

    Site uncollectedSite() throws SQLException {
        String town = town();
        long g = generator(town, null);
        Pickup p = pickup(g, 150);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE container SET created_at = ? WHERE label_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(31))));
            ps.setString(2, p.labels().get(0));
            ps.executeUpdate();
        }
        return new Site(town, g, AlertWorld.user(g, "GENERATOR_STAFF"), p.labels().get(0));
    }

    static long alertId(Site s) {
        List<Map<String, Object>> open = open(RULE, s.generator(), s.label());
        assertEquals(1, open.size(), open.toString());
        return ((Number) open.get(0).get("id")).longValue();
    }

    static RuleCount count(EvaluationReport r, AlertRule rule) {
        return r.rules().stream().filter(c -> c.rule() == rule).findFirst().orElseThrow();
    }

    @Test
    void lifecycle_acknowledgeAndCloseNeedANote_illegalMovesAre409_andAClosedAlertIsNotReopenedForTheSameFacts() throws SQLException {
        Site s = uncollectedSite();
        evaluator.evaluate(Instant.now());
        long id = alertId(s);
        String ack = "/api/alerts/" + id + "/acknowledge";
        String close = "/api/alerts/" + id + "/close";

        as("regulator").body(Map.of()).post(ack).then().statusCode(400);
        as("regulator").body(Map.of("note", "   ")).post(ack).then().statusCode(400);
        as("regulator").post(ack).then().statusCode(400);
        s.staff().req().body(Map.of("note", "我们已联系收运单位")).post(ack).then().statusCode(403);
        as("collector").body(Map.of("note", "明天收运")).post(ack).then().statusCode(403);
        s.staff().req().body(Map.of("note", "done")).post(close).then().statusCode(403);

        as("regulator").body(Map.of("note", "已电话通知收运单位 called the collector")).post(ack).then().statusCode(200)
                .body("alert.state", equalTo("ACKNOWLEDGED"))
                .body("history.type", equalTo(List.of("OPENED", "ACKNOWLEDGED")))
                .body("history[1].actor", equalTo("regulator")).body("history[1].note", equalTo("已电话通知收运单位 called the collector"));
        as("regulator").body(Map.of("note", "again")).post(ack).then().statusCode(409)
                .body("currentState", equalTo("ACKNOWLEDGED")).body("detail", containsString("is ACKNOWLEDGED"));

        as("admin").body(Map.of("note", "收运单位确认已安排 pickup booked")).post(close).then().statusCode(200)
                .body("alert.state", equalTo("CLOSED")).body("alert.closedReason", equalTo("BY_USER"))
                .body("history.type", equalTo(List.of("OPENED", "ACKNOWLEDGED", "CLOSED")))
                .body("history[2].actor", equalTo("admin")).body("history[2].reason", equalTo("BY_USER"));
        as("regulator").body(Map.of("note", "x")).post(ack).then().statusCode(409).body("currentState", equalTo("CLOSED"))
                .body("detail", equalTo("alert " + id + " is CLOSED; acknowledge needs OPEN"));
        as("regulator").body(Map.of("note", "x")).post(close).then().statusCode(409).body("currentState", equalTo("CLOSED"));

        EvaluationReport r = evaluator.evaluate(Instant.now());
        assertEquals(1, alerts(RULE, s.generator(), s.label()).size(), "still uncollected, but closed by a regulator: no new alert");
        assertTrue(count(r, RULE).suppressed() >= 1);

        as("regulator").get("/api/alerts/999999999").then().statusCode(404);
        as("regulator").get("/api/alerts/abc").then().statusCode(400);
        as("regulator").body(Map.of("note", "x")).post("/api/alerts/999999999/close").then().statusCode(404);
    }

    @Test
    void reEvaluatingChangesNothing_andTwoEvaluationsAtOnceOpenOneAlert() throws Exception {
        Site s = uncollectedSite();
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<EvaluationReport>> runs = List.of(
                    CompletableFuture.supplyAsync(() -> await(start, now), pool), CompletableFuture.supplyAsync(() -> await(start, now), pool));
            start.countDown();
            runs.forEach(CompletableFuture::join); // neither failed on the one-open-alert index: they ran one after the other
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        long id = alertId(s);
        assertEquals(1, alerts(RULE, s.generator(), s.label()).size());

        EvaluationReport again = evaluator.evaluate(now);
        assertEquals(0, again.opened(), again.toString());
        assertEquals(0, again.resolved(), again.toString());
        assertEquals(id, alertId(s));
        as("regulator").get("/api/alerts/" + id).then().statusCode(200).body("history.type", equalTo(List.of("OPENED")));
    }

    EvaluationReport await(CountDownLatch start, Instant now) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return evaluator.evaluate(now);
    }

    @Test
    void aScheduledRunSkipsWhileAnotherReplicaHoldsTheLock() throws SQLException {
        Instant now = Instant.now();
        try (Connection other = dataSource.getConnection(); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("SELECT pg_advisory_xact_lock(" + AlertEvaluator.LOCK_CLASS + ", " + AlertEvaluator.LOCK_ID + ")");
            assertTrue(evaluator.evaluateIfFree(now).isEmpty(), "another evaluation is running: this one does nothing");
            other.rollback();
        }
        assertTrue(evaluator.evaluateIfFree(now).isPresent());
    }

    @Test
    void partiesSeeTheirOwnAlerts_regulatorsSeeAll() throws SQLException {
        Site a = uncollectedSite();
        Site b = uncollectedSite();
        evaluator.evaluate(Instant.now());
        long idA = alertId(a);
        long idB = alertId(b);

        List<Map<String, Object>> seenByA = a.staff().req().get("/api/alerts?size=200").then().statusCode(200).extract().path("items");
        assertTrue(seenByA.stream().anyMatch(x -> ((Number) x.get("id")).longValue() == idA));
        assertFalse(seenByA.stream().anyMatch(x -> ((Number) x.get("id")).longValue() == idB));
        assertTrue(seenByA.stream().allMatch(x -> ((List<?>) x.get("partyIds")).contains((int) a.generator())), "only alerts concerning its party");
        a.staff().req().get("/api/alerts/" + idA).then().statusCode(200).body("history.type", equalTo(List.of("OPENED")));
        a.staff().req().get("/api/alerts/" + idB).then().statusCode(404);
        a.staff().req().get("/api/alerts?partyId=" + b.generator()).then().statusCode(200).body("total", equalTo(0));
        a.staff().req().get("/api/alerts/summary").then().statusCode(200)
                .body("byTown.find { it.key == '" + a.town() + "' }.total", equalTo(1))
                .body("byTown.find { it.key == '" + b.town() + "' }", equalTo(null));
        as("generator").get("/api/alerts/" + idA).then().statusCode(404);

        as("regulator").get("/api/alerts/" + idB).then().statusCode(200);
        as("collector").get("/api/alerts/" + idA).then().statusCode(200); // the collector of the manifest is concerned
        as("receiver").get("/api/alerts/" + idA).then().statusCode(404);
        anonymous().get("/api/alerts").then().statusCode(401);
    }

    @Test
    void listFiltersPagesNewestFirst_summaryCountsByTownAndRule() throws SQLException {
        Site s = uncollectedSite();
        Pickup second = pickup(s.generator(), 150);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE container SET created_at = ? WHERE label_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(40))));
            ps.setString(2, second.labels().get(0));
            ps.executeUpdate();
        }
        Instant now = Instant.now();
        evaluator.evaluate(now);
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Shanghai"));
        String town = "/api/alerts?town=" + s.town();

        as("regulator").get(town).then().statusCode(200).body("total", equalTo(2)).body("items.town", equalTo(List.of(s.town(), s.town())));
        as("regulator").get(town + "&rule=UNCOLLECTED&state=OPEN&partyId=" + s.generator() + "&from=" + today + "&to=" + today)
                .then().statusCode(200).body("total", equalTo(2));
        as("regulator").get(town + "&rule=NO_PICKUP").then().statusCode(200).body("total", equalTo(0));
        as("regulator").get(town + "&state=CLOSED").then().statusCode(200).body("total", equalTo(0));
        as("regulator").get(town + "&from=" + today.plusDays(1)).then().statusCode(200).body("total", equalTo(0));
        as("regulator").get(town + "&to=" + today.minusDays(1)).then().statusCode(200).body("total", equalTo(0));
        List<Integer> ids = as("regulator").get(town).then().extract().path("items.id");
        assertTrue(ids.get(0) > ids.get(1), "newest first");
        as("regulator").get(town + "&size=1&page=1").then().statusCode(200).body("items", hasSize(1)).body("totalPages", equalTo(2))
                .body("items[0].id", equalTo(ids.get(1)));

        as("regulator").get("/api/alerts?rule=NOPE").then().statusCode(400).body("detail", containsString("rule must be one of"));
        as("regulator").get("/api/alerts?state=SHUT").then().statusCode(400);
        as("regulator").get("/api/alerts?from=2026-13-01").then().statusCode(400);
        as("regulator").get("/api/alerts?partyId=-1").then().statusCode(400);
        as("regulator").get("/api/alerts?size=0").then().statusCode(400);

        as("regulator").get("/api/alerts/summary").then().statusCode(200)
                .body("byTown.find { it.key == '" + s.town() + "' }.open", equalTo(2))
                .body("byTownAndRule.find { it.town == '" + s.town() + "' }.rule", equalTo("UNCOLLECTED"))
                .body("byTownAndRule.find { it.town == '" + s.town() + "' }.total", equalTo(2));
        as("regulator").body(Map.of("note", "已核实 checked")).post("/api/alerts/" + ids.get(0) + "/acknowledge").then().statusCode(200);
        as("regulator").get("/api/alerts/summary").then().statusCode(200)
                .body("byTown.find { it.key == '" + s.town() + "' }.open", equalTo(1))
                .body("byTown.find { it.key == '" + s.town() + "' }.acknowledged", equalTo(1))
                .body("byRule.find { it.key == 'UNCOLLECTED' }.total", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void evaluateRoute_isForRegulatorsAndAdministrators_andCountsEveryRule() {
        Map<String, Object> report = as("admin").post("/api/alerts/evaluate").then().statusCode(200)
                .body("rules", hasSize(AlertRule.values().length)).extract().path("");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) report.get("rules");
        assertEquals(List.of(AlertRule.values()).stream().map(Enum::name).toList(), rules.stream().map(r -> r.get("rule")).toList());
        assertTrue(rules.stream().allMatch(r -> r.containsKey("opened") && r.containsKey("resolved") && r.containsKey("open")));
        io.restassured.RestAssured.given().auth().oauth2(cn.hazchain.support.Api.token("regulator")).post("/api/alerts/evaluate")
                .then().statusCode(200).body("rules", hasSize(AlertRule.values().length)); // no body, no Content-Type
        as("generator").post("/api/alerts/evaluate").then().statusCode(403);
        as("collector").post("/api/alerts/evaluate").then().statusCode(403);
        anonymous().post("/api/alerts/evaluate").then().statusCode(401);
    }

    @Test
    void theHistoryIsAppendOnly() throws SQLException {
        Site s = uncollectedSite();
        evaluator.evaluate(Instant.now());
        long id = alertId(s);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE alert_event SET note = 'rewritten' WHERE alert_id = " + id));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM alert_event WHERE alert_id = " + id));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("TRUNCATE alert_event"));
        }
        as("regulator").get("/api/alerts/" + id).then().statusCode(200).body("history.type", equalTo(List.of("OPENED")))
                .body("history[0].note", equalTo(null));
    }
}
