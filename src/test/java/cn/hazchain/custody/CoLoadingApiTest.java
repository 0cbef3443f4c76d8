package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Co-loading compatibility against the real database (issue #17, point 3): the rules are public data with their
 * sources; an acid and an alkali are refused on one round, on one round's vehicle at collection, and on one transfer,
 * each with a 422 naming the pair.
 */
@QuarkusTest
class CoLoadingApiTest {

    static final String ACID = "900-300-34";
    static final String ALKALI = "900-352-35";

    long collector;
    long storage;
    long receiver;
    int vehicle;
    int driver;

    @BeforeEach
    void licensed() {
        Fixtures.collectorLicensedForAcidsAndAlkalis();
        collector = Fixtures.partyIdOf("collector");
        storage = Fixtures.partyIdOf("keeper");
        receiver = Fixtures.partyIdOf("receiver");
        vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");
        driver = as("driver").get("/api/auth/me").then().extract().path("userId");
    }

    /** A pickup of one drum of {@code code} at a new generator: its manifest number and label. */
    static String[] drum(long generator, String code) {
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", List.of(Manifests.line(code, "LIQUID", "废液", List.of(Manifests.container("DRUM", 200, 180)))));
        String number = Manifests.open(body).log().ifValidationFails().statusCode(201).extract().path("number");
        String label = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        return new String[] {number, label};
    }

    static long generator(String name) {
        Map<String, Object> g = Fixtures.party("GENERATOR", name + " " + System.nanoTime());
        g.put("address", "江阴市申港街道" + name + "路1号");
        g.put("contactName", "王经理");
        g.put("latitude", 31.93);
        g.put("longitude", 120.20);
        return Fixtures.createParty(g);
    }

    Map<String, Object> stop(long generator, String... codes) {
        return Map.of("generatorPartyId", generator, "expectedCodes", List.of(codes), "expectedContainers", 1);
    }

    Map<String, Object> round(List<Map<String, Object>> stops) {
        return Map.of("requestId", UUID.randomUUID().toString(), "date", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(),
                "vehicleId", vehicle, "driverUserId", driver, "stops", stops);
    }

    @Test
    void rules_arePublic_withTheirSources() {
        Api.anonymous().get("/api/coloading-rules").then().statusCode(200)
                .body("rules.find { it.groupA == 'ACID' && it.groupB == 'ALKALI' }.source", equalTo("GB18597-2001-A"))
                .body("members.ACID", hasItems("HW34", "900-052-31"))
                .body("sources.id", hasItems("GB18597-2023", "GB18597-2001-A", "JTT617-2018", "MWM-REG-2003"));
    }

    @Test
    void round_failsUnprocessable_namingThePair_whenItsStopsExpectAnAcidAndAnAlkali() {
        long a = generator("酸洗厂");
        long b = generator("碱洗厂");
        as("collector").body(round(List.of(stop(a, ACID), stop(b, ALKALI, "900-249-08")))).post("/api/rounds").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("coloading-incompatible"))
                .body("incompatiblePair", equalTo(List.of(ACID, ALKALI)))
                .body("detail", containsString("强酸与强碱"));
    }

    record AcidThenAlkali(long alkaliGenerator, String[] acid, String[] alkali, int roundId) {
    }

    /**
     * An acid drum at one new generator, an alkali drum at another, and a round with both stops; the second stop's
     * waste was not announced: the round is planned, and the driver finds an alkali there.
     */
    AcidThenAlkali acidThenAlkali() {
        long a = generator("酸洗厂");
        long b = generator("碱洗厂");
        String[] acid = drum(a, ACID);
        String[] alkali = drum(b, ALKALI);
        int roundId = as("collector").body(round(List.of(stop(a, ACID), stop(b)))).post("/api/rounds").then().statusCode(201).extract().path("id");
        return new AcidThenAlkali(b, acid, alkali, roundId);
    }

    @Test
    void collect_failsUnprocessable_whenTheRoundsVehicleAlreadyCarriesAnIncompatibleWaste() {
        AcidThenAlkali r = acidThenAlkali();
        String[] acid = r.acid();
        String[] alkali = r.alkali();
        int roundId = r.roundId();
        as("driver").body(Fixtures.command("manifestNumber", acid[0], "weightKg", 181, "roundId", roundId))
                .post("/api/containers/" + acid[1] + "/collect").then().statusCode(200);
        as("driver").body(Fixtures.command("manifestNumber", alkali[0], "weightKg", 179, "roundId", roundId))
                .post("/api/containers/" + alkali[1] + "/collect").then().statusCode(422)
                .body("type", containsString("coloading-incompatible"))
                .body("incompatiblePair", equalTo(List.of(ACID, ALKALI)))
                .body("detail", containsString("round " + roundId));
        as("collector").get("/api/manifests/" + alkali[0]).then().body("lines[0].containers[0].state", equalTo("ISSUED"));
        // once the acid is unloaded at the storage point, the vehicle may take the alkali
        as("keeper").body(Fixtures.command("storagePointId", storage, "weightKg", 181)).post("/api/containers/" + acid[1] + "/store")
                .then().statusCode(200);
        as("driver").body(Fixtures.command("manifestNumber", alkali[0], "weightKg", 179, "roundId", roundId))
                .post("/api/containers/" + alkali[1] + "/collect").then().statusCode(200);
    }

    @jakarta.inject.Inject
    CustodyCommands custody;

    /**
     * The same inside one unit of work (a handheld's sync chunk of a user who drives and keeps the point): what is
     * unloaded earlier in the unit no longer rides on the vehicle, as it would not in a later request. (The unit once
     * only added codes to what the vehicle carried, and refused the alkali for the acid stored just before.)
     */
    @Test
    void collect_inOneUnitOfWork_seesWhatWasUnloadedEarlierInIt() {
        AcidThenAlkali planned = acidThenAlkali();
        String[] acid = planned.acid();
        String[] alkali = planned.alkali();
        String[] alkali2 = drum(planned.alkaliGenerator(), ALKALI);
        int roundId = planned.roundId();
        cn.hazchain.custody.domain.Situation.Actor driverKeeper = new cn.hazchain.custody.domain.Situation.Actor(driver, collector,
                java.util.Set.of(cn.hazchain.security.Role.DRIVER, cn.hazchain.security.Role.STORAGE_KEEPER));
        java.time.Instant now = java.time.Instant.now();
        List<Outcome> outcomes = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> custody.handle(driverKeeper, now, false, List.of(
                request(acid[1], new cn.hazchain.custody.domain.CustodyCommand.Collect(acid[0], new java.math.BigDecimal("181"), null, (long) roundId, null)),
                // before the acid is unloaded: refused, as over two requests
                request(alkali2[1], new cn.hazchain.custody.domain.CustodyCommand.Collect(alkali2[0], new java.math.BigDecimal("179"), null,
                        (long) roundId, null)),
                request(acid[1], new cn.hazchain.custody.domain.CustodyCommand.Store(storage, new java.math.BigDecimal("181"))),
                request(alkali[1], new cn.hazchain.custody.domain.CustodyCommand.Collect(alkali[0], new java.math.BigDecimal("179"), null,
                        (long) roundId, null)))));
        org.junit.jupiter.api.Assertions.assertTrue(outcomes.get(0) instanceof Outcome.Applied, String.valueOf(outcomes.get(0)));
        org.junit.jupiter.api.Assertions.assertTrue(outcomes.get(1) instanceof Outcome.Refused r
                && r.rejection().slug().equals("coloading-incompatible"), String.valueOf(outcomes.get(1)));
        org.junit.jupiter.api.Assertions.assertTrue(outcomes.get(2) instanceof Outcome.Applied, String.valueOf(outcomes.get(2)));
        org.junit.jupiter.api.Assertions.assertTrue(outcomes.get(3) instanceof Outcome.Applied, "the acid was unloaded first: " + outcomes.get(3));
        as("collector").get("/api/manifests/" + alkali[0]).then().body("lines[0].containers[0].state", equalTo("COLLECTED"));
    }

    static CustodyCommands.Request request(String label, cn.hazchain.custody.domain.CustodyCommand command) {
        return new CustodyCommands.Request(label, command, null, UUID.randomUUID(), cn.hazchain.custody.log.Context.NONE, false);
    }

    @Test
    void transfer_failsUnprocessable_namingThePair_beforeTheReceiversLicence() {
        String[] acid = drum(generator("酸洗厂"), ACID);
        String[] alkali = drum(generator("碱洗厂"), ALKALI);
        String[] oil = drum(generator("修理厂"), "900-249-08");
        for (String[] d : List.of(acid, alkali, oil)) {
            as("driver").body(Fixtures.command("manifestNumber", d[0], "weightKg", 180, "vehicleId", vehicle))
                    .post("/api/containers/" + d[1] + "/collect").then().statusCode(200);
            as("keeper").body(Fixtures.command("storagePointId", storage, "weightKg", 180)).post("/api/containers/" + d[1] + "/store")
                    .then().statusCode(200);
        }
        as("collector").body(Fixtures.command("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle,
                        "labelIds", List.of(oil[1], acid[1], alkali[1]))).post("/api/transfers").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("coloading-incompatible"))
                .body("incompatiblePair", equalTo(List.of(ACID, ALKALI)))
                .body("groups", equalTo(List.of("ACID", "ALKALI")))
                .body("source", equalTo("GB18597-2001-A"));
        // a lot holds one waste code: an alkali never joins the acid's lot
        as("keeper").body(Fixtures.command("storagePointId", storage, "wasteCode", ACID, "labelIds", List.of(acid[1])))
                .post("/api/lots").then().statusCode(201);
        as("keeper").body(Fixtures.command("storagePointId", storage, "wasteCode", ACID, "labelIds", List.of(alkali[1])))
                .post("/api/lots").then().statusCode(422).body("detail", containsString("lot is for " + ACID + " only"));

    }
}
