package cn.hazchain.custody;

import static cn.hazchain.custody.CollectionRoundTest.cmd;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Custody findings of the adversarial probe (issue #19, findings 5, 7, 8 and 9a) and the one visibility policy
 * (issue #13, point 5), each through the API: a collector with a storage point, two receivers, their people.
 */
@QuarkusTest
class CustodyHardeningTest {

    static final String OIL = "900-249-08";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    static int suffix;
    static long collector;
    static long storage;
    static long receiverA;
    static long receiverB;
    static long vehicle;
    static String operator;
    static String driver;
    static String keeper;
    static String operatorA;
    static String operatorB;

    private static boolean built;

    /** The test's parties and people, made once (on first use: the service is up by then). */
    static synchronized void world() {
        if (built) {
            return;
        }
        built = true;
        suffix = (int) (System.nanoTime() % 1_000_000);
        collector = Fixtures.createParty("COLLECTOR", "加固测试收运公司" + suffix);
        Map<String, Object> point = Fixtures.party("STORAGE_POINT", "加固测试贮存点" + suffix);
        point.put("parentId", collector);
        storage = Fixtures.createParty(point);
        receiverA = Fixtures.createParty("RECEIVER", "加固测试处置厂甲" + suffix);
        receiverB = Fixtures.createParty("RECEIVER", "加固测试处置厂乙" + suffix);
        licence(collector, "COLLECTION");
        licence(receiverA, "COMPREHENSIVE");
        licence(receiverB, "COMPREHENSIVE");
        operator = user("hdop" + suffix, collector, "COLLECTOR_OPERATOR");
        driver = user("hddrv" + suffix, collector, "DRIVER");
        keeper = user("hdkpr" + suffix, storage, "STORAGE_KEEPER");
        operatorA = user("hdrcva" + suffix, receiverA, "RECEIVER_OPERATOR");
        operatorB = user("hdrcvb" + suffix, receiverB, "RECEIVER_OPERATOR");
        vehicle = ((Number) as("admin").body(Map.of("ownerPartyId", collector, "plate", "苏BH" + String.format("%05d", suffix % 100000),
                "dgPermitNo", "苏交运管危字H" + suffix, "capacityKg", 5000, "dgPermitValidTo", "2030-12-31")).post("/api/vehicles").then().statusCode(201).extract().path("id")).longValue();
    }

    @BeforeEach
    void setUp() {
        world();
    }

    static void licence(long holder, String kind) {
        as("admin").body(Map.of("number", "HD-" + kind + "-" + holder, "holderPartyId", holder, "kind", kind, "permitted", List.of("HW08"),
                        "approvedAnnualTonnes", 100, "validFrom", TODAY.minusDays(30).toString(), "validTo", TODAY.plusDays(365).toString()))
                .post("/api/licences").then().statusCode(201);
    }

    static final java.util.Set<String> OWN_USERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static String user(String username, long party, String role) {
        Fixtures.createUser(username, party, role);
        OWN_USERS.add(username);
        return username;
    }

    /** Signed in as a demo user, or as one of this test's users (password "pw-" + username + "-long"). */
    static io.restassured.specification.RequestSpecification as(String username) {
        return OWN_USERS.contains(username) ? io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .auth().oauth2(Api.token(username, "pw-" + username + "-long")) : Api.as(username);
    }

    /** Two drums of waste oil on a new manifest of a demo generator; answers [manifest number, label, label]. */
    static String[] drums(int generator) {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(generator));
        body.put("collectorPartyId", collector);
        body.put("lines", List.of(Manifests.line(OIL, "LIQUID", "废矿物油", List.of(Manifests.container("DRUM", 200, 150), Manifests.container("DRUM", 200, 150)))));
        String number = as(operator).body(body).post("/api/manifests").then().statusCode(201).extract().path("number");
        List<String> labels = as(operator).get("/api/manifests/" + number).then().extract().path("lines[0].containers.labelId");
        return new String[] {number, labels.get(0), labels.get(1)};
    }

    static void collectAndStore(String manifest, String label) {
        as(driver).body(cmd("manifestNumber", manifest, "weightKg", 150)).post("/api/containers/" + label + "/collect").then().statusCode(200);
        as(keeper).body(cmd("storagePointId", storage, "weightKg", 150)).post("/api/containers/" + label + "/store").then().statusCode(200);
    }

    static String transfer(long receiver, String... labels) {
        return as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle, "labelIds", List.of(labels)))
                .post("/api/transfers").then().statusCode(201).extract().path("number");
    }

    static void load(String transfer, String label) {
        as(driver).body(cmd("labelId", label)).post("/api/transfers/" + transfer + "/load").then().statusCode(200);
    }

    // ---- finding 5: a reused id never reports success for something that did not happen ------------------------

    @Test
    void collect_fails_withConflict_whenTheCommandIdWasUsedForAnotherContainer() {
        String[] m = drums(20);
        String commandId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("commandId", commandId, "manifestNumber", m[0], "weightKg", 150);
        as(driver).body(body).post("/api/containers/" + m[1] + "/collect").then().statusCode(200);
        as(driver).body(body).post("/api/containers/" + m[1] + "/collect").then().statusCode(200).header("Idempotent-Replay", "true");
        as(driver).body(body).post("/api/containers/" + m[2] + "/collect").then().statusCode(409)
                .body("detail", containsString("different COLLECT request")).body("detail", containsString("not applied"));
        as(driver).body(Map.of("commandId", commandId, "manifestNumber", m[0], "weightKg", 151)).post("/api/containers/" + m[1] + "/collect")
                .then().statusCode(409);
        as(driver).get("/api/containers/" + m[2]).then().body("state", equalTo("ISSUED"));
    }

    // ---- finding 7: missing checks ------------------------------------------------------------------------------

    @Test
    void dispose_fails_whenDatedBeforeTheContainerWasReceived() {
        String[] m = drums(21);
        collectAndStore(m[0], m[1]);
        String t = transfer(receiverA, m[1]);
        load(t, m[1]);
        as(operatorA).body(cmd("transferNumber", t, "weightKg", 150, "acceptance", "ACCEPTED")).post("/api/containers/" + m[1] + "/receive")
                .then().statusCode(200);
        as(operatorA).body(cmd("method", "D10", "certificateNumber", "HD-1", "disposedOn", "1900-01-01")).post("/api/containers/" + m[1] + "/dispose")
                .then().statusCode(422).body("type", containsString("disposal-date")).body("detail", containsString("before the container was received"));
        as(operatorA).body(cmd("method", "D10", "certificateNumber", "HD-1", "disposedOn", TODAY.toString())).post("/api/containers/" + m[1] + "/dispose")
                .then().statusCode(200).body("state", equalTo("DISPOSED"));
    }

    @Test
    void createTransfer_fails_forADriverWhoIsNotTheCarriersDriver() {
        String[] m = drums(22);
        collectAndStore(m[0], m[1]);
        long otherCollector = Fixtures.createParty("COLLECTOR", "加固测试另一收运公司" + suffix);
        String otherDriver = user("hdodrv" + suffix, otherCollector, "DRIVER");
        for (long driverId : new long[] {userId(otherDriver), userId(operatorA)}) {
            as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiverA, "vehicleId", vehicle, "driverUserId", driverId,
                            "labelIds", List.of(m[1]))).post("/api/transfers").then().statusCode(422)
                    .body("type", containsString("transfer-driver")).body("detail", containsString("not an active DRIVER of the carrier"));
        }
        as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiverA, "vehicleId", vehicle, "driverUserId", 987654321,
                        "labelIds", List.of(m[1]))).post("/api/transfers").then().statusCode(422)
                .body("detail", containsString("is not a user")).body("detail", not(containsString("fkey")));
        as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiverA, "vehicleId", vehicle, "driverUserId", userId(driver),
                "labelIds", List.of(m[1]))).post("/api/transfers").then().statusCode(201);
    }

    static long userId(String username) {
        return ((Number) as(username).get("/api/auth/me").then().statusCode(200).extract().path("userId")).longValue();
    }

    // ---- finding 8: a refusing receiver does not watch where the waste goes next -------------------------------

    @Test
    void aRefusingReceiver_seesTheContainerOnlyUpToItsRefusal() {
        String[] m = drums(23);
        collectAndStore(m[0], m[1]);
        String first = transfer(receiverA, m[1]);
        load(first, m[1]);
        as(operatorA).body(cmd("transferNumber", first, "weightKg", 150, "acceptance", "REFUSED", "reason", "标签不符")).post("/api/containers/" + m[1] + "/receive")
                .then().statusCode(200).body("state", equalTo("REFUSED"));
        as(keeper).body(cmd("storagePointId", storage, "weightKg", 150)).post("/api/containers/" + m[1] + "/store").then().statusCode(200);
        String second = transfer(receiverB, m[1]);
        load(second, m[1]);
        as(operatorB).body(cmd("transferNumber", second, "weightKg", 150, "acceptance", "ACCEPTED")).post("/api/containers/" + m[1] + "/receive")
                .then().statusCode(200);

        as(operatorA).get("/api/transfers/" + second).then().statusCode(404);
        // the first transfer counts the drum as refused there, for A and for everyone, not as received on the second
        for (String who : List.of(operatorA, operator, "regulator")) {
            as(who).get("/api/transfers/" + first).then().statusCode(200).body("containersByState.REFUSED", equalTo(1))
                    .body("containersByState.RECEIVED", nullValue()).body("declared", equalTo(1));
        }
        as(operatorB).get("/api/transfers/" + second).then().statusCode(200).body("containersByState.RECEIVED", equalTo(1));
        // and the transfer search totals and flags the first transfer with its refusal, the second with its receipt
        for (String who : List.of(operator, "regulator", operatorA)) {
            as(who).queryParam("transfer", first).get("/api/search/transfers").then().statusCode(200).body("total", equalTo(1))
                    .body("items[0].flags", hasItem("REFUSED")).body("items[0].refusedWeightKg", equalTo(150.0f))
                    .body("items[0].receivedWeightKg", equalTo(0.0f));
        }
        as(operator).queryParam("transfer", first).queryParam("flag", "REFUSED").get("/api/search/transfers").then().body("total", equalTo(1));
        // nor does A find its transfer through where the drum went next
        as(operatorA).queryParam("partyId", receiverB).get("/api/search/transfers").then().statusCode(200).body("items.number", not(hasItem(first)));
        as("regulator").queryParam("transfer", second).get("/api/search/transfers").then().statusCode(200)
                .body("items[0].flags", not(hasItem("REFUSED"))).body("items[0].receivedWeightKg", equalTo(150.0f))
                .body("items[0].refusedWeightKg", equalTo(0.0f));
        // the container itself, its row in the list and a handheld's scan: as it stood when A refused it
        String qr = as(operatorA).get("/api/containers/" + m[1]).then().statusCode(200).body("state", equalTo("REFUSED"))
                .body("version", equalTo(4)).extract().path("qrUrl");
        as(operatorA).queryParam("size", 200).get("/api/containers").then().statusCode(200)
                .body("items.find { it.labelId == '" + m[1] + "' }.state", equalTo("REFUSED"));
        as(operatorB).get("/api/containers/" + m[1]).then().body("state", equalTo("RECEIVED")).body("version", equalTo(7));
        String serial = "HH-HD" + suffix + "-" + System.nanoTime() % 100000;
        as("admin").body(Map.of("serial", serial, "ownerPartyId", receiverA, "model", "Test scanner")).post("/api/devices").then().statusCode(201);
        String shift = io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("deviceSerial", serial, "username", operatorA, "password", "pw-" + operatorA + "-long"))
                .post("/api/mobile/v1/sessions").then().statusCode(201).extract().path("access_token");
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).auth().oauth2(shift).body(Map.of("token", qr))
                .post("/api/mobile/v1/scan").then().statusCode(200).body("reason", equalTo("GENUINE"))
                .body("container.state", equalTo("REFUSED")).body("container.transferNumber", equalTo(first))
                .body("nextActions.size()", equalTo(0));
        as(operatorA).get("/api/transfers/" + second + "/lineage").then().statusCode(404);
        as(operatorA).get("/api/containers/" + m[1] + "/trail").then().statusCode(200)
                .body("type", equalTo(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED", "CONTAINER_STORED", "CONTAINER_LOADED", "CONTAINER_REFUSED")));
        as(operatorA).get("/api/containers/" + m[1] + "/lineage").then().statusCode(200)
                .body("transferNumber", equalTo(first)).body("receiver", containsString("处置厂甲")).body("acceptance", equalTo("REFUSED"))
                .body("state", equalTo("REFUSED"));
        as(operatorA).get("/api/transfers/" + first + "/lineage").then().statusCode(200)
                .body("containers[0].transferNumber", equalTo(first)).body("containers[0].acceptance", equalTo("REFUSED"))
                .body("containers[0].receiver", containsString("处置厂甲"));
        as(operatorA).queryParam("size", 200).get("/api/search/transfers").then().statusCode(200)
                .body("items.number", not(hasItem(second))).body("items.number", hasItem(first));
        // in the container search, the drum's row names no transfer A may not see: the one it refused
        as(operatorA).queryParam("size", 200).get("/api/search/containers").then().statusCode(200)
                .body("items.find { it.labelId == '" + m[1] + "' }.transferNumber", equalTo(first));
        as(operatorB).queryParam("size", 200).get("/api/search/containers").then().statusCode(200)
                .body("items.find { it.labelId == '" + m[1] + "' }.transferNumber", equalTo(second));
        // and shows, filters, sorts and exports the drum as it stood when A refused it, never where it went next
        String row = "items.find { it.labelId == '" + m[1] + "' }";
        as(operatorA).queryParam("size", 200).get("/api/search/containers").then().statusCode(200)
                .body(row + ".state", equalTo("REFUSED")).body(row + ".acceptance", equalTo("REFUSED"))
                .body(row + ".custodianName", not(containsString("处置厂乙"))).body(row + ".flags", hasItem("REFUSED"));
        as(operatorA).queryParam("size", 200).queryParam("state", "REFUSED").queryParam("flag", "REFUSED").queryParam("partyId", receiverA)
                .queryParam("sort", "-lastEventAt").get("/api/search/containers").then().statusCode(200)
                .body("items.labelId", hasItem(m[1]));
        for (String[] probe : new String[][] {{"state", "RECEIVED"}, {"state", "IN_STORAGE"}, {"partyId", String.valueOf(receiverB)},
                {"transfer", second}}) {
            as(operatorA).queryParam("size", 200).queryParam(probe[0], probe[1]).get("/api/search/containers").then().statusCode(200)
                    .body("items.labelId", not(hasItem(m[1])));
        }
        String csv = as(operatorA).queryParam("manifest", m[0]).get("/api/search/containers.csv").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains(m[1]) && csv.contains("REFUSED") && !csv.contains("处置厂乙") && !csv.contains("RECEIVED"), csv);
        as(operatorB).queryParam("size", 200).queryParam("state", "RECEIVED").get("/api/search/containers").then().statusCode(200)
                .body(row + ".custodianName", containsString("处置厂乙"));
        // the regulator and the shipper see it all, as it is now
        as("regulator").get("/api/containers/" + m[1] + "/lineage").then().body("transferNumber", equalTo(second))
                .body("receiver", containsString("处置厂乙")).body("acceptance", equalTo("ACCEPTED"));
        as(operator).get("/api/containers/" + m[1] + "/trail").then().body("size()", equalTo(8));
        // the first transfer's lineage tells the first leg, for everyone
        as("regulator").get("/api/transfers/" + first + "/lineage").then().body("containers[0].acceptance", equalTo("REFUSED"))
                .body("containers[0].receiver", containsString("处置厂甲"));
        as(operatorB).get("/api/containers/" + m[1] + "/trail").then().statusCode(200).body("size()", equalTo(8));
    }

    @Test
    void aThirdPartyCarrier_seesItsTransferUpToTheReceipt_notTheDisposal() {
        long carrier = Fixtures.createParty("CARRIER", "加固测试危货运输" + suffix);
        String carrierDriver = user("hdcdrv" + suffix, carrier, "DRIVER");
        long truck = ((Number) as("admin").body(Map.of("ownerPartyId", carrier, "plate", "苏BK" + String.format("%05d", (suffix + 7) % 100000),
                "dgPermitNo", "苏交运管危字K" + suffix, "capacityKg", 8000, "dgPermitValidTo", "2030-12-31")).post("/api/vehicles").then()
                .statusCode(201).extract().path("id")).longValue();
        String[] m = drums(24);
        collectAndStore(m[0], m[1]);
        String number = as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiverA, "carrierPartyId", carrier, "vehicleId", truck,
                "driverUserId", userId(carrierDriver), "labelIds", List.of(m[1]))).post("/api/transfers").then().statusCode(201)
                .body("carrierPartyId", equalTo((int) carrier)).extract().path("number");
        load(number, m[1]); // by the shipper's driver, as the handheld app has it
        as(operatorA).body(cmd("transferNumber", number, "weightKg", 150, "acceptance", "ACCEPTED")).post("/api/containers/" + m[1] + "/receive")
                .then().statusCode(200);
        as(operatorA).body(cmd("method", "D10", "certificateNumber", "HD-CERT-" + suffix, "disposedOn", TODAY.toString()))
                .post("/api/containers/" + m[1] + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));

        // the carrier: received, no disposal method or certificate, in the lineage and the counts
        as(carrierDriver).get("/api/transfers/" + number + "/lineage").then().statusCode(200)
                .body("containers[0].state", equalTo("RECEIVED")).body("containers[0].disposalMethod", nullValue())
                .body("containers[0].certificate", nullValue()).body("containers[0].receivedKg", equalTo(150.0f));
        as(carrierDriver).get("/api/transfers/" + number).then().statusCode(200).body("containersByState.RECEIVED", equalTo(1))
                .body("containersByState.DISPOSED", nullValue());
        // the receiver and the shipper: disposed, by D10
        for (String who : List.of(operatorA, operator)) {
            as(who).get("/api/transfers/" + number + "/lineage").then().statusCode(200)
                    .body("containers[0].state", equalTo("DISPOSED")).body("containers[0].disposalMethod", equalTo("D10"));
            as(who).get("/api/transfers/" + number).then().statusCode(200).body("containersByState.DISPOSED", equalTo(1));
        }
    }

    // ---- finding 9a: transfer numbers cannot be probed -----------------------------------------------------------

    @Test
    void loadAndReceive_answerTheSame404_forATransferOfOthers_asForOneThatDoesNotExist() {
        String[] m = drums(24);
        collectAndStore(m[0], m[1]);
        String t = transfer(receiverA, m[1]);
        for (String number : List.of(t, "20263202999999")) {
            as(operatorB).body(cmd("transferNumber", number, "weightKg", 150, "acceptance", "ACCEPTED"))
                    .post("/api/containers/" + m[1] + "/receive").then().statusCode(404);
            as("driver").body(cmd("labelId", m[1])).post("/api/transfers/" + number + "/load").then().statusCode(404);
        }
        String visible = as(operatorB).body(cmd("transferNumber", t, "weightKg", 150, "acceptance", "ACCEPTED"))
                .post("/api/containers/" + m[1] + "/receive").then().extract().path("detail");
        String absent = as(operatorB).body(cmd("transferNumber", "20263202999999", "weightKg", 150, "acceptance", "ACCEPTED"))
                .post("/api/containers/" + m[1] + "/receive").then().extract().path("detail");
        assertEquals(absent.replace("20263202999999", "N"), visible.replace(t, "N"), "the two answers differ only in the number asked");
    }

    // ---- issue 13, point 5: one visibility policy for the single-record route and the search -------------------

    @Test
    void aKeeper_seesATransferLeavingItsPoint_inGetAndInSearch() {
        String[] m = drums(25);
        collectAndStore(m[0], m[1]);
        String t = transfer(receiverA, m[1]);
        as(keeper).get("/api/transfers/" + t).then().statusCode(200).body("originPartyId", equalTo((int) storage));
        as(keeper).queryParam("size", 200).get("/api/search/transfers").then().statusCode(200).body("items.number", hasItem(t));
        as(operatorB).get("/api/transfers/" + t).then().statusCode(404);
        List<String> seenByB = as(operatorB).queryParam("size", 200).get("/api/search/transfers").then().statusCode(200).extract().path("items.number");
        assertFalse(seenByB.contains(t));
    }

    static BigDecimal kg(String s) {
        return new BigDecimal(s);
    }
}
