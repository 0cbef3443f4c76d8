package cn.hazchain.dashboard;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The regulator dashboard in a real headless Chromium: sign in as the regulator, see the overview, search, and
 * reach a container's trail and its map of places. Runs when Chromium is installed ({@code .ci/run} installs it);
 * skipped, saying so, when it is not. Screenshots go to target/screenshots/.
 */
@QuarkusTest
class DashboardBrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void regulatorSignsInAndReachesAContainersTrailFromTheDashboard() throws Exception {
        var chromium = Chromium.binary();
        Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): browser test skipped");

        // A container of a generator in a town of its own, collected and stored with GPS positions.
        String town = "测试镇" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> party = Fixtures.party("GENERATOR", "江阴仪表盘测试厂" + town);
        party.put("town", town);
        party.put("address", "江阴市" + town + "1号");
        party.put("contactName", "王工");
        party.put("latitude", 31.861);
        party.put("longitude", 120.402);
        long generator = Fixtures.createParty(party);
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油", List.of(Manifests.container("DRUM", 200, 150)))));
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        String label = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        as("driver").body(Map.of("commandId", UUID.randomUUID().toString(), "manifestNumber", number, "weightKg", 151.5,
                "scan", Map.of("deviceId", "HH-DASH-1", "latitude", 31.861, "longitude", 120.402))).post("/api/containers/" + label + "/collect")
                .then().statusCode(200);
        as("keeper").body(Map.of("commandId", UUID.randomUUID().toString(), "storagePointId", Fixtures.partyIdOf("keeper"), "weightKg", 151.0,
                "scan", new HashMap<>(Map.of("deviceId", "HH-DASH-2", "latitude", 31.941, "longitude", 120.172)))).post("/api/containers/" + label + "/store")
                .then().statusCode(200);

        // Security headers on the page itself.
        RestAssured.given().get(dashboard).then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff");

        try (Chromium browser = new Chromium(chromium.get())) {
            browser.open(dashboard.toString());
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            assertEquals("监管人员登录", browser.text("h1"), "Chinese first");

            // a wrong password is refused on the page
            browser.type("#username", "regulator");
            browser.type("#password", "wrong-password");
            browser.click("#login-submit");
            browser.waitFor("document.querySelector('#login-error').textContent.includes('登录失败')", WAIT);

            browser.type("#password", "demo-regulator");
            browser.click("#login-submit");
            browser.waitFor("location.hash === '#/overview' && document.querySelector('#rate')", WAIT);
            browser.waitFor("document.querySelector('#rate-detail').textContent.length > 0", WAIT);
            browser.screenshot(Path.of("target", "screenshots", "dashboard-overview.png"));

            // English on request
            browser.click("#lang");
            browser.waitFor("document.querySelector('[data-t=\"kpi.rate\"]').textContent.startsWith('Safe disposal rate')", WAIT);
            browser.click("#lang");

            // search by the town, drill down to the container
            browser.open(dashboard + "#/search");
            browser.waitFor("document.querySelector('#search-form')", WAIT);
            browser.type("#f-town", town);
            browser.click("#search-submit");
            browser.waitFor("document.querySelector('tr[data-label=\"" + label + "\"]')", WAIT);
            assertEquals(1L, browser.eval("document.querySelectorAll('#results tbody tr').length").asLong(), "only this town's container");
            browser.screenshot(Path.of("target", "screenshots", "dashboard-search.png"));
            browser.click("tr[data-label=\"" + label + "\"]");
            // the label's issue, the collection, the storage
            browser.waitFor("location.hash.startsWith('#/container/') && document.querySelectorAll('#trail tbody tr').length === 3", WAIT);
            String trail = browser.text("#trail tbody");
            assertTrue(trail.contains("开具标签") && trail.contains("收集") && trail.contains("入库贮存"), trail);
            assertTrue(trail.contains("HH-DASH-1") && trail.contains("HH-DASH-2"), trail);
            assertEquals(2L, browser.eval("document.querySelectorAll('#map-svg circle.place').length").asLong(), "two places on the map");
            assertTrue(browser.text("#c-facts").contains(number), "the manifest number is shown");
            browser.screenshot(Path.of("target", "screenshots", "dashboard-container.png"));

            // signing out forgets the token
            browser.click("#signout");
            browser.waitFor("location.hash === '#/login' && sessionStorage.getItem('hazchain.token') === null", WAIT);
        }
    }
}
