package cn.hazchain.party;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.label.Pdfs;
import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, finding 4: legal documents changed after the fact. Any user of a party (a driver) could change it; a
 * generator renamed to 94 characters made its old labels and manifest PDFs fail for everyone; a name holding U+202E
 * reached the public verification page. Now a party is changed by the platform's administrators or its own
 * administrators only, printed fields are checked, and a manifest and its labels show the parties as issued.
 */
@QuarkusTest
class PartyChangesTest {

    @Inject
    AgroalDataSource db;

    /** A collector of its own with a storage point, a generator, and a user of every kind of theirs. */
    record World(long collector, long point, long generator, Map<String, String> passwords) {
        String token(String user) {
            return Api.token(user, passwords.get(user));
        }
    }

    static World world(String tag) {
        long collector = Fixtures.createParty("COLLECTOR", "测试收运公司" + tag);
        Map<String, Object> point = Fixtures.party("STORAGE_POINT", "测试贮存点" + tag);
        point.put("parentId", collector);
        long storage = Fixtures.createParty(point);
        Map<String, Object> gen = Fixtures.party("GENERATOR", "测试产废单位" + tag);
        gen.put("contactName", "王工");
        long generator = Fixtures.createParty(gen);
        Map<String, String> passwords = new HashMap<>();
        passwords.put("op-" + tag, Fixtures.createUser("op-" + tag, collector, "COLLECTOR_OPERATOR"));
        passwords.put("drv-" + tag, Fixtures.createUser("drv-" + tag, collector, "DRIVER"));
        passwords.put("kpr-" + tag, Fixtures.createUser("kpr-" + tag, storage, "STORAGE_KEEPER"));
        passwords.put("gen-" + tag, Fixtures.createUser("gen-" + tag, generator, "GENERATOR_STAFF"));
        return new World(collector, storage, generator, passwords);
    }

    static int version(long party) {
        return as("admin").get("/api/parties/" + party).then().statusCode(200).extract().path("version");
    }

    static Response patch(String token, long party, Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(changes);
        body.put("version", version(party));
        return given().contentType("application/json").auth().oauth2(token).body(body).patch("/api/parties/" + party);
    }

    @Test
    void partyChange_isForThePlatformsAdministratorsAndThePartysOwn_only() {
        World w = world("a1");
        Map<String, Object> change = Map.of("industry", "危废收运");
        List<String> wrong = new ArrayList<>();
        expect(wrong, "driver of the collector", patch(w.token("drv-a1"), w.collector(), change), 403);
        expect(wrong, "keeper of the storage point", patch(w.token("kpr-a1"), w.point(), change), 403);
        expect(wrong, "keeper, on its collector", patch(w.token("kpr-a1"), w.collector(), change), 403);
        expect(wrong, "regulator", patch(Api.token("regulator"), w.generator(), change), 403);
        expect(wrong, "the collector's operator, on its own collector", patch(w.token("op-a1"), w.collector(), change), 200);
        expect(wrong, "the collector's operator, on its storage point", patch(w.token("op-a1"), w.point(), change), 200);
        expect(wrong, "the collector's operator, on a generator it serves", patch(w.token("op-a1"), w.generator(), change), 403);
        expect(wrong, "the generator's staff, on its own generator", patch(w.token("gen-a1"), w.generator(), change), 200);
        expect(wrong, "the platform's administrator", patch(Api.token("admin"), w.collector(), Map.of("industry", "危废收集")), 200);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void printedFields_withControlOrBidirectionalCharacters_areRefused() {
        World w = world("b1");
        List<String> wrong = new ArrayList<>();
        for (String c : List.of("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F",
                "\u0007", "\u001B", "\n", "\u007F", "\u0085", "\u009B")) {
            String hex = String.format("U+%04X", (int) c.charAt(0));
            Response named = patch(Api.token("admin"), w.generator(), Map.of("name", "江阴" + c + "测试"));
            expectUnprintable(wrong, "name with " + hex, named, hex);
            Response contact = patch(w.token("gen-b1"), w.generator(), Map.of("contactName", "王" + c + "工"));
            expectUnprintable(wrong, "contactName with " + hex, contact, hex);
            Response address = patch(w.token("op-b1"), w.collector(), Map.of("address", "江阴市" + c + "滨江路1号"));
            expectUnprintable(wrong, "address with " + hex, address, hex);
        }
        Map<String, Object> created = Fixtures.party("GENERATOR", "\u202E厂理修车汽");
        expectUnprintable(wrong, "a new party's name", as("admin").body(created).post("/api/parties"), "U+202E");
        as("admin").get("/api/parties/" + w.generator()).then().body("name", equalTo("测试产废单位b1"));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void printedFields_longerThanALabelOrManifestHolds_areRefused() {
        World w = world("c1");
        String g26 = "江阴市澄江街道某某精密机械制造有限公司第二分厂三号车间".substring(0, 26);
        List<String> wrong = new ArrayList<>();
        expect(wrong, "a generator's name of 26 characters (a label's room)", patch(w.token("gen-c1"), w.generator(), Map.of("name", g26)), 200);
        expectTooLong(wrong, "a generator's name of 27", patch(w.token("gen-c1"), w.generator(), Map.of("name", g26 + "厂")));
        expectTooLong(wrong, "a generator's name of 94", patch(Api.token("admin"), w.generator(), Map.of("name", "长".repeat(94))));
        expectTooLong(wrong, "a generator's contact of 11", patch(w.token("gen-c1"), w.generator(), Map.of("contactName", "王".repeat(11))));
        expectTooLong(wrong, "a generator's phone of 21", patch(w.token("gen-c1"), w.generator(), Map.of("contactPhone", "0510-8600 1234 5678 9")));
        expect(wrong, "a collector's name of 60", patch(w.token("op-c1"), w.collector(), Map.of("name", "收".repeat(60))), 200);
        expectTooLong(wrong, "a collector's name of 61", patch(w.token("op-c1"), w.collector(), Map.of("name", "收".repeat(61))));
        expectTooLong(wrong, "a new generator's name of 27", as("admin").body(Fixtures.party("GENERATOR", g26 + "厂")).post("/api/parties"));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aManifestAndItsLabels_showTheParties_asTheyWereAtIssue() throws SQLException {
        World w = world("d1");
        licence(w.collector(), "X-SNAPSHOT-d1");
        String number = open(w, "op-d1");
        String label = as("admin").get("/api/manifests/" + number).then().statusCode(200).extract().path("lines[0].containers[0].labelId");
        String token = tokenOf(number);
        String collectorName = "测试收运公司d1";

        // the generator moves and renames itself; the collector renames itself too
        patch(w.token("gen-d1"), w.generator(), Map.of("name", "新名称精密机械厂", "contactName", "新联系人", "contactPhone", "0510-86999999"))
                .then().statusCode(200);
        patch(w.token("op-d1"), w.collector(), Map.of("name", collectorName + "（改制）")).then().statusCode(200);
        // …and, as before the fix, a name no label holds, with a right-to-left override, straight in the database
        setPartyName(w.generator(), "\u202E" + "长".repeat(93));

        as("admin").get("/api/manifests/" + number).then().statusCode(200)
                .body("generatorName", equalTo("测试产废单位d1")).body("collectorName", equalTo(collectorName));
        String labelText = new Pdfs(as("admin").get("/api/containers/" + label + "/label.pdf").then().statusCode(200)
                .extract().asByteArray()).compactText();
        assertTrue(labelText.contains("测试产废单位d1") && labelText.contains("王工") && labelText.contains("0510-86001234"),
                "the label as printed at issue: " + labelText);
        String manifestText = new Pdfs(as("admin").get("/api/manifests/" + number + "/manifest.pdf").then().statusCode(200)
                .extract().asByteArray()).compactText();
        assertTrue(manifestText.contains("测试产废单位d1") && manifestText.contains(collectorName), "the manifest as issued: " + manifestText);
        as("admin").get("/api/manifests/" + number + "/labels.pdf").then().statusCode(200);
        given().accept("application/json").get("/v/" + token).then().statusCode(200).body("generatorName", equalTo("测试产废单位d1"));
        // a manifest issued now shows the party as it is now
        setPartyName(w.generator(), "新名称精密机械厂");
        String later = open(w, "op-d1");
        as("admin").get("/api/manifests/" + later).then().body("generatorName", equalTo("新名称精密机械厂"))
                .body("collectorName", equalTo(collectorName + "（改制）"));
    }

    /** A snapshot taken from a party named before names were checked (V31 copies what it finds) is shown without its controls. */
    @Test
    void thePublicPage_showsNoControlCharacters_evenFromOldRecords() throws SQLException {
        World w = world("e1");
        licence(w.collector(), "X-SNAPSHOT-e1");
        String number = open(w, "op-e1");
        String token = tokenOf(number);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE manifest SET generator_name = ? WHERE number = ?")) {
            ps.setString(1, "江阴\u202E厂理修车汽\u2066");
            ps.setString(2, number);
            assertEquals(1, ps.executeUpdate());
        }
        String page = given().accept("text/html").get("/v/" + token).then().statusCode(200).extract().asString();
        String json = given().accept("application/json").get("/v/" + token).then().statusCode(200).extract().asString();
        for (String shown : List.of(page, json)) {
            assertFalse(shown.contains("\u202E") || shown.contains("\u2066") || shown.contains("\\u202e") || shown.contains("\\u202E"),
                    "a bidirectional control reached the public page");
            assertTrue(shown.contains("江阴厂理修车汽"), shown);
        }
    }

    /** V31 gives manifests issued before it a snapshot of their parties as they are (its function, also run after bulk loads). */
    @Test
    void aManifestWithoutASnapshot_getsItsPartiesAsTheyAre_fromTheMigrationsFill() throws SQLException {
        World w = world("f1");
        licence(w.collector(), "X-SNAPSHOT-f1");
        String number = open(w, "op-f1");
        try (Connection c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE manifest SET generator_name = NULL, generator_uscc = NULL, generator_contact_name = NULL,"
                    + " generator_contact_phone = NULL, generator_address = NULL, generator_town = NULL, collector_name = NULL, collector_uscc = NULL,"
                    + " collector_contact_name = NULL, collector_contact_phone = NULL, collector_address = NULL, collector_town = NULL"
                    + " WHERE number = '" + number + "'");
            var rs = st.executeQuery("SELECT fill_manifest_party_snapshots()");
            rs.next();
            assertEquals(1, rs.getLong(1), "the one manifest without a snapshot is filled");
            rs = st.executeQuery("SELECT m.generator_name = g.name AND m.generator_uscc = btrim(g.uscc) AND m.generator_contact_name = g.contact_name"
                    + " AND m.generator_contact_phone = g.contact_phone AND m.generator_town = g.town AND m.collector_name = c.name"
                    + " AND m.collector_uscc = btrim(c.uscc) AND m.collector_contact_phone = c.contact_phone"
                    + " FROM manifest m JOIN party g ON g.id = m.generator_party_id JOIN party c ON c.id = m.collector_party_id WHERE m.number = '" + number + "'");
            rs.next();
            assertTrue(rs.getBoolean(1), "the snapshot is the parties' rows");
        }
    }

    static void licence(long collector, String number) {
        java.time.LocalDate today = java.time.LocalDate.now(cn.hazchain.support.PickupRequests.ZONE);
        as("admin").body(Map.of("number", number, "holderPartyId", collector, "kind", "COLLECTION", "permitted", List.of("HW08", "HW49"),
                "approvedAnnualTonnes", 100, "validFrom", today.minusDays(10).toString(), "validTo", today.plusYears(1).toString()))
                .post("/api/licences").then().statusCode(201);
    }

    /** A typical pickup at the world's generator, opened by the world's collector operator. */
    static String open(World w, String operator) {
        return given().contentType("application/json").auth().oauth2(w.token(operator)).body(Manifests.typicalPickup(w.generator()))
                .post("/api/manifests").then().statusCode(201).extract().path("number");
    }

    static String tokenOf(String manifest) {
        String qr = as("admin").get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[0].containers[0].qrUrl");
        return qr.substring(qr.lastIndexOf("/v/") + 3);
    }

    void setPartyName(long party, String name) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE party SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, party);
            assertEquals(1, ps.executeUpdate());
        }
    }

    static void expect(List<String> wrong, String what, Response res, int status) {
        if (res.statusCode() != status) {
            wrong.add(what + ": expected " + status + ", got " + res.statusCode() + " " + res.asString());
        }
    }

    static void expectUnprintable(List<String> wrong, String what, Response res, String hex) {
        if (res.statusCode() != 422 || !"https://hazchain.example/problems/unprintable-text".equals(res.jsonPath().getString("type"))
                || !res.jsonPath().getString("detail").contains(hex)) {
            wrong.add(what + ": expected 422 unprintable-text naming " + hex + ", got " + res.statusCode() + " " + res.asString());
        }
    }

    static void expectTooLong(List<String> wrong, String what, Response res) {
        if (res.statusCode() != 422 || !"https://hazchain.example/problems/too-long-to-print".equals(res.jsonPath().getString("type"))) {
            wrong.add(what + ": expected 422 too-long-to-print, got " + res.statusCode() + " " + res.asString());
        }
    }
}
