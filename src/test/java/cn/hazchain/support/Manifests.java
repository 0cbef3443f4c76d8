package cn.hazchain.support;

import static cn.hazchain.support.Api.as;

import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for pickup manifest requests. */
public final class Manifests {

    private Manifests() {
    }

    public static Map<String, Object> container(String type, int litres, double kg) {
        return new HashMap<>(Map.of("type", type, "volumeLitres", litres, "estimatedWeightKg", kg));
    }

    public static Map<String, Object> line(String code, String form, String components, List<Map<String, Object>> containers) {
        return new HashMap<>(Map.of("wasteCode", code, "physicalForm", form, "mainComponents", components, "containers", containers));
    }

    /** Waste oil in two drums and oily rags in a bag, for one generator. */
    public static Map<String, Object> typicalPickup(long generatorPartyId) {
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", UUID.randomUUID().toString());
        body.put("generatorPartyId", generatorPartyId);
        body.put("emergencyMeasures", "泄漏时用沙土吸附，远离火源");
        body.put("lines", new ArrayList<>(List.of(
                line("900-214-08", "LIQUID", "废机油、废齿轮油", List.of(container("DRUM", 200, 160.5), container("DRUM", 200, 150))),
                line("900-041-49", "SOLID", "沾染机油的抹布、手套", List.of(container("BAG", 60, 12.25))))));
        return body;
    }

    /** Opens a manifest as the demo collector operator. */
    public static ValidatableResponse open(Map<String, Object> body) {
        return as("collector").body(body).post("/api/manifests").then();
    }

    public static long demoGenerator(int index) {
        List<Integer> ids = as("admin").get("/api/parties?kind=GENERATOR&size=200&q=江阴").then().statusCode(200).extract().path("items.id");
        return ids.stream().sorted().toList().get(index);
    }
}
