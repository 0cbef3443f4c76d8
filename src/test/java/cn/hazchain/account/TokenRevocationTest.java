package cn.hazchain.account;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, finding 2: an administrator changed a driver's roles to STORAGE_KEEPER and its password; the driver's
 * old token still carried DRIVER and collected a container. A change of roles, party or password, or disabling the
 * account, ends the user's web tokens and handheld shifts at once.
 */
@QuarkusTest
class TokenRevocationTest {

    /** A driver of the demo collector with a web token and a shift on the demo handheld. */
    record Driver(long id, String username, String password, String web, String shift, String sessionId, long deviceId) {
    }

    static Driver driver(String username) {
        long collector = Fixtures.partyIdOf("collector");
        String password = Fixtures.createUser(username, collector, "DRIVER");
        long id = as("admin").get("/api/users?partyId=" + collector + "&size=200").then().statusCode(200).extract().jsonPath()
                .getLong("items.find { it.username == '" + username + "' }.id");
        String web = given().contentType("application/json").body(Map.of("username", username, "password", password))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        Map<String, Object> shift = given().contentType("application/json")
                .body(Map.of("deviceSerial", "HH-JY-0001", "username", username, "password", password))
                .post("/api/mobile/v1/sessions").then().statusCode(201).extract().path("");
        // both work before the change
        given().auth().oauth2(web).get("/api/auth/me").then().statusCode(200).body("roles", equalTo(List.of("DRIVER")));
        given().auth().oauth2((String) shift.get("access_token")).get("/api/mobile/v1/rounds").then().statusCode(200);
        return new Driver(id, username, password, web, (String) shift.get("access_token"), (String) shift.get("sessionId"),
                ((Number) shift.get("deviceId")).longValue());
    }

    static void change(Driver d, Map<String, Object> changes) {
        int version = as("admin").get("/api/users/" + d.id()).then().statusCode(200).extract().path("version");
        Map<String, Object> body = new HashMap<>(changes);
        body.put("version", version);
        as("admin").body(body).patch("/api/users/" + d.id()).then().statusCode(200);
    }

    /** The old web token collects nothing and the old shift token is refused; the shift is recorded as ended, with why. */
    static void assertOldTokensEnded(Driver d, String why) {
        String label = issuedContainer();
        long collector = Fixtures.partyIdOf("collector");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");
        given().contentType("application/json").auth().oauth2(d.web())
                .body(Map.of("commandId", UUID.randomUUID().toString(), "manifestNumber", manifestOf(label), "weightKg", 10, "vehicleId", vehicle))
                .post("/api/containers/" + label + "/collect").then().statusCode(401).body("type", containsString("session-ended"));
        as("collector").get("/api/containers/" + label).then().body("state", equalTo("ISSUED"));
        given().auth().oauth2(d.web()).get("/api/auth/me").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(d.shift()).get("/api/mobile/v1/rounds").then().statusCode(401).body("type", containsString("session-ended"));
        List<Map<String, Object>> sessions = as("admin").get("/api/devices/" + d.deviceId() + "/sessions?size=200").then().statusCode(200)
                .extract().path("items");
        Map<String, Object> session = sessions.stream().filter(s -> d.sessionId().equals(s.get("id")) || d.sessionId().equals(s.get("sessionId")))
                .findFirst().orElseThrow(() -> new AssertionError("session " + d.sessionId() + " not listed: " + sessions));
        assertNotNull(session.get("endedAt"), "the shift is ended: " + session);
        assertEquals(true, String.valueOf(session.get("endReason")).contains(why), "the shift's end names why: " + session);
    }

    static final Map<String, String> MANIFEST_OF = new HashMap<>();

    static String issuedContainer() {
        String number = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(3))).statusCode(201).extract().path("number");
        String label = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        MANIFEST_OF.put(label, number);
        return label;
    }

    static String manifestOf(String label) {
        return MANIFEST_OF.get(label);
    }

    @Test
    void changingRoles_endsTheUsersTokensAndShifts() {
        Driver d = driver("revoke-roles");
        change(d, Map.of("roles", List.of("STORAGE_KEEPER")));
        assertOldTokensEnded(d, "roles");
        given().contentType("application/json").body(Map.of("username", d.username(), "password", d.password())).post("/api/auth/token")
                .then().statusCode(200);
    }

    @Test
    void changingThePassword_endsTheUsersTokensAndShifts() {
        Driver d = driver("revoke-password");
        change(d, Map.of("password", "a-new-password-1"));
        assertOldTokensEnded(d, "password");
        given().contentType("application/json").body(Map.of("username", d.username(), "password", "a-new-password-1")).post("/api/auth/token")
                .then().statusCode(200);
    }

    @Test
    void changingTheParty_endsTheUsersTokensAndShifts() {
        Driver d = driver("revoke-party");
        long other = Fixtures.createParty("COLLECTOR", "另一家收运公司");
        change(d, Map.of("partyId", other));
        assertOldTokensEnded(d, "party");
        String token = given().contentType("application/json").body(Map.of("username", d.username(), "password", d.password()))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200).body("partyId", equalTo((int) other));
    }

    @Test
    void disablingTheAccount_endsTheUsersTokensAndShifts_andReEnablingDoesNotRevive_them() {
        Driver d = driver("revoke-disabled");
        change(d, Map.of("enabled", false));
        assertOldTokensEnded(d, "disabled");
        change(d, Map.of("enabled", true));
        given().auth().oauth2(d.web()).get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(d.shift()).get("/api/mobile/v1/rounds").then().statusCode(401);
    }

    @Test
    void changingTheDisplayNameOnly_leavesTokensAlone() {
        Driver d = driver("revoke-none");
        change(d, Map.of("displayName", "新名字"));
        given().auth().oauth2(d.web()).get("/api/auth/me").then().statusCode(200);
        given().auth().oauth2(d.shift()).get("/api/mobile/v1/rounds").then().statusCode(200);
    }
}
