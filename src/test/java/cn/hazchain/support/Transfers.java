package cn.hazchain.support;

import static cn.hazchain.support.Api.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builders for the onward leg: a vehicle, drums collected and stored at the demo storage point, a transfer declaring them. */
public final class Transfers {

    private Transfers() {
    }

    /** A vehicle of the demo collector of its own (its permit valid to the day given). */
    public static long vehicle(java.time.LocalDate validTo) {
        long collector = Fixtures.partyIdOf("collector");
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        Random random = new Random();
        String plate = "苏B" + letters.charAt(random.nextInt(letters.length())) + letters.charAt(random.nextInt(letters.length()))
                + String.format("%03d", random.nextInt(1000));
        return ((Number) as("collector").body(Map.of("ownerPartyId", collector, "plate", plate, "dgPermitNo", "苏交运管危字320281" + plate.substring(2),
                "capacityKg", 5000, "dgPermitValidTo", validTo.toString())).post("/api/vehicles").then().statusCode(201)
                .extract().path("id")).longValue();
    }

    /** n oil drums of a demo generator collected and stored at the demo storage point; their labels. */
    public static List<String> stored(int n) {
        List<Map<String, Object>> drums = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drums.add(Manifests.container("DRUM", 200, 150));
        }
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(11));
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", drums)));
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        List<String> labels = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers.labelId");
        long storage = Fixtures.partyIdOf("keeper");
        for (String id : labels) {
            as("driver").body(Fixtures.command("manifestNumber", number, "weightKg", 150)).post("/api/containers/" + id + "/collect")
                    .then().statusCode(200);
            as("keeper").body(Fixtures.command("storagePointId", storage, "weightKg", 150)).post("/api/containers/" + id + "/store")
                    .then().statusCode(200);
        }
        return labels;
    }

    /** A transfer of the labels from the demo storage point to the demo incinerator, driven by the demo driver; its number. */
    public static String open(long vehicle, List<String> labels) {
        long driver = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        return as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("keeper"), "receiverPartyId", Fixtures.partyIdOf("receiver"),
                "vehicleId", vehicle, "driverUserId", driver, "labelIds", labels)).post("/api/transfers").then().statusCode(201).extract().path("number");
    }
}
