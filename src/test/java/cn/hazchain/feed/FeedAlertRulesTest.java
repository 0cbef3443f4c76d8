package cn.hazchain.feed;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertEvaluator;
import cn.hazchain.alert.AlertRule;
import cn.hazchain.alert.Candidate;
import cn.hazchain.alert.RuleQueries;
import cn.hazchain.feed.FeedIngest.Outcome;
import cn.hazchain.feed.FeedIngest.Received;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The four feed alert rules (issue #18, point 3) and the corridor's geometry, over positions and weighings stored by
 * the consumer's own ingest path (FeedsTest covers the broker in front of it).
 */
@QuarkusTest
class FeedAlertRulesTest {

    static final double[] ORIGIN = FeedsTest.ORIGIN;
    static final double[] RECEIVER = FeedsTest.RECEIVER;

    @Inject
    FeedIngest ingest;

    @Inject
    AlertEvaluator evaluator;

    @Inject
    EntityManager em;

    @Inject
    RuleQueries rules;

    record Trip(String number, String code, Instant departed) {
    }

    /** A transfer that left {@code ago} before now (its departure moved back), with a tracker on its vehicle. */
    Trip trip(Duration ago) {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = FeedsTest.departed(vehicle);
        Instant departed = Instant.now().minus(ago);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE transfer SET departed_at = ?2 WHERE number = ?1")
                .setParameter(1, number).setParameter(2, departed).executeUpdate());
        return new Trip(number, FeedsTest.tracker(vehicle).code(), departed);
    }

    List<Outcome> send(Trip t, long seq, Instant at, double lat, double lon) {
        String json = "{\"deviceId\":\"" + t.code() + "\",\"seq\":" + seq + ",\"time\":\"" + at + "\",\"lat\":" + lat + ",\"lon\":" + lon + "}";
        return ingest.store(List.of(new Received("hazchain/v1/vehicles/" + t.code() + "/positions", json.getBytes(StandardCharsets.UTF_8), Instant.now())));
    }

    static Optional<Map<String, Object>> openAlert(String rule, String subject) {
        List<Map<String, Object>> items = as("regulator").get("/api/alerts?size=200&state=OPEN&rule=" + rule).then().statusCode(200).extract().path("items");
        return items.stream().filter(a -> subject.equals(a.get("subjectKey"))).findFirst();
    }

    double metres(double plat, double plon, double[] a, double[] b) {
        return ((Number) em.createNativeQuery("SELECT hz_segment_metres(?1, ?2, ?3, ?4, ?5, ?6)").setParameter(1, plat).setParameter(2, plon)
                .setParameter(3, a[0]).setParameter(4, a[1]).setParameter(5, b[0]).setParameter(6, b[1]).getSingleResult()).doubleValue();
    }

    @Test
    void corridorDistance_isGreatCircle_toTheSegmentBetweenItsEnds() {
        double midLat = (ORIGIN[0] + RECEIVER[0]) / 2, midLon = (ORIGIN[1] + RECEIVER[1]) / 2;
        assertTrue(metres(midLat, midLon, ORIGIN, RECEIVER) < 5, "on the line");
        // 0.045° of latitude is 5,004 m; the segment runs nearly east-west, so the distance is a little less
        double beside = metres(midLat - 0.045, midLon, ORIGIN, RECEIVER);
        assertTrue(beside > 4900 && beside < 5010, "beside the segment: " + beside);
        // beyond the receiver's end: the distance to the receiver (1 km further west along the parallel ≈ 945 m)
        double beyond = metres(RECEIVER[0], RECEIVER[1] - 0.01, ORIGIN, RECEIVER);
        assertTrue(beyond > 930 && beyond < 960, "beyond the end: " + beyond);
        assertEquals(0, metres(ORIGIN[0], ORIGIN[1], ORIGIN, ORIGIN), 1e-6);
    }

    @Test
    void offCorridor_closedByARegulator_staysClosedForItsDetour_andOpensAgainForTheNextOne() {
        Trip t = trip(Duration.ofHours(2));
        Instant start = t.departed().plus(Duration.ofMinutes(5));
        double[] on = {(ORIGIN[0] + RECEIVER[0]) / 2, (ORIGIN[1] + RECEIVER[1]) / 2};
        send(t, 1, start, on[0], on[1]);
        send(t, 2, start.plus(Duration.ofMinutes(5)), on[0] - 0.045, on[1]);            // 5 km off: the first detour
        evaluator.evaluate(Instant.now());
        Map<String, Object> first = openAlert("OFF_CORRIDOR", t.number()).orElseThrow(() -> new AssertionError("no alert for the detour"));
        as("regulator").body(Map.of("note", "改道已核实 detour checked")).post("/api/alerts/" + first.get("id") + "/close").then().statusCode(200);
        send(t, 3, start.plus(Duration.ofMinutes(10)), on[0] - 0.046, on[1]);           // the same detour goes on
        evaluator.evaluate(Instant.now());
        assertTrue(openAlert("OFF_CORRIDOR", t.number()).isEmpty(), "closed while the same detour goes on");
        send(t, 4, start.plus(Duration.ofMinutes(15)), on[0], on[1] + 0.001);            // back on the corridor
        send(t, 5, start.plus(Duration.ofMinutes(20)), on[0] + 0.045, on[1]);           // a second detour
        evaluator.evaluate(Instant.now());
        Map<String, Object> second = openAlert("OFF_CORRIDOR", t.number()).orElseThrow(() -> new AssertionError("no alert for the second detour"));
        assertTrue(!first.get("id").equals(second.get("id")), "a new alert: " + second);
    }

    @Test
    void stoppedTooLong_firesForAStopAwayFromBothEnds_andNotWhileItMoves() {
        Trip t = trip(Duration.ofHours(2));
        Instant start = t.departed().plus(Duration.ofMinutes(5));
        double[] stop = {(ORIGIN[0] + RECEIVER[0]) / 2, (ORIGIN[1] + RECEIVER[1]) / 2};
        send(t, 1, start, ORIGIN[0], ORIGIN[1] - 0.01);
        for (int i = 0; i <= 4; i++) {                                   // 20 minutes at the stop, jitter of a few metres
            send(t, 2 + i, start.plus(Duration.ofMinutes(5 + 5 * i)), stop[0] + 0.00002 * i, stop[1]);
        }
        evaluator.evaluate(Instant.now());
        assertTrue(openAlert("STOPPED_TOO_LONG", t.number()).isEmpty(), "20 minutes is within the 30 allowed");
        send(t, 7, start.plus(Duration.ofMinutes(45)), stop[0], stop[1] + 0.00003);
        evaluator.evaluate(Instant.now());
        Map<String, Object> alert = openAlert("STOPPED_TOO_LONG", t.number()).orElseThrow(() -> new AssertionError("no alert after 40 minutes"));
        assertEquals(40, ((Number) alert.get("measure")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) alert.get("evidence");
        assertEquals(7, ((Number) ((Map<?, ?>) evidence.get("lastPosition")).get("seq")).intValue());
        send(t, 8, start.plus(Duration.ofMinutes(50)), stop[0] - 0.01, stop[1] - 0.01);   // it moves on
        evaluator.evaluate(Instant.now());
        assertTrue(openAlert("STOPPED_TOO_LONG", t.number()).isEmpty(), "resolved once the vehicle moves");
    }

    @Test
    void silentInTransit_firesWhenATrackedVehicleStopsReporting() {
        Trip t = trip(Duration.ofHours(1));
        Instant last = t.departed().plus(Duration.ofMinutes(10));
        send(t, 1, last, ORIGIN[0], ORIGIN[1] - 0.01);
        evaluator.evaluate(last.plus(Duration.ofMinutes(15)));
        assertTrue(openAlert("SILENT_IN_TRANSIT", t.number()).isEmpty(), "15 minutes of silence is within the 20 allowed");
        // evaluated an hour on (the tracker was registered now, so it counts from then)
        evaluator.evaluate(Instant.now().plus(Duration.ofMinutes(30)));
        Map<String, Object> alert = openAlert("SILENT_IN_TRANSIT", t.number()).orElseThrow(() -> new AssertionError("no alert"));
        assertTrue(((Number) alert.get("measure")).intValue() >= 60, alert.toString());
        assertEquals(t.code(), ((List<?>) ((Map<?, ?>) alert.get("evidence")).get("trackers")).get(0));
        send(t, 2, Instant.now(), ORIGIN[0], ORIGIN[1] - 0.02);
        evaluator.evaluate(Instant.now());
        assertTrue(openAlert("SILENT_IN_TRANSIT", t.number()).isEmpty(), "resolved by the next position");
    }

    @Test
    void scaleScanMismatch_firesBeyondMaxOfAbsoluteAndRelativeTolerance_withTheWeighingAndTheScan() {
        List<String> labels = Transfers.stored(3);                       // scanned into storage at 150 kg each
        Map<String, Object> scale = as("collector").body(Fixtures.command("kind", "SCALE", "sitePartyId", Fixtures.partyIdOf("keeper")))
                .post("/api/feed-devices").then().statusCode(201).extract().path("");
        String code = (String) scale.get("code");
        String topic = (String) scale.get("topic");
        String within = "{\"deviceId\":\"" + code + "\",\"seq\":1,\"time\":\"" + Instant.now() + "\",\"labelId\":\"" + labels.get(0) + "\",\"weightKg\":152.9}";
        String beyond = "{\"deviceId\":\"" + code + "\",\"seq\":2,\"time\":\"" + Instant.now() + "\",\"labelId\":\"" + labels.get(1) + "\",\"weightKg\":160}";
        List<Outcome> outcomes = ingest.store(List.of(new Received(topic, within.getBytes(StandardCharsets.UTF_8), Instant.now()),
                new Received(topic, beyond.getBytes(StandardCharsets.UTF_8), Instant.now())));
        assertTrue(outcomes.stream().allMatch(Outcome::stored), outcomes.toString());
        evaluator.evaluate(Instant.now());
        assertTrue(openAlert("SCALE_SCAN_MISMATCH", labels.get(0)).isEmpty(), "2.9 kg is within max(2 kg, 2 % of 150 = 3 kg)");
        Map<String, Object> alert = openAlert("SCALE_SCAN_MISMATCH", labels.get(1)).orElseThrow(() -> new AssertionError("no alert at 10 kg"));
        assertEquals(10.0, ((Number) alert.get("measure")).doubleValue(), 1e-9);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) alert.get("evidence");
        assertEquals(160.0, ((Number) ((Map<?, ?>) evidence.get("weighing")).get("weightKg")).doubleValue(), 1e-9);
        assertEquals(150.0, ((Number) ((Map<?, ?>) evidence.get("scan")).get("weightKg")).doubleValue(), 1e-9);
        assertEquals(3.0, ((Number) alert.get("threshold")).doubleValue(), 1e-9, "the tolerance applied: max(2 kg, 2 % of 150 kg)");

        // only recent weighings are read (hazchain.alerts.scale-recent-days, 7), and those of containers whose alert is open
        String third = "{\"deviceId\":\"" + code + "\",\"seq\":3,\"time\":\"" + Instant.now() + "\",\"labelId\":\"" + labels.get(2) + "\",\"weightKg\":170}";
        assertTrue(ingest.store(List.of(new Received(topic, third.getBytes(StandardCharsets.UTF_8), Instant.now()))).get(0).stored());
        assertTrue(mismatches(Instant.now()).containsAll(List.of(labels.get(1), labels.get(2))));
        List<String> later = mismatches(Instant.now().plus(Duration.ofDays(10)));
        assertTrue(later.contains(labels.get(1)), "its alert is open: still read, so it is not resolved by age");
        assertTrue(!later.contains(labels.get(2)), "ten days on, a weighing with no open alert is no longer read");
    }

    /** A scale weighs what is at its site: a label weighed elsewhere matches no scan, so no alert tells its owner about the container. */
    @Test
    void scaleScanMismatch_comparesOnlyWithScansAtTheScalesSite() {
        List<String> labels = Transfers.stored(1);                       // scanned into the collector's storage point only
        Map<String, Object> scale = as("receiver").body(Fixtures.command("kind", "SCALE", "sitePartyId", Fixtures.partyIdOf("receiver")))
                .post("/api/feed-devices").then().statusCode(201).extract().path("");
        String weighing = "{\"deviceId\":\"" + scale.get("code") + "\",\"seq\":1,\"time\":\"" + Instant.now() + "\",\"labelId\":\"" + labels.get(0)
                + "\",\"weightKg\":400}";
        assertTrue(ingest.store(List.of(new Received((String) scale.get("topic"), weighing.getBytes(StandardCharsets.UTF_8), Instant.now()))).get(0).stored());
        evaluator.evaluate(Instant.now());
        assertTrue(!mismatches(Instant.now()).contains(labels.get(0)), "the receiver's scale never saw it scanned at the receiver");
        assertTrue(openAlert("SCALE_SCAN_MISMATCH", labels.get(0)).isEmpty());
    }

    /**
     * Another company's truck on a transfer: its positions become the transfer's track only once the carrier's side
     * (its named driver) recorded the departure. A shipper that named the truck and recorded the departure itself gets
     * no track of it, and no silence alert.
     */
    @Test
    void aCarriersTruckIsTrackedForATransferOnlyWhenTheCarrierSentItOff() {
        long n = System.nanoTime() % 1_000_000L;
        long carrier = Fixtures.createParty(Fixtures.party("CARRIER", "跟踪测试运输公司" + n));
        long vehicle = ((Number) as("admin").body(Map.of("ownerPartyId", carrier, "plate", "苏BY" + String.format("%05d", n % 100000),
                "dgPermitNo", "苏交运管危字Y" + n, "capacityKg", 8000, "dgPermitValidTo", "2030-12-31")).post("/api/vehicles").then().statusCode(201)
                .extract().path("id")).longValue();
        String driverName = "trkdrv" + n;
        String driverPassword = Fixtures.createUser(driverName, carrier, "DRIVER");
        long driverId = ((Number) cn.hazchain.support.Api.as(driverName, driverPassword).get("/api/auth/me").then().extract().path("userId")).longValue();
        Map<String, Object> tracker = as("admin").body(Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle)).post("/api/feed-devices")
                .then().statusCode(201).extract().path("");
        String code = (String) tracker.get("code");
        java.util.function.BiFunction<String, Boolean, String> departed = (name, byCarrier) -> {
            List<String> labels = Transfers.stored(1);
            String number = as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("keeper"), "receiverPartyId",
                    Fixtures.partyIdOf("receiver"), "carrierPartyId", carrier, "vehicleId", vehicle, "driverUserId", driverId, "labelIds", labels))
                    .post("/api/transfers").then().statusCode(201).extract().path("number");
            as("driver").body(Fixtures.command("labelId", labels.get(0))).post("/api/transfers/" + number + "/load").then().statusCode(200);
            (byCarrier ? cn.hazchain.support.Api.as(driverName, driverPassword) : as("collector")).body(Fixtures.command())
                    .post("/api/transfers/" + number + "/departure").then().statusCode(200);
            return number;
        };
        java.util.function.Function<String, Long> track = number -> QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM vehicle_position p JOIN transfer t ON t.id = p.transfer_id WHERE t.number = ?1").setParameter(1, number)
                .getSingleResult()).longValue());

        // sent off by the shipper alone: the truck's positions are not its track
        String byShipper = departed.apply("shipper", false);
        Trip shipperTrip = new Trip(byShipper, code, Instant.now());
        assertTrue(send(shipperTrip, 1, Instant.now(), ORIGIN[0], ORIGIN[1]).get(0).stored());
        assertEquals(0L, track.apply(byShipper), "no track for a transfer the carrier did not send off");
        as("collector").get("/api/tracks/transfers/" + byShipper).then().statusCode(200).body("points.total", org.hamcrest.Matchers.equalTo(0));
        evaluator.evaluate(Instant.now().plus(Duration.ofHours(2)));
        assertTrue(openAlert("SILENT_IN_TRANSIT", byShipper).isEmpty(), "no silence alert for a truck it does not track");

        // sent off by the carrier's driver: tracked
        String byCarrier = departed.apply("carrier", true);
        assertTrue(send(shipperTrip, 2, Instant.now().plusSeconds(5), ORIGIN[0], ORIGIN[1]).get(0).stored());
        assertEquals(1L, track.apply(byCarrier));
    }

    List<String> mismatches(Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> rules.candidates(AlertRule.SCALE_SCAN_MISMATCH, at)).stream()
                .map(Candidate::subjectKey).toList();
    }

    @Test
    void aWeighingsLabel_findsItsContainerByTheUniqueIndex() {
        // with sequential scans off, a usable index is taken; a text = char(37) comparison would still scan every container
        String plan = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object> lines = em.createNativeQuery("EXPLAIN SELECT " + FeedIngest.CONTAINER_OF_LABEL
                    + " FROM unnest(CAST(ARRAY['AAAAAAAAAAAAAAAAAA0000000000000000001'] AS text[])) AS u(label)").getResultList();
            return String.join("\n", lines.stream().map(String::valueOf).toList());
        });
        assertTrue(plan.contains("Index") && !plan.contains("Seq Scan on container"), plan);
    }

    @Test
    void ingest_countsUnknownAndEndedDevicesAndOtherKinds_andStoresTheGoodOnesBetween() {
        Trip t = trip(Duration.ofMinutes(30));
        Instant at = Instant.now();
        String good = "{\"deviceId\":\"" + t.code() + "\",\"seq\":1,\"time\":\"" + at + "\",\"lat\":31.94,\"lon\":120.16}";
        String unknown = "{\"deviceId\":\"vt-nobody000\",\"seq\":1,\"time\":\"" + at + "\",\"lat\":31.94,\"lon\":120.16}";
        String asScale = "{\"deviceId\":\"" + t.code() + "\",\"seq\":2,\"time\":\"" + at + "\",\"labelId\":\"X\",\"weightKg\":1}";
        String good2 = "{\"deviceId\":\"" + t.code() + "\",\"seq\":3,\"time\":\"" + at + "\",\"lat\":31.94,\"lon\":120.15}";
        List<Outcome> o = ingest.store(List.of(
                new Received("hazchain/v1/vehicles/" + t.code() + "/positions", good.getBytes(StandardCharsets.UTF_8), at),
                new Received("hazchain/v1/vehicles/vt-nobody000/positions", unknown.getBytes(StandardCharsets.UTF_8), at),
                new Received("hazchain/v1/scales/" + t.code() + "/weighings", asScale.getBytes(StandardCharsets.UTF_8), at),
                new Received("hazchain/v1/vehicles/" + t.code() + "/positions", good.getBytes(StandardCharsets.UTF_8), at),
                new Received("hazchain/v1/vehicles/" + t.code() + "/positions", good2.getBytes(StandardCharsets.UTF_8), at)));
        assertEquals(List.of(true, false, false, false, true), o.stream().map(Outcome::stored).toList());
        assertEquals(Rejection.UNKNOWN_DEVICE, o.get(1).reason());
        assertEquals(Rejection.WRONG_TOPIC, o.get(2).reason());
        assertEquals(Rejection.REPLAYED, o.get(3).reason(), "a resend inside one batch");
        assertEquals(2L, FeedsTest.total(t.number()));
    }
}
