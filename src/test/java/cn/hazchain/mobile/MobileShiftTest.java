package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.on;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A whole shift through the handheld API alone: enrol two devices, sign in, fetch the offline kit, record 40
 * scans offline, sync them in two overlapping batches (and once more), a conflicting scan from a second device,
 * a keeper's scan dated before the collection, photo uploads; then the trails, the audit chain and revocation.
 */
@QuarkusTest
class MobileShiftTest {

    static final String OIL = "900-249-08";
    static final String RAGS = "900-041-49";

    @Test
    void wholeShiftOfflineThenSynced() {
        long collector = Fixtures.partyIdOf("collector");
        long storagePoint = Fixtures.partyIdOf("keeper");
        long driverId = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");

        // 1. An administrator enrols two handhelds of the collector; nobody else may.
        String deviceA = Handheld.enrol(collector);
        String deviceB = Handheld.enrol(collector);
        as("collector").body(Map.of("serial", "HH-NOPE-1", "ownerPartyId", collector)).post("/api/devices").then().statusCode(403);
        as("admin").body(Map.of("serial", deviceA, "ownerPartyId", collector)).post("/api/devices").then().statusCode(409);

        // 2. The driver signs in on device A. Unknown devices and wrong passwords are refused; web tokens do not open the handheld API.
        Handheld.signIn("HH-NEVER-ENROLLED", "driver", "demo-driver").statusCode(403).body("type", containsString("device-unknown"));
        Handheld.signIn(deviceA, "driver", "wrong-password").statusCode(401);
        Handheld.signIn(deviceA, "receiver", "demo-receiver").statusCode(403).body("type", containsString("device-not-yours"));
        as("driver").get("/api/mobile/v1/offline-kit").then().statusCode(403).body("type", containsString("shift-token-required"));
        Response signIn = Handheld.signIn(deviceA, "driver", "demo-driver").statusCode(201)
                .body("deviceSerial", equalTo(deviceA)).body("username", equalTo("driver")).extract().response();
        String driverA = signIn.path("access_token");

        // 3. The operator issues six pickups (36 containers) and plans today's round through those six generators.
        Map<String, String> manifestOf = new LinkedHashMap<>();
        List<Map<String, Object>> stops = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            long generator = Manifests.demoGenerator(10 + g);
            List<Map<String, Object>> drums = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                drums.add(Manifests.container("DRUM", 200, 150));
            }
            Map<String, Object> body = Manifests.typicalPickup(generator);
            body.put("lines", List.of(Manifests.line(OIL, "LIQUID", "废矿物油", drums),
                    Manifests.line(RAGS, "SOLID", "含油抹布", List.of(Manifests.container("BAG", 60, 20), Manifests.container("BAG", 60, 20)))));
            String number = Manifests.open(body).statusCode(201).extract().path("number");
            List<String> labels = as("collector").get("/api/manifests/" + number).then().extract().path("lines.containers.flatten().labelId");
            labels.forEach(l -> manifestOf.put(l, number));
            stops.add(Map.of("generatorPartyId", generator, "expectedCodes", List.of(OIL, RAGS), "expectedContainers", 6));
        }
        List<String> labels = new ArrayList<>(manifestOf.keySet());
        assertEquals(36, labels.size());
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Map<String, Object> plan = Map.of("requestId", UUID.randomUUID().toString(), "date", today.toString(), "vehicleId", vehicle,
                "driverUserId", driverId, "note", "周一东线", "stops", stops);
        int roundId = as("collector").body(plan).post("/api/rounds").then().statusCode(201).extract().path("id");
        as("collector").body(plan).post("/api/rounds").then().statusCode(200).header("Idempotent-Replay", "true").body("id", equalTo(roundId));

        // 4. The offline kit: keys, this round with its stops and labels, catalogue entries, receivers, storage points; ETag.
        Response kit = on(driverA).get("/api/mobile/v1/offline-kit").then().statusCode(200).extract().response();
        String etag = kit.header("ETag");
        assertNotNull(etag);
        List<Map<String, Object>> rounds = kit.path("rounds");
        Map<String, Object> round = rounds.stream().filter(r -> ((Number) r.get("id")).intValue() == roundId).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kitStops = (List<Map<String, Object>>) round.get("stops");
        assertEquals(6, kitStops.size());
        assertEquals(1, kitStops.get(0).get("seq"));
        List<String> kitLabels = kit.path("rounds.find { it.id == " + roundId + " }.stops.openManifests.flatten().containers.flatten().labelId");
        assertTrue(kitLabels.containsAll(labels), "every label of the round's manifests is in the kit");
        assertFalse(kit.<List<?>>path("labelKeys.keys").isEmpty());
        assertTrue(kit.<List<String>>path("wasteCodes.code").containsAll(List.of(OIL, RAGS)));
        assertTrue(kit.<List<String>>path("receivers.licences.flatten().number").contains("JSHW-3202-2023-005"));
        assertTrue(kit.<List<Integer>>path("storagePoints.partyId").contains((int) storagePoint));
        assertEquals(500, (int) kit.path("limits.maxEventsPerSync"));
        on(driverA).header("If-None-Match", etag).get("/api/mobile/v1/offline-kit").then().statusCode(304);

        // 5. An online scan: genuine, ISSUED, and the driver may COLLECT it for its manifest; an altered token is not genuine.
        String token = Handheld.tokenOf(labels.get(0));
        on(driverA).body(Map.of("token", token)).post("/api/mobile/v1/scan").then().statusCode(200)
                .body("genuine", equalTo(true)).body("container.state", equalTo("ISSUED"))
                .body("nextActions[0].type", equalTo("COLLECT")).body("nextActions[0].manifestNumber", equalTo(manifestOf.get(labels.get(0))));
        String altered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        on(driverA).body(Map.of("token", altered)).post("/api/mobile/v1/scan").then().statusCode(200)
                .body("genuine", equalTo(false)).body("container", equalTo(null));

        // 6. Forty scans recorded offline, in order.
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        byte[][] photos = {Handheld.png(1), Handheld.png(2), Handheld.png(3)};
        List<Map<String, Object>> queue = new ArrayList<>();
        String wrongManifestLabel = labels.get(5);
        String futureLabel = labels.get(7);
        String twiceLabel = labels.get(3);
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.equals(wrongManifestLabel)) {
                // the driver first tries it against the wrong pickup
                queue.add(event("COLLECT", label, start.plusSeconds(60L * i), "manifestNumber", manifestOf.get(labels.get(30)), "weightKg", 151));
            }
            Instant when = label.equals(futureLabel) ? Instant.now().plus(1, ChronoUnit.HOURS) : start.plusSeconds(60L * i + 30);
            Map<String, Object> collect = event("COLLECT", label, when, "manifestNumber", manifestOf.get(label),
                    "weightKg", 148.5 + i % 3, "vehicleId", vehicle);
            if (i < 3) {
                collect.put("photoSha256", List.of(Handheld.sha256(photos[i])));
            }
            queue.add(collect);
            if (i == 20) {
                queue.add(event("COLLECT", "91320281MA1W8K3P2X2026010100000000001", start.plusSeconds(60L * i + 40),
                        "manifestNumber", manifestOf.get(label), "weightKg", 10));
                queue.add(event("COLLECT", label, start.plusSeconds(60L * i + 50), "manifestNumber", manifestOf.get(label))); // no weight
            }
        }
        queue.add(event("COLLECT", twiceLabel, start.plusSeconds(3000), "manifestNumber", manifestOf.get(twiceLabel), "weightKg", 150));
        assertEquals(40, queue.size());

        // 7. Sync in two overlapping batches: events 0-24, then 15-39.
        Response first = sync(driverA, queue.subList(0, 25)).statusCode(200).extract().response();
        assertEquals(25, (int) first.path("received"));
        Response second = sync(driverA, queue.subList(15, 40)).statusCode(200).extract().response();
        assertEquals(10, (int) second.path("counts.duplicate"), "the ten resent events are duplicates");
        List<Map<String, Object>> all = new ArrayList<>(first.<List<Map<String, Object>>>path("results"));
        all.addAll(second.<List<Map<String, Object>>>path("results").subList(10, 25));
        Map<String, Map<String, Object>> byEvent = new HashMap<>();
        all.forEach(r -> byEvent.put((String) r.get("clientEventId"), r));
        for (int i = 0; i < 10; i++) {
            Map<String, Object> dup = second.<List<Map<String, Object>>>path("results").get(i);
            assertEquals("DUPLICATE", dup.get("result"));
            assertEquals(byEvent.get(dup.get("clientEventId")).get("result"), dup.get("original"), "a duplicate repeats the first answer");
        }
        Map<String, Long> outcomes = new HashMap<>();
        all.forEach(r -> outcomes.merge((String) r.get("result"), 1L, Long::sum));
        assertEquals(Map.of("APPLIED", 36L, "REJECTED", 3L, "CONFLICT", 1L), outcomes, "40 distinct events: 36 collected, 3 refused, 1 conflict");
        assertEquals("label-mismatch", byEvent.get(queue.get(5).get("clientEventId")).get("reason"));
        assertEquals("APPLIED", byEvent.get(queue.get(6).get("clientEventId")).get("result"), "the right pickup is applied after the wrong one");
        assertEquals("not-found", byEvent.get(queue.get(22).get("clientEventId")).get("reason"));
        assertEquals("invalid-event", byEvent.get(queue.get(23).get("clientEventId")).get("reason"));
        Map<String, Object> conflict = byEvent.get(queue.get(39).get("clientEventId"));
        assertEquals("CONFLICT", conflict.get("result"));
        assertEquals("COLLECTED", conflict.get("currentState"));
        Map<String, Object> future = all.stream().filter(r -> futureLabel.equals(r.get("labelId")) && "APPLIED".equals(r.get("result")))
                .findFirst().orElseThrow();
        assertEquals(List.of("CLIENT_TIME_IN_FUTURE"), future.get("clockFlags"));
        List<String> missing = first.path("missingPhotos");
        assertEquals(List.of(Handheld.sha256(photos[0]), Handheld.sha256(photos[1]), Handheld.sha256(photos[2])), missing);

        // 8. Resending a whole batch changes nothing.
        List<Map<String, Object>> trailBefore = trailOf(labels.get(16));
        sync(driverA, queue.subList(15, 40)).statusCode(200).body("counts.duplicate", equalTo(25)).body("counts.applied", equalTo(0));
        assertEquals(trailBefore, trailOf(labels.get(16)));
        for (String label : labels) {
            long collected = trailOf(label).stream().filter(e -> "CONTAINER_COLLECTED".equals(e.get("type"))).count();
            assertEquals(1, collected, label + " was collected exactly once");
        }

        // 9. A second driver on device B scanned a container that device A already collected: a conflict, nothing changes.
        String secondDriver = "driver-b-" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(secondDriver, collector, "DRIVER");
        String driverB2 = Handheld.signIn(deviceB, secondDriver, password).statusCode(201).extract().path("access_token");
        Map<String, Object> late = event("COLLECT", labels.get(10), start.minusSeconds(600), "manifestNumber", manifestOf.get(labels.get(10)), "weightKg", 140);
        sync(driverB2, List.of(late)).statusCode(200).body("results[0].result", equalTo("CONFLICT"))
                .body("results[0].currentState", equalTo("COLLECTED")).body("results[0].reason", equalTo("illegal-transition"));

        // 10. The storage keeper, on device B too, stores a container with a clock behind the collection: applied and flagged.
        String keeperB = Handheld.shift(deviceB, "keeper");
        String stored = labels.get(12);
        sync(keeperB, List.of(event("STORE", stored, start.minusSeconds(3600), "storagePointId", storagePoint, "weightKg", 149)))
                .statusCode(200).body("results[0].result", equalTo("APPLIED")).body("results[0].state", equalTo("IN_STORAGE"))
                .body("results[0].clockFlags", equalTo(List.of("CLIENT_TIME_BEFORE_PREVIOUS_EVENT")));

        // 11. Photos upload by SHA-256; a repeat is harmless; wrong hash, wrong type and oversize are refused.
        String sha0 = Handheld.sha256(photos[0]);
        on(driverA).contentType("image/png").body(photos[0]).put("/api/mobile/v1/photos/" + sha0).then().statusCode(201)
                .body("sizeBytes", equalTo(photos[0].length));
        on(driverA).contentType("image/png").body(photos[0]).put("/api/mobile/v1/photos/" + sha0).then().statusCode(200);
        on(driverA).contentType("image/png").body(photos[1]).put("/api/mobile/v1/photos/" + sha0).then().statusCode(422)
                .body("type", containsString("photo-hash-mismatch"));
        on(driverA).contentType("image/jpeg").body(photos[1]).put("/api/mobile/v1/photos/" + Handheld.sha256(photos[1])).then().statusCode(415);
        byte[] huge = new byte[300_000];
        System.arraycopy(photos[2], 0, huge, 0, photos[2].length);
        on(driverA).contentType("image/png").body(huge).put("/api/mobile/v1/photos/" + Handheld.sha256(huge)).then().statusCode(413)
                .body("type", containsString("photo-too-large"));
        on(driverA).get("/api/mobile/v1/photos/" + sha0).then().statusCode(200).body("contentType", equalTo("image/png"));
        on(driverA).get("/api/mobile/v1/photos/" + Handheld.sha256(photos[1])).then().statusCode(404);
        byte[] served = RestAssured.given().auth().oauth2(Api.token("regulator")).get("/api/photos/" + sha0).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(photos[0], served);
        sync(driverA, queue.subList(0, 1)).statusCode(200).body("results[0].result", equalTo("DUPLICATE")).body("missingPhotos", equalTo(List.of()));

        // 12. The trails show who, which device, the handheld's clock, the server's clock, GPS, photos and flags.
        Map<String, Object> e0 = trailOf(labels.get(0)).get(0);
        assertEquals("CONTAINER_COLLECTED", e0.get("type"));
        assertEquals("driver", e0.get("actor"));
        assertEquals(deviceA, e0.get("deviceId"));
        assertEquals(Instant.parse((String) queue.get(0).get("clientTime")), Instant.parse((String) e0.get("clientTime")));
        assertNotNull(e0.get("serverTime"));
        assertEquals(31.905, ((Number) e0.get("latitude")).doubleValue(), 1e-5); // REST Assured reads JSON numbers as float
        assertEquals(List.of(sha0), e0.get("photoSha256"));
        assertEquals(List.of("CLIENT_TIME_IN_FUTURE"), trailOf(futureLabel).get(0).get("clockFlags"));
        List<Map<String, Object>> storedTrail = trailOf(stored);
        assertEquals(List.of("CONTAINER_COLLECTED", "CONTAINER_STORED"), storedTrail.stream().map(e -> e.get("type")).toList(),
                "kept in the order received, not reordered by client time");
        assertEquals(List.of("CLIENT_TIME_BEFORE_PREVIOUS_EVENT"), storedTrail.get(1).get("clockFlags"));
        assertEquals(List.of(), trailOf(labels.get(10)).stream().filter(e -> deviceB.equals(e.get("deviceId"))).toList());
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));

        // 13. Revoking device A ends its shift at once; it cannot start another. Signing out ends device B's driver shift.
        long idA = Handheld.deviceId(deviceA);
        as("collector").get("/api/devices/" + idA + "/sessions").then().statusCode(200).body("items.username", hasItem("driver"));
        as("admin").body(Map.of("reason", "lost on the round 巡线时遗失")).post("/api/devices/" + idA + "/revoke").then().statusCode(200)
                .body("revoked", equalTo(true)).body("activeSessions", equalTo(0));
        sync(driverA, queue.subList(0, 1)).statusCode(401).body("type", containsString("session-ended"))
                .body("detail", containsString("revoked"));
        as("driver").get("/api/auth/me").then().statusCode(200); // the driver's web sign-in is not the device's
        Handheld.signIn(deviceA, "driver", "demo-driver").statusCode(403).body("type", containsString("device-revoked"));
        on(driverB2).delete("/api/mobile/v1/sessions/current").then().statusCode(204);
        on(driverB2).get("/api/mobile/v1/rounds").then().statusCode(401).body("type", containsString("session-ended"));
        on(keeperB).get("/api/mobile/v1/rounds").then().statusCode(200);
    }

    /** The container's events after its label's issue (which starts every chain). */
    static List<Map<String, Object>> trailOf(String labelId) {
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + labelId + "/trail").then().statusCode(200).extract().path("");
        assertEquals("LABEL_ISSUED", trail.get(0).get("type"), labelId + "'s chain starts with its label's issue");
        return trail.subList(1, trail.size());
    }
}
