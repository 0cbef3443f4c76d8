package cn.hazchain.export;

import static cn.hazchain.export.ExportSteps.collect;
import static cn.hazchain.export.ExportSteps.labels;
import static cn.hazchain.export.ExportSteps.openTypical;
import static cn.hazchain.export.ExportSteps.rows;
import static cn.hazchain.export.ExportSteps.store;
import static cn.hazchain.export.WebhookReceiver.Answer.CLOSE;
import static cn.hazchain.export.WebhookReceiver.Answer.FAIL_500;
import static cn.hazchain.export.WebhookReceiver.Answer.OK;
import static cn.hazchain.export.WebhookReceiver.Answer.SLOW;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.export.WebhookReceiver.Delivery;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery to a webhook receiver running inside the test: retries with back-off while it fails, exactly one
 * successful delivery per row, order per manifest, coalesced and superseded updates, signatures that verify with
 * the shared secret. The dispatcher runs only when a test asks (POST /api/exports/national/dispatch).
 */
@QuarkusTest
@TestProfile(ExportEnabledProfile.class)
class NationalExportDeliveryTest {

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver(ExportEnabledProfile.PORT, ExportEnabledProfile.PATH);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static Map<String, Object> dispatch(String number) {
        return as("admin").post("/api/exports/national/dispatch?manifest=" + number).then().statusCode(200).extract().path("");
    }

    static void assertRun(Map<String, Object> result, int attempted, int delivered, int failed, int superseded) {
        assertEquals(Map.of("attempted", attempted, "delivered", delivered, "failed", failed, "superseded", superseded), result);
    }

    static Map<String, Object> row(String number, Object id) {
        return rows(number).stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
    }

    /** Wait between an attempt and the next one planned after it. */
    static Duration backoff(Map<String, Object> row) {
        return Duration.between(Instant.parse((String) row.get("lastAttemptAt")), Instant.parse((String) row.get("nextAttemptAt")));
    }

    /** The HMAC recomputed here, as a receiver would, without the service's code. */
    static void assertSigned(Delivery d) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ExportEnabledProfile.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((d.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(d.body())), d.signature(), "signature of delivery " + d.deliveryId());
        assertTrue(d.timestamp().matches("[0-9]{10}"), d.timestamp());
        assertTrue(d.contentType().startsWith("application/json"), d.contentType());
    }

    @Test
    void webhookRetryAfterTheReceiverFails_thenExactlyOneDelivery() throws Exception {
        String number = openTypical(6);
        receiver.script(number, FAIL_500, CLOSE, SLOW);
        Object id = rows(number).get(0).get("id");
        long first = ExportEnabledProfile.FIRST_BACKOFF_SECONDS;

        // 1st attempt: HTTP 500
        assertRun(dispatch(number), 1, 0, 1, 0);
        Map<String, Object> r = row(number, id);
        assertEquals("FAILING", r.get("status"));
        assertEquals(1, r.get("attempts"));
        assertEquals(500, r.get("lastStatus"));
        assertTrue(((String) r.get("lastError")).contains("HTTP 500: receiver down for maintenance"), (String) r.get("lastError"));
        assertNull(r.get("deliveredAt"));
        assertTrue(backoff(r).compareTo(Duration.ofSeconds(first / 2)) >= 0, "waits at least half the first back-off: " + backoff(r));
        // not due yet: a run sends nothing
        assertRun(dispatch(number), 0, 0, 0, 0);
        assertEquals(1, receiver.of(number).size());

        // 2nd attempt (made due by an administrator): the connection is dropped
        as("admin").post("/api/exports/national/outbox/" + id + "/retry").then().statusCode(200);
        assertRun(dispatch(number), 1, 0, 1, 0);
        r = row(number, id);
        assertEquals(2, r.get("attempts"));
        assertNull(r.get("lastStatus"), "no HTTP answer");
        assertTrue(((String) r.get("lastError")).startsWith("connection failed"), (String) r.get("lastError"));
        assertTrue(backoff(r).compareTo(Duration.ofSeconds(first)) >= 0, "the back-off doubled: " + backoff(r));

        // 3rd attempt: no answer within the timeout
        as("admin").post("/api/exports/national/outbox/" + id + "/retry").then().statusCode(200);
        assertRun(dispatch(number), 1, 0, 1, 0);
        r = row(number, id);
        assertEquals(3, r.get("attempts"));
        assertTrue(((String) r.get("lastError")).contains("timed out"), (String) r.get("lastError"));
        assertTrue(backoff(r).compareTo(Duration.ofSeconds(2 * first)) >= 0, "and doubled again: " + backoff(r));
        assertTrue(backoff(r).compareTo(Duration.ofMinutes(10).plusSeconds(60)) <= 0, "never beyond max-backoff: " + backoff(r));
        assertEquals("FAILING", r.get("status"));

        // the receiver is back: delivered once, and never again
        as("admin").post("/api/exports/national/outbox/" + id + "/retry").then().statusCode(200);
        assertRun(dispatch(number), 1, 1, 0, 0);
        assertRun(dispatch(number), 0, 0, 0, 0);
        r = row(number, id);
        assertEquals("DELIVERED", r.get("status"));
        assertEquals(4, r.get("attempts"));
        assertEquals(204, r.get("lastStatus"));
        assertNull(r.get("lastError"));
        assertNotNull(r.get("deliveredAt"));
        as("admin").post("/api/exports/national/outbox/" + id + "/retry").then().statusCode(409).body("detail", containsString("delivered"));

        List<Delivery> got = receiver.of(number);
        assertEquals(List.of(FAIL_500, CLOSE, SLOW, OK), got.stream().map(Delivery::answer).toList());
        assertEquals(List.of("1", "2", "3", "4"), got.stream().map(Delivery::attempt).toList());
        for (Delivery d : got) {
            assertEquals(String.valueOf(id), d.deliveryId(), "the same delivery id on every attempt, so the receiver can de-duplicate");
            assertEquals("manifest.issued", d.event());
            assertEquals("hazchain.manifest.v1", d.document().path("schema").asText());
            assertEquals("OPEN", d.document().path("state").asText());
            assertSigned(d);
        }
    }

    @Test
    void anUpdateIsNeverDeliveredBeforeTheIssueBeforeIt() throws Exception {
        String number = openTypical(7);
        receiver.script(number, FAIL_500);
        assertRun(dispatch(number), 1, 0, 1, 0);
        collect(number, labels(number).get(0), 160);
        List<Map<String, Object>> rows = rows(number);
        assertEquals(List.of("FAILING", "PENDING"), rows.stream().map(r -> r.get("status")).toList());

        // the update is due, but waits behind the issue, which is backing off
        assertRun(dispatch(number), 0, 0, 0, 0);
        assertEquals(List.of("manifest.issued"), receiver.of(number).stream().map(Delivery::event).toList());

        as("admin").post("/api/exports/national/outbox/" + rows.get(0).get("id") + "/retry").then().statusCode(200);
        assertRun(dispatch(number), 2, 2, 0, 0);
        List<Delivery> got = receiver.of(number);
        assertEquals(List.of("manifest.issued", "manifest.issued", "manifest.updated"), got.stream().map(Delivery::event).toList());
        assertEquals(List.of(FAIL_500, OK, OK), got.stream().map(Delivery::answer).toList());
        assertEquals(String.valueOf(rows.get(1).get("id")), got.get(2).deliveryId());
        assertEquals("IN_PROGRESS", got.get(2).document().path("state").asText());
        assertEquals(1, got.get(2).document().path("custody").path("containersByState").path("COLLECTED").asInt());
        for (Delivery d : got) {
            assertSigned(d);
        }
    }

    @Test
    void updatesCoalesce_andAFailedUpdateGivesWayToTheNewerOne() throws Exception {
        String number = openTypical(8);
        List<String> labels = labels(number);
        assertRun(dispatch(number), 1, 1, 0, 0);
        for (String label : labels) {
            collect(number, label, 100);
        }
        assertEquals(2, rows(number).size(), "three collections, one waiting update");
        assertRun(dispatch(number), 1, 1, 0, 0);
        Delivery collected = receiver.of(number).get(1);
        assertEquals("manifest.updated", collected.event());
        assertEquals(3, collected.document().path("custody").path("containersByState").path("COLLECTED").asInt());
        assertEquals(300.0, collected.document().path("custody").path("quantities").path("collectedKg").asDouble(), 0.001);

        // the next update fails; later changes go to a new row (the failed one may have reached the receiver)
        receiver.script(number, FAIL_500);
        store(labels.get(0), 100);
        assertRun(dispatch(number), 1, 0, 1, 0);
        store(labels.get(1), 100);
        store(labels.get(2), 100);
        List<Map<String, Object>> rows = rows(number);
        assertEquals(4, rows.size(), rows.toString());
        Object failed = rows.get(2).get("id");
        Object newer = rows.get(3).get("id");
        assertEquals(List.of("FAILING", "PENDING"), List.of(rows.get(2).get("status"), rows.get(3).get("status")));

        // the newer update carries the whole document: the failed one is skipped, even before its back-off ends
        assertRun(dispatch(number), 1, 1, 0, 1);
        Map<String, Object> old = row(number, failed);
        assertEquals("SUPERSEDED", old.get("status"));
        assertEquals(((Number) newer).longValue(), ((Number) old.get("supersededBy")).longValue());
        assertEquals("DELIVERED", row(number, newer).get("status"));
        as("admin").post("/api/exports/national/outbox/" + failed + "/retry").then().statusCode(409).body("detail", containsString("superseded"));

        List<Delivery> got = receiver.of(number);
        assertEquals(4, got.size());
        Delivery last = got.get(3);
        assertEquals(String.valueOf(newer), last.deliveryId());
        assertEquals(OK, last.answer());
        assertEquals(3, last.document().path("custody").path("containersByState").path("IN_STORAGE").asInt());
        assertEquals(1, got.stream().filter(d -> d.deliveryId().equals(String.valueOf(failed))).count());
        for (Delivery d : got) {
            assertSigned(d);
        }
    }

    @Test
    void aCancelledManifestIsDeliveredIssueThenCancel() throws Exception {
        String number = openTypical(9);
        as("collector").body(Map.of("reason", "generator closed")).post("/api/manifests/" + number + "/cancel").then().statusCode(200);
        assertRun(dispatch(number), 2, 2, 0, 0);
        List<Delivery> got = receiver.of(number);
        assertEquals(List.of("manifest.issued", "manifest.cancelled"), got.stream().map(Delivery::event).toList());
        assertEquals("CANCELLED", got.get(1).document().path("state").asText());
        assertEquals("generator closed", got.get(1).document().path("cancellation").path("reason").asText());
        assertTrue(Long.parseLong(got.get(0).deliveryId()) < Long.parseLong(got.get(1).deliveryId()));
    }

    @Test
    void aRunWithoutAFilterSendsEveryDueRow() {
        String number = openTypical(10);
        Map<String, Object> result = as("admin").post("/api/exports/national/dispatch").then().statusCode(200).extract().path("");
        assertTrue((Integer) result.get("delivered") >= 1, result.toString());
        assertEquals("DELIVERED", rows(number).get(0).get("status"));
        assertEquals(1, receiver.of(number).size());
        as("regulator").get("/api/exports/national/outbox/stats").then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(true)).body("lastDeliveredAt", org.hamcrest.Matchers.notNullValue());
    }
}
