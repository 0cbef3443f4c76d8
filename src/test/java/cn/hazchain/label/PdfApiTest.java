package cn.hazchain.label;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label and manifest PDFs carry the label IDs as text, in Chinese, at the size HJ 1276-2022 asks for. */
@QuarkusTest
class PdfApiTest {

    static String text(byte[] pdf) throws Exception {
        try (PdfReader reader = new PdfReader(pdf)) {
            StringBuilder all = new StringBuilder();
            PdfTextExtractor extractor = new PdfTextExtractor(reader);
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                all.append(extractor.getTextFromPage(page)).append('\n');
            }
            return all.toString().replaceAll("\\s+", "");
        }
    }

    static float widthMm(byte[] pdf) throws Exception {
        try (PdfReader reader = new PdfReader(pdf)) {
            Rectangle size = reader.getPageSize(1);
            return size.getWidth() / 72f * 25.4f;
        }
    }

    @Test
    void labelPdfHasTheLabelIdAndFieldsAndIsSizedByVolume() throws Exception {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(22));
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", List.of(
                Manifests.container("DRUM", 20, 15), Manifests.container("DRUM", 200, 150), Manifests.container("IBC", 1000, 800)))));
        List<String> ids = Manifests.open(body).statusCode(201).extract().path("lines[0].containers.labelId");
        float[] expectedMm = {100, 150, 200};
        for (int i = 0; i < 3; i++) {
            byte[] pdf = as("collector").get("/api/containers/" + ids.get(i) + "/label.pdf").then().statusCode(200)
                    .contentType("application/pdf").extract().asByteArray();
            assertEquals(expectedMm[i], widthMm(pdf), 0.5, "label width for container " + i);
            String text = text(pdf);
            assertTrue(text.contains(ids.get(i)), "label ID as text");
            for (String field : List.of("危险废物", "废物名称", "废物代码", "900-249-08", "主要成分", "危险特性", "产生单位", "联系")) {
                assertTrue(text.contains(field), () -> field + " missing in: " + text);
            }
        }
    }

    @Test
    void manifestSheetAndManifestPdfListEveryLabelId() throws Exception {
        Map<String, Object> m = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(23))).statusCode(201).extract().path("");
        String number = (String) m.get("number");
        List<String> ids = as("collector").get("/api/manifests/" + number).then().extract().path("lines.containers.flatten().labelId");
        String sheet = text(as("collector").get("/api/manifests/" + number + "/labels.pdf").then().statusCode(200).extract().asByteArray());
        byte[] manifestPdf = as("collector").get("/api/manifests/" + number + "/manifest.pdf").then().statusCode(200).extract().asByteArray();
        assertEquals(210, widthMm(manifestPdf), 1);
        String manifest = text(manifestPdf);
        for (String id : ids) {
            assertTrue(sheet.contains(id), id + " on the label sheet");
            assertTrue(manifest.contains(id), id + " on the manifest");
        }
        assertTrue(manifest.contains(number));
    }

    @Test
    void pdfsAreNotVisibleToOtherParties() {
        String number = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(24))).statusCode(201).extract().path("number");
        as("receiver").get("/api/manifests/" + number + "/manifest.pdf").then().statusCode(404);
    }

    @Test
    void generatorWithoutContactCannotGetLabels() {
        long generator = Fixtures.createParty("GENERATOR", "无联系人的产废单位");
        Manifests.open(Manifests.typicalPickup(generator)).statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("联系人"));
    }
}
