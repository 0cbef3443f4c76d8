package cn.hazchain.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The pictures of docs/images, taken in a real Chromium from a service holding the demo data set with its history
 * (never from a database tests have filled): the regulator's overview, a container's trail and places, the pickup
 * workspace of the demo generator and of the collector's operator (a day planned as a job, a round of the history planned against done), the public
 * verification page of a label and the road-check pages of a transfer and a pickup manifest on a phone-sized screen.
 * DemoHistoryIT takes them into {@code target/screenshots/demo/} (with the transfer PDF's page, which it renders
 * itself); copying them to docs/images is a person's decision.
 */
public final class DemoScreenshots {

    static final Duration WAIT = Duration.ofSeconds(30);

    private DemoScreenshots() {
    }

    /** Whether a Chromium is installed to take them. */
    public static boolean available() {
        return Chromium.binary().isPresent();
    }

    /**
     * @param base      the service's base URL
     * @param labelId   a container to show (one with a full trail)
     * @param token     its label's QR token (for the verification page)
     */
    public static void take(String base, String labelId, String token, Path dir) throws Exception {
        take(base, labelId, token, Map.of(), dir);
    }

    /**
     * @param roadChecks file name → path of a road-check page (what a manifest's QR code opens), shown as a phone
     *                   shows it, the whole page
     */
    public static void take(String base, String labelId, String token, Map<String, String> roadChecks, Path dir) throws Exception {
        Optional<Path> binary = Chromium.binary();
        if (binary.isEmpty()) {
            return;
        }
        try (Chromium browser = new Chromium(binary.get())) {
            browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Shanghai")); // times as Jiangyin reads them
            browser.open(base + "/dashboard/");
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            browser.type("#username", "regulator");
            browser.type("#password", "demo-regulator");
            browser.click("#login-submit");
            browser.waitFor("location.hash === '#/overview' && document.querySelector('#rate-detail') && "
                    + "document.querySelector('#rate-detail').textContent.length > 0", WAIT);
            Thread.sleep(1500); // the charts draw after their data arrives
            browser.screenshot(dir.resolve("dashboard-overview.png"));

            browser.open(base + "/dashboard/#/container/" + labelId);
            browser.waitFor("document.querySelectorAll('#trail tbody tr').length >= 5", WAIT);
            Thread.sleep(500);
            browser.screenshot(dir.resolve("dashboard-container.png"));

            // the alerts inbox (open ones first page) and the newest open alert of a transfer still on the road
            browser.open(base + "/dashboard/#/alerts");
            browser.waitFor("document.querySelectorAll('#alerts tbody tr').length > 0", WAIT);
            Thread.sleep(300);
            browser.screenshot(dir.resolve("dashboard-alerts.png"));
            browser.open(base + "/dashboard/#/alerts");
            browser.waitFor("document.querySelector('#a-rule') && document.querySelectorAll('#a-rule option').length > 1", WAIT);
            browser.eval("document.querySelector('#a-rule').value = 'TRANSFER_NOT_RECEIVED'");
            browser.click("#alerts-submit");
            browser.waitFor("document.querySelectorAll('#alerts tbody tr').length > 0 && [...document.querySelectorAll('#alerts tbody tr')]"
                    + ".every(r => r.textContent.includes('转移未按时接收'))", WAIT);
            browser.click("#alerts tbody tr");
            browser.waitFor("location.hash.startsWith('#/alert/') && document.querySelectorAll('#alert-history tbody tr').length > 0", WAIT);
            Thread.sleep(300);
            browser.screenshot(dir.resolve("dashboard-alert.png"));
            browser.open(base + "/dashboard/#/audit");
            browser.waitFor("document.querySelector('#audit-run')", WAIT);
            browser.click("#audit-run");
            browser.waitFor("document.querySelector('#audit-counts')", Duration.ofSeconds(120));
            browser.screenshot(dir.resolve("dashboard-audit.png"));
            // the pickup workspace (issue #17): the demo generator's requests, alerts and ledger; the collector's incoming requests
            browser.open(base + "/workspace/");
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            browser.type("#username", "generator");
            browser.type("#password", "demo-generator");
            browser.click("#login-submit");
            browser.waitFor("document.querySelectorAll('#ledger tbody tr').length > 1 && document.querySelector('#g-requests tbody tr[data-id]')", WAIT);
            Thread.sleep(500);
            browser.screenshot(dir.resolve("workspace-generator.png"));
            browser.click("#signout");
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            browser.type("#username", "collector");
            browser.type("#password", "demo-collector");
            browser.click("#login-submit");
            browser.waitFor("document.querySelectorAll('#c-requests tbody tr[data-id]').length >= 13 && document.querySelector('#p-fleet label')", WAIT);
            Thread.sleep(500);
            browser.screenshot(dir.resolve("workspace-collector.png"));
            // the day the demo's five accepted requests may all be picked up, planned on the first vehicle as a job the page
            // polls (the storage point has room for them: the history's rounds leave lead batteries to their own network);
            // then the latest day with rounds in the history, one round planned against done
            String planDay = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(12).toString();
            browser.eval("document.querySelector('#p-date').value = '" + planDay + "'");
            browser.eval("document.querySelector('#p-seconds').value = '3'");
            browser.eval("document.querySelectorAll('.p-vehicle').forEach((c, i) => { c.checked = i === 0; })"); // the demo has one driver
            browser.click("#p-submit");
            browser.waitFor("document.querySelector('#p-message').textContent.startsWith('已排线') && document.querySelector('#plan .room')",
                    Duration.ofSeconds(90));
            // the demo's storage point has room (the history ships three mornings a week): some of the day's requests are
            // planned, each stop with its pin; on a day its last rounds filled it, every request left out says it is the room
            int planned = browser.eval("document.querySelectorAll('#plan tr[data-request] .pin').length").asInt();
            boolean roomExplains = browser.eval("[...document.querySelectorAll('#plan ul.plain li')].every(li => li.textContent.includes('贮存点只能再收'))")
                    .asBoolean();
            if (planned == 0 && !roomExplains) {
                throw new AssertionError("the demo's day planned no stop: " + browser.eval("document.querySelector('#plan').innerText").asText());
            }
            browser.eval("document.querySelector('[data-t=\"plan.heading\"]').scrollIntoView()");
            Thread.sleep(300);
            browser.screenshotViewport(dir.resolve("workspace-collector-plan.png"));
            String roundsDay = browser.eval("(async () => { for (let i = 1; i <= 7; i++) { const d = new Date(Date.now() + 8 * 3600000 - i * 86400000).toISOString().slice(0, 10);"
                    + " if ((await api('/api/rounds?size=1&date=' + d)).items.length) { document.querySelector('#e-date').value = d; return d; } } })()").asText();
            browser.eval("document.querySelector('#e-rounds').dataset.day = ''");
            browser.click("#e-submit");
            browser.waitFor("document.querySelector('#e-rounds[data-day=\"" + roundsDay + "\"] .round button.exec')", WAIT);
            browser.click("#e-rounds .round button.exec");
            browser.waitFor("document.querySelectorAll('#e-rounds .exec-table tbody tr').length > 0", WAIT);
            browser.eval("document.querySelector('[data-t=\"rounds.heading\"]').scrollIntoView()");
            Thread.sleep(300);
            browser.screenshotViewport(dir.resolve("workspace-round-execution.png"));

            browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
            browser.open(base + "/v/" + token);
            browser.waitFor("document.readyState === 'complete' && document.body.textContent.length > 0", WAIT);
            Thread.sleep(300);
            browser.screenshot(dir.resolve("verification-page.png"));

            for (Map.Entry<String, String> page : new java.util.TreeMap<>(roadChecks).entrySet()) {
                browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
                browser.open(base + page.getValue());
                browser.waitFor("document.readyState === 'complete' && document.body.textContent.length > 0", WAIT);
                int height = browser.eval("document.documentElement.scrollHeight").asInt();
                browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", Math.max(844, height), "deviceScaleFactor", 2,
                        "mobile", true));
                Thread.sleep(300);
                browser.screenshot(dir.resolve(page.getKey()));
            }
        }
    }

    /**
     * The regulator's views of hand-overs and balances on the demo, checked as they are taken: the open discrepancies
     * the page lists are as many as it counts (and there are some), the receivers' mass balance has rows, and a
     * scan's photo (of {@code photoLabel}, when given) is shown as an image fetched with the token.
     */
    public static void regulatorViews(String base, String photoLabel, Path dir) throws Exception {
        Optional<Path> binary = Chromium.binary();
        if (binary.isEmpty()) {
            return;
        }
        try (Chromium browser = new Chromium(binary.get())) {
            browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Shanghai"));
            browser.open(base + "/dashboard/");
            browser.waitFor("document.querySelector('#login-form')", WAIT);
            browser.type("#username", "regulator");
            browser.type("#password", "demo-regulator");
            browser.click("#login-submit");
            browser.waitFor("location.hash === '#/overview'", WAIT);

            // the safe-disposal rate by month: the history's months, each with its bar
            browser.waitFor("document.querySelector('#rate-group') && document.querySelectorAll('#rate-by-town .row').length > 0", WAIT);
            browser.eval("(() => { const g = document.querySelector('#rate-group'); g.value = 'month'; g.dispatchEvent(new Event('change')); })()");
            browser.waitFor("document.querySelector('#rate-by-town').dataset.groupBy === 'month' && document.querySelectorAll('#rate-by-town .row').length >= 3",
                    WAIT);
            browser.screenshot(dir.resolve("dashboard-rate-by-month.png"));

            // the parties on their coordinates, and the transfer the history left on the road
            browser.open(base + "/dashboard/#/map");
            browser.waitFor("document.querySelectorAll('#parties-svg circle.generator').length >= 30 && document.querySelectorAll('#parties-svg circle.receiver').length >= 2"
                    + " && document.querySelectorAll('#parties-svg rect.transit').length >= 1", WAIT);
            browser.screenshot(dir.resolve("dashboard-map.png"));

            browser.open(base + "/dashboard/#/handovers");
            browser.waitFor("document.querySelectorAll('#discrepancies tbody tr.discrepancy').length > 0"
                    + " && String(document.querySelectorAll('#discrepancies tbody tr.discrepancy').length) === document.querySelector('#disc-count').textContent",
                    WAIT);
            browser.screenshot(dir.resolve("dashboard-handovers.png"));

            browser.open(base + "/dashboard/#/balance");
            browser.waitFor("document.querySelector('#mb-kind')", WAIT);
            browser.eval("document.querySelector('#mb-kind').value = 'RECEIVER'");
            browser.eval("document.querySelector('#mb-from').value = new Date(Date.now() - 120 * 86400000).toISOString().slice(0, 10)");
            browser.click("#mb-submit");
            // receivers only (a generator's row would carry its audit-report link), the incinerator and the recycler at least
            browser.waitFor("document.querySelectorAll('#balance tbody tr.balance').length >= 2 && !document.querySelector('#balance a.pdf')"
                    + " && document.querySelector('#balance tbody').textContent.includes('焚烧')", WAIT);
            Thread.sleep(1000);
            if (browser.eval("document.querySelector('#balance a.pdf') !== null").asBoolean()) {
                throw new AssertionError("a generator's row among the receivers' balance: " + browser.text("#balance tbody"));
            }
            browser.screenshot(dir.resolve("dashboard-balance.png"));

            if (photoLabel != null) {
                browser.open(base + "/dashboard/#/container/" + photoLabel);
                browser.waitFor("[...document.querySelectorAll('#trail img.photo')].some(i => i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0)",
                        WAIT);
            }
        }
    }
}
