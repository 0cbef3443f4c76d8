package cn.hazchain.support;

import static cn.hazchain.support.Api.as;

import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for pickup requests, as a generator's staff sends them. */
public final class PickupRequests {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private PickupRequests() {
    }

    public static Map<String, Object> line(String code, String form, String components, String type, int containers, int litres, double kg) {
        return new HashMap<>(Map.of("wasteCode", code, "physicalForm", form, "mainComponents", components, "containerType", type,
                "containers", containers, "volumeLitres", litres, "estimatedKg", kg));
    }

    /** Waste oil in two 200 L drums (320 kg), from tomorrow for a week, 08:30–17:00. */
    public static Map<String, Object> wasteOil(long collectorPartyId) {
        return request(collectorPartyId, List.of(line("900-214-08", "LIQUID", "废机油", "DRUM", 2, 200, 320)));
    }

    public static Map<String, Object> request(long collectorPartyId, List<Map<String, Object>> lines) {
        LocalDate tomorrow = LocalDate.now(ZONE).plusDays(1);
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", UUID.randomUUID().toString());
        body.put("collectorPartyId", collectorPartyId);
        body.put("earliestDate", tomorrow.toString());
        body.put("latestDate", tomorrow.plusDays(7).toString());
        body.put("lines", new ArrayList<>(lines));
        return body;
    }

    public static ValidatableResponse ask(String username, String password, Map<String, Object> body) {
        return as(username, password).body(body).post("/api/pickup-requests").then();
    }

    public static ValidatableResponse ask(Map<String, Object> body) {
        return as("generator").body(body).post("/api/pickup-requests").then();
    }
}
