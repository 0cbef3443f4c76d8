package cn.hazchain.export;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Moves the export tests make through the API (as in custody/CollectionRoundTest), and outbox reads. */
final class ExportSteps {

    private ExportSteps() {
    }

    /** Opens the typical pickup (two oil drums, one bag of rags) for a demo generator; returns the manifest number. */
    static String openTypical(int demoGenerator) {
        return Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(demoGenerator))).statusCode(201).extract().path("number");
    }

    static List<String> labels(String number) {
        return as("collector").get("/api/manifests/" + number).then().statusCode(200).extract().path("lines.containers.flatten().labelId");
    }

    static Map<String, Object> cmd(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", UUID.randomUUID().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void collect(String number, String labelId, double kg) {
        long collector = Fixtures.partyIdOf("collector");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");
        as("driver").body(cmd("manifestNumber", number, "weightKg", kg, "vehicleId", vehicle)).post("/api/containers/" + labelId + "/collect")
                .then().statusCode(200).body("state", equalTo("COLLECTED"));
    }

    static void store(String labelId, double kg) {
        as("keeper").body(cmd("storagePointId", Fixtures.partyIdOf("keeper"), "weightKg", kg)).post("/api/containers/" + labelId + "/store")
                .then().statusCode(200).body("state", equalTo("IN_STORAGE"));
    }

    /** The manifest's outbox rows, oldest first. */
    static List<Map<String, Object>> rows(String number) {
        List<Map<String, Object>> newestFirst = as("regulator").get("/api/exports/national/outbox?size=200&manifest=" + number)
                .then().statusCode(200).extract().path("items");
        List<Map<String, Object>> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    static Map<String, Object> payload(Object rowId) {
        return as("regulator").get("/api/exports/national/outbox/" + rowId).then().statusCode(200).extract().path("payload");
    }
}
