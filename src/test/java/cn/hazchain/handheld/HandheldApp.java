package cn.hazchain.handheld;

import cn.hazchain.dashboard.Chromium;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/**
 * The handheld app at /handheld/ in a real Chromium, driven as a person holds the handheld: a 360×640 screen, the
 * built-in scanner typing into the focused field, taps on buttons. What the steps wait for is what the screen shows.
 */
public final class HandheldApp {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final Chromium browser;
    private final String base;

    /** @param base the service's base URL, without a trailing slash */
    public HandheldApp(Chromium browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    public Chromium browser() {
        return browser;
    }

    /** Debian's Chromium; without it the test is skipped, saying so. */
    static java.nio.file.Path chromiumOrSkip() {
        var chromium = Chromium.binary();
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium.isPresent(),
                "Chromium is not installed (apt-get install chromium): handheld browser test skipped");
        return chromium.get();
    }

    /** The service's base URL without its trailing slash, from a test's {@code @TestHTTPResource("/")}. */
    static String base(java.net.URL root) {
        return root.toString().replaceAll("/$", "");
    }

    /** Waits for a form (collect, store) and types the weight read off the scale. */
    public void weigh(String form, String kg) throws InterruptedException {
        browser.waitFor("document.querySelector(" + Chromium.quote(form) + ")", WAIT);
        browser.type("#weight", kg);
    }

    /** A handheld's screen: 360×640 CSS pixels, touch, in Jiangyin's time zone; the page keeps the focus. */
    public void handheldScreen() {
        browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 640, "deviceScaleFactor", 2, "mobile", true));
        browser.send("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        browser.send("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Shanghai"));
    }

    /** Opens the app at a route (e.g. "#/queue") and waits until it has started. */
    public void open(String route) throws InterruptedException {
        browser.open(base + "/handheld/" + route);
        waitReady();
    }

    public void waitReady() throws InterruptedException {
        browser.waitFor("document.body && document.body.dataset.ready === 'true' && document.querySelector('#view').children.length > 0", WAIT);
    }

    /** Another screen of the app (a hash route), as a tap on a tab or a link does. */
    public void go(String route) throws InterruptedException {
        browser.eval("location.hash = " + Chromium.quote(route));
        browser.waitFor("location.hash === " + Chromium.quote(route) + " && document.querySelector('#view').dataset.route === " + Chromium.quote(route)
                + " && document.querySelector('#view h2')", WAIT);
    }

    public void signIn(String serial, String username, String password) throws InterruptedException {
        browser.waitFor("document.querySelector('#signin-form')", WAIT);
        browser.type("#device-serial", serial);
        browser.type("#username", username);
        browser.type("#password", password);
        browser.click("#signin-submit");
        browser.waitFor("!document.querySelector('#signin-form') && document.querySelector('#tabs a')", WAIT);
    }

    /** Waits until the service worker controls the page and holds the whole shell in its cache. */
    public void waitForServiceWorker() throws InterruptedException {
        browser.waitFor("navigator.serviceWorker.controller !== null", WAIT);
        browser.eval("navigator.serviceWorker.ready.then(() => true)");
        browser.waitFor("window.__shellCached === true || (caches.keys().then(k => { window.__shellCached = k.length > 0; }), false)", WAIT);
    }

    /** Scans with the built-in scanner: waits for the scan field to have the focus, types the code and Enter. */
    public void scan(String code) throws InterruptedException {
        browser.waitFor("document.activeElement && document.activeElement.id === 'scan-input'", WAIT);
        browser.wedge(code);
    }

    /** Waits for a verdict of this kind (ok, bad, warn) whose words contain the text. */
    public String verdict(String kind, String text) throws InterruptedException {
        String selector = "#scan-result [data-verdict=\"" + kind + "\"]";
        try {
            browser.waitFor("(window.__errors || []).length > 0 || (document.querySelector(" + Chromium.quote(selector)
                    + ") || {textContent: ''}).textContent.includes(" + Chromium.quote(text) + ")", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError("no " + kind + " verdict saying " + text + "; scan field: " + browser.eval("JSON.stringify({value: "
                    + "(document.querySelector('#scan-input') || {}).value, focus: document.activeElement && document.activeElement.id, "
                    + "result: (document.querySelector('#scan-result') || {}).innerHTML})"), e);
        }
        if (browser.eval("(window.__errors || []).length").asInt() > 0) {
            throw new AssertionError("the app failed: " + browser.eval("window.__errors"));
        }
        return browser.text(selector);
    }

    /** The queue screen's counts: to send, applied, rejected, conflict. */
    public Map<String, Long> counts() {
        JsonNode c = browser.eval("Object.fromEntries([...document.querySelectorAll('#queue-counts [data-count]')].map(d => "
                + "[d.dataset.count, Number(d.querySelector('b').textContent)]))");
        return Map.of("todo", c.path("todo").asLong(-1), "applied", c.path("applied").asLong(-1), "rejected", c.path("rejected").asLong(-1),
                "conflict", c.path("conflict").asLong(-1));
    }

    /** Waits until the queue screen shows these counts (it refreshes as the sync goes). */
    public void waitForCounts(long todo, long applied, long rejected, long conflict) throws InterruptedException {
        browser.waitFor("(() => { const c = Object.fromEntries([...document.querySelectorAll('#queue-counts [data-count]')].map(d => "
                + "[d.dataset.count, Number(d.querySelector('b').textContent)])); return c.todo === " + todo + " && c.applied === " + applied
                + " && c.rejected === " + rejected + " && c.conflict === " + conflict + "; })()", WAIT);
    }

    /** Takes a photo with the camera overlay: opens it, waits for the picture, shoots, waits for the thumbnail. */
    public void photo() throws InterruptedException {
        long before = browser.eval("document.querySelectorAll('img.thumb').length").asLong();
        browser.click("#take-photo");
        browser.waitFor("(() => { const v = document.querySelector('.overlay video'); return v && v.videoWidth > 0; })()", WAIT);
        browser.click("#photo-shoot");
        browser.waitFor("document.querySelectorAll('img.thumb').length > " + before, WAIT);
    }
}
