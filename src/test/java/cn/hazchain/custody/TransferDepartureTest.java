package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, point 3: a transfer records its departure and arrival as events of every container on it, with the
 * vehicle, its dangerous-goods permit (valid that day) and the driver; nothing is loaded after it left; the receipt
 * is due 5 working days from departure.
 */
@QuarkusTest
class TransferDepartureTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    /** A vehicle of the demo collector of its own (its permit valid to the day given). */
    static long vehicle(LocalDate validTo) {
        return Transfers.vehicle(validTo);
    }

    /** n oil drums collected and stored at the demo storage point; their labels. */
    static List<String> stored(int n) {
        return Transfers.stored(n);
    }

    static String transfer(long vehicle, List<String> labels) {
        return Transfers.open(vehicle, labels);
    }

    @Test
    void aTransferLeavesLoadedAndArrives_eachContainerRecordsBoth() {
        long vehicle = vehicle(TODAY.plusMonths(6));
        List<String> labels = stored(2);
        String number = transfer(vehicle, labels);
        as("driver").body(Fixtures.command("labelId", labels.get(0))).post("/api/transfers/" + number + "/load").then().statusCode(200);

        // not before everything declared is on board
        as("driver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("transfer-not-loaded"))
                .body("detail", containsString(labels.get(1)));
        as("receiver").body(Fixtures.command()).post("/api/transfers/" + number + "/arrival").then().statusCode(409)
                .body("type", containsString("transfer-not-departed"));
        as("driver").body(Fixtures.command("labelId", labels.get(1))).post("/api/transfers/" + number + "/load").then().statusCode(200);
        as("receiver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(403);

        Map<String, Object> leave = Fixtures.command();
        as("driver").body(leave).post("/api/transfers/" + number + "/departure").then().statusCode(200)
                .body("departedAt", notNullValue()).body("receiptDueBy", notNullValue()).body("state", equalTo("IN_TRANSIT"));
        as("driver").body(leave).post("/api/transfers/" + number + "/departure").then().statusCode(200).header("Idempotent-Replay", "true");
        as("driver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(409)
                .body("type", containsString("transfer-departed"));

        Map<String, Object> departed = lastEvent(labels.get(0));
        assertEquals("TRANSFER_DEPARTED", departed.get("type"));
        assertEquals("IN_TRANSIT", departed.get("toState"), "departure records a fact; the drum is still in transit");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) departed.get("facts");
        assertEquals(String.valueOf(vehicle), facts.get("vehicleId"));
        assertEquals(String.valueOf(as("driver").get("/api/auth/me").then().extract().path("userId").toString()), facts.get("driverUserId"));
        assertEquals(as("collector").get("/api/vehicles/" + vehicle).then().extract().path("dgPermitNo"), facts.get("vehiclePermitNo"));

        as("receiver").body(Fixtures.command()).post("/api/transfers/" + number + "/arrival").then().statusCode(200)
                .body("arrivedAt", notNullValue());
        as("receiver").body(Fixtures.command()).post("/api/transfers/" + number + "/arrival").then().statusCode(409)
                .body("type", containsString("transfer-arrived"));
        assertEquals("TRANSFER_ARRIVED", lastEvent(labels.get(1)).get("type"));
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aVehicleWhosePermitExpiredCarriesNoTransfer_untilTheRenewalIsRecorded() {
        long vehicle = vehicle(TODAY.minusDays(1));
        List<String> labels = stored(1);
        as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("keeper"), "receiverPartyId", Fixtures.partyIdOf("receiver"),
                        "vehicleId", vehicle, "labelIds", labels)).post("/api/transfers").then().statusCode(422)
                .body("type", containsString("vehicle-permit")).body("detail", containsString("expired on " + TODAY.minusDays(1)));
        int version = as("collector").get("/api/vehicles/" + vehicle).then().extract().path("version");
        as("collector").body(Map.of("version", version, "dgPermitValidTo", TODAY.plusYears(1).toString())).patch("/api/vehicles/" + vehicle)
                .then().statusCode(200).body("dgPermitValidTo", equalTo(TODAY.plusYears(1).toString()));
        as("driver").body(Map.of("version", version + 1, "dgPermitValidTo", TODAY.plusYears(2).toString())).patch("/api/vehicles/" + vehicle)
                .then().statusCode(403);
        as("collector").body(Map.of("version", version, "dgPermitValidTo", TODAY.plusYears(2).toString())).patch("/api/vehicles/" + vehicle)
                .then().statusCode(409);
        String number = transfer(vehicle, labels);
        as("driver").body(Fixtures.command("labelId", labels.get(0))).post("/api/transfers/" + number + "/load").then().statusCode(200);
        as("driver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(200);
    }

    private static Map<String, Object> lastEvent(String label) {
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200).extract().path("$");
        return trail.get(trail.size() - 1);
    }
}
