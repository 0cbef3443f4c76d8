package cn.hazchain.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** REST Assured helpers: signed-in requests as the demo users (password demo-&lt;username&gt;) or any user. */
public final class Api {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    public static String token(String username) {
        return token(username, "demo-" + username);
    }

    public static String token(String username, String password) {
        return TOKENS.computeIfAbsent(username + "\u0000" + password, k -> given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/token")
                .then().statusCode(200)
                .extract().path("access_token"));
    }

    /** A JSON request signed in as the given user. */
    public static RequestSpecification as(String username) {
        return given().contentType(ContentType.JSON).auth().oauth2(token(username));
    }

    /** A JSON request signed in as any user, with its password. */
    public static RequestSpecification as(String username, String password) {
        return given().contentType(ContentType.JSON).auth().oauth2(token(username, password));
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }
}
