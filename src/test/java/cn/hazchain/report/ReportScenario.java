package cn.hazchain.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One walked chain of custody with fresh parties of every kind (so its totals are exact whatever other tests
 * add): a generator in a town of its own, a collector with a storage point and a vehicle, a receiver, all
 * licensed, and users for each. Weights (kg):
 * <pre>
 *   manifest 1: A oil  collect 151.50, store 151.50, lot, transfer 1, received 151.50 accepted, disposed
 *               B oil  collect 148.00, store 147.00, lot, transfer 1, received 147.00 of which 27.00 refused, disposed
 *               D rags collect  19.80, store  19.80,      transfer 1, received  19.50 accepted (0.30 lost), not disposed
 *   manifest 2: E oil  collect 160.00, straight onto transfer 2, refused whole (160.00), stored again 160.00
 *               F rags collect  21.00, still on the vehicle
 *               G oil  issued, never collected
 * </pre>
 * Walked once per JVM, on first use.
 */
final class ReportScenario {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String OIL = "900-249-08";
    static final String RAGS = "900-041-49";

    final long suffix = System.nanoTime() % 1_000_000_000L;
    final String town = "审计测试镇" + suffix;
    final String generatorName = "审计测试汽修厂" + suffix;
    final LocalDate today = LocalDate.now(ZONE);
    final Map<String, String> passwords = new HashMap<>();

    long generator;
    long collector;
    long storage;
    long receiver;
    long vehicle;
    String operator;
    String driver;
    String keeper;
    String receiverOperator;
    String generatorStaff;
    String manifest1;
    String manifest2;
    String a;
    String b;
    String d;
    String e;
    String f;
    String g;
    String transfer1;
    String transfer2;

    private static ReportScenario walked;
    private static RuntimeException failed;

    static synchronized ReportScenario get() {
        if (failed != null) {
            throw new IllegalStateException("the scenario could not be walked", failed);
        }
        if (walked == null) {
            io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
            try {
                ReportScenario s = new ReportScenario();
                s.walk();
                walked = s;
            } catch (RuntimeException | AssertionError e) {
                failed = new IllegalStateException(e);
                throw e;
            }
        }
        return walked;
    }

    /** A period that surely holds every event of the walk (they all happen now). */
    String from() {
        return today.minusDays(1).toString();
    }

    String to() {
        return today.plusDays(1).toString();
    }

    /** Signed in as a demo user or one of the scenario's users. */
    RequestSpecification as(String user) {
        String password = passwords.get(user);
        return password == null ? Api.as(user) : given().contentType(ContentType.JSON).auth().oauth2(Api.token(user, password));
    }

    private void walk() {
        Map<String, Object> body = Fixtures.party("GENERATOR", generatorName);
        body.put("town", town);
        body.put("address", "江阴市审计路" + suffix + "号");
        body.put("contactName", "王审计");
        generator = Fixtures.createParty(body);
        collector = Fixtures.createParty("COLLECTOR", "审计测试收运公司" + suffix);
        Map<String, Object> point = Fixtures.party("STORAGE_POINT", "审计测试贮存点" + suffix);
        point.put("parentId", collector);
        storage = Fixtures.createParty(point);
        receiver = Fixtures.createParty("RECEIVER", "审计测试处置厂" + suffix);
        licence(collector, "COLLECTION");
        licence(receiver, "COMPREHENSIVE");
        operator = user("rptop" + suffix, collector, "COLLECTOR_OPERATOR");
        driver = user("rptdrv" + suffix, collector, "DRIVER");
        keeper = user("rptkpr" + suffix, storage, "STORAGE_KEEPER");
        receiverOperator = user("rptrcv" + suffix, receiver, "RECEIVER_OPERATOR");
        generatorStaff = user("rptgen" + suffix, generator, "GENERATOR_STAFF");
        vehicle = ((Number) Api.as("admin").body(Map.of("ownerPartyId", collector, "plate", "苏BQ" + String.format("%05d", suffix % 100000),
                "dgPermitNo", "苏交运管危字" + suffix, "capacityKg", 5000, "dgPermitValidTo", "2030-12-31")).post("/api/vehicles").then().statusCode(201).extract().path("id")).longValue();

        manifest1 = open(List.of(Manifests.line(OIL, "LIQUID", "废矿物油", List.of(Manifests.container("DRUM", 200, 150), Manifests.container("DRUM", 200, 150))),
                Manifests.line(RAGS, "SOLID", "含油抹布", List.of(Manifests.container("BAG", 60, 20)))));
        List<String> oil1 = labels(manifest1, 0);
        a = oil1.get(0);
        b = oil1.get(1);
        d = labels(manifest1, 1).get(0);
        manifest2 = open(List.of(Manifests.line(OIL, "LIQUID", "废矿物油", List.of(Manifests.container("DRUM", 200, 160), Manifests.container("DRUM", 200, 150))),
                Manifests.line(RAGS, "SOLID", "含油抹布", List.of(Manifests.container("BAG", 60, 20)))));
        List<String> oil2 = labels(manifest2, 0);
        e = oil2.get(0);
        g = oil2.get(1);
        f = labels(manifest2, 1).get(0);

        collect(a, manifest1, "151.50");
        collect(b, manifest1, "148.00");
        collect(d, manifest1, "19.80");
        collect(e, manifest2, "160.00");
        collect(f, manifest2, "21.00");
        store(a, "151.50");
        store(b, "147.00");
        store(d, "19.80");
        int lot = as(keeper).body(cmd("storagePointId", storage, "wasteCode", OIL, "labelIds", List.of(a, b))).post("/api/lots")
                .then().statusCode(201).extract().path("id");
        transfer1 = as(operator).body(cmd("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle,
                "lotIds", List.of(lot), "labelIds", List.of(d))).post("/api/transfers").then().statusCode(201).extract().path("number");
        transfer2 = as(operator).body(cmd("originPartyId", collector, "receiverPartyId", receiver, "vehicleId", vehicle,
                "labelIds", List.of(e))).post("/api/transfers").then().statusCode(201).extract().path("number");
        for (String id : List.of(a, b, d)) {
            load(transfer1, id);
        }
        load(transfer2, e);
        receive(a, transfer1, cmd("transferNumber", transfer1, "weightKg", new java.math.BigDecimal("151.50"), "acceptance", "ACCEPTED"), "RECEIVED");
        receive(b, transfer1, cmd("transferNumber", transfer1, "weightKg", new java.math.BigDecimal("147.00"), "acceptance", "PARTIALLY_REFUSED", "refusedKg", new java.math.BigDecimal("27.00"),
                "reason", "含水 water"), "RECEIVED");
        receive(d, transfer1, cmd("transferNumber", transfer1, "weightKg", new java.math.BigDecimal("19.50"), "acceptance", "ACCEPTED"), "RECEIVED");
        receive(e, transfer2, cmd("transferNumber", transfer2, "weightKg", new java.math.BigDecimal("160.00"), "acceptance", "REFUSED", "reason", "代码不符 wrong code"), "REFUSED");
        for (String id : List.of(a, b)) {
            as(receiverOperator).body(cmd("method", "D10", "certificateNumber", "RPT-" + suffix, "disposedOn", today.toString()))
                    .post("/api/containers/" + id + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));
        }
        store(e, "160.00");
    }

    private void licence(long holder, String kind) {
        Api.as("admin").body(Map.of("number", "RPT-" + kind + "-" + suffix, "holderPartyId", holder, "kind", kind,
                        "permitted", List.of("HW08", "HW49"), "approvedAnnualTonnes", 100,
                        "validFrom", today.minusDays(30).toString(), "validTo", today.plusDays(365).toString()))
                .post("/api/licences").then().statusCode(201);
    }

    private String user(String username, long party, String role) {
        passwords.put(username, Fixtures.createUser(username, party, role));
        return username;
    }

    private String open(List<Map<String, Object>> lines) {
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", UUID.randomUUID().toString());
        body.put("generatorPartyId", generator);
        body.put("lines", lines);
        return as(operator).body(body).post("/api/manifests").then().statusCode(201).extract().path("number");
    }

    private List<String> labels(String manifest, int line) {
        return as(operator).get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[" + line + "].containers.labelId");
    }

    private void collect(String label, String manifest, String kg) {
        as(driver).body(cmd("manifestNumber", manifest, "weightKg", new java.math.BigDecimal(kg), "vehicleId", vehicle, "scan", scan()))
                .post("/api/containers/" + label + "/collect").then().statusCode(200).body("state", equalTo("COLLECTED"));
    }

    private void store(String label, String kg) {
        as(keeper).body(cmd("storagePointId", storage, "weightKg", new java.math.BigDecimal(kg))).post("/api/containers/" + label + "/store")
                .then().statusCode(200).body("state", equalTo("IN_STORAGE"));
    }

    private void load(String transfer, String label) {
        as(driver).body(cmd("labelId", label, "scan", scan())).post("/api/transfers/" + transfer + "/load")
                .then().statusCode(200).body("state", equalTo("IN_TRANSIT"));
    }

    private void receive(String label, String transfer, Map<String, Object> body, String state) {
        as(receiverOperator).body(body).post("/api/containers/" + label + "/receive").then().statusCode(200).body("state", equalTo(state));
    }

    static Map<String, Object> scan() {
        return Map.of("deviceId", "HH-RPT-01", "latitude", 31.88, "longitude", 120.31, "photoSha256", List.of("b".repeat(64)));
    }

    static Map<String, Object> cmd(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", UUID.randomUUID().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
