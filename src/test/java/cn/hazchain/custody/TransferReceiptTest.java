package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, point 4: the receiver confirms a whole transfer in one action, line by line, with typed discrepancies;
 * the shipper acknowledges them; the regulator lists the open ones; a refused drum goes on to another licensed
 * receiver under a new transfer.
 */
@QuarkusTest
class TransferReceiptTest {

    static Map<String, Object> line(String label, Object kg, String acceptance, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("labelId", label, "weightKg", kg, "acceptance", acceptance));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String departed(List<String> labels) {
        String number = TransferDepartureTest.transfer(TransferDepartureTest.vehicle(TransferDepartureTest.TODAY.plusYears(1)), labels);
        for (String l : labels) {
            as("driver").body(Fixtures.command("labelId", l)).post("/api/transfers/" + number + "/load").then().statusCode(200);
        }
        as("driver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(200);
        return number;
    }

    /**
     * One transaction touching containers of two manifests (a whole-transfer receipt) refreshes the waiting
     * "manifest.updated" export row of each, together, each with its own manifest's document.
     */
    @Test
    void aReceiptAcrossTwoManifests_refreshesEachManifestsExportDocument() {
        List<String> first = TransferDepartureTest.stored(2);
        List<String> second = TransferDepartureTest.stored(1);
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        String number = departed(all);
        as("receiver").body(Fixtures.command("lines", List.of(line(first.get(0), 150, "ACCEPTED"), line(first.get(1), 151, "ACCEPTED"),
                line(second.get(0), 149, "ACCEPTED")))).post("/api/transfers/" + number + "/receipt").then().statusCode(200);
        Map<String, Integer> expected = Map.of(first.get(0), 2, second.get(0), 1);
        Map<String, Double> receivedKg = Map.of(first.get(0), 301.0, second.get(0), 149.0);
        for (String label : expected.keySet()) {
            String manifest = as("regulator").get("/api/containers/" + label).then().statusCode(200).extract().path("manifestNumber");
            List<Map<String, Object>> rows = as("regulator").get("/api/exports/national/outbox?size=50&manifest=" + manifest).then().statusCode(200)
                    .extract().path("items");
            List<Map<String, Object>> updates = rows.stream().filter(r -> "manifest.updated".equals(r.get("topic"))).toList();
            assertEquals(1, updates.size(), "one waiting update per manifest: " + rows);
            Map<String, Object> doc = as("regulator").get("/api/exports/national/outbox/" + updates.get(0).get("id")).then().statusCode(200)
                    .extract().path("payload");
            assertEquals(manifest, doc.get("manifestNumber"));
            Map<?, ?> custody = (Map<?, ?>) doc.get("custody");
            assertEquals(Map.of("RECEIVED", expected.get(label)), custody.get("containersByState"), manifest);
            assertEquals(receivedKg.get(label), ((Number) ((Map<?, ?>) custody.get("quantities")).get("receivedKg")).doubleValue(), 0.001, manifest);
        }
    }

    @Test
    void aWholeTransferIsReceivedInOneAction_withItsDiscrepancies_acknowledgedByTheShipper() {
        List<String> drums = TransferDepartureTest.stored(3);
        String number = departed(drums);
        String url = "/api/transfers/" + number + "/receipt";

        // every container on the transfer, once each
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED")))).post(url).then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("receipt-lines"))
                .body("detail", containsString("missing: " + drums.get(1)));
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED"), line(drums.get(0), 150, "ACCEPTED"),
                line(drums.get(1), 150, "ACCEPTED"), line(drums.get(2), 150, "ACCEPTED")))).post(url).then().statusCode(422)
                .body("detail", containsString("appears twice"));
        // a discrepancy needs a reason: the whole receipt is refused, nothing of it kept
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED"),
                line(drums.get(1), 150, "ACCEPTED", "discrepancies", List.of("PACKAGING")), line(drums.get(2), 150, "ACCEPTED")))).post(url)
                .then().statusCode(422).body("type", containsString("discrepancy-reason")).body("detail", containsString("line 2"));
        as("regulator").get("/api/containers/" + drums.get(0)).then().body("state", equalTo("IN_TRANSIT"));
        as("collector").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED")))).post(url).then().statusCode(403);
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "MAYBE")))).post(url).then().statusCode(400);
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED", "discrepancies", List.of("SMELL")))))
                .post(url).then().statusCode(400);

        Map<String, Object> receipt = Fixtures.command("lines", List.of(
                line(drums.get(0), 170, "ACCEPTED"),
                line(drums.get(1), 150, "PARTIALLY_REFUSED", "refusedKg", 20, "discrepancies", List.of("PHYSICAL_FORM"),
                        "reason", "上层为水 the top 20 kg is water"),
                line(drums.get(2), 150, "REFUSED", "discrepancies", List.of("WASTE_CODE", "PACKAGING"),
                        "reason", "实为含卤溶剂，桶身渗漏 halogenated solvent, leaking drum")));
        as("receiver").body(receipt).post(url).then().statusCode(200)
                .body("containers", equalTo(3)).body("lines.state", equalTo(List.of("RECEIVED", "RECEIVED", "REFUSED")))
                .body("lines[0].discrepancies", equalTo(List.of("QUANTITY")))
                .body("lines[2].discrepancies", equalTo(List.of("WASTE_CODE", "PACKAGING")))
                .body("discrepancies", hasSize(3));
        as("receiver").body(receipt).post(url).then().statusCode(200).header("Idempotent-Replay", "true");
        as("receiver").body(Fixtures.command("lines", List.of(line(drums.get(0), 150, "ACCEPTED")))).post(url).then().statusCode(409)
                .body("type", containsString("transfer-empty"));

        // the facts are in the hashed events
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drums.get(2) + "/trail").then().extract().path("$");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) trail.get(trail.size() - 1).get("facts");
        assertEquals("WASTE_CODE,PACKAGING", facts.get("discrepancies"));

        // who sees them: the regulator and the transfer's parties, not a generator
        String q = "/api/discrepancies?status=OPEN&transfer=" + number;
        as("regulator").get(q).then().statusCode(200).body("total", equalTo(3));
        as("collector").get(q).then().statusCode(200).body("items.labelId", equalTo(List.of(drums.get(2), drums.get(1), drums.get(0))));
        as("generator").get(q).then().statusCode(200).body("total", equalTo(0));
        List<Map<String, Object>> open = as("collector").get(q).then().extract().path("items");
        Map<String, Object> quantity = open.stream().filter(d -> drums.get(0).equals(d.get("labelId"))).findFirst().orElseThrow();
        assertTrue(String.valueOf(quantity.get("reason")).contains("weighed 170 kg against 150 kg"), String.valueOf(quantity));

        // the shipper acknowledges, once; not the receiver
        Object id = open.get(0).get("id");
        as("receiver").body(Fixtures.command("note", "x")).post("/api/discrepancies/" + id + "/acknowledgement").then().statusCode(403);
        as("collector").body(Fixtures.command("note", "已联系产废单位 the generator was told")).post("/api/discrepancies/" + id + "/acknowledgement")
                .then().statusCode(200).body("acknowledgedBy", equalTo("collector"));
        as("collector").body(Fixtures.command()).post("/api/discrepancies/" + id + "/acknowledgement").then().statusCode(409);
        as("regulator").get(q).then().body("total", equalTo(2));
        as("regulator").get("/api/discrepancies?status=ACKNOWLEDGED&transfer=" + number).then().body("total", equalTo(1));
        as("regulator").get("/api/discrepancies?status=MAYBE").then().statusCode(400);
        List<Map<String, Object>> refusedTrail = as("regulator").get("/api/containers/" + drums.get(2) + "/trail").then().extract().path("$");
        assertEquals("DISCREPANCY_ACKNOWLEDGED", refusedTrail.get(refusedTrail.size() - 1).get("type"));

        // the national export carries the receipt's discrepancies and the acknowledgement
        as("regulator").get("/api/exports/national/transfers/" + number).then().statusCode(200).body("discrepancies", hasSize(3))
                .body("discrepancies.findAll { it.acknowledgedAt != null }", hasSize(1))
                .body("containers.find { it.labelId == '" + drums.get(2) + "' }.discrepancies", equalTo(List.of("WASTE_CODE", "PACKAGING")));

        // the refused drum goes on to another licensed receiver under a new transfer
        long other = Fixtures.createParty(Fixtures.party("RECEIVER", "江阴另一处置厂" + System.nanoTime() % 100000));
        LocalDate today = TransferDepartureTest.TODAY;
        as("admin").body(Map.of("number", "JSHW-ONWARD-" + System.nanoTime() % 1_000_000, "holderPartyId", other, "kind", "COMPREHENSIVE",
                "permitted", List.of("HW08", "HW06"), "approvedAnnualTonnes", new BigDecimal("100"), "validFrom", today.minusYears(1).toString(),
                "validTo", today.plusYears(2).toString())).post("/api/licences").then().statusCode(201);
        long driver = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        String onward = as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("collector"), "receiverPartyId", other,
                "vehicleId", TransferDepartureTest.vehicle(today.plusYears(1)), "driverUserId", driver, "labelIds", List.of(drums.get(2))))
                .post("/api/transfers").then().statusCode(201).extract().path("number");
        as("driver").body(Fixtures.command("labelId", drums.get(2))).post("/api/transfers/" + onward + "/load").then().statusCode(200)
                .body("state", equalTo("IN_TRANSIT"));
        String operator = "onward-rx-" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(operator, other, "RECEIVER_OPERATOR");
        as("driver").body(Fixtures.command()).post("/api/transfers/" + onward + "/departure").then().statusCode(200);
        Api.as(operator, password).body(Fixtures.command("lines", List.of(line(drums.get(2), 149.5, "ACCEPTED")))).post("/api/transfers/" + onward + "/receipt")
                .then().statusCode(200).body("lines[0].state", equalTo("RECEIVED"));
        as("regulator").get("/api/transfers/" + number).then().body("state", equalTo("RECEIVED"));
        // the lineage follows the drum onto its second transfer
        as("regulator").get("/api/containers/" + drums.get(2) + "/lineage").then().statusCode(200).body("transferNumber", equalTo(onward))
                .body("state", equalTo("RECEIVED"));
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }
}
