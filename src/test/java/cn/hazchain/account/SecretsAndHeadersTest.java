package cn.hazchain.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** No password or token ever reaches the log, whatever happens at sign-in; API answers carry the safety headers. */
@QuarkusTest
class SecretsAndHeadersTest {

    @Test
    void passwordsAndTokensNeverReachTheLog() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r.getMessage() == null ? "" : r.getMessage();
                Object[] params = r.getParameters();
                StringBuilder line = new StringBuilder(message);
                if (params != null) {
                    for (Object p : params) {
                        line.append(' ').append(p);
                    }
                }
                if (r.getThrown() != null) {
                    line.append(' ').append(r.getThrown());
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            long party = Fixtures.partyIdOf("collector");
            String user = "secretive-" + System.nanoTime() % 1_000_000;
            String password = Fixtures.createUser(user, party, "DRIVER");
            String wrong = "Wrong-Secret-" + System.nanoTime();
            for (int i = 0; i < 6; i++) { // enough to lock the account: the lock-out is logged, the password must not be
                given().contentType(ContentType.JSON).body(Map.of("username", user, "password", wrong)).post("/api/auth/token");
            }
            String token = Api.token("driver");
            given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200);
            given().auth().oauth2(token + "x").get("/api/auth/me").then().statusCode(401);
            String serial = "HH-LOG-" + System.nanoTime() % 100000;
            Api.as("admin").body(Map.of("serial", serial, "ownerPartyId", party)).post("/api/devices").then().statusCode(201);
            String shift = given().contentType(ContentType.JSON).body(Map.of("deviceSerial", serial, "username", "driver", "password", "demo-driver"))
                    .post("/api/mobile/v1/sessions").then().statusCode(201).extract().path("access_token");
            given().auth().oauth2(shift).get("/api/mobile/v1/rounds").then().statusCode(200);

            assertFalse(lines.isEmpty(), "the capture sees the service's log (e.g. the lock-out and the shift start)");
            for (String line : lines) {
                assertFalse(line.contains(wrong) || line.contains(password) || line.contains("demo-driver"), "a password in the log: " + line);
                assertFalse(line.contains(token) || line.contains(shift) || line.contains("eyJ"), "a token in the log: " + line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains(user)), "the lock-out of " + user + " is logged (by name only): " + lines);
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void apiAnswersCarryTheSafetyHeaders() {
        for (String path : List.of("/api/waste-codes?size=1", "/api/parties/999999999", "/api/nothing-here")) {
            given().auth().oauth2(Api.token("regulator")).get(path).then()
                    .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer");
        }
        given().get("/dashboard/").then().statusCode(200).header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'none'"));
    }
}
