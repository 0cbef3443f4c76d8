package cn.hazchain.report;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mass balance of the walked scenario, to the kg, for every kind of party; who may see which rows; bad input. */
@QuarkusTest
class MassBalanceApiTest {

    ReportScenario s;

    @BeforeEach
    void walked() {
        s = ReportScenario.get();
    }

    private JsonPath balance(String user, String kind, long party) {
        return s.as(user).queryParam("kind", kind).queryParam("partyId", party).queryParam("from", s.from()).queryParam("to", s.to())
                .get("/api/mass-balance").then().statusCode(200).body("rows.total", equalTo(1)).body("kind", equalTo(kind))
                .body("zone", equalTo("Asia/Shanghai")).extract().jsonPath().setRootPath("rows.items[0]");
    }

    static void assertKg(String expected, JsonPath row, String path) {
        Object value = row.get(path);
        if (expected == null) {
            assertNull(value, path);
            return;
        }
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(String.valueOf(value))), path + " was " + value + ", expected " + expected);
    }

    static void assertDifference(String name, String expected, JsonPath row) {
        List<Map<String, Object>> differences = row.getList("differences");
        Map<String, Object> d = differences.stream().filter(x -> name.equals(x.get("name"))).findFirst().orElseThrow(() -> new AssertionError(name + " missing in " + differences));
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(String.valueOf(d.get("kg")))), name + " was " + d.get("kg") + ", expected " + expected);
    }

    @Test
    void generatorBalanceFollowsItsContainersToTheKg() {
        JsonPath row = balance("regulator", "GENERATOR", s.generator);
        assertEquals(s.generatorName, row.getString("name"));
        assertEquals(s.town, row.getString("town"));
        assertKg("500.30", row, "collectedKg");   // 151.50 + 148.00 + 19.80 + 160.00 + 21.00
        assertKg("478.30", row, "storedKg");      // 151.50 + 147.00 + 19.80 + 160.00 (E stored again after refusal)
        assertKg("478.30", row, "shippedKg");     // last weights before loading: 151.50 + 147.00 + 19.80 + 160.00
        assertKg("291.00", row, "receivedKg");    // accepted: 151.50 + (147.00 - 27.00) + 19.50
        assertKg("187.00", row, "refusedKg");     // 27.00 + 160.00
        assertKg("271.50", row, "disposedKg");    // accepted kg of A and B
        assertKg(null, row, "returnedKg");
        assertKg(null, row, "heldAtEndKg");
        assertDifference("collectedNotReceivedKg", "22.30", row);   // F on the vehicle 21.00 + B reweighed 1.00 + D lost 0.30
        assertDifference("receivedNotDisposedKg", "19.50", row);    // D
    }

    @Test
    void collectorBalanceShowsWhatItHoldsAndWhatTheRoadLost() {
        JsonPath row = balance("regulator", "COLLECTOR", s.collector);
        assertKg("500.30", row, "collectedKg");
        assertKg("478.30", row, "storedKg");
        assertKg("478.30", row, "shippedKg");
        assertKg("291.00", row, "receivedKg");
        assertKg("187.00", row, "refusedKg");
        assertKg("160.00", row, "returnedKg");    // E handed back whole
        assertKg("271.50", row, "disposedKg");
        assertDifference("heldNetKg", "182.00", row);     // 500.30 + 160.00 - 478.30: E 160 stored, F 21 on the vehicle, B 1.00 lighter at storage
        assertDifference("transitNetKg", "0.30", row);    // 478.30 - 291.00 - 187.00: D lost 0.30 kg on the road
    }

    @Test
    void storagePointBalanceCountsStaysAndWhatIsLeft() {
        JsonPath row = balance("regulator", "STORAGE_POINT", s.storage);
        assertKg(null, row, "collectedKg");
        assertKg("478.30", row, "storedKg");      // A, B, D, then E again
        assertKg("318.30", row, "shippedKg");     // A, B, D loaded out
        assertKg("160.00", row, "heldAtEndKg");   // E
        assertKg(null, row, "receivedKg");
        assertDifference("heldNetKg", "160.00", row);
    }

    @Test
    void receiverBalanceSplitsAcceptedRefusedAndDisposed() {
        JsonPath row = balance("regulator", "RECEIVER", s.receiver);
        assertKg(null, row, "collectedKg");
        assertKg("478.30", row, "shippedKg");     // sent to it on transfers 1 and 2
        assertKg("291.00", row, "receivedKg");
        assertKg("187.00", row, "refusedKg");
        assertKg("271.50", row, "disposedKg");
        assertDifference("transitNetKg", "0.30", row);
        assertDifference("receivedNotDisposedKg", "19.50", row);
    }

    @Test
    void aPeriodBeforeTheWalkIsAllZeros() {
        JsonPath row = s.as("regulator").queryParam("kind", "COLLECTOR").queryParam("partyId", s.collector)
                .queryParam("from", "2020-01-01").queryParam("to", "2020-12-31").get("/api/mass-balance").then().statusCode(200)
                .extract().jsonPath().setRootPath("rows.items[0]");
        assertKg("0", row, "collectedKg");
        assertKg("0", row, "shippedKg");
        assertDifference("heldNetKg", "0", row);
    }

    @Test
    void regulatorsGetOneRowPerPartyOfTheKind() {
        s.as("regulator").queryParam("kind", "RECEIVER").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("size", 200)
                .get("/api/mass-balance").then().statusCode(200).body("rows.total", greaterThan(1))
                .body("rows.items.findAll { it.partyId == " + s.receiver + " }.size()", equalTo(1));
    }

    @Test
    void partiesSeeTheirOwnRowsOnly() {
        // the generator's staff: its own row, with or without partyId
        balance(s.generatorStaff, "GENERATOR", s.generator);
        s.as(s.generatorStaff).queryParam("kind", "GENERATOR").queryParam("from", s.from()).queryParam("to", s.to()).get("/api/mass-balance")
                .then().statusCode(200).body("rows.total", equalTo(1)).body("rows.items[0].partyId", equalTo((int) s.generator));
        s.as(s.generatorStaff).queryParam("kind", "COLLECTOR").queryParam("partyId", s.collector).queryParam("from", s.from()).queryParam("to", s.to())
                .get("/api/mass-balance").then().statusCode(404);
        // a collector: itself and its storage points, nobody else
        balance(s.operator, "COLLECTOR", s.collector);
        balance(s.operator, "STORAGE_POINT", s.storage);
        s.as(s.operator).queryParam("kind", "STORAGE_POINT").queryParam("from", s.from()).queryParam("to", s.to()).get("/api/mass-balance")
                .then().statusCode(200).body("rows.total", equalTo(1)).body("rows.items[0].partyId", equalTo((int) s.storage));
        s.as(s.operator).queryParam("kind", "GENERATOR").queryParam("partyId", s.generator).queryParam("from", s.from()).queryParam("to", s.to())
                .get("/api/mass-balance").then().statusCode(404);
        as("collector").queryParam("kind", "COLLECTOR").queryParam("partyId", s.collector).queryParam("from", s.from()).queryParam("to", s.to())
                .get("/api/mass-balance").then().statusCode(404);
        s.as(s.keeper).queryParam("kind", "COLLECTOR").queryParam("partyId", s.collector).queryParam("from", s.from()).queryParam("to", s.to())
                .get("/api/mass-balance").then().statusCode(404);
        balance(s.receiverOperator, "RECEIVER", s.receiver);
        // another receiver's operator (the demo incinerator) does not see this receiver
        as("receiver").queryParam("kind", "RECEIVER").queryParam("partyId", s.receiver)
                .queryParam("from", s.from()).queryParam("to", s.to()).get("/api/mass-balance").then().statusCode(404);
    }

    @Test
    void badParametersAre400NamingThem() {
        String path = "/api/mass-balance";
        s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).get(path).then().statusCode(400).body("detail", containsString("kind"));
        s.as("regulator").queryParam("kind", "FACTORY").queryParam("from", s.from()).queryParam("to", s.to()).get(path).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("STORAGE_POINT"));
        s.as("regulator").queryParam("kind", "CARRIER").queryParam("from", s.from()).queryParam("to", s.to()).get(path).then().statusCode(400);
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("to", s.to()).get(path).then().statusCode(400).body("detail", containsString("from"));
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("from", s.from()).get(path).then().statusCode(400).body("detail", containsString("to"));
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("from", "2026-13-01").queryParam("to", s.to()).get(path).then().statusCode(400);
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("from", s.to()).queryParam("to", s.from()).get(path).then().statusCode(400)
                .body("detail", containsString("after"));
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("partyId", "abc").queryParam("from", s.from()).queryParam("to", s.to())
                .get(path).then().statusCode(400).body("detail", containsString("partyId"));
        s.as("regulator").queryParam("kind", "COLLECTOR").queryParam("partyId", s.generator).queryParam("from", s.from()).queryParam("to", s.to())
                .get(path).then().statusCode(400).body("detail", containsString("GENERATOR"));
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("size", 0)
                .get(path).then().statusCode(400);
        s.as("regulator").queryParam("kind", "GENERATOR").queryParam("partyId", 999_999_999).queryParam("from", s.from()).queryParam("to", s.to())
                .get(path).then().statusCode(404);
        io.restassured.RestAssured.given().queryParam("kind", "GENERATOR").queryParam("from", s.from()).queryParam("to", s.to()).get(path)
                .then().statusCode(401);
    }
}
