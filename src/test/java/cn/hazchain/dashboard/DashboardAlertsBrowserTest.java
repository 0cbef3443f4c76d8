package cn.hazchain.dashboard;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertEvaluator;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, point 1 (in part): the regulator works an alert from the dashboard — finds it in the inbox by town,
 * opens it, acknowledges and closes it with notes — and runs the audit chain check; the API sees every step.
 */
@QuarkusTest
class DashboardAlertsBrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @Inject
    AlertEvaluator evaluator;

    @Inject
    AgroalDataSource dataSource;

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void regulatorWorksAnAlertFromTheInboxAndChecksTheAuditChain() throws Exception {
        var chromium = Chromium.binary();
        Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): browser test skipped");

        // an uncollected drum in a town of its own: issued 31 days ago
        String town = "预警台测试镇" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> party = Fixtures.party("GENERATOR", "江阴预警台测试厂" + town);
        party.put("town", town);
        party.put("address", "江阴市" + town + "2号");
        party.put("contactName", "李工");
        party.put("latitude", 31.87);
        party.put("longitude", 120.41);
        long generator = Fixtures.createParty(party);
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", List.of(Manifests.container("DRUM", 200, 150)))));
        String number = Manifests.open(body).log().ifValidationFails().statusCode(201).extract().path("number");
        String label = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE container SET created_at = ? WHERE label_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(31))));
            ps.setString(2, label);
            ps.executeUpdate();
        }
        evaluator.evaluate(Instant.now());
        int alert = as("regulator").get("/api/alerts?rule=UNCOLLECTED&town=" + town).then().statusCode(200).extract().path("items[0].id");

        try (Chromium browser = new Chromium(chromium.get())) {
            browser.open(dashboard.toString());
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            browser.type("#username", "regulator");
            browser.type("#password", "demo-regulator");
            browser.click("#login-submit");
            browser.waitFor("location.hash === '#/overview'", WAIT);

            // the inbox, filtered by the town: this one alert
            browser.open(dashboard + "#/alerts");
            browser.waitFor("document.querySelector('#alerts-form') && document.querySelectorAll('#a-rule option').length === 12", WAIT);
            browser.type("#a-town", town);
            browser.click("#alerts-submit");
            browser.waitFor("document.querySelector('tr[data-alert=\"" + alert + "\"]') && document.querySelectorAll('#alerts tbody tr').length === 1", WAIT);
            String row = browser.text("tr[data-alert=\"" + alert + "\"]");
            assertTrue(row.contains("已申报未收运") && row.contains(label) && row.contains("待处理"), row);

            // open it: what was found, then a note is required
            browser.click("tr[data-alert=\"" + alert + "\"]");
            browser.waitFor("location.hash === '#/alert/" + alert + "' && document.querySelectorAll('#alert-history tbody tr').length === 1", WAIT);
            assertTrue(browser.text("#alert-facts").contains("not collected after 31 days"), browser.text("#alert-facts"));
            browser.click("#alert-ack");
            browser.waitFor("document.querySelector('#alert-error').textContent === '请填写处置说明'", WAIT);
            browser.type("#alert-note", "已通知收集单位安排收运 collector told to pick it up");
            browser.click("#alert-ack");
            browser.waitFor("document.querySelector('#alert-state') && document.querySelector('#alert-state').textContent === '已知悉'"
                    + " && document.querySelectorAll('#alert-history tbody tr').length === 2", WAIT);
            as("regulator").get("/api/alerts/" + alert).then().statusCode(200)
                    .body("alert.state", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"))
                    .body("history[1].note", org.hamcrest.Matchers.equalTo("已通知收集单位安排收运 collector told to pick it up"))
                    .body("history[1].actor", org.hamcrest.Matchers.equalTo("regulator"));

            browser.type("#alert-note", "产废单位已停产，废物另行处置 the workshop closed");
            browser.click("#alert-close");
            browser.waitFor("document.querySelector('#alert-state') && document.querySelector('#alert-state').textContent === '已关闭'"
                    + " && document.querySelector('#alert-form').hidden", WAIT);
            as("regulator").get("/api/alerts/" + alert).then().statusCode(200)
                    .body("alert.state", org.hamcrest.Matchers.equalTo("CLOSED")).body("alert.closedReason", org.hamcrest.Matchers.equalTo("BY_USER"));
            assertEquals(3L, browser.eval("document.querySelectorAll('#alert-history tbody tr').length").asLong());

            // the same town's pickup manifests, then its transfers (none), from the search
            browser.open(dashboard + "#/search");
            browser.waitFor("document.querySelector('#f-kind') && document.querySelectorAll('#f-state option').length === 9", WAIT);
            browser.eval("(() => { const k = document.querySelector('#f-kind'); k.value = 'manifests'; k.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.querySelectorAll('#f-state option').length === 5", WAIT);
            browser.type("#f-town", town);
            browser.click("#search-submit");
            browser.waitFor("document.querySelector('tr[data-key=\"" + number + "\"]') && document.querySelectorAll('#results tbody tr').length === 1", WAIT);
            assertTrue(browser.text("tr[data-key=\"" + number + "\"]").contains("待收集"), browser.text("#results tbody"));
            assertTrue(browser.eval("document.querySelector('#export-csv').href").asText().contains("/api/search/manifests.csv?town="));
            browser.eval("(() => { const k = document.querySelector('#f-kind'); k.value = 'transfers'; k.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.querySelector('#search-count').textContent === '共 0 份转移联单'", WAIT);

            // the audit chain, verified from the page: the same figures as the API's
            browser.open(dashboard + "#/audit");
            browser.waitFor("document.querySelector('#audit-run')", WAIT);
            browser.click("#audit-run");
            browser.waitFor("document.querySelector('#audit-counts')", Duration.ofSeconds(120));
            assertTrue(browser.text("#audit-result").startsWith("完整"), browser.text("#audit-result"));
            Map<String, Object> report = as("regulator").get("/api/audit/verify").then().statusCode(200).extract().path("");
            assertTrue((Boolean) report.get("intact"));
            assertEquals("核验事件 " + report.get("eventsChecked") + " 条、链 " + report.get("chainsChecked") + " 条、签名检查点 "
                    + report.get("checkpointsChecked") + " 个", browser.text("#audit-counts"), "the page shows what the API verified");
            browser.screenshot(Path.of("target", "screenshots", "dashboard-audit.png"));
        }
    }
}
