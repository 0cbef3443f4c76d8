package cn.hazchain.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.PathVariants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing every route the service declares (read from its own OpenAPI document, so a new route is covered the day
 * it is added): random and malformed JSON bodies, wrong types, huge strings, deep nesting, NUL characters,
 * injection strings in path and query parameters, other spellings of each path. Whatever is sent, the answer is a 4xx problem — never a 500 —
 * and no record changes. Seeded: a failure names the seed, route and input, and the same run can be repeated.
 */
@QuarkusTest
class HostileInputTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261129L);
    static final int BODIES_PER_ROUTE = Integer.getInteger("fuzz.bodies", 25);
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> HOSTILE_STRINGS = List.of("", " ", "'; DROP TABLE party; --", "\" OR 1=1 --", "../../../../etc/passwd",
            "..%2F..%2Fetc%2Fpasswd", "%00", "a\u0000b", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "\uD83D\uDCA3",
            "中文字符串", "9".repeat(400), "x".repeat(70_000), "-1", "1e309", "NaN", "2026-13-45", "null", "true", "\\", "\u202Ehgfedcba");

    // "999999999;DROP", not "1;DROP": to the router a ';' starts a matrix parameter, so "1;DROP" is the id 1, and on a
    // database holding alert 1 a body that happens to be valid acknowledged it (a real change, not a fuzzing failure)
    static final List<String> HOSTILE_PATH = List.of("0", "-1", "99999999999999999999999", "999999999;DROP", "..%2F..%2Fetc%2Fpasswd", "%00",
            "%E4%B8%AD%E6%96%87", "a".repeat(1500), "%27%20OR%201%3D1", "null", "1.5", "%2e%2e");

    @Inject
    AgroalDataSource db;

    record Route(String method, String path, JsonNode operation) {
    }

    @Test
    void noRouteAnswersAServerErrorOrChangesARecordWhateverItIsSent() throws Exception {
        JsonNode openapi = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<Route> routes = routes(openapi);
        assertTrue(routes.size() > 50, "the service declares its routes: " + routes.size());
        Map<String, Long> before = fingerprint();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            boolean hasBody = route.operation().has("requestBody")
                    && route.operation().path("requestBody").path("content").has("application/json");
            if (!hasBody && !"get".equals(route.method()) && !route.path().contains("{")) {
                continue; // a bare command (e.g. rotate a key): nothing to fuzz, and calling it would change state
            }
            for (int i = 0; i < (hasBody ? BODIES_PER_ROUTE : 8); i++) {
                String user = i % 5 == 4 ? null : "admin";
                String path = spell(fillPath(route.path(), random), random);
                RequestSpecification request = user == null ? given() : given().auth().oauth2(Api.token(user));
                request = request.urlEncodingEnabled(false);
                for (JsonNode p : route.operation().path("parameters")) {
                    if ("query".equals(p.path("in").asText()) && random.nextInt(3) > 0) {
                        request = request.queryParam(p.path("name").asText(), encode(pick(random, HOSTILE_STRINGS)));
                    }
                }
                String body = null;
                if (hasBody) {
                    body = body(openapi, route, random);
                    request = request.contentType("application/json").body(body);
                }
                Response response = request.request(route.method().toUpperCase(), path);
                requests++;
                int status = response.statusCode();
                String problem = response.contentType();
                boolean page = route.path().startsWith("/v/") && problem.startsWith("text/html"); // the public label page answers in HTML
                // 414: a request line over 4096 bytes (hostile query strings) is refused by the HTTP layer before routing
                boolean ok = status < 500 && (status < 400 || status == 404 || status == 405 || status == 414 || page
                        || problem.startsWith("application/problem+json"));
                if (!ok && failures.size() < 20) {
                    failures.add(route.method().toUpperCase() + " " + path + " as " + user + " → " + status + " " + problem
                            + (body == null ? "" : "\n      body: " + clip(body)) + "\n      answer: " + clip(response.asString()));
                }
            }
        }
        assertTrue(failures.isEmpty(), "seed " + SEED + ", " + requests + " requests; answers that are not a 4xx problem:\n  "
                + String.join("\n  ", failures));
        assertEquals(before, fingerprint(), "no record changed (seed " + SEED + ")");
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void oversizedAndMalformedBodiesAreRefusedAtTheDoor() throws Exception {
        String token = Api.token("admin");
        // announced larger than quarkus.http.limits.max-body-size (6M): refused before the body is read
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /api/parties HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (7 * 1024 * 1024) + "\r\n\r\n{\"name\":\"")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine);
        }
        given().urlEncodingEnabled(false).auth().oauth2(token).get("/api/containers/%00").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"name\":\"a\u0000b\"}").post("/api/parties").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("[".repeat(10_000)).post("/api/parties").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"kind\":\"GENERATOR\",\"kind\":\"RECEIVER\"}").post("/api/parties")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/xml").body("<party/>").post("/api/parties").then().statusCode(415);
    }

    // ---- routes and inputs ----------------------------------------------------------------------------------------

    static List<Route> routes(JsonNode openapi) {
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(op.getKey()) && !path.getKey().startsWith("/q/")) {
                    routes.add(new Route(op.getKey(), path.getKey(), op.getValue()));
                }
            }
        }
        routes.sort(java.util.Comparator.comparing((Route r) -> r.path()).thenComparing(Route::method));
        return routes;
    }

    /**
     * Issue #19: one path in three is sent in another spelling: one the router sends to the same route
     * (support/PathVariants: trailing slash, doubled slashes, dot segments, a percent-encoded character, a matrix
     * parameter) or one it must not (upper case, an encoded slash or dot-dot, a trailing semicolon).
     */
    static String spell(String path, Random random) {
        if (random.nextInt(3) > 0) {
            return path;
        }
        List<java.util.function.UnaryOperator<String>> spellings = new ArrayList<>(PathVariants.ROUTED.values());
        spellings.add(PathVariants::upperCase);
        spellings.add(p -> p + "%2F");
        spellings.add(p -> p + "/%2e%2e/%2e%2e");
        spellings.add(p -> p + ";");
        return pick(random, spellings).apply(path);
    }

    static String fillPath(String template, Random random) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template.substring(i));
                break;
            }
            out.append(template, i, open);
            out.append(pick(random, HOSTILE_PATH));
            i = template.indexOf('}', open) + 1;
        }
        return out.toString();
    }

    /** A body: mostly an object with the operation's own field names holding wrong or hostile values; sometimes not JSON at all. */
    static String body(JsonNode openapi, Route route, Random random) throws Exception {
        switch (random.nextInt(12)) {
            case 0:
                return "";
            case 1:
                return "{\"unclosed\": ";
            case 2:
                return "[]";
            case 3:
                return "null";
            case 4:
                return "[".repeat(200) + "]".repeat(200);
            default:
                break;
        }
        JsonNode schema = resolve(openapi, route.operation().path("requestBody").path("content").path("application/json").path("schema"));
        for (int attempt = 0; ; attempt++) {
            String body = JSON.writeValueAsString(value(openapi, schema, random, 0));
            if (body.length() < 1_000_000 || attempt > 20) { // over the body limit is the other test's business
                return body;
            }
        }
    }

    static JsonNode value(JsonNode openapi, JsonNode schema, Random random, int depth) {
        if (depth > 4 || random.nextInt(4) == 0) {
            return hostile(random, depth);
        }
        JsonNode s = resolve(openapi, schema);
        if (s.has("properties")) {
            ObjectNode o = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (random.nextInt(4) > 0) {
                    o.set(p.getKey(), value(openapi, p.getValue(), random, depth + 1));
                }
            }
            if (random.nextInt(6) == 0) {
                o.put("unexpected" + random.nextInt(100), "field");
            }
            return o;
        }
        if ("array".equals(s.path("type").asText())) {
            ArrayNode a = F.arrayNode();
            int n = random.nextInt(4) == 0 ? 600 : random.nextInt(4);
            for (int i = 0; i < n; i++) {
                a.add(value(openapi, s.path("items"), random, depth + 1));
            }
            return a;
        }
        return hostile(random, depth);
    }

    static JsonNode hostile(Random random, int depth) {
        return switch (random.nextInt(10)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextBoolean() ? Long.MAX_VALUE : -random.nextInt(1000));
            case 3 -> F.numberNode(new java.math.BigDecimal("1e400"));
            case 4 -> F.numberNode(random.nextDouble() * 1e6);
            case 5 -> depth < 3 ? F.arrayNode().add(F.textNode("x")) : F.textNode("x");
            case 6 -> depth < 3 ? F.objectNode().put("x", 1) : F.textNode("y");
            default -> F.textNode(pick(random, HOSTILE_STRINGS));
        };
    }

    static JsonNode resolve(JsonNode openapi, JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.get("$ref").asText();
            s = openapi.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (s.has("allOf") && s.get("allOf").size() > 0) {
            return resolve(openapi, s.get("allOf").get(0));
        }
        return s;
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s.length() > 3000 ? s.substring(0, 3000) : s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    /** Row counts of every table: the same before and after means nothing was written. */
    Map<String, Long> fingerprint() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            // audit_checkpoint is written by a scheduled job (every 10 minutes when events were added), not by requests
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename NOT IN ('flyway_schema_history', 'audit_checkpoint') ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
