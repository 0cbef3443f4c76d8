package cn.hazchain.account;

import static cn.hazchain.support.Api.anonymous;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In tests an account locks for 2 s after 5 wrong passwords (hazchain.login.lock-seconds=2). */
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
}
