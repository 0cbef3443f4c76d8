package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, point 5: the disposal method is checked against the receiver's licence, and the certificate is a
 * document the platform numbers, named by each container's disposal event, its trail and its lineage.
 */
@QuarkusTest
class DisposalCertificateTest {

    /** The drums shipped to the demo incinerator and accepted there at 150 kg each; the transfer's number. */
    static String received(List<String> drums) {
        String transfer = TransferReceiptTest.departed(drums);
        as("receiver").body(Fixtures.command("lines", drums.stream().map(d -> TransferReceiptTest.line(d, 150, "ACCEPTED")).toList()))
                .post("/api/transfers/" + transfer + "/receipt").then().statusCode(200);
        return transfer;
    }

    @Test
    void aReceiverDisposesByALicensedMethod_andThePlatformIssuesTheCertificate() {
        List<String> drums = TransferDepartureTest.stored(2);
        String transfer = received(drums);
        String today = TransferDepartureTest.TODAY.toString();

        // the demo incinerator's licence permits D10 only
        as("receiver").body(Fixtures.command("labelIds", drums, "method", "R9", "disposedOn", today)).post("/api/disposal-certificates")
                .then().statusCode(422).contentType("application/problem+json").body("type", containsString("disposal-method-licence"))
                .body("detail", containsString("permits D10, not R9"));
        as("receiver").body(Fixtures.command("labelIds", drums, "method", "X99", "disposedOn", today)).post("/api/disposal-certificates")
                .then().statusCode(422).body("type", containsString("disposal-method"));
        as("collector").body(Fixtures.command("labelIds", drums, "method", "D10", "disposedOn", today)).post("/api/disposal-certificates")
                .then().statusCode(403);
        as("regulator").get("/api/containers/" + drums.get(0)).then().body("state", equalTo("RECEIVED"));

        Map<String, Object> issue = Fixtures.command("labelIds", drums, "method", "d10", "disposedOn", today, "note", "回转窑焚烧");
        String number = as("receiver").body(issue).post("/api/disposal-certificates").then().statusCode(201)
                .body("number", matchesPattern("CZ[0-9]{12}")).body("method", equalTo("D10")).body("containers", equalTo(2))
                .body("receivedKg", equalTo(300.0f)).body("lines.transferNumber", equalTo(List.of(transfer, transfer)))
                .extract().path("number");
        as("receiver").body(issue).post("/api/disposal-certificates").then().statusCode(201).header("Idempotent-Replay", "true");
        as("receiver").body(Fixtures.command("labelIds", drums, "method", "D10", "disposedOn", today)).post("/api/disposal-certificates")
                .then().statusCode(409).body("type", containsString("illegal-transition"));

        as("receiver").get("/api/disposal-certificates/" + number).then().statusCode(200).body("receiverName", equalTo(
                as("receiver").get("/api/parties/" + Fixtures.partyIdOf("receiver")).then().extract().path("name")));
        as("collector").get("/api/disposal-certificates/" + number).then().statusCode(200);
        as("regulator").get("/api/disposal-certificates/" + number).then().statusCode(200);
        as("generator").get("/api/disposal-certificates/" + number).then().statusCode(404);
        as("regulator").get("/api/disposal-certificates/CZ000000000000").then().statusCode(404);

        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drums.get(1) + "/trail").then().extract().path("$");
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) trail.get(trail.size() - 1).get("facts");
        assertEquals(number, facts.get("certificate"));
        as("regulator").get("/api/containers/" + drums.get(1) + "/lineage").then().body("disposalCertificate", equalTo(number))
                .body("disposalMethod", equalTo("D10"));

        // the national export carries the transfer: one waiting "transfer.updated" row with its newest document (issue #15, point 7)
        as("regulator").get("/api/exports/national/outbox?manifest=" + transfer).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].topic", equalTo("transfer.updated"));
        int row = as("regulator").get("/api/exports/national/outbox?manifest=" + transfer).then().extract().path("items[0].id");
        as("regulator").get("/api/exports/national/outbox/" + row).then().statusCode(200)
                .body("payload.schema", equalTo("hazchain.transfer.v1")).body("payload.transferNumber", equalTo(transfer))
                .body("payload.certificates[0].number", equalTo(number)).body("payload.containers.disposalCertificate", equalTo(List.of(number, number)));
        as("collector").get("/api/exports/national/transfers/" + transfer).then().statusCode(200)
                .body("departedAt", org.hamcrest.Matchers.notNullValue()).body("containers.acceptance", equalTo(List.of("ACCEPTED", "ACCEPTED")))
                .body("vehicle.dgPermitNo", org.hamcrest.Matchers.notNullValue()).body("state", equalTo("CLOSED"));
        as("generator").get("/api/exports/national/transfers/" + transfer).then().statusCode(404);
    }
    /**
     * A platform certificate lists what its receiver disposed of under it when it was issued: the one-container route
     * and a correction take only a receiver's own numbering, so no one (another receiver, or its own receiver after
     * signing) adds a container to an issued certificate or claims a number the platform has not given yet.
     */
    @Test
    void aPlatformCertificatesNumberIsNeverNamedByHand_soAnIssuedCertificateNeverGrows() {
        List<String> drums = TransferDepartureTest.stored(2);
        String transfer = received(drums);
        String today = TransferDepartureTest.TODAY.toString();
        String number = as("receiver").body(Fixtures.command("labelIds", List.of(drums.get(0)), "method", "D10", "disposedOn", today))
                .post("/api/disposal-certificates").then().statusCode(201).body("containers", equalTo(1)).extract().path("number");

        for (String named : List.of(number, " " + number.toLowerCase() + " ", "CZ" + (TransferDepartureTest.TODAY.getYear() + 1) + "00000001")) {
            as("receiver").body(Fixtures.command("method", "D10", "certificateNumber", named, "disposedOn", today))
                    .post("/api/containers/" + drums.get(1) + "/dispose").then().statusCode(422).contentType("application/problem+json")
                    .body("type", containsString("certificate-number")).body("detail", containsString("POST /api/disposal-certificates"));
        }
        as("regulator").get("/api/containers/" + drums.get(1)).then().body("state", equalTo("RECEIVED"));
        as("receiver").get("/api/disposal-certificates/" + number).then().statusCode(200).body("containers", equalTo(1))
                .body("lines.labelId", equalTo(List.of(drums.get(0))));

        // under the receiver's own numbering it is disposed of; a correction cannot move it onto the platform's certificate either
        as("receiver").body(Fixtures.command("method", "D10", "certificateNumber", "JY-D10-OWN-0001", "disposedOn", today))
                .post("/api/containers/" + drums.get(1) + "/dispose").then().statusCode(200);
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drums.get(1) + "/trail").then().extract().path("$");
        int disposal = ((Number) trail.get(trail.size() - 1).get("seq")).intValue();
        as("receiver").body(Fixtures.command("labelId", drums.get(1), "eventSeq", disposal, "field", "CERTIFICATE", "value", number, "reason", "r"))
                .post("/api/revisions").then().statusCode(422).body("type", containsString("certificate-number"));
        as("receiver").get("/api/disposal-certificates/" + number).then().statusCode(200).body("containers", equalTo(1));
    }
    /**
     * One certificate over two shippers' loads: each shipper reads its own containers' lines (the certificate's count
     * and kg, as on its public page; its PDF says it is an extract), the receiver and regulators every line. A shipper once read the other's label IDs, generators and transfers.
     */
    @Test
    void aCertificateOverTwoShippersLoads_showsEachShipperItsOwnLines() {
        // a second collector, with its point, vehicle and staff, shipping one drum to the demo incinerator
        long n = System.nanoTime() % 1_000_000_000L;
        String today = TransferDepartureTest.TODAY.toString();
        long other = Fixtures.createParty("COLLECTOR", "证明测试收运公司" + n);
        Map<String, Object> pointBody = Fixtures.party("STORAGE_POINT", "证明测试贮存点" + n);
        pointBody.put("parentId", other);
        long point = Fixtures.createParty(pointBody);
        as("admin").body(Map.of("number", "CERT-COLL-" + n, "holderPartyId", other, "kind", "COLLECTION", "permitted", List.of("HW08"),
                "approvedAnnualTonnes", 100, "validFrom", TransferDepartureTest.TODAY.minusDays(30).toString(),
                "validTo", TransferDepartureTest.TODAY.plusYears(1).toString())).post("/api/licences").then().statusCode(201);
        String operator = user("certop" + n, other, "COLLECTOR_OPERATOR");
        String driver = user("certdrv" + n, other, "DRIVER");
        String keeper = user("certkpr" + n, point, "STORAGE_KEEPER");
        long vehicle = ((Number) as("admin").body(Map.of("ownerPartyId", other, "plate", "苏BZ" + String.format("%05d", n % 100000),
                "dgPermitNo", "苏交运管危字C" + n, "capacityKg", 5000, "dgPermitValidTo", "2030-12-31")).post("/api/vehicles").then().statusCode(201)
                .extract().path("id")).longValue();
        Map<String, Object> pickup = cn.hazchain.support.Manifests.typicalPickup(cn.hazchain.support.Manifests.demoGenerator(5));
        pickup.put("lines", List.of(cn.hazchain.support.Manifests.line("900-249-08", "LIQUID", "废矿物油",
                List.of(cn.hazchain.support.Manifests.container("DRUM", 200, 150)))));
        String manifest = signedIn(operator).body(pickup).post("/api/manifests").then().statusCode(201).extract().path("number");
        String theirs = signedIn(operator).get("/api/manifests/" + manifest).then().extract().path("lines[0].containers[0].labelId");
        signedIn(driver).body(Fixtures.command("manifestNumber", manifest, "weightKg", 150)).post("/api/containers/" + theirs + "/collect").then()
                .statusCode(200);
        signedIn(keeper).body(Fixtures.command("storagePointId", point, "weightKg", 150)).post("/api/containers/" + theirs + "/store").then()
                .statusCode(200);
        String theirTransfer = signedIn(operator).body(Fixtures.command("originPartyId", point, "receiverPartyId", Fixtures.partyIdOf("receiver"),
                "vehicleId", vehicle, "labelIds", List.of(theirs))).post("/api/transfers").then().statusCode(201).extract().path("number");
        signedIn(driver).body(Fixtures.command("labelId", theirs)).post("/api/transfers/" + theirTransfer + "/load").then().statusCode(200);
        signedIn(driver).body(Fixtures.command()).post("/api/transfers/" + theirTransfer + "/departure").then().statusCode(200);
        // and one of the demo collector's
        List<String> ours = TransferDepartureTest.stored(1);
        String ourTransfer = TransferReceiptTest.departed(ours);
        for (String[] t : List.of(new String[] {theirTransfer, theirs}, new String[] {ourTransfer, ours.get(0)})) {
            as("receiver").body(Fixtures.command("lines", List.of(TransferReceiptTest.line(t[1], 150, "ACCEPTED")))).post("/api/transfers/" + t[0] + "/receipt")
                    .then().statusCode(200);
        }
        String number = as("receiver").body(Fixtures.command("labelIds", List.of(theirs, ours.get(0)), "method", "D10", "disposedOn", today))
                .post("/api/disposal-certificates").then().statusCode(201).body("containers", equalTo(2)).extract().path("number");

        for (String whole : List.of("receiver", "regulator")) {
            as(whole).get("/api/disposal-certificates/" + number).then().statusCode(200).body("containers", equalTo(2))
                    .body("lines.labelId", org.hamcrest.Matchers.containsInAnyOrder(theirs, ours.get(0)))
                    .body("linesOfShipper", org.hamcrest.Matchers.nullValue());
        }
        as("collector").get("/api/disposal-certificates/" + number).then().statusCode(200).body("containers", equalTo(2))
                .body("receivedKg", equalTo(300.0f)).body("lines.labelId", equalTo(List.of(ours.get(0))))
                .body("lines.transferNumber", equalTo(List.of(ourTransfer))).body("linesOfShipper", equalTo((int) Fixtures.partyIdOf("collector")));
        signedIn(operator).get("/api/disposal-certificates/" + number).then().statusCode(200).body("lines.labelId", equalTo(List.of(theirs)));
        String pdf = new cn.hazchain.label.Pdfs(as("collector").get("/api/disposal-certificates/" + number + "/pdf").then().statusCode(200)
                .extract().asByteArray()).compactText();
        org.junit.jupiter.api.Assertions.assertTrue(pdf.contains(ours.get(0)) && !pdf.contains(theirs), "the shipper's copy lists its own drum only");
        org.junit.jupiter.api.Assertions.assertTrue(pdf.contains("副本Extract") && pdf.contains("covers2containers,300kg"),
                "and says it is an extract of a certificate of 2 containers, 300 kg: " + pdf);
    }

    /** A new user's token. */
    private static String user(String username, long party, String role) {
        return cn.hazchain.support.Api.token(username, Fixtures.createUser(username, party, role));
    }

    private static io.restassured.specification.RequestSpecification signedIn(String token) {
        return io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).auth().oauth2(token);
    }
}
