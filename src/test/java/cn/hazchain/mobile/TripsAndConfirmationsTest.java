package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertEvaluator;
import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Rounds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, points 1 and 2, through the handheld API: a round's collections record their trip and vehicle, one
 * manifest per generator per trip, each stop ends with an outcome, and the generator confirms each pickup with a
 * personal code on the driver's handheld (checked at sync, throttled), or later from its own account (else an alert).
 */
@QuarkusTest
class TripsAndConfirmationsTest {

    @Inject
    AlertEvaluator alerts;

    /** A generator of its own with a staff member who set confirmation code 246810. */
    static Rounds.Generator generator() {
        return Rounds.generator();
    }

    static Map.Entry<String, List<String>> pickup(long generator, int drums) {
        return Rounds.pickup(generator, drums);
    }

    static long round(List<Long> generators) {
        return Rounds.round(generators);
    }

    static Map<String, Object> confirmation(String username, String code) {
        return Map.of("username", username, "code", code);
    }

    static Map<String, Object> facts(String label, String type) {
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200).extract().path("$");
        return trail.stream().filter(e -> type.equals(e.get("type"))).map(e -> (Map<String, Object>) e.get("facts")).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aRoundRecordsItsTripStopOutcomesAndTheGeneratorsConfirmations() {
        Rounds.Generator g = generator();
        long other = Fixtures.createParty(Fixtures.party("GENERATOR", "江阴无废测试店" + System.nanoTime() % 100000));
        long round = round(List.of(g.id(), other));
        long vehicle = ((Number) as("collector").get("/api/rounds/" + round).then().extract().path("vehicle.id")).longValue();
        var pickup = pickup(g.id(), 3);
        List<String> drums = pickup.getValue();
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        Instant t = Instant.now().minus(30, ChronoUnit.MINUTES);

        sync(driver, List.of(
                event("COLLECT", drums.get(0), t, "manifestNumber", pickup.getKey(), "weightKg", 151, "roundId", round,
                        "confirmation", confirmation(g.staff(), "246810")),
                event("COLLECT", drums.get(1), t, "manifestNumber", pickup.getKey(), "weightKg", 149, "roundId", round,
                        "confirmation", confirmation(g.staff(), "135790")),
                event("COLLECT", drums.get(2), t, "manifestNumber", pickup.getKey(), "weightKg", 150, "roundId", round),
                stop(round, 1, "COLLECTED", null, t),
                stop(round, 2, "COLLECTED", null, t),
                stop(round, 2, "REFUSED_BY_GENERATOR", null, t),
                stop(round, 2, "NOTHING_TO_COLLECT", null, t),
                stop(round, 2, "CLOSED", null, t),
                stop(round, 3, "CLOSED", null, t)))
                .statusCode(200)
                .body("results.result", equalTo(List.of("APPLIED", "APPLIED", "APPLIED", "APPLIED", "REJECTED", "REJECTED", "APPLIED", "CONFLICT",
                        "REJECTED")))
                .body("results[4].reason", equalTo("stop-outcome")).body("results[4].detail", containsString("nothing was collected"))
                .body("results[5].reason", equalTo("stop-outcome-reason"))
                .body("results[6].state", equalTo("NOTHING_TO_COLLECT")).body("results[6].labelId", nullValue())
                .body("results[7].reason", equalTo("stop-outcome-recorded")).body("results[7].currentState", equalTo("NOTHING_TO_COLLECT"))
                .body("results[8].reason", equalTo("round-stop"));

        // the manifest records its trip and the round's vehicle; each drum its confirmation
        as("collector").get("/api/manifests/" + pickup.getKey()).then().statusCode(200)
                .body("roundId", equalTo((int) round)).body("vehicleId", equalTo((int) vehicle))
                .body("lines[0].containers.pickupConfirmation", equalTo(List.of("CONFIRMED", "UNCONFIRMED", "UNCONFIRMED")));
        long staffId = ((Number) Api.as(g.staff(), g.password()).get("/api/auth/me").then().extract().path("userId")).longValue();
        assertEquals(Map.of("collectorPartyId", String.valueOf(Fixtures.partyIdOf("collector")), "vehicleId", String.valueOf(vehicle),
                "roundId", String.valueOf(round), "confirmation", "CONFIRMED", "confirmedByUserId", String.valueOf(staffId),
                "confirmedVia", "HANDHELD_CODE"), facts(drums.get(0), "CONTAINER_COLLECTED"), "who confirmed, how, on which trip: in the hashed event");
        assertEquals("WRONG_CODE", facts(drums.get(1), "CONTAINER_COLLECTED").get("confirmation"));
        assertEquals("MISSING", facts(drums.get(2), "CONTAINER_COLLECTED").get("confirmation"));
        // the round shows how each stop ended
        as("collector").get("/api/rounds/" + round).then().statusCode(200)
                .body("stops[0].result.outcome", equalTo("COLLECTED")).body("stops[1].result.outcome", equalTo("NOTHING_TO_COLLECT"));

        // one manifest per generator per trip
        var second = pickup(g.id(), 1);
        sync(driver, List.of(event("COLLECT", second.getValue().get(0), t, "manifestNumber", second.getKey(), "weightKg", 150, "roundId", round)))
                .statusCode(200).body("results[0].result", equalTo("REJECTED")).body("results[0].reason", equalTo("one-manifest-per-trip"));
        // a vehicle other than the round's
        List<Integer> vehicles = as("collector").get("/api/vehicles?ownerPartyId=" + Fixtures.partyIdOf("collector")).then().extract().path("items.id");
        if (vehicles.size() > 1) {
            sync(driver, List.of(event("COLLECT", second.getValue().get(0), t, "manifestNumber", second.getKey(), "weightKg", 150, "roundId", round,
                    "vehicleId", vehicles.get(1)))).statusCode(200).body("results[0].reason", equalTo("vehicle"));
        }

        // the generator answers from its own account: confirms one, disputes the other (a reason is needed)
        String number = pickup.getKey();
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Fixtures.command("decision", "CONFIRM", "labelIds", List.of(drums.get(1))))
                .post("/api/manifests/" + number + "/pickup-confirmation").then().statusCode(200)
                .body("labelIds", equalTo(List.of(drums.get(1))));
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Fixtures.command("decision", "DISPUTE"))
                .post("/api/manifests/" + number + "/pickup-confirmation").then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("dispute-reason"));
        as("generator").body(Fixtures.command("decision", "CONFIRM")).post("/api/manifests/" + number + "/pickup-confirmation").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(403), equalTo(404)));
        as("driver").body(Fixtures.command("decision", "CONFIRM")).post("/api/manifests/" + number + "/pickup-confirmation").then()
                .statusCode(403);
        Map<String, Object> dispute = Fixtures.command("decision", "DISPUTE", "reason", "只交了两桶 only two drums were handed over");
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(dispute).post("/api/manifests/" + number + "/pickup-confirmation")
                .then().statusCode(200).body("decision", equalTo("DISPUTE")).body("labelIds", equalTo(List.of(drums.get(2))));
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(dispute).post("/api/manifests/" + number + "/pickup-confirmation")
                .then().statusCode(200).header("Idempotent-Replay", "true");
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Fixtures.command("decision", "CONFIRM"))
                .post("/api/manifests/" + number + "/pickup-confirmation").then().statusCode(409);
        as("collector").get("/api/manifests/" + number).then()
                .body("lines[0].containers.pickupConfirmation", equalTo(List.of("CONFIRMED", "CONFIRMED", "DISPUTED")));
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drums.get(2) + "/trail").then().extract().path("$");
        Map<String, Object> last = trail.get(trail.size() - 1);
        assertEquals("PICKUP_DISPUTED", last.get("type"));
        assertEquals("COLLECTED", last.get("toState"), "a dispute records a fact; the drum stays where it is");
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    /**
     * One sync checks each distinct code once; a code checked right for one generator's pickup must not be taken as
     * right for another generator's in the same sync (the check was once remembered per code only: the second
     * generator's drum was recorded as confirmed by the first generator's staff member).
     */
    @Test
    void aStaffCodeConfirmsOnlyItsOwnGeneratorsPickup_evenInTheSameSync() {
        Rounds.Generator g = generator();
        Rounds.Generator other = generator();
        var mine = pickup(g.id(), 1);
        var theirs = pickup(other.id(), 1);
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        Instant t = Instant.now().minus(10, ChronoUnit.MINUTES);
        sync(driver, List.of(
                event("COLLECT", mine.getValue().get(0), t, "manifestNumber", mine.getKey(), "weightKg", 150,
                        "confirmation", confirmation(g.staff(), "246810")),
                event("COLLECT", theirs.getValue().get(0), t, "manifestNumber", theirs.getKey(), "weightKg", 150,
                        "confirmation", confirmation(g.staff(), "246810"))))
                .statusCode(200).body("results.result", equalTo(List.of("APPLIED", "APPLIED")));
        assertEquals("CONFIRMED", facts(mine.getValue().get(0), "CONTAINER_COLLECTED").get("confirmation"));
        Map<String, Object> theirFacts = facts(theirs.getValue().get(0), "CONTAINER_COLLECTED");
        assertEquals("WRONG_CODE", theirFacts.get("confirmation"), "another generator's staff cannot confirm this pickup: " + theirFacts);
        assertTrue(!theirFacts.containsKey("confirmedByUserId"), String.valueOf(theirFacts));
        as("collector").get("/api/manifests/" + theirs.getKey()).then().statusCode(200)
                .body("lines[0].containers.pickupConfirmation", equalTo(List.of("UNCONFIRMED")));
    }

    @Test
    void aPickupNeitherConfirmedNorDisputedRaisesAnAlertAfterFiveWorkingDays() {
        Rounds.Generator g = generator();
        var pickup = pickup(g.id(), 1);
        String label = pickup.getValue().get(0);
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        sync(driver, List.of(event("COLLECT", label, Instant.now(), "manifestNumber", pickup.getKey(), "weightKg", 150)))
                .statusCode(200).body("results[0].result", equalTo("APPLIED"));
        alerts.evaluate(Instant.now().plus(2, ChronoUnit.DAYS));
        assertTrue(pickupAlerts(g.id(), label).isEmpty(), "not yet due");
        alerts.evaluate(Instant.now().plus(10, ChronoUnit.DAYS));
        List<Map<String, Object>> raised = pickupAlerts(g.id(), label);
        assertEquals(1, raised.size());
        assertTrue(String.valueOf(raised.get(0).get("details")).contains("MISSING at the stop"), String.valueOf(raised.get(0)));
        // confirmed late: the next evaluation closes it
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Fixtures.command("decision", "CONFIRM"))
                .post("/api/manifests/" + pickup.getKey() + "/pickup-confirmation").then().statusCode(200);
        alerts.evaluate(Instant.now().plus(10, ChronoUnit.DAYS));
        assertEquals("CLOSED", pickupAlerts(g.id(), label).get(0).get("state"));
    }

    @Test
    void guessingCodesIsThrottled_evenTheRightCodeIsRefusedOnceLocked() {
        Rounds.Generator g = generator();
        var pickup = pickup(g.id(), 7);
        List<String> drums = pickup.getValue();
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        Instant t = Instant.now();
        List<Map<String, Object>> events = new ArrayList<>();
        String[] guesses = {"100001", "100002", "100003", "100004", "100005", "246810", "100007"};
        for (int i = 0; i < drums.size(); i++) {
            events.add(event("COLLECT", drums.get(i), t, "manifestNumber", pickup.getKey(), "weightKg", 150,
                    "confirmation", confirmation(g.staff(), guesses[i])));
        }
        sync(driver, events).statusCode(200).body("counts.applied", equalTo(7));
        List<Object> checks = drums.stream().map(d -> facts(d, "CONTAINER_COLLECTED").get("confirmation")).map(Object.class::cast).toList();
        assertEquals(List.of("WRONG_CODE", "WRONG_CODE", "WRONG_CODE", "WRONG_CODE", "WRONG_CODE", "LOCKED", "LOCKED"), checks,
                "after five wrong codes the right one no longer confirms: guessing cannot succeed; every collection is kept");
        // a new code starts a new count
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Map.of("password", g.password(), "code", "975310"))
                .put("/api/auth/me/confirmation-code").then().statusCode(204);
        var next = pickup(g.id(), 1);
        sync(driver, List.of(event("COLLECT", next.getValue().get(0), t, "manifestNumber", next.getKey(), "weightKg", 150,
                "confirmation", confirmation(g.staff(), "975310")))).statusCode(200);
        assertEquals("CONFIRMED", facts(next.getValue().get(0), "CONTAINER_COLLECTED").get("confirmation"));
    }

    @Test
    void aConfirmationCodeIsSetWithThePasswordAndIsNotTrivial() {
        Rounds.Generator g = generator();
        Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Map.of("password", "wrong-password", "code", "864213"))
                .put("/api/auth/me/confirmation-code").then().statusCode(422).body("type", containsString("password"));
        for (String weak : List.of("123456", "111111", "654321", "12345", "abcdef")) {
            Api.as(g.staff(), g.password()).contentType(ContentType.JSON).body(Map.of("password", g.password(), "code", weak))
                    .put("/api/auth/me/confirmation-code").then().statusCode(422).body("type", containsString("confirmation-code"));
        }
        as("driver").body(Map.of("password", "demo-driver", "code", "864213")).put("/api/auth/me/confirmation-code").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("password", "x", "code", "864213")).put("/api/auth/me/confirmation-code").then()
                .statusCode(401);
    }

    private static Map<String, Object> stop(long round, int seq, String outcome, String reason, Instant t) {
        Map<String, Object> e = new HashMap<>(event("STOP_OUTCOME", null, t, "roundId", round, "stopSeq", seq, "outcome", outcome));
        e.remove("labelId");
        if (reason != null) {
            e.put("reason", reason);
        }
        return e;
    }

    private static List<Map<String, Object>> pickupAlerts(long generator, String label) {
        List<Map<String, Object>> items = as("regulator").get("/api/alerts?size=200&rule=PICKUP_UNCONFIRMED&partyId=" + generator)
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(a -> label.equals(a.get("subjectKey"))).toList();
    }
}
