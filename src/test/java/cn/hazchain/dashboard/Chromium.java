package cn.hazchain.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol: no WebDriver, no
 * extra dependency. Enough to sign in, click, type, wait for the page and take screenshots; and, for the handheld app,
 * extra launch flags (a fake camera), network emulation (offline), key input as a scanner types it, DevTools events
 * (a paused request), closing the tab and opening another, and restarting the browser on the same profile.
 */
public final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;
    private final List<String> flags;
    private final Path profile;
    private Process process;
    private int port;
    private String targetId;
    private WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.LinkedBlockingQueue<JsonNode> events = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile boolean recordEvents;
    private boolean offline;

    /** The Chromium binary: $CHROMIUM, else chromium or chromium-browser on the PATH. */
    public static Optional<Path> binary() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    Chromium(Path binary) throws Exception {
        this(binary, List.of());
    }

    /** A Chromium with extra command-line flags (e.g. a fake camera fed from a file). */
    public Chromium(Path binary, List<String> flags) throws Exception {
        this.binary = binary;
        this.flags = List.copyOf(flags);
        this.profile = Files.createTempDirectory("hazchain-chromium");
        launch();
    }

    private void launch() throws Exception {
        Files.deleteIfExists(profile.resolve("DevToolsActivePort"));
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1360,900", "--lang=zh-CN"));
        command.addAll(flags);
        command.add("about:blank");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(profile.resolve("chromium.log").toFile())).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        JsonNode page = null;
        for (JsonNode target : devtools("GET", "/json/list")) {
            if ("page".equals(target.path("type").asText())) {
                page = target;
                break;
            }
        }
        if (page == null) {
            throw new IllegalStateException("no page target in Chromium");
        }
        connect(page);
    }

    /** A call to the DevTools HTTP endpoint; its answer as JSON (null when it is plain text, as "Target is closing"). */
    private JsonNode devtools(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
        return body.startsWith("{") || body.startsWith("[") ? JSON.readTree(body) : null;
    }

    private void connect(JsonNode target) throws Exception {
        targetId = target.path("id").asText();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(target.path("webSocketDebuggerUrl").asText()), new Listener())
                .get(30, TimeUnit.SECONDS);
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
    }

    /** Closes this tab (as a person closing it, whatever it is doing) and opens a new one on the url. */
    public void closeTabAndOpen(String url) throws Exception {
        offline = false;
        socket.abort();
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("tab closed")));
        pending.clear();
        devtools("GET", "/json/close/" + targetId);
        connect(devtools("PUT", "/json/new?" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Ends the browser (as a restart of the handheld would) and starts it again on the same profile, on about:blank. */
    public void restart() throws Exception {
        offline = false;
        socket.abort();
        pending.clear();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        launch();
    }

    /**
     * The page sees no network, or the network again (DevTools network emulation): every request of the page and of its
     * service worker fails, and navigator.onLine says so (with its online and offline events). A new document starts
     * with navigator.onLine true whatever the emulation: {@link #open} and {@link #reload} say it again.
     */
    public void offline(boolean offline) {
        this.offline = offline;
        send("Network.enable", Map.of());
        send("Network.emulateNetworkConditionsByRule", Map.of("emulateOfflineServiceWorker", offline, "matchedNetworkConditions",
                offline ? List.of(Map.of("urlPattern", "", "offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1)) : List.of()));
        send("Network.overrideNetworkState", Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Types text into the focused field and presses Enter, as a handheld's built-in scanner (keyboard wedge) does. */
    public void wedge(String text) {
        send("Input.insertText", Map.of("text", text));
        send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13, "text", "\r"));
        send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13));
    }

    /** Keeps DevTools events from now on, for {@link #waitForEvent}. */
    public void recordEvents() {
        events.clear();
        recordEvents = true;
    }

    /** The first recorded event of this method whose params match, waiting for it up to the timeout. */
    public JsonNode waitForEvent(String method, java.util.function.Predicate<JsonNode> params, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && method.equals(e.path("method").asText()) && params.test(e.path("params"))) {
                return e.path("params");
            }
        }
        throw new AssertionError("no DevTools event " + method + " within " + timeout);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(buffer.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else if (recordEvents && msg.has("method")) {
                        events.add(msg);
                    }
                } catch (IOException e) {
                    // not a message for us
                }
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    public JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        try {
            socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
            JsonNode answer = f.get(60, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (Exception e) {
            throw new IllegalStateException("DevTools call " + method + " failed", e);
        }
    }

    public void open(String url) {
        send("Page.navigate", Map.of("url", url));
        if (offline) {
            send("Network.overrideNetworkState", Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        }
    }

    /** Reloads the page (with the network state it had). */
    public void reload() {
        send("Page.reload", Map.of());
        if (offline) {
            send("Network.overrideNetworkState", Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        }
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
    public JsonNode eval(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until a JavaScript condition holds in the page; fails with the page's text after the timeout. */
    public void waitFor(String condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (eval("Boolean(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // page navigating
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed: " + condition + "\nlocation: " + eval("location.href").asText()
                + "\ntext: " + eval("document.body ? document.body.innerText : ''").asText());
    }

    public void type(String selector, String text) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.focus(); e.value = " + quote(text)
                + "; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    public void click(String selector) {
        eval("document.querySelector(" + quote(selector) + ").click()");
    }

    public String text(String selector) {
        return eval("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''").asText();
    }

    /** What the screen shows (the viewport), not the whole page. */
    public void screenshotViewport(Path file) throws IOException {
        JsonNode r = send("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    public void screenshot(Path file) throws IOException {
        JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (socket != null) {
                socket.abort();
            }
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // best effort: Chromium's helper processes may still be removing their own files while we walk the profile
            for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | java.io.UncheckedIOException e) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
