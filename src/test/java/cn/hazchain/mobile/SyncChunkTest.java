package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sync applies a batch's events in chunks, one transaction per chunk (hazchain.mobile.sync-chunk-events, 100):
 * a refusal or a failure of one event must not lose, double or misreport the others, whichever chunk they are in.
 */
@QuarkusTest
class SyncChunkTest {

    /** Every container's custody trail, by label: how many events it has. */
    /** The container's custody events after its label's issue. */
    private static int events(String label) {
        return as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200)
                .extract().path("findAll { it.type != 'LABEL_ISSUED' }.size()");
    }

    @Test
    void aFailureAndARefusalInsideChunksLeaveEveryOtherEventAppliedExactlyOnce() {
        String driver = Handheld.shift(Handheld.enrol(MobileApiTest.collector()), "driver");
        var pickup = MobileApiTest.pickup(6, 106); // 106 events: a chunk of 100, then one of 6
        String number = pickup.getKey();
        List<String> labels = pickup.getValue();
        String refused = labels.get(40); // first chunk: sent with another manifest's number
        String failing = labels.get(102); // second chunk: the server fails on it
        SyncFaults.FAILING.add(failing);
        try {
            Instant t = Instant.now().minus(2, ChronoUnit.HOURS);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 105; i++) {
                String label = labels.get(i);
                batch.add(event("COLLECT", label, t.plusSeconds(i), "manifestNumber", label.equals(refused) ? "20263202999999" : number,
                        "weightKg", 150));
            }
            batch.add(103, event("COLLECT", failing, t.plusSeconds(200), "manifestNumber", number, "weightKg", 151)); // its second scan
            Response r = sync(driver, batch).statusCode(200).extract().response();
            List<String> results = r.path("results.result");
            assertEquals(106, results.size());
            for (int i = 0; i < 106; i++) {
                String why = i + ": " + r.path("results[" + i + "]").toString();
                if (i == 40) {
                    assertEquals("REJECTED", results.get(i), why);
                    assertEquals("label-mismatch", r.path("results[40].reason"), why);
                    assertNull(r.path("results[40].retryable"), why);
                } else if (i == 102 || i == 103) {
                    assertEquals("REJECTED", results.get(i), why);
                    assertEquals(true, r.path("results[" + i + "].retryable"), why);
                    assertEquals(i == 102 ? "server-error" : "blocked-by-earlier-event", r.path("results[" + i + "].reason"), why);
                } else {
                    assertEquals("APPLIED", results.get(i), why);
                    assertEquals(2, (Integer) r.path("results[" + i + "].eventSeq"), why); // after the label's issue
                }
            }
            r.then().body("counts.applied", equalTo(103)).body("counts.rejected", equalTo(3));
            // exactly once in the custody log: one event per applied container, none for the refused or the failed one
            for (int i : new int[] {0, 39, 41, 99, 100, 101, 104}) {
                assertEquals(1, events(labels.get(i)), "events of container " + i);
            }
            assertEquals(0, events(refused));
            assertEquals(0, events(failing));
            // the export document of the manifest was written once for the whole chunk and shows every collection
            List<Map<String, Object>> rows = as("regulator").get("/api/exports/national/outbox?size=200&manifest=" + number)
                    .then().statusCode(200).extract().path("items");
            Object updated = rows.stream().filter(x -> "manifest.updated".equals(x.get("topic"))).findFirst().orElseThrow().get("id");
            as("regulator").get("/api/exports/national/outbox/" + updated).then().statusCode(200)
                    .body("payload.custody.containersByState.COLLECTED", equalTo(103));

            // the refused event was recorded (a resend is its duplicate); the failed ones were not: sent again, they apply
            SyncFaults.FAILING.remove(failing);
            sync(driver, List.of(batch.get(0), batch.get(40), batch.get(102), batch.get(103))).statusCode(200)
                    .body("results.result", equalTo(List.of("DUPLICATE", "DUPLICATE", "APPLIED", "CONFLICT")))
                    .body("results.original", equalTo(java.util.Arrays.asList("APPLIED", "REJECTED", null, null)))
                    .body("results[3].reason", equalTo("illegal-transition"));
            assertEquals(1, events(failing));
        } finally {
            SyncFaults.FAILING.remove(failing);
        }
    }

    @Test
    void aChunkWhoseCommitFailsIsAppliedAgainEventByEvent() {
        String driver = Handheld.shift(Handheld.enrol(MobileApiTest.collector()), "driver");
        var pickup = MobileApiTest.pickup(7, 3);
        List<String> labels = pickup.getValue();
        SyncFaults.FAIL_COMMIT_ONCE.add(labels.get(1));
        try {
            Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                batch.add(event("COLLECT", labels.get(i), t.plusSeconds(i), "manifestNumber", pickup.getKey(), "weightKg", 150));
            }
            sync(driver, batch).statusCode(200).body("results.result", equalTo(List.of("APPLIED", "APPLIED", "APPLIED")))
                    .body("results.eventSeq", equalTo(List.of(2, 2, 2)));
            assertTrue(SyncFaults.FAIL_COMMIT_ONCE.isEmpty(), "the commit of the chunk was made to fail");
            for (String label : labels) {
                assertEquals(1, events(label), label);
            }
            sync(driver, batch).statusCode(200).body("results.result", equalTo(List.of("DUPLICATE", "DUPLICATE", "DUPLICATE")));
        } finally {
            SyncFaults.FAIL_COMMIT_ONCE.remove(labels.get(1));
        }
    }
}
