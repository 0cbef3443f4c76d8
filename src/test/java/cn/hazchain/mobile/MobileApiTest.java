package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.on;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The handheld API's rules one at a time: sign-in, batches, bad events, order, photos, devices, rounds. */
@QuarkusTest
class MobileApiTest {

    static long collector() {
        return Fixtures.partyIdOf("collector");
    }

    /** A fresh manifest of n oil drums at a demo generator; its label ids and number. */
    static Map.Entry<String, List<String>> pickup(int generatorIndex, int drums) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (int i = 0; i < drums; i++) {
            containers.add(Manifests.container("DRUM", 200, 150));
        }
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(generatorIndex));
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", containers)));
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        List<String> labels = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers.labelId");
        return Map.entry(number, labels);
    }

    @Test
    void wrongPasswordsOnAHandheldLockTheAccountToo() {
        String serial = Handheld.enrol(collector());
        String user = "driver-lock-" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(user, collector(), "DRIVER");
        for (int i = 0; i < 5; i++) {
            Handheld.signIn(serial, user, "not-the-password").statusCode(401);
        }
        Handheld.signIn(serial, user, password).statusCode(429).body("type", containsString("login-locked"));
        Handheld.signIn("HH-NOT-ENROLLED-X", user, "not-the-password").statusCode(429);
    }

    @Test
    void aBadEventDoesNotSinkTheBatchAndIsKeptWhenItHasAnId() {
        String driver = Handheld.shift(Handheld.enrol(collector()), "driver");
        var pickup = pickup(3, 4);
        List<String> labels = pickup.getValue();
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS);
        Map<String, Object> unknownField = event("COLLECT", labels.get(1), t, "manifestNumber", pickup.getKey(), "weightKg", 150, "colour", "red");
        Map<String, Object> withNul = event("COLLECT", labels.get(2), t, "manifestNumber", pickup.getKey(), "weightKg", 150, "note", "a\u0000b");
        Map<String, Object> farFuture = event("COLLECT", labels.get(3), t, "manifestNumber", pickup.getKey(), "weightKg", 150);
        farFuture.put("clientTime", "+300000-01-01T00:00:00Z");
        Map<String, Object> badWeight = event("COLLECT", labels.get(3), t, "manifestNumber", pickup.getKey(), "weightKg", "heavy");
        List<Object> batch = new ArrayList<>(List.of(
                event("COLLECT", labels.get(0), t, "manifestNumber", pickup.getKey(), "weightKg", 150),
                unknownField, withNul, farFuture, badWeight, "not an event",
                Map.of("type", "COLLECT", "labelId", labels.get(3)),
                event("COLLECT", labels.get(3), t, "manifestNumber", pickup.getKey(), "weightKg", 149)));
        on(driver).body(Map.of("events", batch)).post("/api/mobile/v1/sync").then().statusCode(200)
                .body("received", equalTo(8))
                .body("results.result", equalTo(List.of("APPLIED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "APPLIED")))
                .body("results[1].reason", equalTo("malformed-event")).body("results[1].detail", containsString("colour"))
                .body("results[2].reason", equalTo("malformed-event")).body("results[2].detail", containsString("NUL"))
                .body("results[3].reason", equalTo("invalid-event")).body("results[3].detail", containsString("clientTime"))
                .body("results[4].reason", equalTo("malformed-event"))
                .body("results[5].reason", equalTo("malformed-event")).body("results[5].clientEventId", nullValue())
                .body("results[6].detail", containsString("clientEventId"))
                .body("counts.applied", equalTo(2)).body("counts.rejected", equalTo(6));
        // Refused events with a readable id were kept: a resend is a duplicate of the first answer.
        on(driver).body(Map.of("events", List.of(unknownField, farFuture))).post("/api/mobile/v1/sync").then().statusCode(200)
                .body("results.result", equalTo(List.of("DUPLICATE", "DUPLICATE")))
                .body("results.original", equalTo(List.of("REJECTED", "REJECTED")));
    }

    @Test
    void aQueueMovedToASpareHandheldResendsAsDuplicates() {
        String first = Handheld.shift(Handheld.enrol(collector()), "driver");
        String spare = Handheld.shift(Handheld.enrol(collector()), "driver");
        String elsewhere = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("receiver")), "receiver");
        var pickup = pickup(5, 1);
        Map<String, Object> e = event("COLLECT", pickup.getValue().get(0), Instant.now(), "manifestNumber", pickup.getKey(), "weightKg", 150);
        sync(first, List.of(e)).statusCode(200).body("results[0].result", equalTo("APPLIED"));
        sync(spare, List.of(e)).statusCode(200).body("results[0].result", equalTo("DUPLICATE")).body("results[0].original", equalTo("APPLIED"));
        sync(elsewhere, List.of(e)).statusCode(200).body("results[0].result", equalTo("REJECTED"))
                .body("results[0].reason", equalTo("client-event-id-reused"));
    }

    @Test
    void theEnvelopeIsCheckedAsAWhole() {
        String driver = Handheld.shift(Handheld.enrol(collector()), "driver");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(event("COLLECT", "X", Instant.now()));
        }
        sync(driver, tooMany).statusCode(413).contentType("application/problem+json").body("type", containsString("batch-too-large"))
                .body("maxEvents", equalTo(500));
        sync(driver, List.of()).statusCode(422).body("type", containsString("sync-empty"));
        on(driver).body("[1, 2]").post("/api/mobile/v1/sync").then().statusCode(400);
        on(driver).body("{\"events\": 3}").post("/api/mobile/v1/sync").then().statusCode(400);
        as("driver").body(Map.of("events", List.of())).post("/api/mobile/v1/sync").then().statusCode(403)
                .body("type", containsString("shift-token-required"));
        Handheld.on("not-a-token").body(Map.of("events", List.of())).post("/api/mobile/v1/sync").then().statusCode(401);
    }

    @Test
    void eventsOfAContainerAreAppliedInTheOrderSent() {
        String driver = Handheld.shift(Handheld.enrol(collector()), "driver");
        var pickup = pickup(4, 2);
        String label = pickup.getValue().get(0);
        Instant t = Instant.now().minus(30, ChronoUnit.MINUTES);
        io.restassured.response.Response r = sync(driver, List.of(
                event("COLLECT", label, t, "manifestNumber", pickup.getKey(), "weightKg", 150, "expectedVersion", 5),
                event("COLLECT", label, t.plusSeconds(10), "manifestNumber", pickup.getKey(), "weightKg", 150),
                event("COLLECT", label, t.plusSeconds(20), "manifestNumber", pickup.getKey(), "weightKg", 150)))
                .statusCode(200)
                .body("results.result", equalTo(List.of("CONFLICT", "APPLIED", "CONFLICT")))
                .body("results[0].currentState", equalTo("ISSUED")).body("results[0].reason", equalTo("stale-version"))
                .body("results[0].currentVersion", equalTo(0)).body("results[2].reason", equalTo("illegal-transition"))
                .body("results[1].eventSeq", equalTo(2)).body("results[1].state", equalTo("COLLECTED")) // 1 is the label's issue
                .body("results[2].currentState", equalTo("COLLECTED")).extract().response();
        // the version answered is the one a next command must expect
        org.junit.jupiter.api.Assertions.assertEquals((Integer) r.path("results[1].version"), r.path("results[2].currentVersion"));
        as("regulator").get("/api/containers/" + label).then().body("version", equalTo(r.path("results[1].version")));
    }

    @Test
    void photosAreSeenByWhoeverSeesTheirContainer() {
        String driver = Handheld.shift(Handheld.enrol(collector()), "driver");
        var pickup = pickup(0, 1); // the demo "generator" user belongs to generator 0
        byte[] photo = Handheld.png(4242 + (int) (System.nanoTime() % 1000));
        String sha = Handheld.sha256(photo);
        sync(driver, List.of(event("COLLECT", pickup.getValue().get(0), Instant.now(), "manifestNumber", pickup.getKey(),
                "weightKg", 150, "photoSha256", List.of(sha)))).statusCode(200)
                .body("results[0].result", equalTo("APPLIED")).body("missingPhotos", equalTo(List.of(sha)));
        on(driver).contentType("image/png").body(photo).put("/api/mobile/v1/photos/" + sha).then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(cn.hazchain.support.Api.token("generator")).get("/api/photos/" + sha)
                .then().statusCode(200).contentType("image/png");
        io.restassured.RestAssured.given().auth().oauth2(cn.hazchain.support.Api.token("receiver")).get("/api/photos/" + sha)
                .then().statusCode(404);
        on(driver).contentType("image/png").body(photo).put("/api/mobile/v1/photos/" + "A".repeat(64)).then().statusCode(400);
        on(driver).contentType("text/plain").body("hello").put("/api/mobile/v1/photos/" + sha).then().statusCode(415);
    }

    @Test
    void devicesAreManagedByTheirOwnersAndAdministrators() {
        String serial = Handheld.enrol(collector());
        long id = Handheld.deviceId(serial);
        as("admin").get("/api/devices/" + id).then().statusCode(200).body("serial", equalTo(serial)).body("revoked", equalTo(false));
        as("receiver").get("/api/devices/" + id).then().statusCode(404);
        as("receiver").body(Map.of("reason", "x")).post("/api/devices/" + id + "/revoke").then().statusCode(404);
        as("driver").get("/api/devices/" + id).then().statusCode(403);
        as("admin").body(Map.of("serial", "bad serial!", "ownerPartyId", collector())).post("/api/devices").then().statusCode(400);
        as("admin").body(Map.of("serial", "HH-GEN-" + System.nanoTime() % 100000, "ownerPartyId", Manifests.demoGenerator(1)))
                .post("/api/devices").then().statusCode(422).body("type", containsString("device-owner"));

        String token = Handheld.shift(serial, "driver");
        String sid = Handheld.signIn(serial, "keeper", "demo-keeper").statusCode(201).extract().path("sessionId");
        String keeper = as("admin").get("/api/devices/" + id + "/sessions").then().statusCode(200)
                .body("total", equalTo(2)).extract().path("items[0].id");
        // the operator of the owning collector ends the keeper's session: that token stops, the driver's goes on
        as("collector").body(Map.of("reason", "shift over")).post("/api/devices/" + id + "/sessions/" + sid + "/end").then()
                .statusCode(200).body("active", equalTo(false)).body("endReason", containsString("shift over"));
        on(Handheld.signIn(serial, "keeper", "demo-keeper").statusCode(201).extract().path("access_token"))
                .get("/api/mobile/v1/rounds").then().statusCode(200);
        on(token).get("/api/mobile/v1/rounds").then().statusCode(200);
        as("collector").body(Map.of("reason", "x")).post("/api/devices/" + id + "/sessions/" + UUID.randomUUID() + "/end").then().statusCode(404);
        as("collector").body(Map.of("reason", "x")).post("/api/devices/" + id + "/sessions/not-a-uuid/end").then().statusCode(400);
        as("collector").body(Map.of("reason", "retired")).post("/api/devices/" + id + "/revoke").then().statusCode(200).body("revoked", equalTo(true));
        as("collector").body(Map.of("reason", "again")).post("/api/devices/" + id + "/revoke").then().statusCode(200)
                .body("revokeReason", equalTo("retired"));
        on(token).get("/api/mobile/v1/rounds").then().statusCode(401).body("detail", containsString("retired"));
        org.junit.jupiter.api.Assertions.assertNotNull(keeper);
    }

    @Test
    void roundsAreCheckedWhenPlanned() {
        long collector = collector();
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");
        long driverId = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        long keeperId = ((Number) as("keeper").get("/api/auth/me").then().extract().path("userId")).longValue();
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        Map<String, Object> stop = new HashMap<>(Map.of("generatorPartyId", Manifests.demoGenerator(2), "expectedCodes", List.of("900-041-49"),
                "expectedContainers", 2));
        Map<String, Object> plan = new HashMap<>(Map.of("requestId", UUID.randomUUID().toString(), "date", today, "vehicleId", vehicle,
                "driverUserId", keeperId, "stops", List.of(stop)));
        as("collector").body(plan).post("/api/rounds").then().statusCode(422).body("type", containsString("round-driver"));
        plan.put("driverUserId", driverId);
        plan.put("stops", List.of(stop, stop));
        as("collector").body(plan).post("/api/rounds").then().statusCode(422).body("detail", containsString("twice"));
        plan.put("stops", List.of(Map.of("generatorPartyId", collector, "expectedContainers", 1)));
        as("collector").body(plan).post("/api/rounds").then().statusCode(422).body("type", containsString("round-stop"));
        plan.put("stops", List.of(Map.of("generatorPartyId", Manifests.demoGenerator(2), "expectedContainers", 1, "expectedCodes", List.of("999-999-99"))));
        as("collector").body(plan).post("/api/rounds").then().statusCode(422);
        plan.put("stops", List.of(stop));
        plan.put("date", "2020-01-01");
        as("collector").body(plan).post("/api/rounds").then().statusCode(422).body("type", containsString("round-date"));
        plan.put("date", today);
        int id = as("collector").body(plan).post("/api/rounds").then().statusCode(201)
                .body("stops[0].address", containsString("江阴")).body("stops[0].latitude", org.hamcrest.Matchers.notNullValue())
                .extract().path("id");
        as("driver").get("/api/rounds/" + id).then().statusCode(200);
        as("receiver").get("/api/rounds/" + id).then().statusCode(403);
        as("regulator").get("/api/rounds?date=" + today).then().statusCode(200);
        as("driver").body(plan).post("/api/rounds").then().statusCode(403);
    }
}
