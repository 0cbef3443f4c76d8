package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A whole collection round through the API: 5 generators, 12 containers of 2 waste codes, storage, two lots,
 * one transfer, one partial refusal, disposal; then trails and lineage both ways against the expected weights.
 */
@QuarkusTest
class CollectionRoundTest {

    static final String OIL = "900-249-08";
    static final String RAGS = "900-041-49";

    static Map<String, Object> scan() {
        return Map.of("deviceId", "HH-0042", "clientTime", "2026-11-29T02:00:00Z", "latitude", 31.91, "longitude", 120.28,
                "photoSha256", List.of("a".repeat(64)));
    }

    static Map<String, Object> cmd(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", UUID.randomUUID().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void wholeRoundWithPartialRefusalTracedBothWays() {
        long storage = Fixtures.partyIdOf("keeper");
        long collector = Fixtures.partyIdOf("collector");
        long receiver = Fixtures.partyIdOf("receiver");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");

        // 5 generators: 3 oil drums + … = 12 containers (7 oil, 5 rags)
        int[][] plan = {{2, 1}, {1, 1}, {2, 1}, {1, 1}, {1, 1}};
        Map<String, BigDecimal> collected = new LinkedHashMap<>();
        Map<String, String> manifestOf = new HashMap<>();
        List<String> oil = new ArrayList<>();
        List<String> rags = new ArrayList<>();
        for (int g = 0; g < 5; g++) {
            Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(25 + g % 5));
            List<Map<String, Object>> drums = new ArrayList<>();
            for (int i = 0; i < plan[g][0]; i++) {
                drums.add(Manifests.container("DRUM", 200, 150));
            }
            List<Map<String, Object>> bags = new ArrayList<>();
            for (int i = 0; i < plan[g][1]; i++) {
                bags.add(Manifests.container("BAG", 60, 20));
            }
            body.put("lines", List.of(Manifests.line(OIL, "LIQUID", "废矿物油", drums), Manifests.line(RAGS, "SOLID", "含油抹布", bags)));
            Map<String, Object> m = Manifests.open(body).statusCode(201).extract().path("");
            List<String> o = as("collector").get("/api/manifests/" + m.get("number")).then().extract().path("lines[0].containers.labelId");
            List<String> r = as("collector").get("/api/manifests/" + m.get("number")).then().extract().path("lines[1].containers.labelId");
            oil.addAll(o);
            rags.addAll(r);
            o.forEach(id -> manifestOf.put(id, (String) m.get("number")));
            r.forEach(id -> manifestOf.put(id, (String) m.get("number")));
        }
        assertEquals(7, oil.size());
        assertEquals(5, rags.size());

        // Collect at the generators (one drum weighs 10 % over its estimate: flagged, not refused)
        String heavy = oil.get(0);
        List<String> all = new ArrayList<>(oil);
        all.addAll(rags);
        for (String id : all) {
            BigDecimal kg = oil.contains(id) ? new BigDecimal(id.equals(heavy) ? "165.00" : "151.50") : new BigDecimal("19.80");
            as("driver").body(cmd("manifestNumber", manifestOf.get(id), "weightKg", kg, "vehicleId", vehicle, "scan", scan()))
                    .post("/api/containers/" + id + "/collect").then().statusCode(200).body("state", equalTo("COLLECTED"));
            collected.put(id, kg);
        }
        // Store at the storage point, weighing again
        for (String id : collected.keySet()) {
            as("keeper").body(cmd("storagePointId", storage, "weightKg", collected.get(id))).post("/api/containers/" + id + "/store")
                    .then().statusCode(200).body("state", equalTo("IN_STORAGE"));
        }
        // Two lots, one per code
        int oilLot = as("keeper").body(cmd("storagePointId", storage, "wasteCode", OIL, "labelIds", oil)).post("/api/lots")
                .then().statusCode(201).body("labelIds", hasSize(7)).extract().path("id");
        int ragLot = as("keeper").body(cmd("storagePointId", storage, "wasteCode", RAGS, "labelIds", rags)).post("/api/lots")
                .then().statusCode(201).extract().path("id");
        // One transfer carrying both lots to the incinerator
        String transfer = as("collector").body(cmd("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle,
                        "lotIds", List.of(oilLot, ragLot))).post("/api/transfers")
                .then().statusCode(201).body("declaredLabelIds", hasSize(12)).extract().path("number");
        as("collector").get("/api/transfers/" + transfer).then().statusCode(200).body("state", equalTo("OPEN")).body("declared", equalTo(12));
        // The origin storage point's keeper sees the transfer and loads the first container; the driver loads the rest
        as("keeper").get("/api/transfers/" + transfer).then().statusCode(200).body("declared", equalTo(12));
        String first = collected.keySet().iterator().next();
        as("keeper").body(cmd("labelId", first, "scan", scan())).post("/api/transfers/" + transfer + "/load")
                .then().statusCode(200).body("state", equalTo("IN_TRANSIT"));
        // the generator is no party of the transfer: it is not told the transfer exists (as for a number that does not)
        as("generator").body(cmd("labelId", first, "scan", scan())).post("/api/transfers/" + transfer + "/load").then().statusCode(404);
        for (String id : collected.keySet()) {
            if (id.equals(first)) {
                continue;
            }
            as("driver").body(cmd("labelId", id, "scan", scan())).post("/api/transfers/" + transfer + "/load")
                    .then().statusCode(200).body("state", equalTo("IN_TRANSIT"));
        }
        as("receiver").get("/api/transfers/" + transfer).then().statusCode(200).body("state", equalTo("IN_TRANSIT"));
        // Receipt: one oil drum partly refused (30 kg of water), the rest accepted
        String partly = oil.get(1);
        for (String id : collected.keySet()) {
            Map<String, Object> body = id.equals(partly)
                    ? cmd("transferNumber", transfer, "weightKg", collected.get(id), "acceptance", "PARTIALLY_REFUSED", "refusedKg", 30, "reason", "含水量超标 water content too high")
                    : cmd("transferNumber", transfer, "weightKg", collected.get(id), "acceptance", "ACCEPTED");
            as("receiver").body(body).post("/api/containers/" + id + "/receive").then().statusCode(200).body("state", equalTo("RECEIVED"));
        }
        for (String id : collected.keySet()) {
            as("receiver").body(cmd("method", "D10", "certificateNumber", "JY-D10-2026-0001", "disposedOn",
                            java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()))
                    .post("/api/containers/" + id + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));
        }

        // Trail of one container: from its label's issue to its disposal, in order, with actors, places, weights and facts
        as("regulator").get("/api/containers/" + heavy + "/trail").then().statusCode(200)
                .body("type", equalTo(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED", "CONTAINER_STORED", "CONTAINER_ADDED_TO_LOT",
                        "CONTAINER_LOADED", "CONTAINER_RECEIVED", "CONTAINER_DISPOSED")))
                .body("seq", equalTo(List.of(1, 2, 3, 4, 5, 6, 7)))
                .body("[0].actor", equalTo("collector")).body("[0].fromState", equalTo(null)).body("[0].facts.wasteCode", equalTo(OIL))
                .body("[1].actor", equalTo("driver")).body("[1].latitude", equalTo(31.91f)).body("[1].weightKg", equalTo(165.0f))
                .body("[1].weightDeviation", equalTo(true)).body("[1].deviceId", equalTo("HH-0042"))
                .body("[2].storagePointId", equalTo((int) storage))
                .body("[5].facts.acceptance", equalTo("ACCEPTED")).body("[5].facts.licenceNumber", equalTo("JSHW-3202-2023-005"))
                .body("[6].facts.method", equalTo("D10")).body("[6].facts.certificate", equalTo("JY-D10-2026-0001"))
                .body("details", everyItem(nullValue()));

        // Forward lineage of the partly refused drum
        as("regulator").get("/api/containers/" + partly + "/lineage").then().statusCode(200)
                .body("transferNumber", equalTo(transfer)).body("acceptance", equalTo("PARTIALLY_REFUSED"))
                .body("collectedKg", equalTo(151.5f)).body("receivedKg", equalTo(121.5f)).body("refusedKg", equalTo(30.0f))
                .body("disposalMethod", equalTo("D10")).body("receiver", containsString("焚烧"));

        // Backward lineage of the transfer: every generator and container with weights that add up
        BigDecimal totalCollected = collected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Object> back = as("regulator").get("/api/transfers/" + transfer + "/lineage").then().statusCode(200)
                .body("containers", hasSize(12)).body("byGenerator", hasSize(5)).extract().path("");
        assertEquals(0, new BigDecimal(back.get("collectedKg").toString()).compareTo(totalCollected));
        assertEquals(0, new BigDecimal(back.get("refusedKg").toString()).compareTo(new BigDecimal("30")));
        assertEquals(0, new BigDecimal(back.get("receivedKg").toString()).compareTo(totalCollected.subtract(new BigDecimal("30"))));
        as("receiver").get("/api/lots/" + oilLot + "/lineage").then().statusCode(404);
        as("keeper").get("/api/lots/" + oilLot + "/lineage").then().statusCode(200).body("containers", hasSize(7));

        // Manifests closed; trails of manifest and transfer; audit intact
        for (String number : new java.util.HashSet<>(manifestOf.values())) {
            as("collector").get("/api/manifests/" + number).then().body("state", equalTo("CLOSED"));
        }
        as("regulator").get("/api/transfers/" + transfer).then().statusCode(200).body("state", equalTo("CLOSED"))
                .body("containersByState.DISPOSED", equalTo(12));
        as("generator").get("/api/transfers/" + transfer).then().statusCode(404);
        as("receiver").get("/api/transfers/" + transfer + "/trail").then().statusCode(200).body("size()", equalTo(36));
        Map<String, Object> report = as("regulator").get("/api/audit/verify").then().statusCode(200).extract().path("");
        assertTrue((Boolean) report.get("intact"), report.toString());
    }
}
