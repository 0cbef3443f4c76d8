package cn.hazchain.report;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.PickupRequests;
import cn.hazchain.support.Rounds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generator's ledger after approved revisions (issue #17 leftovers, point 4): it shows the corrected weight and
 * waste code, says how many containers of a row were revised, and its handed-over kg is the mass balance's collected
 * kg for the same generator and month, and the round's collected kg.
 */
@QuarkusTest
class LedgerRevisionTest {

    static final String OIL = "900-249-08";
    static final String ENGINE_OIL = "900-214-08";

    @Test
    void ledger_showsRevisedFigures_saysSo_andAgreesWithTheMassBalance() {
        Rounds.Generator shop = Rounds.generator();
        Map.Entry<String, List<String>> pickup = Rounds.pickup(shop.id(), 2);
        long round = Rounds.round(List.of(shop.id()));
        for (String drum : pickup.getValue()) {
            as("driver").body(Fixtures.command("manifestNumber", pickup.getKey(), "weightKg", 150, "roundId", round))
                    .post("/api/containers/" + drum + "/collect").then().statusCode(200);
        }
        LocalDate today = LocalDate.now(PickupRequests.ZONE);
        String month = today.toString().substring(0, 7);
        JsonPath before = ledger(shop);
        assertEquals(0, new BigDecimal("300").compareTo(new BigDecimal(before.getString(row(month, OIL) + ".handedOverKg"))));
        assertEquals(0, before.getInt(row(month, OIL) + ".revisedContainers"));

        // the collector weighed the first drum wrong (130 kg, not 150); the second held engine oil: the generator approves both
        revise(shop, pickup.getValue().get(0), "WEIGHT", "130");
        revise(shop, pickup.getValue().get(1), "WASTE_CODE", ENGINE_OIL);

        JsonPath after = ledger(shop);
        assertEquals(0, new BigDecimal("130").compareTo(new BigDecimal(after.getString(row(month, OIL) + ".handedOverKg"))), after.prettify());
        assertEquals(1, after.getInt(row(month, OIL) + ".handedOverContainers"));
        assertEquals(1, after.getInt(row(month, OIL) + ".revisedContainers"));
        assertEquals(0, new BigDecimal("150").compareTo(new BigDecimal(after.getString(row(month, ENGINE_OIL) + ".handedOverKg"))));
        assertEquals(1, after.getInt(row(month, ENGINE_OIL) + ".generatedContainers"), "a revised code moves the container to its row");
        assertEquals(1, after.getInt(row(month, ENGINE_OIL) + ".revisedContainers"));

        // the mass balance's collected kg for the month is the ledger's handed-over kg
        JsonPath balance = as("regulator").queryParam("kind", "GENERATOR").queryParam("partyId", shop.id())
                .queryParam("from", month + "-01").queryParam("to", today.toString()).get("/api/mass-balance").then().statusCode(200)
                .body("rows.total", equalTo(1)).extract().jsonPath();
        BigDecimal handedOver = new BigDecimal(after.getString(row(month, OIL) + ".handedOverKg"))
                .add(new BigDecimal(after.getString(row(month, ENGINE_OIL) + ".handedOverKg")));
        assertEquals(0, handedOver.compareTo(new BigDecimal(balance.getString("rows.items[0].collectedKg"))), balance.prettify());
        as("regulator").get("/api/containers/" + pickup.getValue().get(1)).then().body("wasteCode", equalTo(ENGINE_OIL));
        // and the round's execution counts the corrected kg too
        as("collector").get("/api/round-plans/rounds/" + round + "/execution").then().statusCode(200)
                .body("stopsDetail[0].collectedKg", equalTo(280.0f)).body("collectedKg", equalTo(280.0f));

        String csv = new String(Api.as(shop.staff(), shop.password()).get("/api/generators/" + shop.id() + "/ledger?format=csv")
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertTrue(csv.contains("\"已更正件数 revised containers\""), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("\"" + month + "\",\"" + OIL + "\"") && l.endsWith(",1")), csv);

        // the management plan draft, as the page downloads it: CSV with the same quoting, per code, with the note
        String draft = new String(Api.as(shop.staff(), shop.password()).get("/api/generators/" + shop.id() + "/management-plan-draft?format=csv")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("management-plan-draft-")).extract().asByteArray(), StandardCharsets.UTF_8);
        assertTrue(draft.startsWith("\uFEFF\"危险废物管理计划（草稿）"), draft);
        assertTrue(draft.contains("\"计划年产生量 planned annual kg\""), draft);
        assertTrue(draft.lines().anyMatch(l -> l.startsWith("\"" + OIL + "\",\"HW08\"") && l.contains(",150.00,1,150,")), draft);
        Api.as(shop.staff(), shop.password()).get("/api/generators/" + shop.id() + "/management-plan-draft?format=xml").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void ledger_flagsAWeightCorrection_onlyInTheMonthItWasHandedOver() {
        LocalDate today = LocalDate.now(PickupRequests.ZONE);
        LocalDate lastMonth = today.withDayOfMonth(1).minusDays(1);
        org.junit.jupiter.api.Assumptions.assumeTrue(lastMonth.getYear() == today.getYear(), "one year's ledger: not in January");
        Rounds.Generator shop = Rounds.generator();
        Map.Entry<String, List<String>> pickup = Rounds.pickup(shop.id(), 1);
        String drum = pickup.getValue().get(0);
        // generated last month (kept in storage over the month's end), handed over this month
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE container SET generation_date = ?1"
                + " WHERE label_id = ?2").setParameter(1, lastMonth).setParameter(2, drum)
                .executeUpdate());
        long round = Rounds.round(List.of(shop.id()));
        as("driver").body(Fixtures.command("manifestNumber", pickup.getKey(), "weightKg", 150, "roundId", round))
                .post("/api/containers/" + drum + "/collect").then().statusCode(200);
        revise(shop, drum, "WEIGHT", "130");
        JsonPath ledger = ledger(shop);
        String was = lastMonth.toString().substring(0, 7);
        String now = today.toString().substring(0, 7);
        assertEquals(1, ledger.getInt(row(was, OIL) + ".generatedContainers"), ledger.prettify());
        assertEquals(0, ledger.getInt(row(was, OIL) + ".revisedContainers"), "the estimate it was generated and kept with did not change");
        assertEquals(1, ledger.getInt(row(now, OIL) + ".revisedContainers"), ledger.prettify());
    }

    static String row(String month, String code) {
        return "rows.find { it.month == '" + month + "' && it.wasteCode == '" + code + "' }";
    }

    static JsonPath ledger(Rounds.Generator shop) {
        return Api.as(shop.staff(), shop.password()).get("/api/generators/" + shop.id() + "/ledger").then().statusCode(200).extract().jsonPath();
    }

    static void revise(Rounds.Generator shop, String drum, String field, String value) {
        int id = as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", field, "value", value, "reason", "复核 rechecked"))
                .post("/api/revisions").then().statusCode(201).extract().path("id");
        Api.as(shop.staff(), shop.password()).body(Fixtures.command("approve", true)).post("/api/revisions/" + id + "/decision").then()
                .statusCode(200).body("status", equalTo("APPROVED"));
    }
}
