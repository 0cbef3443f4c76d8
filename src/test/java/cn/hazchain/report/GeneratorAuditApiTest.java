package cn.hazchain.report;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.label.Pdfs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's audit trail and printable audit report over the walked scenario; who may ask. */
@QuarkusTest
class GeneratorAuditApiTest {

    ReportScenario s;

    @BeforeEach
    void walked() {
        s = ReportScenario.get();
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    private String trail() {
        return "/api/generators/" + s.generator + "/trail";
    }

    private String report() {
        return "/api/generators/" + s.generator + "/audit-report.pdf";
    }

    @Test
    void trailListsEveryEventOfTheGeneratorInTimeOrderPaged() {
        // each container's label issued, then: A 6, B 6, D 4 (no lot), E 4 (collect, load, refuse, store), F 1, G none
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            List<Map<String, Object>> items = s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to())
                    .queryParam("size", 10).queryParam("page", page).get(trail()).then().statusCode(200)
                    .body("total", equalTo(27)).body("totalPages", equalTo(3)).body("items", hasSize(page < 2 ? 10 : 7))
                    .extract().path("items");
            all.addAll(items);
        }
        for (int i = 1; i < all.size(); i++) {
            Instant before = Instant.parse((String) all.get(i - 1).get("serverTime"));
            assertFalse(Instant.parse((String) all.get(i).get("serverTime")).isBefore(before), "out of order at " + i);
        }
        assertEquals(27, all.stream().map(e -> e.get("eventId")).distinct().count());
        assertEquals("LABEL_ISSUED", all.get(0).get("type"));
        assertEquals(s.operator, all.get(0).get("actor"), "the manifest's issuer issued the labels");
        Map<String, Object> first = all.stream().filter(e -> "CONTAINER_COLLECTED".equals(e.get("type"))).findFirst().orElseThrow();
        assertEquals("CONTAINER_COLLECTED", first.get("type"));
        assertEquals(s.a, first.get("labelId"));
        assertEquals(s.driver, first.get("actor"));
        assertEquals("HH-RPT-01", first.get("deviceId"));
        assertEquals(31.88f, ((Number) first.get("latitude")).floatValue());
        assertEquals(List.of("b".repeat(64)), first.get("photoSha256"));
        assertEquals(64, ((String) first.get("hash")).length());
        assertEquals(List.of(), first.get("clockFlags"));
        assertEquals(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED", "CONTAINER_LOADED", "CONTAINER_REFUSED", "CONTAINER_STORED"),
                all.stream().filter(e -> s.e.equals(e.get("labelId"))).map(e -> e.get("type")).toList());
        assertEquals(List.of("LABEL_ISSUED"), all.stream().filter(e -> s.g.equals(e.get("labelId"))).map(e -> e.get("type")).toList());
        // an earlier period holds nothing; no period is all of it
        s.as("regulator").queryParam("from", "2020-01-01").queryParam("to", "2020-12-31").get(trail()).then().statusCode(200).body("total", equalTo(0));
        s.as("regulator").get(trail()).then().statusCode(200).body("total", equalTo(27));
    }

    @Test
    void trailIsForRegulatorsTheGeneratorAndItsCollector() {
        s.as(s.generatorStaff).get(trail()).then().statusCode(200).body("total", equalTo(27));
        s.as(s.operator).get(trail()).then().statusCode(200).body("total", equalTo(27));
        s.as("admin").get(trail()).then().statusCode(200).body("total", equalTo(27));
        as("generator").get(trail()).then().statusCode(404);          // another generator
        as("collector").get(trail()).then().statusCode(404);          // a collector that never picked up here
        s.as(s.receiverOperator).get(trail()).then().statusCode(403); // receivers have no generator trails
        s.as(s.driver).get(trail()).then().statusCode(403);
        s.as("regulator").get("/api/generators/" + s.collector + "/trail").then().statusCode(404); // not a generator
        s.as("regulator").get("/api/generators/abc/trail").then().statusCode(400);
        s.as("regulator").queryParam("from", "01/01/2026").get(trail()).then().statusCode(400);
        s.as("regulator").queryParam("size", 500).get(trail()).then().statusCode(400);
    }

    @Test
    void auditReportPrintsTheGeneratorItsManifestsLabelsAndIntactChains() {
        byte[] bytes = s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        Pdfs pdf = new Pdfs(bytes);
        assertEquals(Pdfs.mmToPt(210), pdf.widthPt(1), 1);
        assertEquals(Pdfs.mmToPt(297), pdf.heightPt(1), 1);
        String text = pdf.compactText();
        for (String expected : new String[] {s.generatorName, s.town, "产废单位危险废物审计报告", "统一社会信用代码", s.manifest1, s.manifest2,
                s.a, s.b, s.d, s.e, s.f, s.g, "审计测试收运公司" + s.suffix, "全部完整", "everychainintact", "已处置Disposed2",
                "收集Collected", "拒收Refused", "regulator", "500.3", "271.5", "第1/" + pdf.pages() + "页"}) {
            assertTrue(text.contains(expected), "missing " + expected);
        }
        assertTrue(pdf.compactText(pdf.pages()).contains("第" + pdf.pages() + "/" + pdf.pages() + "页"));
    }

    @Test
    void auditReportNamesABrokenChain() throws Exception {
        // F was collected (21.00 kg) after its label's issue; change that event as the database superuser, then put it back
        Map<String, Object> event = s.as("regulator").get("/api/containers/" + s.f + "/trail").then().statusCode(200).extract().path("[1]");
        long eventId = ((Number) event.get("eventId")).longValue();
        try (var conn = dataSource.getConnection(); var st = conn.createStatement()) {
            st.execute("SET session_replication_role = replica");
            try {
                st.execute("UPDATE custody_event SET weight_kg = 99.00 WHERE id = " + eventId);
                String text = new Pdfs(s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).get(report())
                        .then().statusCode(200).extract().asByteArray()).compactText();
                assertTrue(text.contains("1条链断裂chain(s)BROKEN"), text);
                assertTrue(text.contains(s.f + "事件eventseq2"), text);
                assertTrue(text.contains("changedafteritwaswritten"), text);
            } finally {
                st.execute("UPDATE custody_event SET weight_kg = 21.00 WHERE id = " + eventId);
                st.execute("SET session_replication_role = origin");
            }
        }
        assertTrue(new Pdfs(s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(200)
                .extract().asByteArray()).compactText().contains("全部完整"));
    }

    @Test
    void auditReportAccess() {
        s.as(s.generatorStaff).queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(200);
        byte[] collectorCopy = s.as(s.operator).queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(200)
                .extract().asByteArray();
        assertTrue(new Pdfs(collectorCopy).compactText().contains("仅监管部门和产废单位本身可见"));
        as("generator").queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(404);
        as("collector").queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(404);
        s.as(s.keeper).queryParam("from", s.from()).queryParam("to", s.to()).get(report()).then().statusCode(403);
        s.as("regulator").queryParam("from", s.from()).get(report()).then().statusCode(400).contentType("application/problem+json");
        s.as("regulator").queryParam("from", s.to()).queryParam("to", s.from()).get(report()).then().statusCode(400);
    }

    @Test
    void aReportOfAnEmptyPeriodSaysSo() {
        String text = new Pdfs(s.as("regulator").queryParam("from", "2020-01-01").queryParam("to", "2020-01-31").get(report())
                .then().statusCode(200).extract().asByteArray()).compactText();
        assertTrue(text.contains("报告期间内没有转移联单"), text);
        assertTrue(text.contains(s.generatorName));
    }
}
