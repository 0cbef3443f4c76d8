package cn.hazchain.alert;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The alert tests' own records, made through the API: generators, storage points of the demo collector, a
 * receiver with its licence, pickups walked through custody as in CollectionRoundTest, and alert look-ups.
 */
final class AlertWorld {

    static final String OIL = "900-249-08";
    static final String RAGS = "900-041-49";
    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 10000));

    private AlertWorld() {
    }

    static int next() {
        return SEQ.incrementAndGet();
    }

    /** A town name no other test uses, so counts by town are this test's own. */
    static String town() {
        return "警报测试镇" + next();
    }

    static long generator(String town, String annualTonnes) {
        Map<String, Object> body = Fixtures.party("GENERATOR", "江阴警报测试汽修厂" + next());
        body.put("town", town);
        body.put("contactName", "王师傅");
        if (annualTonnes != null) {
            body.put("annualGenerationTonnes", new BigDecimal(annualTonnes));
        }
        return Fixtures.createParty(body);
    }

    static long storagePoint(String town) {
        Map<String, Object> body = Fixtures.party("STORAGE_POINT", "警报测试贮存点" + next());
        body.put("town", town);
        body.put("parentId", collector());
        return Fixtures.createParty(body);
    }

    static long collector() {
        return Fixtures.partyIdOf("collector");
    }

    static int vehicle() {
        return as("collector").get("/api/vehicles?ownerPartyId=" + collector()).then().extract().path("items[0].id");
    }

    /** A user of a party with one role, signed in. */
    record User(String username, String password) {
        RequestSpecification req() {
            return given().contentType(ContentType.JSON).auth().oauth2(Api.token(username, password));
        }
    }

    static User user(long partyId, String role) {
        String name = "alert" + role.toLowerCase().replace("_", "") + next();
        return new User(name, Fixtures.createUser(name, partyId, role));
    }

    /** A receiver holding a comprehensive licence for HW08 and HW49 (approved tonnes as given), and its operator. */
    record Receiver(long id, long licenceId, User operator) {
    }

    static Receiver receiver(String town, String approvedTonnes) {
        Map<String, Object> body = Fixtures.party("RECEIVER", "江阴警报测试处置厂" + next());
        body.put("town", town);
        long id = Fixtures.createParty(body);
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        int licence = as("admin").body(Map.of("number", "JSHW-ALERT-" + next(), "holderPartyId", id, "kind", "COMPREHENSIVE",
                        "permitted", List.of("HW08", "HW49"), "approvedAnnualTonnes", new BigDecimal(approvedTonnes),
                        "validFrom", today.minusYears(1).toString(), "validTo", today.plusYears(2).toString()))
                .post("/api/licences").then().statusCode(201).extract().path("id");
        return new Receiver(id, licence, user(id, "RECEIVER_OPERATOR"));
    }

    /** A pickup manifest of oil drums with the given estimates (kg); returns its number and labels in order. */
    record Pickup(String number, List<String> labels) {
    }

    static Pickup pickup(long generatorId, double... estimates) {
        List<Map<String, Object>> drums = new ArrayList<>();
        for (double kg : estimates) {
            drums.add(Manifests.container(kg >= 500 ? "IBC" : "DRUM", kg >= 500 ? 1000 : 200, kg));
        }
        Map<String, Object> body = Manifests.typicalPickup(generatorId);
        body.put("lines", List.of(Manifests.line(OIL, "LIQUID", "废矿物油", drums)));
        String number = Manifests.open(body).log().ifValidationFails().statusCode(201).extract().path("number");
        List<String> labels = as("collector").get("/api/manifests/" + number).then().statusCode(200).extract().path("lines[0].containers.labelId");
        return new Pickup(number, labels);
    }

    static Map<String, Object> cmd(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", UUID.randomUUID().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void collect(Pickup p, String label, String kg) {
        as("driver").body(cmd("manifestNumber", p.number(), "weightKg", new BigDecimal(kg), "vehicleId", vehicle()))
                .post("/api/containers/" + label + "/collect").then().statusCode(200).body("state", equalTo("COLLECTED"));
    }

    static void store(User keeper, String label, long storagePoint, String kg) {
        keeper.req().body(cmd("storagePointId", storagePoint, "weightKg", new BigDecimal(kg)))
                .post("/api/containers/" + label + "/store").then().statusCode(200).body("state", equalTo("IN_STORAGE"));
    }

    static String transfer(long origin, long receiver, List<String> labels) {
        return as("collector").body(cmd("originPartyId", origin, "receiverPartyId", receiver, "vehicleId", vehicle(), "labelIds", labels))
                .post("/api/transfers").then().statusCode(201).extract().path("number");
    }

    static void load(String transfer, String label) {
        as("driver").body(cmd("labelId", label)).post("/api/transfers/" + transfer + "/load")
                .then().statusCode(200).body("state", equalTo("IN_TRANSIT"));
    }

    static void receive(Receiver r, String transfer, String label, String kg) {
        r.operator().req().body(cmd("transferNumber", transfer, "weightKg", new BigDecimal(kg), "acceptance", "ACCEPTED"))
                .post("/api/containers/" + label + "/receive").then().statusCode(200).body("state", equalTo("RECEIVED"));
    }

    /** The server time of a container's event of the given type (its latest one). */
    static java.time.Instant eventTime(String label, String type) {
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200).extract().path("");
        return trail.stream().filter(e -> type.equals(e.get("type"))).reduce((a, b) -> b)
                .map(e -> java.time.Instant.parse((String) e.get("serverTime"))).orElseThrow();
    }

    /** Every alert (any state) of a rule concerning a party, about one subject, oldest first. */
    static List<Map<String, Object>> alerts(AlertRule rule, long partyId, String subjectKey) {
        List<Map<String, Object>> items = as("regulator").get("/api/alerts?size=200&rule=" + rule + "&partyId=" + partyId)
                .then().statusCode(200).extract().path("items");
        List<Map<String, Object>> mine = new ArrayList<>(items.stream().filter(a -> subjectKey.equals(a.get("subjectKey"))).toList());
        mine.sort(java.util.Comparator.comparing(a -> ((Number) a.get("id")).longValue()));
        return mine;
    }

    /** The alerts of a rule about a subject that are not closed (at most one, by design). */
    static List<Map<String, Object>> open(AlertRule rule, long partyId, String subjectKey) {
        return alerts(rule, partyId, subjectKey).stream().filter(a -> !"CLOSED".equals(a.get("state"))).toList();
    }
}
