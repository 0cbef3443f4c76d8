package cn.hazchain.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import cn.hazchain.label.PdfPages;
import cn.hazchain.label.Pdfs;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The packaged service's first start in demo mode with three months of history (issue #14): through the API, every
 * screen has something true to show, and what it shows agrees with itself.
 */
class DemoHistoryIT {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Test
    void aFirstStartInDemoMode_showsThreeMonthsOfHistoryThatAgreesWithItself() throws Exception {
        try (PackagedService service = PackagedService.fresh("hazchain-demo-history-it", Path.of("target", "demo-history-it-service.log"),
                // the JVM as bin/hazchain (the README's run command) runs the demo
                List.of("-Dhazchain.demo-history=three-months", "-XX:TieredStopAtLevel=1"))) {
            long t0 = System.nanoTime();
            service.start(Duration.ofMinutes(3));
            System.out.printf("DemoHistoryIT: first start with the three months' history ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            HttpJson api = service.api();
            String regulator = api.demoToken("regulator");
            String admin = api.demoToken("admin");
            String from = TODAY.minusDays(365).toString();
            String to = TODAY.toString();

            // the safe disposal rate: both kg non-zero, the rate strictly between 0 and 100 %
            JsonNode rate = api.get(regulator, "/api/indicators/safe-disposal-rate?from=" + from + "&to=" + to);
            JsonNode total = rate.path("total");
            BigDecimal collected = total.path("collectedKg").decimalValue();
            BigDecimal disposed = total.path("disposedKg").decimalValue();
            assertTrue(collected.signum() > 0 && disposed.signum() > 0, "kg collected and disposed: " + rate);
            assertTrue(disposed.compareTo(collected) < 0, "some waste is not disposed yet: " + rate);

            // open alerts of at least three rules
            api.post(admin, "/api/alerts/evaluate", HttpJson.JSON.createObjectNode(), 200);
            Set<String> rules = new HashSet<>();
            api.get(regulator, "/api/alerts?state=OPEN&size=200").path("items").forEach(a -> rules.add(a.path("rule").asText()));
            assertTrue(rules.size() >= 3, "rules with open alerts: " + rules);

            // a disposed container whose trail runs from its label's issue to its disposal
            JsonNode disposedRow = api.get(regulator, "/api/search/containers?state=DISPOSED&size=1").path("items").get(0);
            JsonNode trail = api.get(regulator, "/api/containers/" + disposedRow.path("labelId").asText() + "/trail");
            assertEquals("LABEL_ISSUED", trail.get(0).path("type").asText());
            assertEquals("CONTAINER_DISPOSED", trail.get(trail.size() - 1).path("type").asText());
            assertTrue(trail.size() >= 5, "issued, collected, stored, loaded, received, disposed: " + trail);

            // a transfer whose lineage names several generators
            boolean several = false;
            for (JsonNode t : api.get(regulator, "/api/search/transfers?size=50").path("items")) {
                JsonNode lineage = api.get(regulator, "/api/transfers/" + t.path("number").asText() + "/lineage");
                if (lineage.path("byGenerator").size() >= 2) {
                    several = true;
                    break;
                }
            }
            assertTrue(several, "a transfer consolidates the waste of several generators");
            // what receivers found: most acknowledged by the shipper, some still open
            assertTrue(api.get(regulator, "/api/discrepancies?status=ACKNOWLEDGED&size=1").path("total").asLong() >= 1, "acknowledged discrepancies");
            assertTrue(api.get(regulator, "/api/discrepancies?status=OPEN&size=1").path("total").asLong() >= 1, "open discrepancies");
            // one transfer is still on the road
            assertTrue(api.get(regulator, "/api/search/transfers?state=IN_TRANSIT&size=5").path("total").asLong() >= 1, "a transfer in transit");
            assertTrue(api.get(regulator, "/api/search/transfers?state=IN_TRANSIT&flag=OVERDUE&size=5").path("total").asLong() >= 1,
                    "a transfer in transit past its receipt deadline, whatever the weekday of the first start");

            // the storage point's mass balance closes: stored in, loaded out, still there at the end
            long point = api.get(api.demoToken("keeper"), "/api/auth/me").path("partyId").asLong();
            JsonNode row = api.get(regulator, "/api/mass-balance?kind=STORAGE_POINT&partyId=" + point + "&from=" + from + "&to=" + to)
                    .path("rows").path("items").get(0);
            BigDecimal held = row.path("heldAtEndKg").decimalValue();
            BigDecimal net = row.path("storedKg").decimalValue().subtract(row.path("shippedKg").decimalValue());
            assertTrue(held.signum() > 0, "waste is held at the point: " + row);
            assertEquals(0, held.compareTo(net), "stored - shipped = held at the end: " + row);

            // the printed documents (issue #15): a phone reads the QR code off the PDF page as printed and opens its page without a token
            Path pictures = Path.of("target", "screenshots", "demo");
            Map<String, String> roadChecks = new TreeMap<>();
            String onTheRoad = api.get(regulator, "/api/search/transfers?state=IN_TRANSIT&size=1").path("items").get(0).path("number").asText();
            roadChecks.put("roadcheck-transfer.png", roadCheck(api, regulator, "/api/transfers/" + onTheRoad + "/pdf", "/v/t/", onTheRoad));
            String pickup = api.get(regulator, "/api/search/manifests?state=IN_PROGRESS&size=1").path("items").get(0).path("number").asText();
            roadChecks.put("roadcheck-manifest.png", roadCheck(api, regulator, "/api/manifests/" + pickup + "/manifest.pdf", "/v/m/", pickup));
            byte[] shown = transferWithARefusal(api, regulator);
            Files.createDirectories(pictures);
            Files.write(pictures.resolve("transfer-pdf.png"), PdfPages.png(PdfPages.render(shown, 1, 110)));
            // a disposal certificate the history issued (issue #15, point 5): its PDF and the public page its QR code opens
            String certificate = certificateOfSeveral(api, regulator);
            String certificatePath = "/api/disposal-certificates/" + certificate + "/pdf";
            roadChecks.put("certificate-check.png", roadCheck(api, regulator, certificatePath, "/v/c/", certificate));
            Files.write(pictures.resolve("certificate-pdf.png"), PdfPages.png(PdfPages.render(api.bytes(regulator, certificatePath), 1, 110)));

            // the pictures of docs/images, from this demo (when a Chromium is installed)
            if (cn.hazchain.dashboard.DemoScreenshots.available()) {
                JsonNode full = null;
                for (JsonNode c : api.get(regulator, "/api/search/containers?state=DISPOSED&size=50").path("items")) {
                    JsonNode places = api.get(regulator, "/api/containers/" + c.path("labelId").asText() + "/trail");
                    if (places.size() >= 7) {
                        full = c;
                        break;
                    }
                }
                String label = (full == null ? disposedRow : full).path("labelId").asText();
                String qr = api.get(regulator, "/api/containers/" + label).path("qrUrl").asText();
                cn.hazchain.dashboard.DemoScreenshots.take(service.baseUrl(), label, qr.substring(qr.lastIndexOf("/v/") + 3),
                        roadChecks, pictures);
                String photographed = null;
                for (JsonNode c : api.get(regulator, "/api/search/containers?state=DISPOSED&size=50").path("items")) {
                    for (JsonNode e : api.get(regulator, "/api/containers/" + c.path("labelId").asText() + "/trail")) {
                        if (e.path("photoSha256").size() > 0) {
                            photographed = c.path("labelId").asText();
                        }
                    }
                    if (photographed != null) {
                        break;
                    }
                }
                assertTrue(photographed != null, "a quarter of the history's collections carry a photo");
                cn.hazchain.dashboard.DemoScreenshots.regulatorViews(service.baseUrl(), photographed, pictures);
                // the handheld app at 360x640 (issue #16): a driver, the keeper and a receiver at work on the demo's own labels
                cn.hazchain.handheld.HandheldScreenshots.take(service.baseUrl(), api, pictures);
            }

            // and the audit log verifies
            JsonNode verify = api.get(regulator, "/api/audit/verify");
            assertTrue(verify.path("intact").asBoolean(), "audit verify: " + verify);
            assertTrue(verify.path("eventsChecked").asLong() > 1000, "the history is in the log: " + verify);
        }
    }

    /**
     * The path of the road-check page the document's QR code opens, read from its first page as rendered; the page,
     * asked for without a token, shows the document's number.
     */
    static String roadCheck(HttpJson api, String token, String pdfPath, String prefix, String number) throws Exception {
        String url = PdfPages.qrOfPage(api.bytes(token, pdfPath), 1);
        String path = URI.create(url).getRawPath();
        assertTrue(path.startsWith(prefix + number + "."), url);
        HttpResponse<String> page = api.page(path);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(number), page.body());
        return path;
    }

    /** The number of a certificate the history issued for several containers (the first such among the latest disposed). */
    static String certificateOfSeveral(HttpJson api, String token) throws Exception {
        String first = null;
        for (JsonNode c : api.get(token, "/api/search/containers?state=DISPOSED&size=30").path("items")) {
            String number = api.get(token, "/api/containers/" + c.path("labelId").asText() + "/lineage").path("disposalCertificate").asText("");
            if (number.startsWith("CZ")) {
                JsonNode certificate = api.get(token, "/api/disposal-certificates/" + number);
                first = first == null ? number : first;
                if (certificate.path("containers").asInt() >= 3) {
                    return number;
                }
            }
        }
        assertTrue(first != null, "the history issues disposal certificates");
        return first;
    }

    /** The PDF of a received transfer with a refusal on it, all three lines signed (the first such among the latest). */
    static byte[] transferWithARefusal(HttpJson api, String token) throws Exception {
        byte[] first = null;
        for (JsonNode t : api.get(token, "/api/search/transfers?state=RECEIVED&state=CLOSED&size=60").path("items")) {
            byte[] pdf = api.bytes(token, "/api/transfers/" + t.path("number").asText() + "/pdf");
            first = first == null ? pdf : first;
            String text = new Pdfs(pdf).compactText();
            if (text.contains("拒收refused") && !text.contains("未签")) {
                return pdf;
            }
        }
        assertTrue(first != null, "the history has received transfers");
        return first;
    }
}
