package cn.hazchain.common;

import static cn.hazchain.support.Api.as;
import static cn.hazchain.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input on any route gets a 4xx application/problem+json that says what is wrong, never a 500. */
@QuarkusTest
class BadInputTest {

    static ValidatableResponse problem(ValidatableResponse r) {
        return r.statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .contentType("application/problem+json")
                .body("status", notNullValue()).body("detail", notNullValue())
                .body("detail", not(containsString("Exception"))).body("detail", not(containsString("at cn.hazchain")));
    }

    static Stream<Arguments> badBodies() {
        String huge = "x".repeat(5000);
        return Stream.of(
                Arguments.of("/api/parties", "{", "not valid JSON"),
                Arguments.of("/api/parties", "[]", "wrong type"),
                Arguments.of("/api/parties", "\"a string\"", "wrong type"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038216\",\"kind\":\"GENERATOR\",\"name\":\"n\",\"bogus\":1}", "unknown field 'bogus'"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038216\",\"kind\":\"FACTORY\",\"name\":\"n\"}", "one of GENERATOR"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038216\",\"kind\":\"GENERATOR\",\"name\":\"n\",\"latitude\":\"north\"}", "latitude"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038216\",\"kind\":\"GENERATOR\",\"name\":\"n\",\"latitude\":91}", "latitude"),
                Arguments.of("/api/parties", "{\"kind\":\"GENERATOR\",\"name\":\"n\"}", "uscc"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038216\",\"kind\":\"GENERATOR\",\"name\":\"" + huge + "\"}", "name"),
                Arguments.of("/api/parties", "{\"uscc\":\"914403001922038217\",\"kind\":\"GENERATOR\",\"name\":\"n\"}", "should be '6'"),
                Arguments.of("/api/parties", "", "body"),
                Arguments.of("/api/licences", "{\"number\":\"x\",\"holderPartyId\":\"abc\"}", "holderPartyId"),
                Arguments.of("/api/licences", "{\"number\":\"x\",\"holderPartyId\":1,\"kind\":\"COMPREHENSIVE\",\"permitted\":[\"HW08\"],\"approvedAnnualTonnes\":1,\"validFrom\":\"2026-13-01\",\"validTo\":\"2027-01-01\"}", "validFrom"),
                Arguments.of("/api/licences", "{\"number\":\"x\",\"holderPartyId\":1,\"kind\":\"COMPREHENSIVE\",\"permitted\":[],\"approvedAnnualTonnes\":-1,\"validFrom\":\"2026-01-01\",\"validTo\":\"2027-01-01\"}", "approvedAnnualTonnes"),
                Arguments.of("/api/users", "{\"username\":\"A B\",\"displayName\":\"x\",\"password\":\"short\",\"partyId\":1,\"roles\":[\"ADMIN\"]}", "password"),
                Arguments.of("/api/users", "{\"username\":\"abc\",\"displayName\":\"x\",\"password\":\"long-enough-pw\",\"partyId\":1,\"roles\":[\"KING\"]}", "one of"),
                Arguments.of("/api/vehicles", "{\"ownerPartyId\":1,\"plate\":\"x\",\"dgPermitNo\":\"p\",\"capacityKg\":1.5}", "capacityKg"),
                Arguments.of("/api/parties", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "nesting limit"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodyIsA4xxProblemThatSaysWhatIsWrong(String path, String body, String mentions) {
        problem(given().auth().oauth2(token("admin")).contentType("application/json").body(body).post(path).then())
                .body("detail", containsString(mentions));
    }

    @Test
    void wrongContentTypeIs415() {
        problem(given().auth().oauth2(token("admin")).contentType("text/plain").body("hello").post("/api/parties").then())
                .statusCode(415);
    }

    @Test
    void loginWithWrongTypesIs400() {
        problem(given().contentType("application/json").body("{\"username\":1,\"password\":[]}").post("/api/auth/token").then())
                .statusCode(400);
        problem(given().contentType("application/json").body("{}").post("/api/auth/token").then()).statusCode(400);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/api/waste-codes?page=-1", "page"),
                Arguments.of("/api/waste-codes?page=abc", "page"),
                Arguments.of("/api/waste-codes?size=0", "size"),
                Arguments.of("/api/waste-codes?size=100000", "size"),
                Arguments.of("/api/waste-codes?page=99999999999", "page"),
                Arguments.of("/api/waste-codes?category=oil", "category"),
                Arguments.of("/api/waste-codes?hazard=X", "hazard"),
                Arguments.of("/api/waste-codes?q=" + "a".repeat(500), "q"),
                Arguments.of("/api/parties?kind=FACTORY", "kind"),
                Arguments.of("/api/parties?parentId=x", "parentId"),
                Arguments.of("/api/parties/abc", "id"),
                Arguments.of("/api/parties/-5", "id"),
                Arguments.of("/api/licences/decision?partyId=1", "code"),
                Arguments.of("/api/licences/decision?partyId=1&code=900-249-08&date=yesterday", "date"),
                Arguments.of("/api/licences/decision?partyId=1&code=900-249-08&tonnes=lots", "tonnes"),
                Arguments.of("/api/vehicles", "ownerPartyId"));
    }

    @ParameterizedTest
    @MethodSource("badQueries")
    void badQueryIs400NamingTheParameter(String path, String mentions) {
        problem(as("admin").get(path).then()).statusCode(400).body("detail", containsString(mentions));
    }

    @Test
    void injectionInSearchIsJustText() {
        as("admin").get("/api/parties?q=' OR 1=1 --").then().statusCode(200).body("total", equalTo(0));
        as("admin").get("/api/waste-codes?q=%25").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void unknownRouteIs404Problem() {
        problem(as("admin").get("/api/nothing-here").then()).statusCode(404);
    }

    @Test
    void duplicateUsccIs409() {
        var body = Fixtures.party("GENERATOR", "重复");
        Fixtures.createParty(body);
        problem(as("admin").body(body).post("/api/parties").then()).statusCode(409).body("detail", containsString((String) body.get("uscc")));
    }
}
