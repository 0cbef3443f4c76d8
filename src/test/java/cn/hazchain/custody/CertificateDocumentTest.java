package cn.hazchain.custody;

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
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, point 5: the disposal certificate is a document: its PDF for whoever may see the certificate, and the
 * public page its QR code opens (read from the PDF page as rendered, then opened without a token), which says what
 * the certificate certifies and nothing private.
 */
@QuarkusTest
class CertificateDocumentTest {

    record Issued(String number, String transfer, List<String> drums) {
    }

    /** Two stored drums, shipped, received whole and disposed of by D10: their certificate. */
    static Issued issued() {
        List<String> drums = TransferDepartureTest.stored(2);
        String transfer = TransferReceiptTest.departed(drums);
        as("receiver").body(Fixtures.command("lines", List.of(TransferReceiptTest.line(drums.get(0), 150, "ACCEPTED"),
                TransferReceiptTest.line(drums.get(1), 140.5, "ACCEPTED")))).post("/api/transfers/" + transfer + "/receipt").then().statusCode(200);
        String number = as("receiver").body(Fixtures.command("labelIds", drums, "method", "D10", "disposedOn", TransferDepartureTest.TODAY.toString(),
                "note", "回转窑焚烧")).post("/api/disposal-certificates").then().statusCode(201).extract().path("number");
        return new Issued(number, transfer, drums);
    }

    static byte[] pdf(String user, String number) {
        return as(user).get("/api/disposal-certificates/" + number + "/pdf").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
    }

    static String qrOf(byte[] pdf) {
        return PdfPages.qrOfPage(pdf, 1);
    }

    static Response open(String url, String accept) {
        return given().accept(accept).get(URI.create(url).getRawPath());
    }

    @Test
    void theCertificatePdf_showsWhatWasIssued_andItsQrOpensAPublicPageWithNothingPrivate() {
        Issued c = issued();
        Map<String, Object> view = as("receiver").get("/api/disposal-certificates/" + c.number()).then().statusCode(200).extract().path("");
        @SuppressWarnings("unchecked")
        String generatorName = ((List<Map<String, Object>>) view.get("lines")).get(0).get("generatorName").toString();
        String method = (String) as("receiver").get("/api/disposal-certificates/" + c.number()).then().extract().path("method");
        assertEquals("D10", method);

        byte[] pdf = pdf("receiver", c.number());
        String text = new Pdfs(pdf).compactText();
        for (String expected : List.of("危险废物利用处置证明", "证明编号CertificateNo." + c.number(),
                "利用处置单位Receiver" + view.get("receiverName") + "统一社会信用代码USCC" + view.get("receiverUscc"), "利用处置方式MethodD10",
                "处置日期Disposaldate" + TransferDepartureTest.TODAY, "备注Note回转窑焚烧", c.drums().get(0) + "900-249-08150" + c.transfer()
                        + generatorName.replace(" ", ""), c.drums().get(1) + "900-249-08140.5" + c.transfer(), "总计Total2290.5", "扫码核验证明")) {
            assertTrue(text.contains(expected), () -> expected + " missing from " + text);
        }
        assertTrue(text.matches("(?s).*利用处置方式MethodD10[^A-Za-z0-9]+.*"), "the method's name from treatment_method: " + text);

        String url = qrOf(pdf);
        assertTrue(url.startsWith("http://localhost:8080/v/c/" + c.number() + "."), url);
        String page = open(url, "text/html").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'")).header("Cache-Control", "no-store").extract().asString();
        for (String shown : List.of("真实处置证明 Genuine disposal certificate", c.number(), (String) view.get("receiverName"), "D10",
                TransferDepartureTest.TODAY.toString(), "900-249-08", "2 件容器 containers")) {
            assertTrue(page.contains(shown), () -> shown + " missing from the certificate page:\n" + page);
        }
        assertNothingPrivate(page, c, generatorName, view);

        JsonPath json = open(url, "application/json").then().statusCode(200).extract().jsonPath();
        assertEquals(true, json.getBoolean("genuine"));
        assertEquals(c.number(), json.getString("number"));
        assertEquals("D10", json.getString("method"));
        assertEquals(2, json.getInt("containers"));
        assertEquals(0, new BigDecimal("290.5").compareTo(new BigDecimal(json.getString("kg"))));
        assertEquals(List.of("900-249-08"), json.getList("wasteCodes"));
        assertEquals(TransferDepartureTest.TODAY.toString(), json.getString("disposedOn"));
        String raw = open(url, "application/json").asString();
        assertNothingPrivate(raw, c, generatorName, view);
        List<String> keys = new ArrayList<>(json.<String, Object>getMap("").keySet());
        assertTrue(keys.stream().noneMatch(k -> k.endsWith("Id") && !k.equals("keyId") || k.contains("label") || k.contains("generator")
                || k.contains("issued") || k.contains("Uscc") || k.contains("note") || k.contains("lines")), keys.toString());
    }

    static void assertNothingPrivate(String shown, Issued c, String generatorName, Map<String, Object> view) {
        List<String> hidden = new ArrayList<>(List.of(generatorName, c.transfer(), "回转窑焚烧", (String) view.get("receiverUscc")));
        hidden.addAll(c.drums());
        Map<String, Object> me = as("receiver").get("/api/auth/me").then().extract().path("");
        if (me.get("displayName") != null) {
            hidden.add((String) me.get("displayName"));
        }
        Map<String, Object> receiver = as("admin").get("/api/parties/" + Fixtures.partyIdOf("receiver")).then().extract().path("");
        for (String field : List.of("address", "contactName", "contactPhone")) {
            if (receiver.get(field) != null) {
                hidden.add((String) receiver.get(field));
            }
        }
        for (String secret : hidden) {
            assertFalse(shown.contains(secret), () -> "the public page shows " + secret + ":\n" + shown);
        }
    }

    @Test
    void aForgedDamagedOrOtherDocumentsToken_getsANotGenuinePage_neverA500() {
        Issued c = issued();
        String url = qrOf(pdf("receiver", c.number()));
        String token = url.substring(url.indexOf("/v/c/") + 5);
        int at = token.length() - 10;
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        given().accept("text/html").get("/v/c/" + forged).then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("非真实证明 Not genuine")).body(not(containsString(c.number() + "</dd>"))).body(not(containsString("Exception")));
        given().accept("application/json").get("/v/c/" + forged).then().statusCode(404).body("genuine", equalTo(false))
                .body("reason", equalTo("BAD_SIGNATURE")).body("number", nullValue());
        // another certificate's number under this signature
        given().accept("application/json").get("/v/c/CZ209900000001" + token.substring(14)).then().statusCode(404).body("reason", equalTo("BAD_SIGNATURE"));
        // damaged: 400
        given().accept("text/html").get("/v/c/garbage").then().statusCode(400).body(containsString("非真实证明 Not genuine"));
        given().accept("application/json").get("/v/c/" + token.substring(1)).then().statusCode(400).body("reason", equalTo("MALFORMED"));

        // a transfer's code never opens a certificate page, nor a certificate's a transfer's or a pickup manifest's
        byte[] transferPdf = as("collector").get("/api/transfers/" + c.transfer() + "/pdf").then().statusCode(200).extract().asByteArray();
        String transferUrl = qrOf(transferPdf);
        String transferToken = transferUrl.substring(transferUrl.indexOf("/v/t/") + 5);
        open(transferUrl, "application/json").then().statusCode(200).body("genuine", equalTo(true));
        given().accept("application/json").get("/v/c/" + transferToken).then().statusCode(400).body("genuine", equalTo(false));
        given().accept("text/html").get("/v/c/" + transferToken).then().statusCode(400).body(containsString("非真实证明 Not genuine"));
        given().accept("application/json").get("/v/t/" + token).then().statusCode(400).body("genuine", equalTo(false));
        given().accept("application/json").get("/v/m/" + token).then().statusCode(400).body("genuine", equalTo(false));
        given().accept("application/json").get("/v/" + token).then().statusCode(400).body("genuine", equalTo(false));
    }

    @Test
    void theCertificatePdf_isForWhoeverMaySeeTheCertificate_andNobodyElse() {
        Issued c = issued();
        for (String user : List.of("receiver", "collector", "regulator", "admin")) {
            as(user).get("/api/disposal-certificates/" + c.number() + "/pdf").then().statusCode(200).contentType("application/pdf");
        }
        as("generator").get("/api/disposal-certificates/" + c.number() + "/pdf").then().statusCode(404).contentType("application/problem+json");
        as("generator").get("/api/disposal-certificates/" + c.number()).then().statusCode(404);
        as("regulator").get("/api/disposal-certificates/CZ000000000000/pdf").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/disposal-certificates/" + c.number() + "/pdf").then().statusCode(401);
    }
}
