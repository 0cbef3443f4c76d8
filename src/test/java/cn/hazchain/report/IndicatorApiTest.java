package cn.hazchain.report;

import static cn.hazchain.report.MassBalanceApiTest.assertKg;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Safe disposal rate and tonnage on the walked scenario's own town: HW08 collected 151.50 + 148.00 + 160.00 =
 * 459.50 kg, of which A and B are disposed with 151.50 + 120.00 = 271.50 kg accepted; HW49 19.80 + 21.00 = 40.80 kg,
 * none disposed.
 */
@QuarkusTest
class IndicatorApiTest {

    ReportScenario s;

    @BeforeEach
    void walked() {
        s = ReportScenario.get();
    }

    private JsonPath rate(String groupBy, String town) {
        var request = s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to());
        if (groupBy != null) {
            request.queryParam("groupBy", groupBy);
        }
        if (town != null) {
            request.queryParam("town", town);
        }
        return request.get("/api/indicators/safe-disposal-rate").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void rateByCategoryInOwnTown() {
        JsonPath r = rate("category", s.town);
        assertEquals("category", r.getString("groupBy"));
        assertEquals(2, r.getList("groups").size());
        JsonPath oil = r.setRootPath("groups.find { it.key == 'HW08' }");
        assertKg("459.50", oil, "collectedKg");
        assertKg("271.50", oil, "disposedKg");
        assertKg("0.5909", oil, "rate");
        assertEquals(3, oil.getInt("containers"));
        assertEquals("废矿物油与含矿物油废物", oil.getString("label"));
        JsonPath rags = r.setRootPath("groups.find { it.key == 'HW49' }");
        assertKg("40.80", rags, "collectedKg");
        assertKg("0", rags, "disposedKg");
        assertKg("0", rags, "rate");
        JsonPath total = r.setRootPath("total");
        assertKg("500.30", total, "collectedKg");
        assertKg("271.50", total, "disposedKg");
        assertKg("0.5427", total, "rate");
        assertEquals(5, total.getInt("containers"));
    }

    @Test
    void rateByTownHasOwnTownWithTheSameFigures() {
        JsonPath town = rate("town", null).setRootPath("groups.find { it.key == '" + s.town + "' }");
        assertKg("500.30", town, "collectedKg");
        assertKg("271.50", town, "disposedKg");
        assertKg("0.5427", town, "rate");
        assertEquals(s.town, town.getString("label"));
    }

    @Test
    void rateByMonthOfCollectionInTheConfiguredZone() {
        // the month of each collection, read from the trail's server times in Asia/Shanghai
        List<Map<String, Object>> events = s.as("regulator").queryParam("size", 200).get("/api/generators/" + s.generator + "/trail")
                .then().statusCode(200).extract().path("items.findAll { it.type == 'CONTAINER_COLLECTED' }");
        Map<String, BigDecimal> expected = new TreeMap<>();
        for (Map<String, Object> e : events) {
            String month = YearMonth.from(Instant.parse((String) e.get("serverTime")).atZone(ReportScenario.ZONE)).toString();
            expected.merge(month, new BigDecimal(String.valueOf(e.get("weightKg"))), BigDecimal::add);
        }
        JsonPath r = rate("month", s.town);
        List<String> keys = r.getList("groups.key");
        assertEquals(List.copyOf(expected.keySet()), keys);
        for (String month : keys) {
            assertKg(expected.get(month).toPlainString(), r.setRootPath("groups.find { it.key == '" + month + "' }"), "collectedKg");
        }
        assertKg("500.30", r.setRootPath("total"), "collectedKg");
    }

    @Test
    void tonnagePerCategoryAndMonth() {
        JsonPath t = s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "town,category,month")
                .get("/api/indicators/tonnage").then().statusCode(200)
                .body("groupBy", equalTo(List.of("town", "category", "month"))).extract().jsonPath();
        List<Map<String, Object>> mine = t.getList("rows.findAll { it.town == '" + s.town + "' }");
        Map<String, BigDecimal> byCategory = new TreeMap<>();
        mine.forEach(row -> byCategory.merge((String) row.get("category"), new BigDecimal(String.valueOf(row.get("collectedKg"))), BigDecimal::add));
        assertEquals(0, new BigDecimal("459.50").compareTo(byCategory.get("HW08")), byCategory.toString());
        assertEquals(0, new BigDecimal("40.80").compareTo(byCategory.get("HW49")), byCategory.toString());
        assertEquals(2, byCategory.size());

        JsonPath own = s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "category")
                .queryParam("town", s.town).get("/api/indicators/tonnage").then().statusCode(200).extract().jsonPath();
        assertEquals(2, own.getList("rows").size());
        assertKg("500.30", own, "collectedKg");
        assertEquals(5, own.getInt("containers"));
        assertKg("459.50", own.setRootPath("rows.find { it.category == 'HW08' }"), "collectedKg");
    }

    @Test
    void regulatorsAndAdministratorsOnly() {
        s.as("admin").queryParam("from", s.from()).queryParam("to", s.to()).get("/api/indicators/tonnage").then().statusCode(200);
        s.as(s.generatorStaff).queryParam("from", s.from()).queryParam("to", s.to()).get("/api/indicators/safe-disposal-rate").then().statusCode(403);
        s.as(s.operator).queryParam("from", s.from()).queryParam("to", s.to()).get("/api/indicators/tonnage").then().statusCode(403);
    }

    @Test
    void badParametersAre400() {
        String rate = "/api/indicators/safe-disposal-rate";
        s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "colour").get(rate).then().statusCode(400)
                .body("detail", containsString("TOWN"));
        s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "town,month").get(rate).then().statusCode(400);
        s.as("regulator").queryParam("to", s.to()).get(rate).then().statusCode(400).body("detail", containsString("from"));
        s.as("regulator").queryParam("from", "yesterday").queryParam("to", s.to()).get(rate).then().statusCode(400);
        String tonnage = "/api/indicators/tonnage";
        s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "month,month").get(tonnage).then().statusCode(400)
                .body("detail", containsString("twice"));
        s.as("regulator").queryParam("from", s.from()).queryParam("to", s.to()).queryParam("groupBy", "category,").get(tonnage).then().statusCode(400);
        s.as("regulator").queryParam("from", "2020-01-01").queryParam("to", "2040-01-01").get(tonnage).then().statusCode(400)
                .body("detail", containsString("longer"));
    }
}
