package cn.hazchain.manifest;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.label.PdfPages;
import cn.hazchain.label.Pdfs;
import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, the transfer manifest complete: its PDF (parties as created, vehicle, permit, driver, lines, totals,
 * signature lines from what is recorded) and the public road-check pages that the QR codes of transfer and pickup
 * manifest PDFs open. Every QR code is read from the PDF page as rendered, then opened without a token.
 */
@QuarkusTest
class RoadCheckApiTest {

    static final String OIL = "900-214-08";
    static final String RAGS = "900-041-49";
    static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 9000));

    @Inject
    AgroalDataSource db;

    /** A carrier of its own (with a vehicle and a driver), and a transfer by the demo collector from its storage point. */
    record World(long generator, String manifest, List<String> labels, long carrier, String carrierName, long vehicle, String plate,
                 String permit, long driverUser, String driverUsername, String transfer) {
    }

    static World world() {
        int n = SEQ.incrementAndGet();
        String carrierName = "江阴安运危险品运输有限公司" + n;
        long carrier = Fixtures.createParty(Fixtures.party("CARRIER", carrierName));
        String plate = "苏BT" + String.format("%04d", n % 10000);
        String permit = "苏交运管危字3202810" + n;
        long vehicle = ((Number) as("admin").body(Map.of("ownerPartyId", carrier, "plate", plate, "dgPermitNo", permit, "capacityKg", 8000, "dgPermitValidTo", "2030-12-31"))
                .post("/api/vehicles").then().statusCode(201).extract().path("id")).longValue();
        String driverUsername = "rcdrv" + n;
        long driverUser = ((Number) as("admin").body(Map.of("username", driverUsername, "displayName", "王师傅" + n, "password",
                "pw-" + driverUsername + "-long", "partyId", carrier, "roles", List.of("DRIVER"))).post("/api/users").then().statusCode(201)
                .extract().path("id")).longValue();

        long generator = Manifests.demoGenerator(3);
        String manifest = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201).extract().path("number");
        List<String> labels = as("collector").get("/api/manifests/" + manifest).then().extract().path("lines.containers.flatten().labelId");
        long point = Fixtures.partyIdOf("keeper");
        int collectorVehicle = as("collector").get("/api/vehicles?ownerPartyId=" + Fixtures.partyIdOf("collector")).then().extract().path("items[0].id");
        for (String label : labels) {
            double kg = label.equals(labels.get(2)) ? 12.5 : 160;
            as("driver").body(Fixtures.command("manifestNumber", manifest, "weightKg", kg, "vehicleId", collectorVehicle))
                    .post("/api/containers/" + label + "/collect").then().statusCode(200);
            as("keeper").body(Fixtures.command("storagePointId", point, "weightKg", kg)).post("/api/containers/" + label + "/store").then().statusCode(200);
        }
        String transfer = as("collector").body(Fixtures.command("originPartyId", point, "receiverPartyId", Fixtures.partyIdOf("receiver"),
                        "carrierPartyId", carrier, "vehicleId", vehicle, "driverUserId", driverUser, "labelIds", labels))
                .post("/api/transfers").then().statusCode(201).extract().path("number");
        return new World(generator, manifest, labels, carrier, carrierName, vehicle, plate.replace("·", ""), permit, driverUser, driverUsername, transfer);
    }

    static byte[] transferPdf(String user, String number) {
        return as(user).get("/api/transfers/" + number + "/pdf").then().statusCode(200).contentType("application/pdf").extract().asByteArray();
    }

    /** What a phone reads from the first page of the PDF as printed. */
    static String qrOf(byte[] pdf) {
        return PdfPages.qrOfPage(pdf, 1);
    }

    /** The page the QR code opens, asked for without a token (the test service listens elsewhere than the public base URL). */
    static Response open(String url, String accept) {
        return given().accept(accept).get(URI.create(url).getRawPath());
    }

    // ---- the transfer ---------------------------------------------------------------------------------------------

    @Test
    void transferPdfAndRoadCheck_followTheTransfer_fromCreationToReceipt() {
        World w = world();
        Map<String, Object> generator = as("admin").get("/api/parties/" + w.generator()).then().statusCode(200).extract().path("");

        // created: the shipper has signed, nobody else
        byte[] pdf = transferPdf("collector", w.transfer());
        String text = new Pdfs(pdf).compactText();
        for (String expected : List.of(w.transfer(), "移出人Shipper", "江阴锦绣江南环境服务有限公司", "承运人Carrier" + w.carrierName(),
                "接受人Receiver江阴绿源危险废物焚烧处置有限公司", "运输车辆Vehicle" + w.plate(), "危险货物运输许可证DGtransportpermit" + w.permit(),
                "驾驶员Driver王师傅", OIL + "HW08", RAGS + "HW49", "合计Total3332.5", "收运调度员Collectoroperator",
                "未签/notsigned未签/notsigned")) {
            assertTrue(text.contains(expected), () -> expected + " missing from " + text);
        }
        assertTrue(text.matches(".*统一社会信用代码USCC[0-9A-HJ-NP-RTUWXY]{18}.*统一社会信用代码USCC[0-9A-HJ-NP-RTUWXY]{18}.*统一社会信用代码USCC.*"), text);

        String url = qrOf(pdf);
        assertTrue(url.startsWith("http://localhost:8080/v/t/" + w.transfer() + "."), url);
        String page = open(url, "text/html").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'")).header("Cache-Control", "no-store")
                .extract().asString();
        for (String shown : List.of("真实转移联单 Genuine transfer manifest", w.transfer(), "已开具，尚未装车", "江阴锦绣江南环境服务有限公司",
                w.carrierName(), "江阴绿源危险废物焚烧处置有限公司", w.plate(), w.permit(), "王师傅", OIL, RAGS, "毒性 Toxic (T)",
                "易燃性 Ignitable (I)", "感染性 Infectious (In)", "3 件 containers")) {
            assertTrue(page.contains(shown), () -> shown + " missing from the road-check page:\n" + page);
        }
        assertNothingPrivate(page, w, generator);

        JsonPath json = open(url, "application/json").then().statusCode(200).extract().jsonPath();
        assertEquals(true, json.getBoolean("genuine"));
        assertEquals(w.transfer(), json.getString("number"));
        assertEquals("OPEN", json.getString("state"));
        assertEquals(w.carrierName(), json.getString("carrierName"));
        assertEquals(2, json.getList("wastes").size());
        assertEquals(3, json.getInt("containers"));
        assertEquals(0, new java.math.BigDecimal("332.5").compareTo(new java.math.BigDecimal(json.getString("kg"))));
        assertTrue(json.get("receivedKg") == null, "nothing received yet");
        assertNothingPrivate(open(url, "application/json").asString(), w, generator);
        List<String> keys = new ArrayList<>(json.<String, Object>getMap("").keySet());
        keys.addAll(json.<String, Object>getMap("wastes[0]").keySet());
        assertTrue(keys.stream().noneMatch(k -> k.endsWith("Id") && !k.equals("keyId") || k.contains("Phone") || k.contains("address")), keys.toString());

        // loaded by the collector's driver: in transit, the carrier's line signed
        for (String label : w.labels()) {
            as("driver").body(Fixtures.command("labelId", label)).post("/api/transfers/" + w.transfer() + "/load").then().statusCode(200);
        }
        assertTrue(open(url, "text/html").asString().contains("运输中 In transit"));
        String loaded = new Pdfs(transferPdf("collector", w.transfer())).compactText();
        assertTrue(loaded.contains("收运司机Driver") && loaded.contains("未签/notsigned") && !loaded.contains("未签/notsigned未签/notsigned"), loaded);

        // received, one drum partly refused: received, the receiver's line signed, kg received on the page and the PDF
        for (String label : w.labels()) {
            Map<String, Object> receipt = label.equals(w.labels().get(0))
                    ? Fixtures.command("transferNumber", w.transfer(), "weightKg", 160, "acceptance", "PARTIALLY_REFUSED", "refusedKg", 20, "reason", "含水 water")
                    : Fixtures.command("transferNumber", w.transfer(), "weightKg", label.equals(w.labels().get(2)) ? 12.5 : 160, "acceptance", "ACCEPTED");
            as("receiver").body(receipt).post("/api/containers/" + label + "/receive").then().statusCode(200);
        }
        String received = new Pdfs(transferPdf("receiver", w.transfer())).compactText();
        assertFalse(received.contains("未签"), received);
        assertTrue(received.contains("处置厂接收员Receiveroperator"), received);
        assertTrue(received.contains("合计Total3332.5312.5拒收refused20"), received);
        assertTrue(open(url, "text/html").asString().contains("已接收 Received"));
        open(url, "application/json").then().statusCode(200).body("state", equalTo("RECEIVED")).body("receivedKg", equalTo(312.5f));
    }

    static void assertNothingPrivate(String shown, World w, Map<String, Object> generator) {
        List<String> hidden = new ArrayList<>(List.of((String) generator.get("name"), w.driverUsername(), "0510-86001234",
                // the driver's user id as a JSON value (as text it may end a number, e.g. a transfer number …481 for user 81)
                ":" + w.driverUser() + ",", ":" + w.driverUser() + "}", "\"" + w.driverUser() + "\"", ">" + w.driverUser() + "<", "\"driverUserId\"", "\"vehicleId\"", "\"carrierPartyId\""));
        for (String field : List.of("address", "contactName", "contactPhone")) {
            if (generator.get(field) != null) {
                hidden.add((String) generator.get(field));
            }
        }
        Map<String, Object> receiver = as("admin").get("/api/parties/" + Fixtures.partyIdOf("receiver")).then().extract().path("");
        for (String field : List.of("address", "contactName", "contactPhone")) {
            if (receiver.get(field) != null) {
                hidden.add((String) receiver.get(field));
            }
        }
        w.labels().forEach(hidden::add);
        for (String secret : hidden) {
            assertFalse(shown.contains(secret), () -> "the public page shows " + secret + ":\n" + shown);
        }
    }

    @Test
    void aForgedOrDamagedToken_getsANotGenuinePageInBothLanguages_neverA500() {
        World w = world();
        String url = qrOf(transferPdf("collector", w.transfer()));
        String token = url.substring(url.indexOf("/v/t/") + 5);
        int at = token.length() - 10; // inside the signature
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        given().accept("text/html").get("/v/t/" + forged).then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("非真实联单 Not genuine")).body(containsString("Do not let this load pass"))
                .body(not(containsString(w.transfer() + "</dd>"))).body(not(containsString("Exception")));
        given().accept("application/json").get("/v/t/" + forged).then().statusCode(404)
                .body("genuine", equalTo(false)).body("reason", equalTo("BAD_SIGNATURE")).body("number", nullValue());
        // another transfer's number under this signature
        String other = world().transfer();
        given().accept("application/json").get("/v/t/" + other + token.substring(14)).then().statusCode(404).body("reason", equalTo("BAD_SIGNATURE"));
        // damaged: 400, the same page
        given().accept("text/html").get("/v/t/garbage").then().statusCode(400).body(containsString("非真实联单 Not genuine"));
        given().accept("application/json").get("/v/t/" + token.substring(1)).then().statusCode(400).body("reason", equalTo("MALFORMED"));
        // a transfer's code opens neither the pickup manifest page nor the label page
        given().accept("application/json").get("/v/m/" + token).then().statusCode(404).body("genuine", equalTo(false));
        given().accept("application/json").get("/v/" + token).then().statusCode(400).body("genuine", equalTo(false));
    }

    @Test
    void theTransferPdf_isForWhoeverMaySeeTheTransfer_andNobodyElse() {
        World w = world();
        long otherCollector = Fixtures.createParty("COLLECTOR", "另一家收运公司" + SEQ.incrementAndGet());
        String otherOperator = "rcop" + SEQ.incrementAndGet();
        String otherPassword = Fixtures.createUser(otherOperator, otherCollector, "COLLECTOR_OPERATOR");
        long otherReceiver = Fixtures.createParty("RECEIVER", "无关处置厂" + SEQ.incrementAndGet());
        String otherReceiverUser = "rcrcv" + SEQ.incrementAndGet();
        String otherReceiverPassword = Fixtures.createUser(otherReceiverUser, otherReceiver, "RECEIVER_OPERATOR");

        Map<String, String> tokens = new HashMap<>();
        for (String demo : List.of("admin", "regulator", "collector", "driver", "keeper", "receiver", "generator")) {
            tokens.put(demo, Api.token(demo));
        }
        tokens.put("carrier's driver", Api.token(w.driverUsername(), "pw-" + w.driverUsername() + "-long"));
        tokens.put("another collector", Api.token(otherOperator, otherPassword));
        tokens.put("an unrelated receiver", Api.token(otherReceiverUser, otherReceiverPassword));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> caller : tokens.entrySet()) {
            int transfer = given().auth().oauth2(caller.getValue()).get("/api/transfers/" + w.transfer()).statusCode();
            Response pdf = given().auth().oauth2(caller.getValue()).get("/api/transfers/" + w.transfer() + "/pdf");
            boolean party = !List.of("generator", "another collector", "an unrelated receiver").contains(caller.getKey());
            if (pdf.statusCode() != transfer || pdf.statusCode() != (party ? 200 : 404)
                    || !party && !pdf.contentType().startsWith("application/problem+json")) {
                wrong.add(caller.getKey() + ": transfer " + transfer + ", pdf " + pdf.statusCode() + " " + pdf.contentType());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        given().get("/api/transfers/" + w.transfer() + "/pdf").then().statusCode(401);
        as("collector").get("/api/transfers/20263202999999/pdf").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theTransferShowsItsPartiesAsCreated_whateverTheyLaterChange_andV40FillsTransfersWithoutThem() throws SQLException {
        World w = world();
        int version = as("admin").get("/api/parties/" + w.carrier()).then().extract().path("version");
        as("admin").body(Map.of("version", version, "name", "改名后的运输公司" + w.carrier())).patch("/api/parties/" + w.carrier())
                .then().statusCode(200);

        String text = new Pdfs(transferPdf("collector", w.transfer())).compactText();
        assertTrue(text.contains("承运人Carrier" + w.carrierName()), text);
        assertFalse(text.contains("改名后的运输公司"), text);
        String url = qrOf(transferPdf("collector", w.transfer()));
        open(url, "application/json").then().statusCode(200).body("carrierName", equalTo(w.carrierName()));

        // a transfer written without a snapshot (before V40, or by a bulk load) gets its parties as they are now
        try (Connection c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE transfer SET shipper_name = NULL, shipper_uscc = NULL, carrier_name = NULL, carrier_uscc = NULL,"
                    + " receiver_name = NULL, receiver_uscc = NULL WHERE number = '" + w.transfer() + "'");
            ResultSet rs = st.executeQuery("SELECT fill_transfer_party_snapshots()");
            rs.next();
            assertEquals(1, rs.getLong(1), "the one transfer without a snapshot is filled");
            rs = st.executeQuery("SELECT t.carrier_name = p.name AND t.carrier_uscc = btrim(p.uscc) AND t.shipper_name IS NOT NULL"
                    + " AND t.receiver_uscc IS NOT NULL FROM transfer t JOIN party p ON p.id = t.carrier_party_id WHERE t.number = '" + w.transfer() + "'");
            rs.next();
            assertTrue(rs.getBoolean(1), "the snapshot is the parties' rows");
        }
        assertTrue(new Pdfs(transferPdf("collector", w.transfer())).compactText().contains("改名后的运输公司"));
    }

    // ---- the pickup manifest -----------------------------------------------------------------------------------------

    @Test
    void thePickupManifestPdfsQr_opensItsPublicRoadCheckPage_andTheOldApiAddressStaysAsItWas() {
        long generatorId = Manifests.demoGenerator(4);
        Map<String, Object> generator = as("admin").get("/api/parties/" + generatorId).then().statusCode(200).extract().path("");
        String number = Manifests.open(Manifests.typicalPickup(generatorId)).statusCode(201).extract().path("number");
        byte[] pdf = as("collector").get("/api/manifests/" + number + "/manifest.pdf").then().statusCode(200).extract().asByteArray();

        String url = qrOf(pdf);
        assertTrue(url.startsWith("http://localhost:8080/v/m/" + number + "."), url);
        as("collector").get("/api/manifests/" + number).then().statusCode(200).body("qrUrl", equalTo(url));
        String page = open(url, "text/html").then().statusCode(200).extract().asString();
        for (String shown : List.of("真实收集联单 Genuine pickup manifest", number, "已开具，待收集", (String) generator.get("name"),
                "江阴锦绣江南环境服务有限公司", OIL, RAGS, "2 件容器 containers", "预估 estimated 310.50 kg", "毒性 Toxic (T)")) {
            assertTrue(page.contains(shown), () -> shown + " missing from the road-check page:\n" + page);
        }
        for (String field : List.of("address", "contactName", "contactPhone")) {
            Object hidden = generator.get(field);
            assertTrue(hidden == null || !page.contains((String) hidden), () -> field + " is on the public page");
        }
        List<String> labels = as("collector").get("/api/manifests/" + number).then().extract().path("lines.containers.flatten().labelId");
        labels.forEach(l -> assertFalse(page.contains(l), "a label ID (it names the generator's USCC) is on the page"));

        // collected: in progress, weighed kg shown
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + Fixtures.partyIdOf("collector")).then().extract().path("items[0].id");
        as("driver").body(Fixtures.command("manifestNumber", number, "weightKg", 158, "vehicleId", vehicle))
                .post("/api/containers/" + labels.get(0) + "/collect").then().statusCode(200);
        open(url, "application/json").then().statusCode(200).body("genuine", equalTo(true)).body("state", equalTo("IN_PROGRESS"))
                .body("generatorName", equalTo(generator.get("name"))).body("containers", equalTo(3)).body("collectedKg", equalTo(158.0f))
                .body("wastes[0].collectedKg", equalTo(158.0f)).body("wastes[1].collectedKg", nullValue());

        // the address printed on manifests before: the API route, as it was (a login)
        given().get("/api/manifests/" + number).then().statusCode(401);
        // a forged manifest code
        String token = url.substring(url.indexOf("/v/m/") + 5);
        // one character of the signature changed, well inside it (its last character also carries padding bits)
        int at = token.length() - 10;
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        given().accept("text/html").get("/v/m/" + forged).then().statusCode(404).body(containsString("非真实联单 Not genuine"));
        given().accept("application/json").get("/v/t/" + token).then().statusCode(404).body("genuine", equalTo(false));
    }
}
