package cn.hazchain.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over HTTP against a service in another process (the packaged jar), with the JDK's HTTP client: no
 * REST Assured, whose static configuration belongs to the @QuarkusTest classes. A status other than the expected
 * one throws with the answer's body; a transport failure (connection refused or reset) throws IOException.
 */
public final class HttpJson {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public HttpJson(String base) {
        this.base = base;
    }

    /** A web access token for a user (demo users: password "demo-" + username). */
    public String token(String username, String password) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        return post(null, "/api/auth/token", body, 200).path("access_token").asText();
    }

    public String demoToken(String username) throws IOException, InterruptedException {
        return token(username, "demo-" + username);
    }

    public JsonNode get(String token, String path) throws IOException, InterruptedException {
        return expect(send(token, "GET", path, null, Duration.ofMinutes(1)), 200, "GET " + path);
    }

    public JsonNode post(String token, String path, JsonNode body, int status) throws IOException, InterruptedException {
        return expect(send(token, "POST", path, JSON.writeValueAsBytes(body), Duration.ofMinutes(2)), status, "POST " + path);
    }

    /** The answer's bytes (a PDF, an image) when it is 200; else throws. */
    public byte[] bytes(String token, String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + res.statusCode() + ": " + clip(new String(res.body(), StandardCharsets.UTF_8)));
        }
        return res.body();
    }

    /** A page asked for without a token, as a phone asks for it ({@code Accept: text/html}): its status and text. */
    public HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** One exchange; the body (may be null) is sent as application/json. */
    public HttpResponse<String> send(String token, String method, String path, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The answer's JSON (an empty object for an empty body) when its status is {@code status}; else throws. */
    public static JsonNode expect(HttpResponse<String> res, int status, String what) throws IOException {
        if (res.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + res.statusCode() + " (expected " + status + "): " + clip(res.body()));
        }
        return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }

    public static String clip(String s) {
        return s == null ? "" : s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }
}
