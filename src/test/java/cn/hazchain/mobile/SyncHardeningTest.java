package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Handheld findings of the adversarial probe (issue #19, findings 5 and 6). */
@QuarkusTest
class SyncHardeningTest {

    @Test
    void sync_refusesAndDoesNotRecord_aSecondEventUnderAnIdAlreadyUsed() {
        String driver = Handheld.shift(Handheld.enrol(MobileApiTest.collector()), "driver");
        var pickup = MobileApiTest.pickup(9, 3);
        List<String> labels = pickup.getValue();
        Instant t = Instant.now();
        Map<String, Object> a = event("COLLECT", labels.get(0), t, "manifestNumber", pickup.getKey(), "weightKg", 150);
        Map<String, Object> b = new java.util.HashMap<>(event("COLLECT", labels.get(1), t, "manifestNumber", pickup.getKey(), "weightKg", 150));
        b.put("clientEventId", a.get("clientEventId"));
        sync(driver, List.of(a, b)).statusCode(200)
                .body("results.result", equalTo(List.of("APPLIED", "REJECTED")))
                .body("results[1].reason", equalTo("client-event-id-reused")).body("results[1].detail", containsString("NOT recorded"));
        as("regulator").get("/api/containers/" + labels.get(1)).then().body("state", equalTo("ISSUED"));
        // sent again later, alone: still refused (the id stands for the first event), and the first is a duplicate
        Map<String, Object> c = new java.util.HashMap<>(event("COLLECT", labels.get(2), t, "manifestNumber", pickup.getKey(), "weightKg", 150));
        c.put("clientEventId", a.get("clientEventId"));
        sync(driver, List.of(b, c, a)).statusCode(200)
                .body("results.result", equalTo(List.of("REJECTED", "REJECTED", "DUPLICATE")))
                .body("results[0].reason", equalTo("client-event-id-reused")).body("results[2].original", equalTo("APPLIED"));
        as("regulator").get("/api/containers/" + labels.get(2)).then().body("state", equalTo("ISSUED"));
    }

    @Test
    void sync_answersEveryEventOfABatchOfOneContainer_oneAppliedTheRestConflicts() {
        String driver = Handheld.shift(Handheld.enrol(MobileApiTest.collector()), "driver");
        var pickup = MobileApiTest.pickup(10, 1);
        String label = pickup.getValue().get(0);
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(event("COLLECT", label, t.plusMillis(i), "manifestNumber", pickup.getKey(), "weightKg", 150));
        }
        List<String> results = sync(driver, batch).statusCode(200).body("counts.applied", equalTo(1)).body("counts.conflict", equalTo(499))
                .extract().path("results.reason");
        assertEquals(499, results.stream().filter("illegal-transition"::equals).count());
        as("regulator").get("/api/containers/" + label + "/trail").then().body("size()", equalTo(2));
        // every one of them was recorded: the whole batch again is 500 duplicates
        sync(driver, batch).statusCode(200).body("counts.duplicate", equalTo(500));
    }
}
