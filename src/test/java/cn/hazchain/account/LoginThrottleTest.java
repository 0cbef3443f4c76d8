package cn.hazchain.account;

import static cn.hazchain.support.Api.anonymous;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.PathVariants;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In tests an account locks for 2 s after 5 wrong passwords (hazchain.login.lock-seconds=2). The per-address
 * throttle is tested from 127.0.0.2: the rest of the suite signs in from 127.0.0.1, which the test profile exempts.
 */
@QuarkusTest
class LoginThrottleTest {

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() throws InterruptedException {
        long party = Fixtures.createParty("GENERATOR", "锁定测试");
        String password = Fixtures.createUser("lockme", party, "GENERATOR_STAFF");
        for (int i = 0; i < 5; i++) {
            anonymous().body(Map.of("username", "lockme", "password", "wrong-" + i)).post("/api/auth/token")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        anonymous().body(Map.of("username", "lockme", "password", password)).post("/api/auth/token")
                .then().statusCode(429).contentType("application/problem+json").body("retryAfterSeconds", notNullValue());
        Thread.sleep(2200);
        anonymous().body(Map.of("username", "lockme", "password", password)).post("/api/auth/token")
                .then().statusCode(200).body("access_token", notNullValue()).body("expires_in", equalTo(28800));
    }

    @Test
    void unknownUserAndWrongPasswordLookTheSame() {
        String unknown = anonymous().body(Map.of("username", "nobody-here", "password", "whatever")).post("/api/auth/token")
                .then().statusCode(401).extract().path("detail");
        String wrong = anonymous().body(Map.of("username", "regulator", "password", "whatever")).post("/api/auth/token")
                .then().statusCode(401).extract().path("detail");
        org.junit.jupiter.api.Assertions.assertEquals(unknown, wrong);
    }

    @Test
    void manyFailuresFromOneAddressAcrossAccountsRefuseEverySignInFromIt_butNoOtherAddress() throws Exception {
        long party = Fixtures.createParty("GENERATOR", "撞库测试");
        String password = Fixtures.createUser("sprayed", party, "GENERATOR_STAFF");
        // password spraying: one guess each on many accounts, so no account locks
        for (int i = 0; i < 30; i++) {
            Raw r = postFrom("127.0.0.2", "/api/auth/token", "{\"username\":\"spray-" + i + "\",\"password\":\"123456\"}");
            org.junit.jupiter.api.Assertions.assertEquals(401, r.status(), r.toString());
        }
        // now even the right password is refused from that address, on the web and on the handheld sign-in
        Raw refused = postFrom("127.0.0.2", "/api/auth/token", "{\"username\":\"sprayed\",\"password\":\"" + password + "\"}");
        org.junit.jupiter.api.Assertions.assertEquals(429, refused.status(), refused.toString());
        org.junit.jupiter.api.Assertions.assertTrue(refused.head().toLowerCase().contains("content-type: application/problem+json"), refused.head());
        org.junit.jupiter.api.Assertions.assertTrue(refused.body().contains("login-throttled"), refused.body());
        java.util.regex.Matcher retry = java.util.regex.Pattern.compile("(?im)^retry-after: (\\d+)").matcher(refused.head());
        org.junit.jupiter.api.Assertions.assertTrue(retry.find(), refused.head());
        long seconds = Long.parseLong(retry.group(1));
        org.junit.jupiter.api.Assertions.assertTrue(seconds > 800 && seconds <= 900, "about the 15-minute window: " + seconds);
        Raw handheld = postFrom("127.0.0.2", "/api/mobile/v1/sessions",
                "{\"deviceSerial\":\"HH-JY-0001\",\"username\":\"driver\",\"password\":\"demo-driver\"}");
        org.junit.jupiter.api.Assertions.assertEquals(429, handheld.status(), handheld.toString());
        // the account itself is not locked: the same password works from another address
        anonymous().body(Map.of("username", "sprayed", "password", password)).post("/api/auth/token").then().statusCode(200);
    }

    /**
     * Issue #19, finding 9b: each failed sign-in bumped the user's optimistic-lock version, so an administrator's
     * PATCH answered 409 while someone guessed the password. The failure count is bookkeeping, not an edit: the
     * version stays, the PATCH goes through, and the count survives the PATCH (five failures in all still lock).
     */
    @Test
    void failedSignIns_leaveTheVersion_soAnAdministratorsChangeGoesThrough() {
        long party = Fixtures.createParty("GENERATOR", "版本测试");
        String password = Fixtures.createUser("guessed-at", party, "GENERATOR_STAFF");
        int id = cn.hazchain.support.Api.as("admin").get("/api/users?partyId=" + party).then().statusCode(200).extract().path("items[0].id");
        int version = cn.hazchain.support.Api.as("admin").get("/api/users/" + id).then().statusCode(200).extract().path("version");
        for (int i = 0; i < 3; i++) {
            anonymous().body(Map.of("username", "guessed-at", "password", "guess-" + i)).post("/api/auth/token").then().statusCode(401);
        }
        cn.hazchain.support.Api.as("admin").get("/api/users/" + id).then().statusCode(200).body("version", equalTo(version));
        cn.hazchain.support.Api.as("admin").body(Map.of("version", version, "displayName", "改名 renamed")).patch("/api/users/" + id)
                .then().statusCode(200).body("displayName", equalTo("改名 renamed")).body("version", equalTo(version + 1));
        for (int i = 3; i < 5; i++) {
            anonymous().body(Map.of("username", "guessed-at", "password", "guess-" + i)).post("/api/auth/token").then().statusCode(401);
        }
        anonymous().body(Map.of("username", "guessed-at", "password", password)).post("/api/auth/token").then().statusCode(429);
    }

    /**
     * Issue #19, finding 1: the throttle keyed on exact paths, so {@code POST /api/auth/token/} signed in from a
     * throttled address and its failures were never counted. Every spelling the router sends to a sign-in route
     * (support/PathVariants) must be refused from a throttled address, and failures sent to any of them count.
     */
    @Test
    void signIn_isThrottled_onEveryPathTheRouterAccepts() throws Exception {
        long party = Fixtures.createParty("GENERATOR", "路径变体测试");
        String password = Fixtures.createUser("sprayed-variants", party, "GENERATOR_STAFF");
        String rightWeb = "{\"username\":\"sprayed-variants\",\"password\":\"" + password + "\"}";
        String rightHandheld = "{\"deviceSerial\":\"HH-JY-0001\",\"username\":\"driver\",\"password\":\"demo-driver\"}";
        // failures sent to the variants of both sign-in routes are counted, all together, for 127.0.0.3
        List<String> failing = new java.util.ArrayList<>();
        for (var variant : PathVariants.ROUTED.values()) {
            failing.add(variant.apply("/api/auth/token"));
            failing.add(variant.apply("/api/mobile/v1/sessions"));
        }
        for (int i = 0; i < 30; i++) {
            String path = failing.get(i % failing.size());
            String body = path.contains("mobile") ? "{\"deviceSerial\":\"HH-JY-0001\",\"username\":\"spray-v" + i + "\",\"password\":\"123456\"}"
                    : "{\"username\":\"spray-v" + i + "\",\"password\":\"123456\"}";
            Raw r = postFrom("127.0.0.3", path, body);
            org.junit.jupiter.api.Assertions.assertEquals(401, r.status(), path + " " + r);
        }
        List<String> wrong = new java.util.ArrayList<>();
        for (String path : List.of("/api/auth/token", "/api/mobile/v1/sessions")) {
            List<String> spellings = new java.util.ArrayList<>(List.of(path));
            PathVariants.ROUTED.values().forEach(v -> spellings.add(v.apply(path)));
            for (String spelling : spellings) {
                Raw r = postFrom("127.0.0.3", spelling, path.contains("mobile") ? rightHandheld : rightWeb);
                if (r.status() != 429 || !r.body().contains("login-throttled")) {
                    wrong.add("POST " + spelling + " from a throttled address: " + r.status() + " " + cn.hazchain.common.Text.clip(r.body(), 100));
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // the same right password still works from an address that is not throttled
        anonymous().body(Map.of("username", "sprayed-variants", "password", password)).post("/api/auth/token").then().statusCode(200);
    }

    /** The throttle names its routes as templates: each must be a route the service serves (a rename would silently drop it). */
    @Test
    void throttledRoutes_areSignInRoutesTheServiceServes() {
        Map<String, Object> paths = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("paths");
        for (String route : SignInThrottleFilter.SIGN_IN_ROUTES) {
            String[] methodAndPath = route.split(" ", 2);
            @SuppressWarnings("unchecked")
            Map<String, Object> operations = (Map<String, Object>) paths.get(methodAndPath[1]);
            org.junit.jupiter.api.Assertions.assertTrue(operations != null && operations.containsKey(methodAndPath[0].toLowerCase()),
                    route + " is not a route of the service");
        }
    }

    record Raw(int status, String head, String body) {
    }

    /** A POST over a socket bound to {@code local} (any 127.x.y.z reaches the test server on 127.0.0.1). */
    static Raw postFrom(String local, String path, String json) throws java.io.IOException {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(local, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", io.restassured.RestAssured.port), 5000);
            s.setSoTimeout(30_000);
            String request = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, split < 0 ? "" : answer.substring(split + 4));
        }
    }
}
