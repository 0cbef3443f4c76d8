package cn.hazchain.account;

import cn.hazchain.security.Claims;
import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import cn.hazchain.support.PathVariants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may call which route, as one table (src/test/resources/access-table.csv) checked against the service's own
 * OpenAPI document and against every route × caller; then cross-party reads (another party's record answers 404)
 * and bad tokens (401 problem+json). A revoked handheld session is covered by MobileApiTest.
 */
@QuarkusTest
class AccessTableTest {

    /** Callers in table column order; null is a request without a token. */
    static final List<String> CALLERS = java.util.Arrays.asList(null, "admin", "regulator", "collector", "driver", "keeper", "receiver", "generator");

    static final String NIL = "999999999";

    record Row(String method, String template, String path, String deniedBody, List<String> cells) {
        String route() {
            return method + " " + template;
        }
    }

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AccessTableTest.class.getResourceAsStream("/access-table.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(";", -1);
                assertEquals(4 + CALLERS.size(), f.length, "columns in: " + line);
                rows.add(new Row(f[0], f[1], f[2], f[3], List.of(f).subList(4, f.length)));
            }
        }
        return rows;
    }

    // ---- the table covers exactly the service's routes ----------------------------------------------------------

    @Test
    void everyRouteIsClassifiedAndEveryRowIsARoute() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        Set<String> served = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            if (p.getKey().startsWith("/q/")) {
                continue;
            }
            for (Iterator<String> methods = p.getValue().fieldNames(); methods.hasNext(); ) {
                String m = methods.next().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").contains(m)) {
                    served.add(m + " " + p.getKey());
                }
            }
        }
        List<Row> rows = table();
        Set<String> listed = new TreeSet<>();
        for (Row row : rows) {
            assertTrue(listed.add(row.route()), "listed twice: " + row.route());
        }
        Set<String> unclassified = new TreeSet<>(served);
        unclassified.removeAll(listed);
        Set<String> gone = new TreeSet<>(listed);
        gone.removeAll(served);
        assertTrue(unclassified.isEmpty(), "routes missing from access-table.csv (classify who may call them): " + unclassified);
        assertTrue(gone.isEmpty(), "access-table.csv lists routes the service no longer has: " + gone);
        assertTrue(served.size() > 90, "the OpenAPI document lists only " + served.size() + " routes");
    }

    // ---- route × caller ----------------------------------------------------------------------------------------

    /** Records of one party: a manifest the collector opened for a demo generator that is not user "generator"'s party. */
    static final class World {
        final Map<String, String> values = new HashMap<>();
        final long generator;
        final String manifest;
        final String label;
        final String transfer;

        private static World instance;

        static synchronized World get() {
            if (instance == null) {
                instance = new World();
            }
            return instance;
        }

        private World() {
            long own = Fixtures.partyIdOf("generator");
            long g = Manifests.demoGenerator(0);
            for (int i = 1; g == own; i++) {
                g = Manifests.demoGenerator(i);
            }
            generator = g;
            manifest = Manifests.open(Manifests.typicalPickup(g)).statusCode(201).extract().path("number");
            label = as("collector").get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[0].containers[0].labelId");
            // the bag of the same manifest goes through collection and storage onto a transfer (the moves of CollectionRoundTest)
            String bag = as("collector").get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[1].containers[0].labelId");
            long collector = Fixtures.partyIdOf("collector");
            long point = Fixtures.partyIdOf("keeper");
            int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().statusCode(200).extract().path("items[0].id");
            as("driver").body(Map.of("commandId", UUID.randomUUID(), "manifestNumber", manifest, "weightKg", 12.25, "vehicleId", vehicle))
                    .post("/api/containers/" + bag + "/collect").then().statusCode(200);
            as("keeper").body(Map.of("commandId", UUID.randomUUID(), "storagePointId", point, "weightKg", 12.25))
                    .post("/api/containers/" + bag + "/store").then().statusCode(200);
            transfer = as("collector").body(Map.of("commandId", UUID.randomUUID(), "originPartyId", point,
                            "receiverPartyId", Fixtures.partyIdOf("receiver"), "vehicleId", vehicle, "labelIds", List.of(bag)))
                    .post("/api/transfers").then().statusCode(201).extract().path("number");
            values.put("{gen}", String.valueOf(g));
            values.put("{manifest}", manifest);
            values.put("{label}", label);
            values.put("{collector}", String.valueOf(Fixtures.partyIdOf("collector")));
            values.put("{point}", String.valueOf(Fixtures.partyIdOf("keeper")));
            values.put("{nil}", NIL);
            values.put("{sha}", "0".repeat(64));
            Object licence = as("admin").get("/api/licences?size=1").then().statusCode(200).extract().path("items[0].id");
            values.put("{licence}", licence == null ? NIL : licence.toString());
            values.put("{transfer}", transfer);
            try {
                ObjectMapper json = new ObjectMapper();
                values.put("{pickup}", json.writeValueAsString(Manifests.typicalPickup(g)));
                values.put("{party}", json.writeValueAsString(Fixtures.party("GENERATOR", "越权测试")));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String fill(String text) {
            String out = text.replace("{uuid}", UUID.randomUUID().toString());
            for (Map.Entry<String, String> e : values.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            return out;
        }
    }

    static RequestSpecification caller(String user) {
        RequestSpecification spec = given().redirects().follow(false);
        return user == null ? spec : spec.auth().oauth2(Api.token(user));
    }

    @Test
    void everyCallerGetsExactlyTheAccessTheTableSays() throws IOException {
        World w = World.get();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (Row row : table()) {
            for (int i = 0; i < CALLERS.size(); i++) {
                String user = CALLERS.get(i);
                String cell = row.cells().get(i);
                if (cell.equals("-")) {
                    continue;
                }
                Response res = call(w, row, user, cell, w.fill(row.path()));
                if (!meets(cell, user, res.statusCode())) {
                    wrong.add(row.route() + " as " + who(user) + ": expected " + cell + ", got " + res.statusCode() + " " + clip(res.asString()));
                }
                checked.merge(cell, 1, Integer::sum);
            }
        }
        System.out.println("AccessTableTest: cells checked " + checked);
        assertTrue(wrong.isEmpty(), wrong.size() + " cells disagree with access-table.csv:\n" + String.join("\n", wrong));
    }

    /**
     * Issue #19, finding 1: a decision keyed on the request path let {@code POST /api/auth/token/} past the sign-in
     * throttle. Every spelling of a path that the router sends to the same route (support/PathVariants: trailing
     * slash, doubled slashes, {@code .} and {@code ..} segments, a percent-encoded character, a matrix parameter)
     * must get what the table's own path gets: the same status and problem type, the cell's access, and the API's
     * headers. An anonymous caller tries every spelling (its 401, or the public answer, differs from the 404 of a
     * path that is no route); the first caller the table allows tries the trailing slash, so the request reaches
     * the method's own checks too. An upper-case spelling is no route at all (404).
     */
    @Test
    void everyRoute_answersAsTheTableSays_whateverSpellingOfItsPath() throws IOException {
        World w = World.get();
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (Row row : table()) {
            String path = w.fill(row.path());
            int allowed = row.cells().subList(1, CALLERS.size()).indexOf("Y") + 1;
            for (int i : allowed > 0 ? List.of(0, allowed) : List.of(0)) {
                String user = CALLERS.get(i);
                String cell = row.cells().get(i);
                if (cell.equals("-")) {
                    continue;
                }
                Response canonical = call(w, row, user, cell, path);
                requests++;
                for (Map.Entry<String, java.util.function.UnaryOperator<String>> variant : PathVariants.ROUTED.entrySet()) {
                    if (user != null && !variant.getKey().equals("trailing slash")) {
                        continue;
                    }
                    String spelling = variant.getValue().apply(path);
                    Response res = call(w, row, user, cell, spelling);
                    requests++;
                    String problem = sameAnswer(canonical, res);
                    if (!meets(cell, user, res.statusCode()) || problem != null) {
                        wrong.add(row.method() + " " + spelling + " (" + variant.getKey() + ") as " + who(user) + ": expected " + cell
                                + " like " + path + " (" + canonical.statusCode() + "), got " + res.statusCode()
                                + (problem == null ? "" : ", " + problem) + " " + clip(res.asString()));
                    }
                }
            }
            Response upper = call(w, row, null, row.cells().get(0), PathVariants.upperCase(path));
            requests++;
            if (upper.statusCode() != 404 || !upper.contentType().startsWith("application/problem+json")
                    || (path.startsWith("/api/") && upper.header("X-Content-Type-Options") == null)) {
                wrong.add(row.method() + " " + PathVariants.upperCase(path) + ": an upper-case path is no route, expected 404 problem with the API's headers, got "
                        + upper.statusCode() + " " + upper.contentType() + " " + upper.headers().asList());
            }
        }
        System.out.println("AccessTableTest: " + requests + " requests with path variants");
        assertTrue(wrong.isEmpty(), wrong.size() + " answers to path variants differ:\n" + String.join("\n", wrong));
    }

    /** Why two answers differ (status, problem type, a route's 404 versus no route, API headers), or null when alike. */
    static String sameAnswer(Response expected, Response actual) {
        if (expected.statusCode() != actual.statusCode()) {
            return "status " + actual.statusCode() + " instead of " + expected.statusCode();
        }
        String expectedType = problemType(expected);
        String actualType = problemType(actual);
        if (!java.util.Objects.equals(expectedType, actualType)) {
            return "problem " + actualType + " instead of " + expectedType;
        }
        if (noRoute(actual) && !noRoute(expected)) {
            return "no route at this spelling";
        }
        if (expected.header("X-Content-Type-Options") != null && actual.header("X-Content-Type-Options") == null) {
            return "without the API's headers";
        }
        return null;
    }

    static String problemType(Response res) {
        String type = res.contentType();
        return type != null && type.startsWith("application/problem+json") ? res.jsonPath().getString("type") : null;
    }

    static boolean noRoute(Response res) {
        return res.statusCode() == 404 && problemType(res) != null && String.valueOf(res.jsonPath().getString("detail")).startsWith("no resource at");
    }

    /** The row's request as {@code user}: a broken body for allowed callers (400, nothing written), a valid one for the others. */
    static Response call(World w, Row row, String user, String cell, String path) {
        RequestSpecification req = caller(user).urlEncodingEnabled(false);
        if (!row.deniedBody().equals("-")) {
            boolean malformed = row.deniedBody().equals("bad") || cell.equals("Y");
            req = req.contentType(ContentType.JSON).body(malformed ? "{" : w.fill(row.deniedBody()));
        }
        return req.request(row.method(), path);
    }

    static boolean meets(String cell, String user, int status) {
        return switch (cell) {
            case "Y" -> status != 401 && status != 403 && status < 500;
            case "N" -> status == (user == null ? 401 : 403);
            case "H" -> status == 404;
            case "D" -> status == 403 || status == 404;
            case "n" -> status >= 400 && status < 500 && status != 401;
            default -> throw new IllegalStateException("unknown cell " + cell);
        };
    }

    static String who(String user) {
        return user == null ? "anonymous" : user;
    }

    static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ---- another party's records answer 404 ------------------------------------------------------------------------

    @Test
    void anotherPartysRecordsAnswer404() {
        World w = World.get();
        List<String> paths = List.of("/api/manifests/" + w.manifest, "/api/manifests/" + w.manifest + "/trail",
                "/api/manifests/" + w.manifest + "/manifest.pdf", "/api/manifests/" + w.manifest + "/labels.pdf",
                "/api/exports/national/manifests/" + w.manifest,
                "/api/containers/" + w.label, "/api/containers/" + w.label + "/trail", "/api/containers/" + w.label + "/lineage",
                "/api/containers/" + w.label + "/label.pdf", "/api/containers/" + w.label + "/qr.png", "/api/containers/" + w.label + "/qr.svg");
        List<String> wrong = new ArrayList<>();
        for (String path : paths) {
            // the collector's storage points see its manifests (ManifestService.canSee: my parent is the collector)
            for (String user : List.of("admin", "regulator", "collector", "driver", "keeper")) {
                expect(wrong, user, path, 200);
            }
            // a generator that is not this manifest's, and the receiver (the drum is on no transfer to it)
            for (String user : List.of("generator", "receiver")) {
                expect(wrong, user, path, 404);
            }
        }
        for (String path : List.of("/api/transfers/" + w.transfer, "/api/transfers/" + w.transfer + "/trail", "/api/transfers/" + w.transfer + "/lineage",
                "/api/transfers/" + w.transfer + "/pdf")) {
            expect(wrong, "generator", path, 404);
            expect(wrong, "receiver", path, 200);
        }
        expect(wrong, "generator", "/api/generators/" + w.generator + "/trail", 404);
        expect(wrong, "collector", "/api/generators/" + w.generator + "/trail", 200);
        expect(wrong, "generator", "/api/parties/" + w.generator, 404);
        expect(wrong, "receiver", "/api/parties/" + w.generator, 404);
        expect(wrong, "generator", "/api/parties/" + Fixtures.partyIdOf("generator"), 200);
        // a device of the receiver is hidden from the collector's operators, and the other way round
        long receiverParty = Fixtures.partyIdOf("receiver");
        long collectorParty = Fixtures.partyIdOf("collector");
        Object receiverDevice = deviceOf(receiverParty);
        Object collectorDevice = deviceOf(collectorParty);
        assertNotEquals(null, collectorDevice, "the demo data enrols a handheld for the collector");
        expect(wrong, "receiver", "/api/devices/" + collectorDevice, 404);
        expect(wrong, "receiver", "/api/devices/" + collectorDevice + "/sessions", 404);
        expect(wrong, "collector", "/api/devices/" + collectorDevice, 200);
        if (receiverDevice != null) {
            expect(wrong, "collector", "/api/devices/" + receiverDevice, 404);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    static Object deviceOf(long party) {
        List<Map<String, Object>> items = as("admin").get("/api/devices?size=200&ownerPartyId=" + party).then().statusCode(200).extract().path("items");
        return items.stream().map(d -> d.get("id")).findFirst().orElse(null);
    }

    static void expect(List<String> wrong, String user, String path, int status) {
        int got = caller(user).get(path).statusCode();
        if (got != status) {
            wrong.add("GET " + path + " as " + user + ": expected " + status + ", got " + got);
        }
    }

    // ---- tokens ------------------------------------------------------------------------------------------------

    @Test
    void tokensTheServiceDidNotIssueOrThatExpiredAre401() throws Exception {
        String issuer = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("mp.jwt.verify.issuer", String.class);
        long regulator = ((Number) as("regulator").get("/api/auth/me").then().statusCode(200).extract().path("userId")).longValue();
        long party = Fixtures.partyIdOf("regulator");
        // the same claims the service signs, with the service's own key: accepted, so the variants below fail for their one difference
        String good = claims(issuer, String.valueOf(regulator), party).expiresIn(600).sign();
        caller(null).auth().oauth2(good).get("/api/parties?size=1").then().statusCode(200);

        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        PrivateKey stranger = gen.generateKeyPair().getPrivate();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("expired", claims(issuer, String.valueOf(regulator), party).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign());
        bad.put("signed with another key", claims(issuer, String.valueOf(regulator), party).expiresIn(600).sign(stranger));
        bad.put("wrong issuer", claims("https://elsewhere.example/issuer", String.valueOf(regulator), party).expiresIn(600).sign());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> token : bad.entrySet()) {
            Response res = caller(null).auth().oauth2(token.getValue()).get("/api/parties?size=1");
            if (res.statusCode() != 401 || !res.contentType().startsWith("application/problem+json")) {
                wrong.add(token.getKey() + ": " + res.statusCode() + " " + res.contentType() + " " + clip(res.asString()));
            }
        }
        assertTrue(wrong.isEmpty(), "tokens that should be refused with 401 problem+json:\n" + String.join("\n", wrong));
    }

    /**
     * A well-signed web token naming a user id that does not exist is refused: every token's user is checked
     * against the database on every request (account/SessionCheck), so a disabled account stops at once too.
     */
    @Test
    void aTokenForAnUnknownUserIs401() {
        String issuer = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("mp.jwt.verify.issuer", String.class);
        String token = claims(issuer, "987654321", Fixtures.partyIdOf("regulator")).expiresIn(600).sign();
        caller(null).auth().oauth2(token).get("/api/parties?size=1").then().statusCode(401).contentType("application/problem+json");
    }

    static io.smallrye.jwt.build.JwtClaimsBuilder claims(String issuer, String subject, long party) {
        return Jwt.issuer(issuer).subject(subject).upn("regulator").groups(Set.of("REGULATOR")).claim(Claims.PARTY, party);
    }
}
