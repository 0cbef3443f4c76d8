package cn.hazchain.planning;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.PickupRequests;
import cn.hazchain.support.PlanningJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The story of issue #17, as the people in it live it: ten generators ask for a pickup; the collector's operator
 * accepts eight, declines one with a reason and leaves one for later; the solver plans the eight on two small
 * vehicles without breaking a capacity, an opening hour or a co-loading rule (an acid and an alkali travel apart);
 * the operator moves a stop and re-plans; the rounds reach the drivers' offline kits; the driver collects, and the
 * generator's ledger shows the pickup.
 */
@QuarkusTest
class PickupToRoundScenarioTest {

    static final String ACID = "900-300-34";
    static final String ALKALI = "900-352-35";
    /** A day no other test asks pickups for (they ask for the next week; the demo's requests start ten days ahead). */
    static final LocalDate DAY = LocalDate.now(PickupRequests.ZONE).plusDays(9);

    record Generator(long partyId, String username, String password) {
    }

    long collector;

    @org.junit.jupiter.api.BeforeEach
    void demoCollector() {
        collector = Fixtures.partyIdOf("collector");
    }

    @Test
    void tenGeneratorsAsk_eightAreAccepted_twoVehiclesArePlanned_theKitAndTheLedgerShowIt() {
        Fixtures.collectorLicensedForAcidsAndAlkalis();
        long storagePoint = aNewStoragePointOfTheCollector();
        List<Long> vehicles = List.of(aSmallVehicle(), aSmallVehicle());
        List<Long> drivers = List.of(userId("driver"), aSecondDriver());

        // 1. Ten generators ask for a pickup on the planned day or the day before
        List<Generator> generators = new ArrayList<>();
        List<Integer> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Generator g = aGenerator(i);
            generators.add(g);
            requests.add(PickupRequests.ask(g.username(), g.password(), requestOf(i)).statusCode(201).extract().path("id"));
        }

        // 2. The operator sees them coming in, accepts eight, declines one with a reason, leaves one undecided
        List<Integer> incoming = as("collector").get("/api/pickup-requests?status=REQUESTED&size=200").then().statusCode(200).extract().path("items.id");
        assertTrue(incoming.containsAll(requests));
        for (int i = 0; i < 8; i++) {
            as("collector").post("/api/pickup-requests/" + requests.get(i) + "/accept").then().statusCode(200).body("status", equalTo("ACCEPTED"));
            as("collector").post("/api/pickup-requests/" + requests.get(i) + "/manifest").then().statusCode(201);
        }
        as("collector").body(Map.of("reason", "该废物不在本公司许可范围内，请联系有资质单位 not on our licence"))
                .post("/api/pickup-requests/" + requests.get(8) + "/decline").then().statusCode(200);
        given().auth().oauth2(token(generators.get(8))).get("/api/pickup-requests/" + requests.get(8)).then().statusCode(200)
                .body("status", equalTo("DECLINED")).body("reason", equalTo("该废物不在本公司许可范围内，请联系有资质单位 not on our licence"));

        // 3. The solver plans the day on the two vehicles: all eight, no rule broken, the acid and the alkali apart
        Map<String, Object> body = Map.of("requestId", UUID.randomUUID().toString(), "date", DAY.toString(), "storagePointId", storagePoint,
                "vehicles", List.of(Map.of("vehicleId", vehicles.get(0), "driverUserId", drivers.get(0)),
                        Map.of("vehicleId", vehicles.get(1), "driverUserId", drivers.get(1), "shiftStart", "08:30", "shiftEnd", "17:00")),
                "seconds", 2);
        JsonPath plan = PlanningJobs.plan("collector", "/api/round-plans", body);
        as("collector").body(body).post("/api/round-plans").then().statusCode(202).header("Idempotent-Replay", "true")
                .body("planId", equalTo(plan.getInt("id")));
        assertPlanBreaksNoRule(plan, requests.subList(0, 8));
        assertEquals(2, plan.getList("rounds").size(), "1,500 kg vehicles: the day's 2,400 kg need both");
        assertFalse(planned(plan).contains(requests.get(8)), "declined");
        assertFalse(planned(plan).contains(requests.get(9)), "not decided yet");
        as("collector").body(body).post("/api/round-plans").then().statusCode(202);

        // 4. The operator moves the acid's stop to the other vehicle and re-plans: the pin holds, still no rule broken
        long acidOn = vehicleOf(plan, requests.get(0));
        long other = acidOn == vehicles.get(0) ? vehicles.get(1) : vehicles.get(0);
        JsonPath again = PlanningJobs.plan("collector", "/api/round-plans/" + plan.getInt("id") + "/replan", Map.of("requestId",
                UUID.randomUUID().toString(), "seconds", 2, "pins", List.of(Map.of("pickupRequestId", requests.get(0), "vehicleId", other))));
        assertPlanBreaksNoRule(again, requests.subList(0, 8));
        assertEquals(other, vehicleOf(again, requests.get(0)));
        assertNotEquals(vehicleOf(again, requests.get(0)), vehicleOf(again, requests.get(1)), "the alkali moved away from the acid");
        as("collector").get("/api/round-plans/" + plan.getInt("id")).then().body("supersededAt", org.hamcrest.Matchers.notNullValue());
        as("collector").get("/api/pickup-requests/" + requests.get(0)).then().body("status", equalTo("SCHEDULED"))
                .body("scheduledDate", equalTo(DAY.toString()));

        // 5. The rounds reach the drivers' offline kits, with each stop's manifest and labels; the superseded ones do not
        String serial = enrolledHandheld();
        String shift = given().contentType(ContentType.JSON).body(Map.of("deviceSerial", serial, "username", "driver", "password", "demo-driver"))
                .post("/api/mobile/v1/sessions").then().statusCode(201).extract().path("access_token");
        JsonPath kit = given().auth().oauth2(shift).get("/api/mobile/v1/offline-kit?date=" + DAY).then().statusCode(200).extract().jsonPath();
        Map<String, Object> mine = again.getList("rounds", Map.class).stream().filter(r -> ((Number) r.get("driverUserId")).longValue() == drivers.get(0))
                .findFirst().orElseThrow();
        List<Integer> kitRounds = kit.getList("rounds.id");
        assertEquals(List.of(((Number) mine.get("roundId")).intValue()), kitRounds, "the driver's planned round, and only the current one");
        List<String> kitLabels = kit.getList("rounds[0].stops.openManifests.flatten().containers.flatten().labelId");
        assertFalse(kitLabels.isEmpty());

        // 6. The driver collects the first stop's drums on that round; its generator's ledger shows the pickup
        Map<String, Object> firstStop = kit.getMap("rounds[0].stops[0]");
        long generatorId = ((Number) firstStop.get("generatorPartyId")).longValue();
        Generator g = generators.stream().filter(x -> x.partyId() == generatorId).findFirst().orElseThrow();
        String manifest = kit.getString("rounds[0].stops[0].openManifests[0].number");
        List<String> drums = kit.getList("rounds[0].stops[0].openManifests[0].containers.labelId");
        String code = kit.getString("rounds[0].stops[0].openManifests[0].containers[0].wasteCode");
        for (String label : drums) {
            as("driver").body(Fixtures.command("manifestNumber", manifest, "weightKg", 150, "roundId", kitRounds.get(0)))
                    .post("/api/containers/" + label + "/collect").then().statusCode(200);
        }
        // 7. Planned against done, for the operator and the regulator: the first stop collected, the others still to come
        for (String who : List.of("collector", "regulator")) {
            as(who).get("/api/round-plans/rounds/" + kitRounds.get(0) + "/execution").then().statusCode(200)
                    .body("stopsCollected", equalTo(1)).body("stopsDetail[0].collectedContainers", equalTo(drums.size()))
                    .body("stopsDetail[0].plannedArrival", org.hamcrest.Matchers.notNullValue())
                    .body("collectedKg", equalTo(150.0f * drums.size())).body("plannedMetres", org.hamcrest.Matchers.greaterThan(0));
        }
        given().auth().oauth2(token(g)).get("/api/round-plans/rounds/" + kitRounds.get(0) + "/execution").then().statusCode(403);

        String month = LocalDate.now(PickupRequests.ZONE).toString().substring(0, 7);
        given().auth().oauth2(token(g)).get("/api/generators/" + g.partyId() + "/ledger?year=" + LocalDate.now(PickupRequests.ZONE).getYear()).then().statusCode(200)
                .body("rows.find { it.month == '" + month + "' && it.wasteCode == '" + code + "' }.handedOverKg", equalTo(150.0f * drums.size()))
                .body("rows.find { it.month == '" + month + "' && it.wasteCode == '" + code + "' }.handedOverContainers", equalTo(drums.size()));
        given().auth().oauth2(token(g)).get("/api/generators/" + g.partyId() + "/management-plan-draft").then().statusCode(200)
                .body("wastes.find { it.wasteCode == '" + code + "' }.containers", equalTo(drums.size()))
                .body("wastes.find { it.wasteCode == '" + code + "' }.collectors", org.hamcrest.Matchers.hasItem("江阴锦绣江南环境服务有限公司"));
    }

    // ---- the story's checks ---------------------------------------------------------------------------------------

    static void assertPlanBreaksNoRule(JsonPath plan, List<Integer> accepted) {
        assertEquals(List.of(), plan.getList("broken"), "PlanCheck finds nothing broken");
        assertTrue(plan.getString("score").startsWith("0hard/0medium/"), plan.getString("score"));
        assertEquals(8, plan.getInt("plannedRequests"));
        assertEquals(0, plan.getInt("unplannedRequests"));
        assertTrue(planned(plan).containsAll(accepted));
        for (Map<?, ?> r : plan.getList("rounds", Map.class)) {
            assertTrue(((Number) r.get("kg")).doubleValue() <= 1500, "kg within capacity: " + r);
            assertTrue(((Number) r.get("litres")).longValue() <= 1600, "litres within capacity: " + r);
            List<?> codes = ((List<?>) r.get("stops")).stream().flatMap(s -> ((List<?>) ((Map<?, ?>) s).get("codes")).stream()).toList();
            assertFalse(codes.contains(ACID) && codes.contains(ALKALI), "an acid and an alkali on one vehicle: " + r);
            for (Object o : (List<?>) r.get("stops")) {
                Map<?, ?> s = (Map<?, ?>) o;
                String[] window = ((String) s.get("window")).split("-");
                LocalTime at = LocalTime.parse((String) s.get("plannedArrival"));
                assertFalse(at.isBefore(LocalTime.parse(window[0])) || at.isAfter(LocalTime.parse(window[1])), "arrival within opening hours: " + s);
            }
        }
    }

    static List<Integer> planned(JsonPath plan) {
        return plan.getList("rounds.stops.flatten().pickupRequestIds.flatten()");
    }

    static long vehicleOf(JsonPath plan, int request) {
        for (Map<?, ?> r : plan.getList("rounds", Map.class)) {
            for (Object s : (List<?>) r.get("stops")) {
                if (((List<?>) ((Map<?, ?>) s).get("pickupRequestIds")).contains(request)) {
                    return ((Number) r.get("vehicleId")).longValue();
                }
            }
        }
        throw new AssertionError("request " + request + " is not planned");
    }

    // ---- the people and things in it -----------------------------------------------------------------------------

    /** Request i: 0 an acid, 1 an alkali, the others waste oil or rags; 300 kg and 400 L each; 5 and 6 open mornings only. */
    Map<String, Object> requestOf(int i) {
        String code = i == 0 ? ACID : i == 1 ? ALKALI : i % 2 == 0 ? "900-214-08" : "900-041-49";
        Map<String, Object> body = PickupRequests.request(collector, List.of(PickupRequests.line(code, i == 3 ? "SOLID" : "LIQUID", "废液废油",
                i == 3 ? "BAG" : "DRUM", 2, 200, 300)));
        body.put("earliestDate", DAY.minusDays(1).toString());
        body.put("latestDate", DAY.toString());
        if (i == 5 || i == 6) {
            body.put("windowStart", "08:00");
            body.put("windowEnd", "12:00");
        }
        return body;
    }

    Generator aGenerator(int i) {
        Map<String, Object> p = Fixtures.party("GENERATOR", "江阴市测试产废单位" + i + "号 " + System.nanoTime());
        p.put("address", "江阴市华士镇工业园" + i + "号");
        p.put("contactName", "张" + i);
        p.put("latitude", 31.80 + 0.03 * (i % 5));
        p.put("longitude", 120.15 + 0.06 * (i / 5) + 0.01 * i);
        long id = Fixtures.createParty(p);
        String username = "scenario-gen-" + i + "-" + System.nanoTime() % 100000;
        return new Generator(id, username, Fixtures.createUser(username, id, "GENERATOR_STAFF"));
    }

    long aNewStoragePointOfTheCollector() {
        Map<String, Object> p = Fixtures.party("STORAGE_POINT", "锦绣江南收集贮存点（测试）" + System.nanoTime());
        p.put("parentId", collector);
        p.put("address", "江阴市临港开发区滨江西路92号");
        p.put("latitude", 31.941);
        p.put("longitude", 120.172);
        return Fixtures.createParty(p);
    }

    long aSmallVehicle() {
        String plate = "苏B" + (10000 + System.nanoTime() % 90000);
        return ((Number) as("collector").body(Map.of("ownerPartyId", collector, "plate", plate, "dgPermitNo", "苏交运危" + plate,
                        "capacityKg", 1500, "capacityLitres", 1600, "dgPermitValidTo", DAY.plusYears(1).toString()))
                .post("/api/vehicles").then().statusCode(201).extract().path("id")).longValue();
    }

    long aSecondDriver() {
        String username = "scenario-driver-" + System.nanoTime() % 100000;
        String password = Fixtures.createUser(username, collector, "DRIVER");
        return ((Number) as(username, password).get("/api/auth/me").then().extract().path("userId")).longValue();
    }

    String enrolledHandheld() {
        String serial = "HH-PLAN-" + System.nanoTime() % 1_000_000;
        as("admin").body(Map.of("serial", serial, "ownerPartyId", collector, "model", "Test scanner")).post("/api/devices").then().statusCode(201);
        return serial;
    }

    static long userId(String username) {
        return ((Number) as(username).get("/api/auth/me").then().extract().path("userId")).longValue();
    }

    static String token(Generator g) {
        return cn.hazchain.support.Api.token(g.username(), g.password());
    }
}
