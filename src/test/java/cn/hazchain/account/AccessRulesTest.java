package cn.hazchain.account;

import static cn.hazchain.support.Api.anonymous;
import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may do what: 401 without a valid token, 403 for a role that may not, 404 for another party's record. */
@QuarkusTest
class AccessRulesTest {

    static final List<String> ALL = List.of("admin", "regulator", "collector", "driver", "keeper", "receiver", "generator");

    @ParameterizedTest
    @ValueSource(strings = {"/api/parties", "/api/parties/1", "/api/licences", "/api/users", "/api/auth/me", "/api/vehicles?ownerPartyId=1"})
    void protectedRoutesNeedAToken(String path) {
        anonymous().get(path).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void tamperedTokenIs401() {
        String token = Api.token("regulator");
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("REGULATOR", "ADMIN\",\"X");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        given().auth().oauth2(forged).get("/api/users").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-jwt").get("/api/parties").then().statusCode(401);
    }

    @Test
    void catalogueIsPublic() {
        anonymous().get("/api/waste-codes/900-041-49").then().statusCode(200);
    }

    @Test
    void onlyAdministratorsRegisterParties() {
        for (String user : ALL) {
            int expected = user.equals("admin") ? 201 : 403;
            as(user).body(Fixtures.party("GENERATOR", "新产废单位 " + user)).post("/api/parties").then().statusCode(expected);
        }
    }

    @Test
    void onlyAdministratorsManageUsers() {
        for (String user : ALL) {
            as(user).get("/api/users").then().statusCode(user.equals("admin") ? 200 : 403);
        }
    }

    @Test
    void onlyAdministratorsIssueLicences() {
        long receiver = Fixtures.partyIdOf("receiver");
        for (String user : ALL) {
            if (user.equals("admin")) {
                continue;
            }
            as(user).body(Map.of("number", "X-" + user, "holderPartyId", receiver, "kind", "COMPREHENSIVE",
                    "permitted", List.of("HW08"), "approvedAnnualTonnes", 1, "validFrom", "2026-01-01", "validTo", "2027-01-01"))
                    .post("/api/licences").then().statusCode(403);
        }
    }

    @Test
    void regulatorReadsEverythingAndChangesNothing() {
        long generator = Fixtures.partyIdOf("generator");
        int version = as("regulator").get("/api/parties/" + generator).then().statusCode(200).extract().path("version");
        as("regulator").body(Map.of("version", version, "name", "改名")).patch("/api/parties/" + generator).then().statusCode(403);
        long regulatorParty = Fixtures.partyIdOf("regulator");
        int own = as("regulator").get("/api/parties/" + regulatorParty).then().extract().path("version");
        as("regulator").body(Map.of("version", own, "address", "x")).patch("/api/parties/" + regulatorParty).then().statusCode(403);
        as("regulator").get("/api/parties?size=200").then().statusCode(200).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(35));
    }

    @Test
    void generatorSeesItselfButNotAnotherGenerator() {
        long mine = Fixtures.partyIdOf("generator");
        long other = Fixtures.createParty("GENERATOR", "另一家产废单位");
        as("generator").get("/api/parties/" + mine).then().statusCode(200);
        as("generator").get("/api/parties/" + other).then().statusCode(404).contentType("application/problem+json");
        as("generator").get("/api/parties/999999999").then().statusCode(404);
        as("generator").get("/api/parties?kind=GENERATOR&size=200").then().statusCode(200)
                .body("items.id", everyItem(equalTo((int) mine)));
    }

    @Test
    void generatorCannotChangeAnotherGenerator() {
        long other = Fixtures.createParty("GENERATOR", "别家");
        as("generator").body(Map.of("version", 0, "name", "x")).patch("/api/parties/" + other).then().statusCode(404);
    }

    @Test
    void partyUsersUpdateTheirOwnParty() {
        long mine = Fixtures.partyIdOf("generator");
        int version = as("generator").get("/api/parties/" + mine).then().extract().path("version");
        as("generator").body(Map.of("version", version, "contactPhone", "0510-86112233")).patch("/api/parties/" + mine)
                .then().statusCode(200).body("contactPhone", equalTo("0510-86112233")).body("version", equalTo(version + 1));
        as("generator").body(Map.of("version", version, "contactPhone", "0510-86112234")).patch("/api/parties/" + mine)
                .then().statusCode(409);
    }

    @Test
    void receiverSeesOnlyItselfAmongParties() {
        long mine = Fixtures.partyIdOf("receiver");
        as("receiver").get("/api/parties?size=200").then().statusCode(200)
                .body("items.id", everyItem(equalTo((int) mine)));
        long generator = Fixtures.partyIdOf("generator");
        as("receiver").get("/api/parties/" + generator).then().statusCode(404);
    }

    @Test
    void collectorSeesGeneratorsAndReceiversButNotRegulator() {
        long regulator = Fixtures.partyIdOf("regulator");
        as("collector").get("/api/parties?size=200").then().statusCode(200)
                .body("items.kind", hasItem("GENERATOR")).body("items.kind", hasItem("RECEIVER"))
                .body("items.kind", hasItem("STORAGE_POINT")).body("items.id", not(hasItem((int) regulator)));
        as("collector").get("/api/parties/" + regulator).then().statusCode(404);
    }

    @Test
    void keeperSeesItsCollector() {
        long collector = Fixtures.partyIdOf("collector");
        as("keeper").get("/api/parties/" + collector).then().statusCode(200).body("kind", equalTo("COLLECTOR"));
    }

    @Test
    void vehiclesOfAnotherPartyAreHidden() {
        long collector = Fixtures.partyIdOf("collector");
        as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().statusCode(200).body("total", equalTo(2));
        as("generator").get("/api/vehicles?ownerPartyId=" + collector).then().statusCode(200);
        as("receiver").get("/api/vehicles?ownerPartyId=" + collector).then().statusCode(404);
    }

    @Test
    void collectorOperatorRegistersOwnVehicleButNotAnothers() {
        long collector = Fixtures.partyIdOf("collector");
        long carrier = Fixtures.createParty("CARRIER", "危货运输公司");
        as("collector").body(Map.of("ownerPartyId", collector, "plate", "苏B·9X7Y6", "dgPermitNo", "苏交危320281000999", "capacityKg", 3000, "dgPermitValidTo", "2030-12-31"))
                .post("/api/vehicles").then().statusCode(201).body("plate", equalTo("苏B9X7Y6"));
        as("collector").body(Map.of("ownerPartyId", carrier, "plate", "苏B·9X7Y7", "dgPermitNo", "p", "capacityKg", 3000, "dgPermitValidTo", "2030-12-31"))
                .post("/api/vehicles").then().statusCode(403);
        as("collector").body(Map.of("ownerPartyId", collector, "plate", "ABC123", "dgPermitNo", "p", "capacityKg", 3000, "dgPermitValidTo", "2030-12-31"))
                .post("/api/vehicles").then().statusCode(422);
    }

    @Test
    void usersAreCreatedOnlyWithRolesThatFitTheirParty() {
        long generator = Fixtures.partyIdOf("generator");
        as("admin").body(Map.of("username", "wrongrole", "displayName", "x", "password", "long-enough-pw",
                "partyId", generator, "roles", List.of("RECEIVER_OPERATOR"))).post("/api/users").then().statusCode(422);
    }

    @Test
    void disabledUserCannotSignIn_andTheirTokenStopsAtOnce() {
        long generator = Fixtures.createParty("GENERATOR", "停用测试");
        String password = Fixtures.createUser("tobedisabled", generator, "GENERATOR_STAFF");
        String token = Api.token("tobedisabled", password);
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200);
        Map<String, Object> user = as("admin").get("/api/users?partyId=" + generator).then().extract().path("items[0]");
        as("admin").body(Map.of("version", user.get("version"), "enabled", false)).patch("/api/users/" + user.get("id"))
                .then().statusCode(200).body("enabled", equalTo(false));
        anonymous().body(Map.of("username", "tobedisabled", "password", password)).post("/api/auth/token").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(token).get("/api/auth/me").then().statusCode(401)
                .body("detail", org.hamcrest.Matchers.containsString("disabled"));
    }

    @Test
    void meNamesUserPartyAndRoles() {
        as("keeper").get("/api/auth/me").then().statusCode(200).body("username", equalTo("keeper"))
                .body("partyKind", equalTo("STORAGE_POINT")).body("roles", equalTo(List.of("STORAGE_KEEPER")));
    }
}
