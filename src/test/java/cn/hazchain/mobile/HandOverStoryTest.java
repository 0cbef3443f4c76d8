package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, "done when": the story of one round and one transfer, every hand-over acknowledged by both sides and a
 * mistake corrected in the open. A repair shop hands three drums to the driver (its staff confirm on the handheld, one
 * with a mistyped code, confirmed later from the shop's account); the next stop has nothing; the drums are stored,
 * leave on a transfer, arrive; the incinerator confirms the whole transfer (a dented drum accepted with a discrepancy the
 * collector acknowledges, a drum refused and sent on to a second receiver), disposes of what it took with a certificate;
 * a weight is corrected by revision. Then trail, lineage, mass balance and audit verification.
 */
@QuarkusTest
class HandOverStoryTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Test
    void oneRoundAndOneTransfer_bothSidesConfirmEveryHandOver_andAMistakeIsCorrectedInTheOpen() {
        LocalDate today = LocalDate.now(CHINA);
        cn.hazchain.support.Rounds.Generator shop = TripsAndConfirmationsTest.generator();
        long empty = Fixtures.createParty(Fixtures.party("GENERATOR", "江阴无废可收五金店" + System.nanoTime() % 100000));
        long round = TripsAndConfirmationsTest.round(List.of(shop.id(), empty));
        var pickup = TripsAndConfirmationsTest.pickup(shop.id(), 3);
        String manifest = pickup.getKey();
        List<String> drums = pickup.getValue();
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        Instant t = Instant.now().minus(2, ChronoUnit.HOURS);

        // 1. the round: the shop's staff confirm on the handheld (one code mistyped); the next stop has nothing
        sync(driver, List.of(
                event("COLLECT", drums.get(0), t, "manifestNumber", manifest, "weightKg", 150, "roundId", round,
                        "confirmation", TripsAndConfirmationsTest.confirmation(shop.staff(), "246810")),
                event("COLLECT", drums.get(1), t, "manifestNumber", manifest, "weightKg", 152, "roundId", round,
                        "confirmation", TripsAndConfirmationsTest.confirmation(shop.staff(), "246801")),
                event("COLLECT", drums.get(2), t, "manifestNumber", manifest, "weightKg", 149, "roundId", round,
                        "confirmation", TripsAndConfirmationsTest.confirmation(shop.staff(), "246810")),
                stop(round, 1, "COLLECTED", t), stop(round, 2, "NOTHING_TO_COLLECT", t)))
                .statusCode(200).body("counts.applied", equalTo(5));
        as("collector").get("/api/manifests/" + manifest).then()
                .body("lines[0].containers.pickupConfirmation", equalTo(List.of("CONFIRMED", "UNCONFIRMED", "CONFIRMED")))
                .body("roundId", equalTo((int) round));
        // ... the shop confirms the second drum from its own account
        Api.as(shop.staff(), shop.password()).body(Fixtures.command("decision", "CONFIRM"))
                .post("/api/manifests/" + manifest + "/pickup-confirmation").then().statusCode(200).body("labelIds", equalTo(List.of(drums.get(1))));

        // 2. stored at the collection point, then a transfer to the incinerator leaves and arrives
        long storage = Fixtures.partyIdOf("keeper");
        for (String d : drums) {
            as("keeper").body(Fixtures.command("storagePointId", storage, "weightKg", 150)).post("/api/containers/" + d + "/store").then().statusCode(200);
        }
        long driverId = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        int vehicle = as("collector").get("/api/rounds/" + round).then().extract().path("vehicle.id");
        String transfer = as("collector").body(Fixtures.command("originPartyId", storage, "receiverPartyId", Fixtures.partyIdOf("receiver"),
                "vehicleId", vehicle, "driverUserId", driverId, "labelIds", drums)).post("/api/transfers").then().statusCode(201).extract().path("number");
        Instant l = Instant.now().minus(1, ChronoUnit.HOURS);
        sync(driver, List.of(
                event("LOAD", drums.get(0), l, "transferNumber", transfer), event("LOAD", drums.get(1), l, "transferNumber", transfer),
                event("LOAD", drums.get(2), l, "transferNumber", transfer), movement("DEPART", transfer, l.plusSeconds(600)),
                movement("ARRIVE", transfer, l.plusSeconds(2400))))
                .statusCode(200).body("counts.applied", equalTo(5)).body("results[3].state", equalTo("DEPARTED"));

        // 3. the incinerator confirms the whole transfer: a dented drum accepted (a discrepancy), one refused
        as("receiver").body(Fixtures.command("lines", List.of(
                line(drums.get(0), 150, "ACCEPTED", "discrepancies", List.of("PACKAGING"), "reason", "桶身凹陷 dented drum"),
                line(drums.get(1), 150, "ACCEPTED"),
                line(drums.get(2), 150, "REFUSED", "discrepancies", List.of("WASTE_CODE"), "reason", "实为废乳化液 emulsion, not oil"))))
                .post("/api/transfers/" + transfer + "/receipt").then().statusCode(200)
                .body("lines.state", equalTo(List.of("RECEIVED", "RECEIVED", "REFUSED")));
        List<Map<String, Object>> open = as("collector").get("/api/discrepancies?status=OPEN&transfer=" + transfer).then().extract().path("items");
        assertEquals(2, open.size());
        Object dented = open.stream().filter(d -> drums.get(0).equals(d.get("labelId"))).findFirst().orElseThrow().get("id");
        as("collector").body(Fixtures.command("note", "已告知产废单位 the shop was told")).post("/api/discrepancies/" + dented + "/acknowledgement")
                .then().statusCode(200);

        // 4. the refused drum goes on to a second, licensed receiver
        long second = Fixtures.createParty(Fixtures.party("RECEIVER", "江阴乳化液处理厂" + System.nanoTime() % 100000));
        as("admin").body(Map.of("number", "JSHW-STORY-" + System.nanoTime() % 1_000_000, "holderPartyId", second, "kind", "COMPREHENSIVE",
                "permitted", List.of("HW08", "HW09"), "methods", List.of("D9"), "approvedAnnualTonnes", new BigDecimal("50"),
                "validFrom", today.minusYears(1).toString(), "validTo", today.plusYears(2).toString())).post("/api/licences").then().statusCode(201);
        String onward = as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("collector"), "receiverPartyId", second,
                "vehicleId", vehicle, "driverUserId", driverId, "labelIds", List.of(drums.get(2)))).post("/api/transfers").then().statusCode(201)
                .extract().path("number");
        as("driver").body(Fixtures.command("labelId", drums.get(2))).post("/api/transfers/" + onward + "/load").then().statusCode(200);
        as("driver").body(Fixtures.command()).post("/api/transfers/" + onward + "/departure").then().statusCode(200);
        String operator = "story-rx-" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(operator, second, "RECEIVER_OPERATOR");
        Api.as(operator, password).body(Fixtures.command("lines", List.of(line(drums.get(2), 149, "ACCEPTED"))))
                .post("/api/transfers/" + onward + "/receipt").then().statusCode(200);

        // 5. the incinerator disposes of what it took, with a certificate
        String certificate = as("receiver").body(Fixtures.command("labelIds", drums.subList(0, 2), "method", "D10", "disposedOn", today.toString()))
                .post("/api/disposal-certificates").then().statusCode(201).extract().path("number");

        // 6. the shop finds its second drum weighed 152 kg at the stop, not 150.5: it asks; the collector approves
        int revision = Api.as(shop.staff(), shop.password()).body(Fixtures.command("labelId", drums.get(1), "eventSeq", 2, "field", "WEIGHT",
                        "value", "150.50", "reason", "现场台秤未归零 the scale at the stop was not zeroed"))
                .post("/api/revisions").then().statusCode(201).body("status", equalTo("PENDING")).body("oldValue", equalTo("152.00"))
                .extract().path("id");
        Api.as(shop.staff(), shop.password()).body(Fixtures.command("approve", true)).post("/api/revisions/" + revision + "/decision").then()
                .statusCode(403);
        as("regulator").get("/api/revisions?status=PENDING").then().statusCode(200)
                .body("items.find { it.id == " + revision + " }.field", equalTo("WEIGHT"));
        as("collector").body(Fixtures.command("approve", true, "note", "核对无误 checked")).post("/api/revisions/" + revision + "/decision")
                .then().statusCode(200).body("status", equalTo("APPROVED"));

        // the trail shows the original and the correction; the lineage and the manifest use the corrected weight
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drums.get(1) + "/trail").then().extract().path("$");
        assertEquals(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED", "PICKUP_CONFIRMED", "CONTAINER_STORED", "CONTAINER_LOADED", "TRANSFER_DEPARTED",
                "TRANSFER_ARRIVED", "CONTAINER_RECEIVED", "CONTAINER_DISPOSED", "FACT_CORRECTED"), trail.stream().map(e -> e.get("type")).toList());
        assertEquals(152.0f, ((Number) trail.get(1).get("weightKg")).floatValue(), "the collection stays as it was recorded");
        as("regulator").get("/api/containers/" + drums.get(1) + "/lineage").then().body("collectedKg", equalTo(150.5f))
                .body("disposalCertificate", equalTo(certificate));
        as("regulator").get("/api/exports/national/manifests/" + manifest).then().statusCode(200)
                .body("containers.find { it.labelId == '" + drums.get(1) + "' }.collectedKg", equalTo(150.5f));
        List<String> refusedTrail = ((List<Map<String, Object>>) as("regulator").get("/api/containers/" + drums.get(2) + "/trail").then()
                .extract().path("$")).stream().map(e -> (String) e.get("type")).toList();
        assertEquals(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED", "CONTAINER_STORED", "CONTAINER_LOADED", "TRANSFER_DEPARTED", "TRANSFER_ARRIVED",
                "CONTAINER_REFUSED", "CONTAINER_LOADED", "TRANSFER_DEPARTED", "CONTAINER_RECEIVED"), refusedTrail);
        as("regulator").get("/api/containers/" + drums.get(2) + "/lineage").then().body("transferNumber", equalTo(onward));

        // the shop's mass balance: 150 + 150.5 (corrected) + 149 collected; what the incinerator accepted is disposed of
        JsonPath balance = as("regulator").queryParam("kind", "GENERATOR").queryParam("partyId", shop.id()).queryParam("from", today.minusDays(1).toString())
                .queryParam("to", today.toString()).get("/api/mass-balance").then().statusCode(200).extract().jsonPath().setRootPath("rows.items[0]");
        assertEquals(0, new BigDecimal("449.50").compareTo(new BigDecimal(balance.getString("collectedKg"))), balance.prettify());
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    private static Map<String, Object> stop(long round, int seq, String outcome, Instant t) {
        Map<String, Object> e = new HashMap<>(event("STOP_OUTCOME", null, t, "roundId", round, "stopSeq", seq, "outcome", outcome));
        e.remove("labelId");
        return e;
    }

    private static Map<String, Object> movement(String type, String transfer, Instant t) {
        Map<String, Object> e = new HashMap<>(event(type, null, t, "transferNumber", transfer));
        e.remove("labelId");
        return e;
    }

    private static Map<String, Object> line(String label, Object kg, String acceptance, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("labelId", label, "weightKg", kg, "acceptance", acceptance));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
