package cn.hazchain.licence;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, finding 3: a laboratory's 0.4 kg bottle could never finish its custody chain. Its receipt counts
 * 0.0004 t against the receiver's licence; intake was kept in tonnes to 3 decimals with a CHECK (> 0), so it was
 * rounded to 0 and the receipt answered 422 naming the constraint {@code licence_intake_tonnes_check}.
 */
@QuarkusTest
class SmallReceiptTest {

    static final String LAB_WASTE = "900-047-49";

    @Test
    void aBottleOf400Grams_goesFromIssueToDisposal_andCountsExactlyAgainstTheLicence() {
        long storage = Fixtures.partyIdOf("keeper");
        long collector = Fixtures.partyIdOf("collector");
        long receiver = Fixtures.partyIdOf("receiver");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().statusCode(200).extract().path("items[0].id");
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(7));
        body.put("lines", List.of(Manifests.line(LAB_WASTE, "LIQUID", "废弃化学试剂残液", List.of(Manifests.container("BOTTLE", 1, 0.4)))));
        String manifest = Manifests.open(body).statusCode(201).extract().path("number");
        String bottle = as("collector").get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[0].containers[0].labelId");
        BigDecimal kg = new BigDecimal("0.4");

        as("driver").body(Fixtures.command("manifestNumber", manifest, "weightKg", kg, "vehicleId", vehicle)).post("/api/containers/" + bottle + "/collect")
                .then().statusCode(200).body("state", equalTo("COLLECTED"));
        as("keeper").body(Fixtures.command("storagePointId", storage, "weightKg", kg)).post("/api/containers/" + bottle + "/store")
                .then().statusCode(200).body("state", equalTo("IN_STORAGE"));
        String transfer = as("collector").body(Fixtures.command("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle,
                "labelIds", List.of(bottle))).post("/api/transfers").then().statusCode(201).extract().path("number");
        as("driver").body(Fixtures.command("labelId", bottle)).post("/api/transfers/" + transfer + "/load")
                .then().statusCode(200).body("state", equalTo("IN_TRANSIT"));

        BigDecimal before = remaining(receiver);
        as("receiver").body(Fixtures.command("transferNumber", transfer, "weightKg", kg, "acceptance", "ACCEPTED"))
                .post("/api/containers/" + bottle + "/receive").then().statusCode(200).body("state", equalTo("RECEIVED"));
        assertEquals(0, new BigDecimal("0.0004").compareTo(before.subtract(remaining(receiver))),
                "the receipt counts 0.0004 t against the licence, not 0 and not 0.001");
        as("receiver").body(Fixtures.command("method", "D10", "certificateNumber", "JY-D10-LAB-0001", "disposedOn", java.time.LocalDate.now(cn.hazchain.support.PickupRequests.ZONE).toString()))
                .post("/api/containers/" + bottle + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));
        as("collector").get("/api/manifests/" + manifest).then().statusCode(200).body("state", equalTo("CLOSED"));
    }

    static BigDecimal remaining(long receiver) {
        String json = as("receiver").get("/api/licences/decision?partyId=" + receiver + "&code=" + LAB_WASTE + "&tonnes=0")
                .then().statusCode(200).body("allowed", equalTo(true)).extract().asString();
        return io.restassured.path.json.JsonPath.from(json).using(new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL)).get("remainingTonnes"); // exact, not a float
    }
}
