package cn.hazchain.support;

import static cn.hazchain.support.HttpJson.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A handheld talking to a service in another process over HTTP, as the app does: enrolled by an administrator,
 * signed in for a shift, syncing queued COLLECT events with {@code POST /api/mobile/v1/sync}. Also issues the
 * drums those events collect (pickup manifests opened by the collector's operator).
 */
public final class HandheldClient {

    /** Waste oil (HW08), on the demo collector's licence. */
    public static final String WASTE_CODE = "900-249-08";
    public static final int MAX_PER_MANIFEST = 200;

    /** An issued container and the manifest it is on. */
    public record Drum(String labelId, String manifestNumber) {
    }

    /** A sync request body as a handheld queues it: the events and their client ids, in order. */
    public record Batch(List<Drum> drums, List<UUID> clientEventIds, byte[] body) {
        public int size() {
            return drums.size();
        }
    }

    /** The answer to one sync request and how long the HTTP exchange took. */
    public record Answer(JsonNode json, long nanos) {
        public JsonNode result(int i) {
            return json.path("results").get(i);
        }
    }

    private final HttpJson api;
    private final String serial;
    private final String username;
    private final String shiftToken;

    private HandheldClient(HttpJson api, String serial, String username, String shiftToken) {
        this.api = api;
        this.serial = serial;
        this.username = username;
        this.shiftToken = shiftToken;
    }

    /** Enrols a device for {@code ownerPartyId} (as an administrator) and returns its serial as stored. */
    public static String enrol(HttpJson api, String adminToken, long ownerPartyId, String serial, String model)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("serial", serial).put("ownerPartyId", ownerPartyId).put("model", model);
        return api.post(adminToken, "/api/devices", body, 201).path("serial").asText(serial);
    }

    /** Signs {@code username} in on the device: the shift token every later call carries. */
    public static HandheldClient signIn(HttpJson api, String serial, String username, String password) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("deviceSerial", serial).put("username", username).put("password", password);
        String token = api.post(null, "/api/mobile/v1/sessions", body, 201).path("access_token").asText();
        return new HandheldClient(api, serial, username, token);
    }

    public String serial() {
        return serial;
    }

    public String username() {
        return username;
    }

    /** Opens a pickup manifest of {@code n} (at most 200) drums of waste oil for a generator and returns its drums. */
    public static List<Drum> issueDrums(HttpJson api, String collectorToken, long generatorPartyId, int n) throws IOException, InterruptedException {
        String number = api.post(collectorToken, "/api/manifests", pickup(generatorPartyId, n), 201).path("number").asText();
        List<Drum> issued = new ArrayList<>(n);
        api.get(collectorToken, "/api/manifests/" + number).path("lines")
                .forEach(l -> l.path("containers").forEach(c -> issued.add(new Drum(c.path("labelId").asText(), number))));
        if (issued.size() != n) {
            throw new IllegalStateException("manifest " + number + " has " + issued.size() + " containers, expected " + n);
        }
        return issued;
    }

    /** The body of a pickup of {@code n} drums of waste oil for a generator, with a fresh requestId. */
    private static ObjectNode pickup(long generatorPartyId, int n) {
        ObjectNode body = JSON.createObjectNode().put("requestId", UUID.randomUUID().toString()).put("generatorPartyId", generatorPartyId)
                .put("emergencyMeasures", "泄漏时用沙土吸附，远离火源");
        ArrayNode drums = body.putArray("lines").addObject().put("wasteCode", WASTE_CODE).put("physicalForm", "LIQUID")
                .put("mainComponents", "废机油、液压油").putArray("containers");
        for (int i = 0; i < n; i++) {
            drums.addObject().put("type", "DRUM").put("volumeLitres", 200).put("estimatedWeightKg", 150);
        }
        return body;
    }

    /**
     * Opens a pickup manifest of {@code n} (at most 200) drums of waste oil, as {@link #issueDrums} does, but reads
     * the drums from the answer to the POST itself (one request per manifest). Throws unless every drum came back
     * with a label ID and a signed QR URL.
     */
    public static List<Drum> openDrums(HttpJson api, String collectorToken, long generatorPartyId, int n) throws IOException, InterruptedException {
        JsonNode answer = api.post(collectorToken, "/api/manifests", pickup(generatorPartyId, n), 201);
        String number = answer.path("number").asText();
        List<Drum> issued = new ArrayList<>(n);
        for (JsonNode l : answer.path("lines")) {
            for (JsonNode c : l.path("containers")) {
                if (c.path("labelId").asText().length() != 37 || !c.path("qrUrl").asText().contains("/v/")) {
                    throw new IllegalStateException("manifest " + number + " answered a container without a label ID or QR URL: " + c);
                }
                issued.add(new Drum(c.path("labelId").asText(), number));
            }
        }
        if (issued.size() != n || answer.path("containerCount").asInt() != n) {
            throw new IllegalStateException("manifest " + number + " answered " + issued.size() + " containers, expected " + n);
        }
        return issued;
    }

    /**
     * One COLLECT per drum, each with a fresh clientEventId, dated now a millisecond apart, with a position, a
     * weight and the manifest number, as a handheld records them.
     */
    public static Batch collect(List<Drum> drums, Long vehicleId) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        List<UUID> ids = new ArrayList<>(drums.size());
        Instant t = Instant.now().minusSeconds(1);
        for (int i = 0; i < drums.size(); i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            ObjectNode e = events.addObject().put("clientEventId", id.toString()).put("type", "COLLECT")
                    .put("labelId", drums.get(i).labelId()).put("clientTime", t.plusMillis(i).toString())
                    .put("latitude", 31.905 + i * 1e-5).put("longitude", 120.271).put("weightKg", 148.5 + i % 4)
                    .put("manifestNumber", drums.get(i).manifestNumber());
            if (vehicleId != null) {
                e.put("vehicleId", vehicleId);
            }
        }
        return new Batch(List.copyOf(drums), List.copyOf(ids), JSON.writeValueAsBytes(body));
    }

    /**
     * Sends one batch; times only the HTTP exchange. Any answer but 200 with one result per event, in order and
     * naming each event's clientEventId, throws IllegalStateException; a transport failure (the service died)
     * throws IOException: then the batch is not acknowledged and must be sent again.
     */
    public Answer sync(Batch batch) throws IOException, InterruptedException {
        return sync(batch.body(), batch.clientEventIds());
    }

    public Answer sync(byte[] body, List<UUID> clientEventIds) throws IOException, InterruptedException {
        int n = clientEventIds.size();
        long t0 = System.nanoTime();
        HttpResponse<String> res = api.send(shiftToken, "POST", "/api/mobile/v1/sync", body, Duration.ofMinutes(5));
        long nanos = System.nanoTime() - t0;
        JsonNode answer = HttpJson.expect(res, 200, "sync of " + n + " events from " + serial);
        JsonNode results = answer.path("results");
        if (answer.path("received").asInt() != n || results.size() != n) {
            throw new IllegalStateException("sync of " + n + " events: received " + answer.path("received") + ", "
                    + results.size() + " results: " + HttpJson.clip(res.body()));
        }
        for (int i = 0; i < n; i++) {
            JsonNode r = results.get(i);
            if (r.path("index").asInt() != i || !clientEventIds.get(i).toString().equals(r.path("clientEventId").asText())) {
                throw new IllegalStateException("result " + i + " does not answer event " + i + " (" + clientEventIds.get(i) + "): " + r);
            }
        }
        return new Answer(answer, nanos);
    }
}
