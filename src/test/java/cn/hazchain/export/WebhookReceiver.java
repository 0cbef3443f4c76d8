package cn.hazchain.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A national-system stand-in inside the test JVM: records every POST it gets (headers and raw body) and answers
 * each manifest's deliveries from a script (500, drop the connection, answer too late), then 200 once the script
 * is used up. Unscripted manifests always get 200.
 */
final class WebhookReceiver implements AutoCloseable {

    enum Answer { OK, FAIL_500, CLOSE, SLOW }

    record Delivery(String manifestNumber, String event, String deliveryId, String attempt, String timestamp, String signature,
                    String contentType, byte[] body, JsonNode document, Answer answer) {
    }

    static final long SLOW_MILLIS = 20_000;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

    WebhookReceiver(int port, String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext(path, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The next deliveries of this manifest get these answers, in order; afterwards 200. */
    void script(String manifestNumber, Answer... answers) {
        scripts.computeIfAbsent(manifestNumber, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** Every POST received for this manifest, in arrival order. */
    List<Delivery> of(String manifestNumber) {
        return deliveries.stream().filter(d -> manifestNumber.equals(d.manifestNumber())).toList();
    }

    List<Delivery> all() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        JsonNode doc = json.readTree(body);
        String number = doc.path("manifestNumber").asText();
        Answer answer;
        synchronized (scripts) {
            Deque<Answer> script = scripts.get(number);
            answer = script == null || script.isEmpty() ? Answer.OK : script.poll();
        }
        var h = ex.getRequestHeaders();
        deliveries.add(new Delivery(number, h.getFirst("X-HazChain-Event"), h.getFirst("X-HazChain-Delivery"), h.getFirst("X-HazChain-Attempt"),
                h.getFirst("X-HazChain-Timestamp"), h.getFirst("X-HazChain-Signature"), h.getFirst("Content-Type"), body, doc, answer));
        ex.getResponseHeaders().add("Connection", "close");
        switch (answer) {
            case OK -> {
                ex.sendResponseHeaders(204, -1);
                ex.close();
            }
            case FAIL_500 -> {
                byte[] msg = "receiver down for maintenance 系统维护".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(500, msg.length);
                ex.getResponseBody().write(msg);
                ex.close();
            }
            case CLOSE -> ex.close(); // before any response header: the connection is dropped
            case SLOW -> {
                try {
                    Thread.sleep(SLOW_MILLIS);
                    ex.sendResponseHeaders(200, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // the sender gave up long ago
                } finally {
                    ex.close();
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
