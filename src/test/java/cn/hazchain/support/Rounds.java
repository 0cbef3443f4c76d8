package cn.hazchain.support;

import static cn.hazchain.support.Api.as;

import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for a collection round: a generator of its own whose staff set a confirmation code, its pickup, today's round. */
public final class Rounds {

    private Rounds() {
    }

    /** A generator and the staff member who confirms its pickups (confirmation code 246810). */
    public record Generator(long id, String staff, String password) {
    }

    /** A generator of its own with a staff member who set confirmation code 246810. */
    public static Generator generator() {
        Map<String, Object> party = Fixtures.party("GENERATOR", "江阴交接测试厂" + System.nanoTime() % 100000);
        party.put("contactName", "李师傅");
        party.put("address", "江阴市澄江街道测试路1号");
        long id = Fixtures.createParty(party);
        String staff = "gen-confirm-" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(staff, id, "GENERATOR_STAFF");
        Api.as(staff, password).contentType(ContentType.JSON).body(Map.of("password", password, "code", "246810"))
                .put("/api/auth/me/confirmation-code").then().statusCode(204);
        return new Generator(id, staff, password);
    }

    /** A pickup manifest of n oil drums for the generator: its number and labels. */
    public static Map.Entry<String, List<String>> pickup(long generator, int drums) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (int i = 0; i < drums; i++) {
            containers.add(Manifests.container("DRUM", 200, 150));
        }
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", containers)));
        String number = Manifests.open(body).log().ifValidationFails().statusCode(201).extract().path("number");
        List<String> labels = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers.labelId");
        return Map.entry(number, labels);
    }

    /** Today's round of the demo driver in the demo collector's first vehicle, through these generators in order; its id. */
    public static long round(List<Long> generators) {
        List<Integer> vehicles = as("collector").get("/api/vehicles?ownerPartyId=" + Fixtures.partyIdOf("collector")).then().log().ifValidationFails()
                .statusCode(200).extract().path("items.id");
        long driver = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        List<Map<String, Object>> stops = new ArrayList<>();
        for (long g : generators) {
            stops.add(Map.of("generatorPartyId", g, "address", "澄江街道测试路" + g + "号", "expectedContainers", 2));
        }
        return ((Number) as("collector").body(Map.of("requestId", UUID.randomUUID().toString(), "date", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(),
                "vehicleId", vehicles.get(0), "driverUserId", driver, "stops", stops)).post("/api/rounds").then().statusCode(201)
                .extract().path("id")).longValue();
    }
}
