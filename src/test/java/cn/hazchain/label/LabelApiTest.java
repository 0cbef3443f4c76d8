package cn.hazchain.label;

import static cn.hazchain.support.Api.anonymous;
import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.hazchain.support.Manifests;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LabelApiTest {

    String labelId;
    String qrUrl;
    String token;

    @BeforeEach
    void issueOneManifest() {
        Map<String, Object> container = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(20))).statusCode(201)
                .extract().path("lines[0].containers[0]");
        labelId = (String) container.get("labelId");
        qrUrl = (String) container.get("qrUrl");
        token = qrUrl.substring(qrUrl.indexOf("/v/") + 3);
    }

    static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE, DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    @Test
    void qrPngDecodesToExactlyTheUrl() throws Exception {
        byte[] png = as("collector").get("/api/containers/" + labelId + "/qr.png?size=400").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertEquals(qrUrl, decode(png));
    }

    @Test
    void qrDecodesAtTheSmallestLabelPrintedAt203Dpi() throws Exception {
        // A 100 x 100 mm label carries the QR about 30 mm wide: 30 / 25.4 * 203 = 240 dots.
        byte[] png = as("collector").get("/api/containers/" + labelId + "/qr.png?size=240").then().statusCode(200)
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(240, image.getWidth());
        assertEquals(qrUrl, decode(png));
    }

    @Test
    void qrSvgIsScalable() {
        as("collector").get("/api/containers/" + labelId + "/qr.svg").then().statusCode(200)
                .contentType("image/svg+xml").body(containsString("<svg")).body(containsString("viewBox"));
    }

    @Test
    void qrSizeOutOfRangeIs400() {
        as("collector").get("/api/containers/" + labelId + "/qr.png?size=5").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void verificationJsonShowsGenuineLabelAndRealState() {
        anonymous().accept("application/json").get("/v/" + token).then().statusCode(200)
                .body("genuine", equalTo(true)).body("labelId", equalTo(labelId)).body("state", equalTo("ISSUED"))
                .body("wasteCode", equalTo("900-214-08")).body("hazards", equalTo(List.of("T", "I")))
                .body("generatorName", containsString("江阴"))
                .body("$", not(org.hamcrest.Matchers.hasKey("estimatedWeightKg")));
    }

    @Test
    void verificationPageIsHtmlInChineseAndEnglish() {
        given().accept("text/html").get("/v/" + token).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("真实标签 Genuine label")).body(containsString(labelId))
                .body(containsString("已赋码，待收集"));
    }

    @Test
    void everySingleCharacterChangeOfTheTokenIsRejected() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // One replacement per position through the HTTP route (the full alphabet sweep is in LabelSignerTest).
        for (int i = 0; i < token.length(); i++) {
            char original = token.charAt(i);
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1 + i) % alphabet.length());
            if (replacement == original) {
                replacement = alphabet.charAt((alphabet.indexOf(original) + 2) % alphabet.length());
            }
            String forged = token.substring(0, i) + replacement + token.substring(i + 1);
            int status = anonymous().accept("application/json").get("/v/" + forged).then()
                    .body("genuine", equalTo(false)).extract().statusCode();
            assertNotEquals(200, status, "position " + i);
        }
    }

    @Test
    void damagedTokenGetsANotGenuinePageNotAStackTrace() {
        given().accept("text/html").get("/v/garbage").then().statusCode(400)
                .body(containsString("非真实标签 Not genuine")).body(not(containsString("Exception")));
        int at = token.length() - 10; // inside the signature
        char swapped = token.charAt(at) == 'A' ? 'B' : 'A';
        String forged = token.substring(0, at) + swapped + token.substring(at + 1);
        anonymous().accept("application/json").get("/v/" + forged).then().statusCode(404)
                .body("genuine", equalTo(false)).body("reason", equalTo("BAD_SIGNATURE"));
    }

    @Test
    void labelIdParsesIntoItsParts() {
        anonymous().get("/api/label-ids/" + labelId).then().statusCode(200)
                .body("uscc", equalTo(labelId.substring(0, 18))).body("wasteCode", equalTo("900-214-08"))
                .body("category", equalTo("HW08")).body("sequence", equalTo(Integer.parseInt(labelId.substring(34))));
        anonymous().get("/api/label-ids/" + labelId.substring(0, 36)).then().statusCode(400).body("detail", containsString("37"));
    }

    @Test
    void keysArePublicAndRotationKeepsOldLabelsValid() {
        String oldKid = token.split("\\.")[1];
        anonymous().get("/api/keys").then().statusCode(200).body("keys.kid", hasItem(oldKid)).body("keys[0].algorithm", equalTo("Ed25519"));
        as("regulator").post("/api/keys/rotate").then().statusCode(403);
        String newKid = as("admin").post("/api/keys/rotate").then().statusCode(200).body("active", equalTo(true)).extract().path("kid");
        assertNotEquals(oldKid, newKid);
        anonymous().accept("application/json").get("/v/" + token).then().statusCode(200).body("genuine", equalTo(true));
        String newUrl = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(21))).statusCode(201)
                .extract().path("lines[0].containers[0].qrUrl");
        assertEquals(newKid, newUrl.substring(newUrl.indexOf("/v/") + 3).split("\\.")[1]);
        anonymous().get("/api/keys").then().body("keys.kid", hasItem(oldKid)).body("keys.kid", hasItem(newKid))
                .body("keys.findAll { it.active }", hasSize(1));
    }
}
