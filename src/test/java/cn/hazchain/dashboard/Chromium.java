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
 * extra dependency. Enough to sign in, click, type, wait for the page and take screenshots.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The Chromium binary: $CHROMIUM, else chromium or chromium-browser on the PATH. */
    static Optional<Path> binary() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    Chromium(Path binary) throws Exception {
        profile = Files.createTempDirectory("hazchain-chromium");
        process = new ProcessBuilder(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1360,900", "--lang=zh-CN", "about:blank"))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new IllegalStateException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String ws = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                ws = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (ws == null) {
            throw new IllegalStateException("no page target in " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
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

    JsonNode send(String method, Map<String, Object> params) {
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

    void open(String url) {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
    JsonNode eval(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until a JavaScript condition holds in the page; fails with the page's text after the timeout. */
    void waitFor(String condition, Duration timeout) throws InterruptedException {
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

    void type(String selector, String text) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.focus(); e.value = " + quote(text)
                + "; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    void click(String selector) {
        eval("document.querySelector(" + quote(selector) + ").click()");
    }

    String text(String selector) {
        return eval("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''").asText();
    }

    void screenshot(Path file) throws IOException {
        JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
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
