package cn.hazchain.handheld;

import cn.hazchain.dashboard.Chromium;
import cn.hazchain.support.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The handheld app's pictures for docs/images, at 360×640 (a handheld's screen), taken from a service holding the demo
 * data set (DemoHistoryIT), never from test data: a driver's round on the demo handheld HH-JY-0001, a forged label
 * refused, a collection weighed, the hand-over, the queue offline; the keeper storing what was collected; the receiver
 * of the demo's transfer still on the road and its whole receipt (sent, so that its drums wait for their disposal), and
 * a disposal being chosen; the landing page. The scans are the demo's
 * own labels (their QR URLs), typed as the built-in scanner types them.
 */
public final class HandheldScreenshots {

    private HandheldScreenshots() {
    }

    public static boolean available() {
        return Chromium.binary().isPresent();
    }

    private static String shift(HttpJson api, String serial, String username) throws Exception {
        ObjectNode body = HttpJson.JSON.createObjectNode().put("deviceSerial", serial).put("username", username).put("password", "demo-" + username);
        return api.post(null, "/api/mobile/v1/sessions", body, 201).path("access_token").asText();
    }

    /** Takes the pictures into dir (handheld-*.png and landing.png). */
    public static void take(String base, HttpJson api, Path dir) throws Exception {
        Optional<Path> binary = Chromium.binary();
        if (binary.isEmpty()) {
            return;
        }
        String collector = api.demoToken("collector");
        String regulator = api.demoToken("regulator");
        JsonNode kit = api.get(shift(api, "HH-JY-0001", "driver"), "/api/mobile/v1/offline-kit");
        JsonNode round = kit.path("rounds").get(0);
        JsonNode stop = round.path("stops").get(1); // a stop with two containers waiting
        List<String> labels = new java.util.ArrayList<>();
        List<String> weighed = new java.util.ArrayList<>(); // a little off the estimate, as a scale reads
        stop.path("openManifests").forEach(m -> m.path("containers").forEach(c -> {
            labels.add(c.path("labelId").asText());
            weighed.add(String.valueOf(Math.round(c.path("estimatedWeightKg").asDouble() * (1.03 - 0.05 * labels.size()) * 10) / 10.0));
        }));
        String first = api.get(collector, "/api/containers/" + labels.get(0)).path("qrUrl").asText();
        String second = api.get(collector, "/api/containers/" + labels.get(1)).path("qrUrl").asText();
        Path video = LabelVideo.of(second, Path.of("target", "handheld-demo-label.y4m").toAbsolutePath());
        String transfer = api.get(regulator, "/api/search/transfers?state=IN_TRANSIT&size=1").path("items").get(0).path("number").asText();
        long receiverParty = api.get(regulator, "/api/transfers/" + transfer).path("receiverPartyId").asLong();
        boolean incinerator = api.get(api.demoToken("receiver"), "/api/auth/me").path("partyId").asLong() == receiverParty;

        try (Chromium browser = new Chromium(binary.get(), List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video))) {
            HandheldApp app = new HandheldApp(browser, base);
            app.handheldScreen();
            browser.open(base + "/");
            browser.waitFor("document.querySelector('#to-handheld')", HandheldApp.WAIT);
            shot(browser, dir, "landing.png");

            // the driver: sign in, the round, a stop with signal gone
            app.open("#/signin");
            browser.type("#device-serial", "HH-JY-0001");
            browser.type("#username", "driver");
            shot(browser, dir, "handheld-signin.png");
            browser.type("#password", "demo-driver");
            browser.click("#signin-submit");
            browser.waitFor("document.querySelector('[data-round] [data-stop]')", HandheldApp.WAIT);
            app.waitForServiceWorker();
            browser.offline(true);
            browser.waitFor("document.querySelector('#sync-badge').dataset.state === 'offline'", HandheldApp.WAIT);
            shot(browser, dir, "handheld-round.png");
            app.go("#/stop/" + round.path("id").asLong() + "/" + stop.path("seq").asInt());
            app.scan(HandheldBrowserTest.forged(first));
            app.verdict("bad", "假标签");
            shot(browser, dir, "handheld-forged.png");
            app.scan(first);
            app.weigh("#collect-form", weighed.get(0));
            browser.eval("document.querySelector('#weight').blur()");
            shot(browser, dir, "handheld-collect.png");
            browser.click("#collect-submit");
            browser.waitFor("document.querySelector('[data-label=\"" + labels.get(0) + "\"] [data-status=\"held\"]')", HandheldApp.WAIT);
            browser.click("#scan-camera");
            app.weigh("#collect-form", weighed.get(1));
            browser.click("#collect-submit");
            browser.waitFor("document.querySelector('[data-label=\"" + labels.get(1) + "\"] [data-status=\"held\"]')", HandheldApp.WAIT);
            browser.click("#finish-stop");
            browser.waitFor("document.querySelector('#handover-form')", HandheldApp.WAIT);
            browser.type("#confirm-user", String.format("staff-%02d", stop.path("seq").asInt())); // the demo's staff-NN, code 246810
            browser.type("#confirm-code", "246810");
            browser.eval("document.querySelector('#confirm-code').blur()");
            shot(browser, dir, "handheld-handover.png");
            browser.click("#handover-confirm");
            browser.waitFor("location.hash.startsWith('#/stop/') && document.querySelector('#view').dataset.route === location.hash", HandheldApp.WAIT);
            app.go("#/queue");
            app.waitForCounts(3, 0, 0, 0);
            shot(browser, dir, "handheld-queue-offline.png");
            browser.offline(false);
            app.waitForCounts(0, 3, 0, 0);
            shot(browser, dir, "handheld-queue.png");
            browser.click("#lang");
            app.go("#/round");
            shot(browser, dir, "handheld-round-en.png");
            browser.click("#lang");
            app.go("#/me");
            browser.click("#signout");

            // the keeper stores what the driver brought
            app.signIn("HH-JY-0001", "keeper", "demo-keeper");
            app.scan(first);
            app.weigh("#store-form", weighed.get(0));
            browser.eval("document.querySelector('#weight').blur()");
            shot(browser, dir, "handheld-store.png");
            browser.click("#store-submit");
            app.go("#/queue");
            app.waitForCounts(0, 4, 0, 0);
            app.go("#/me");
            browser.click("#signout");

            // the receiver of the demo's transfer still on the road
            app.signIn(incinerator ? "HH-JY-0101" : "HH-JY-0201", incinerator ? "receiver" : "recycler", incinerator ? "demo-receiver" : "demo-recycler");
            browser.waitFor("document.querySelector('[data-transfer=\"" + transfer + "\"]')", HandheldApp.WAIT);
            app.go("#/receive/" + transfer);
            shot(browser, dir, "handheld-receive.png");
            app.go("#/receipt/" + transfer);
            shot(browser, dir, "handheld-receipt.png");
            browser.click("#receipt-submit"); // the transfer is received, so its drums wait for their disposal
            browser.waitFor("location.hash === '#/receive/" + transfer + "'", HandheldApp.WAIT);
            app.go("#/queue");
            browser.waitFor("document.querySelector('#queue-list [data-type=\"RECEIPT\"][data-status=\"applied\"]')", HandheldApp.WAIT);
            app.go("#/me");
            browser.click("#kit-refresh");
            browser.waitFor("!document.querySelector('#toast').hidden", HandheldApp.WAIT);
            app.go("#/dispose");
            browser.waitFor("document.querySelectorAll('#held-list input').length > 1", HandheldApp.WAIT);
            browser.eval("[...document.querySelectorAll('#held-list input')].slice(0, 2).forEach(i => i.click())");
            browser.eval("window.scrollTo(0, 0)");
            shot(browser, dir, "handheld-dispose.png");
        }
    }

    /** The screen as the handheld shows it: the 360×640 viewport, not the whole page. */
    private static void shot(Chromium browser, Path dir, String name) throws Exception {
        browser.eval("(document.getElementById('toast') || {}).hidden = true"); // a passing message, not part of the screen
        Thread.sleep(300);
        browser.screenshotViewport(dir.resolve(name));
    }
}
