package cn.hazchain.bench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.boot.EmbeddedDatabase;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The synthetic history generator (issue #8, item 1) at a tiny scale, checked by the service itself: a data directory
 * is set up (the packaged service's first start), copied, and the same spec generated into both; the two hold the same
 * records; a second run on one of them writes nothing; the packaged service then starts on it and, through HTTP as
 * the demo regulator, every hash chain and the signed checkpoint verify, trails, lineages, a generator's trail and
 * the search answer what SQL counts, a label's signature verifies, and a new manifest gets the next number.
 *
 * <p>Not a @QuarkusTest: it needs {@code target/quarkus-app/quarkus-run.jar}, so it runs in {@code verify}. Alone:
 * {@code ./mvnw -B verify -Dit.test=GenerateHistoryIT -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GenerateHistoryIT {

    private static final Path SERVICE_LOG = Path.of("target", "generate-history-it-service.log");
    /** Tables whose content must be identical for the same seed (users are not: each password hash has its own salt). */
    private static final List<String> CONTENT = List.of("party", "licence", "vehicle", "device", "collection_round", "manifest", "manifest_line",
            "container", "lot", "transfer", "custody_event", "licence_intake", "label_counter", "manifest_counter");

    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void deleteDirs() throws IOException {
        for (Path dir : dirs) {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void generatedHistoryIsWhatTheServiceWouldHaveWritten() throws Exception {
        HistorySpec spec = HistorySpec.custom(20, 8, 52, HistorySpec.DEFAULT_SEED).withEnd(LocalDate.now(HistorySpec.ZONE));
        Path a = tempDir("hazchain-history-a");
        Path b = tempDir("hazchain-history-b");
        GenerateHistory.prepareEmbedded(a);
        copyTree(a, b); // the same demo data and label keys, set up once

        GenerateHistory.Result first = GenerateHistory.ensureEmbedded(a, spec);
        GenerateHistory.Result twin = GenerateHistory.ensureEmbedded(b, spec);
        assertTrue(first.generated() && twin.generated());
        assertTrue(first.count("containers") > 500 && first.count("events") > 2000, "a history worth checking: " + first.counts());
        assertEquals(first.counts().entrySet().stream().filter(e -> !e.getKey().equals("seconds")).toList(),
                twin.counts().entrySet().stream().filter(e -> !e.getKey().equals("seconds")).toList());
        Map<String, String> digestA = digests(a);
        assertEquals(digestA, digests(b), "the same seed gives the same records");

        GenerateHistory.Result again = GenerateHistory.ensureEmbedded(a, spec);
        assertFalse(again.generated(), "a second run writes nothing");
        assertEquals(first.count("events"), again.count("events"));
        assertEquals(digestA, digests(a));
        assertThrowsOn(() -> GenerateHistory.ensureEmbedded(a, spec.withSeed(7)), "already holds");

        Expected expected = expected(a, first);
        try (PackagedService service = PackagedService.on(a, SERVICE_LOG, List.of("-Dhazchain.alerts.evaluate-every=off"))) {
            boolean ok = false;
            try {
                service.start(Duration.ofMinutes(4));
                checkThroughTheApi(service.api(), service.baseUrl(), expected, first);
                ok = true;
            } finally {
                if (!ok) {
                    service.tail(40).forEach(System.err::println);
                }
            }
        }
    }

    /** What SQL says about the generated history, read before the service starts on the directory. */
    record Expected(long events, long chains, Samples samples, Map<String, Object> container, long containerEvents, String transfer,
                    long transferItems, BigDecimal transferCollectedKg, long generator, long generatorEvents, long generatorContainers,
                    Map<String, Long> generatorByState, long refusedOrPartly, long demoCollectorGenerator, String token,
                    String lastNumberThisYear) {
    }

    private Expected expected(Path dir, GenerateHistory.Result result) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres")); Connection c = db.connect()) {
            consistency(c, result);
            Samples s = Samples.pick(c, 5, 42);
            assertEquals(5, s.labelIds().size());
            assertEquals(5, s.transferNumbers().size());
            assertEquals(5, s.generatorPartyIds().size());
            assertEquals(5, s.lotIds().size());
            assertEquals(5, s.manifestNumbers().size());
            // a container that moved: the one with the most events among the samples' transfer
            String transfer = s.transferNumbers().get(0);
            String label = text(c, "SELECT c.label_id FROM container c JOIN transfer_item ti ON ti.container_id = c.id JOIN transfer t ON t.id = ti.transfer_id"
                    + " WHERE t.number = '" + transfer + "' ORDER BY (SELECT count(*) FROM custody_event e WHERE e.container_id = c.id) DESC, c.id LIMIT 1");
            Map<String, Object> container = new LinkedHashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT c.label_id, c.state, m.number, c.collected_weight_kg,"
                    + " coalesce(t.number, ''), c.label_token FROM container c JOIN manifest m ON m.id = c.manifest_id LEFT JOIN transfer t"
                    + " ON t.id = c.transfer_id WHERE c.label_id = '" + label + "'")) {
                rs.next();
                container.put("labelId", rs.getString(1).strip());
                container.put("state", rs.getString(2));
                container.put("manifestNumber", rs.getString(3).strip());
                container.put("collectedKg", rs.getBigDecimal(4));
                container.put("transferNumber", rs.getString(5).strip());
                container.put("token", rs.getString(6));
            }
            long generator = s.generatorPartyIds().get(0);
            Map<String, Long> byState = new LinkedHashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT state, count(*) FROM container WHERE generator_party_id = "
                    + generator + " GROUP BY state ORDER BY state")) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getLong(2));
                }
            }
            return new Expected(
                    number(c, "SELECT count(*) FROM custody_event"),
                    number(c, "SELECT count(DISTINCT container_id) FROM custody_event"),
                    s, container,
                    number(c, "SELECT count(*) FROM custody_event e JOIN container c ON c.id = e.container_id WHERE c.label_id = '" + label + "'"),
                    transfer,
                    number(c, "SELECT count(*) FROM transfer_item ti JOIN transfer t ON t.id = ti.transfer_id WHERE t.number = '" + transfer + "'"),
                    decimal(c, "SELECT sum(c.collected_weight_kg) FROM transfer_item ti JOIN transfer t ON t.id = ti.transfer_id"
                            + " JOIN container c ON c.id = ti.container_id WHERE t.number = '" + transfer + "'"),
                    generator,
                    number(c, "SELECT count(*) FROM custody_event e JOIN container c ON c.id = e.container_id WHERE c.generator_party_id = " + generator),
                    number(c, "SELECT count(*) FROM container WHERE generator_party_id = " + generator),
                    byState,
                    number(c, "SELECT count(*) FROM container WHERE acceptance IN ('REFUSED', 'PARTIALLY_REFUSED')"),
                    number(c, "SELECT min(m.generator_party_id) FROM manifest m JOIN app_user u ON u.party_id = m.collector_party_id"
                            + " WHERE u.username = 'collector' AND m.id >= " + result.count("firstManifestId")),
                    (String) container.get("token"),
                    text(c, "SELECT max(number) FROM (SELECT number FROM manifest UNION ALL SELECT number FROM transfer) n"
                            + " WHERE number LIKE '" + LocalDate.now(HistorySpec.ZONE).getYear() + "3202%'"));
        }
    }

    /** What the foreign keys and the custody service would have guaranteed (the load switches the triggers off). */
    private static void consistency(Connection c, GenerateHistory.Result result) throws SQLException {
        assertEquals(result.count("containers"), number(c, "SELECT count(*) FROM container WHERE id >= " + result.count("firstContainerId")));
        assertEquals(result.count("events"), number(c, "SELECT count(*) FROM custody_event e JOIN container c ON c.id = e.container_id"
                + " WHERE c.id >= " + result.count("firstContainerId")));
        Map<String, String> orphans = new LinkedHashMap<>();
        orphans.put("event without container", "SELECT count(*) FROM custody_event e WHERE NOT EXISTS (SELECT 1 FROM container c WHERE c.id = e.container_id)");
        orphans.put("event without user", "SELECT count(*) FROM custody_event e WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = e.actor_user_id)");
        orphans.put("event without party", "SELECT count(*) FROM custody_event e WHERE NOT EXISTS (SELECT 1 FROM party p WHERE p.id = e.actor_party_id)");
        orphans.put("event of another manifest", "SELECT count(*) FROM custody_event e JOIN container c ON c.id = e.container_id WHERE e.manifest_id <> c.manifest_id");
        orphans.put("event with unknown lot", "SELECT count(*) FROM custody_event e WHERE e.lot_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lot l WHERE l.id = e.lot_id)");
        orphans.put("event with unknown transfer", "SELECT count(*) FROM custody_event e WHERE e.transfer_id IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.id = e.transfer_id)");
        orphans.put("container without manifest line", "SELECT count(*) FROM container c WHERE NOT EXISTS (SELECT 1 FROM manifest_line l"
                + " WHERE l.id = c.line_id AND l.manifest_id = c.manifest_id AND l.waste_code = c.waste_code)");
        orphans.put("container in unknown lot or transfer", "SELECT count(*) FROM container c WHERE (c.lot_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM lot l WHERE l.id = c.lot_id AND l.waste_code = c.waste_code)) OR (c.transfer_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM transfer_item ti WHERE ti.transfer_id = c.transfer_id AND ti.container_id = c.id))");
        orphans.put("state not the last event's", "SELECT count(*) FROM container c JOIN LATERAL (SELECT to_state FROM custody_event e"
                + " WHERE e.container_id = c.id ORDER BY seq DESC LIMIT 1) last ON true WHERE last.to_state <> c.state");
        orphans.put("moved without events", "SELECT count(*) FROM container c WHERE c.state <> 'ISSUED' AND NOT EXISTS (SELECT 1 FROM custody_event e WHERE e.container_id = c.id)");
        orphans.put("storage point out of storage", "SELECT count(*) FROM container WHERE (storage_point_id IS NOT NULL) <> (state = 'IN_STORAGE')");
        orphans.put("transfer item without container", "SELECT count(*) FROM transfer_item ti WHERE NOT EXISTS (SELECT 1 FROM container c WHERE c.id = ti.container_id)");
        orphans.put("receipt without intake", "SELECT count(*) FROM container c WHERE c.received_weight_kg > 0 AND c.state IN ('RECEIVED', 'DISPOSED')"
                + " AND NOT EXISTS (SELECT 1 FROM licence_intake i WHERE i.reference = c.label_id)");
        orphans.put("intake over a licence's year", "SELECT count(*) FROM (SELECT l.id FROM licence_intake i JOIN licence l ON l.id = i.licence_id"
                + " GROUP BY l.id, l.approved_annual_t, extract(year FROM i.received_on) HAVING sum(i.tonnes) > l.approved_annual_t) x");
        orphans.put("intake outside a licence's validity", "SELECT count(*) FROM licence_intake i JOIN licence l ON l.id = i.licence_id"
                + " WHERE i.received_on NOT BETWEEN l.valid_from AND l.valid_to");
        orphans.put("label counter behind labels", "SELECT count(*) FROM container c JOIN party g ON g.id = c.generator_party_id WHERE NOT EXISTS"
                + " (SELECT 1 FROM label_counter k WHERE k.uscc = g.uscc AND k.waste_code = c.waste_code"
                + " AND k.day = to_date(substr(c.label_id, 27, 8), 'YYYYMMDD') AND k.last_seq >= substr(c.label_id, 35, 3)::int)");
        orphans.put("sequence behind ids", "SELECT count(*) FROM (SELECT (SELECT last_value FROM container_id_seq) < (SELECT max(id) FROM container)"
                + " OR (SELECT last_value FROM custody_event_id_seq) < (SELECT max(id) FROM custody_event) AS behind) x WHERE behind");
        for (Map.Entry<String, String> e : orphans.entrySet()) {
            assertEquals(0, number(c, e.getValue()), e.getKey());
        }
    }

    private void checkThroughTheApi(HttpJson api, String baseUrl, Expected x, GenerateHistory.Result result) throws Exception {
        String regulator = api.demoToken("regulator");
        JsonNode verify = api.get(regulator, "/api/audit/verify");
        assertTrue(verify.path("intact").asBoolean(), "audit verify: " + verify);
        assertEquals(x.events(), verify.path("eventsChecked").asLong());
        assertEquals(x.chains(), verify.path("chainsChecked").asLong());
        assertTrue(verify.path("checkpointsChecked").asInt() >= 1, "the generator's signed checkpoint is checked: " + verify);

        // a container's trail and lineage
        String label = (String) x.container().get("labelId");
        JsonNode trail = api.get(regulator, "/api/containers/" + label + "/trail");
        assertEquals(x.containerEvents(), trail.size());
        for (int i = 0; i < trail.size(); i++) {
            assertEquals(i + 1, trail.get(i).path("seq").asInt());
        }
        assertEquals("LABEL_ISSUED", trail.get(0).path("type").asText());
        assertEquals("CONTAINER_COLLECTED", trail.get(1).path("type").asText());
        assertEquals(x.container().get("state"), trail.get(trail.size() - 1).path("toState").asText());
        JsonNode lineage = api.get(regulator, "/api/containers/" + label + "/lineage");
        assertEquals(x.container().get("state"), lineage.path("state").asText());
        assertEquals(x.container().get("manifestNumber"), lineage.path("manifestNumber").asText());
        assertEquals(0, ((BigDecimal) x.container().get("collectedKg")).compareTo(lineage.path("collectedKg").decimalValue()));
        // the label's QR token is a valid platform signature
        HttpResponse<String> verified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/v/" + x.token()))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(HttpJson.JSON.readTree(verified.body()).path("genuine").asBoolean());

        // a transfer's lineage and state
        JsonNode backward = api.get(regulator, "/api/transfers/" + x.transfer() + "/lineage");
        assertEquals(x.transferItems(), backward.path("containers").size());
        assertEquals(0, x.transferCollectedKg().compareTo(backward.path("collectedKg").decimalValue()));
        JsonNode transfer = api.get(regulator, "/api/transfers/" + x.transfer());
        assertNotEquals("OPEN", transfer.path("state").asText(), "every generated transfer was loaded");

        // a generator's trail, its containers in the search, its audit report
        JsonNode generatorTrail = api.get(regulator, "/api/generators/" + x.generator() + "/trail?size=5");
        assertEquals(x.generatorEvents(), generatorTrail.path("total").asLong());
        JsonNode search = api.get(regulator, "/api/search/containers?size=1&generatorPartyId=" + x.generator());
        assertEquals(x.generatorContainers(), search.path("total").asLong());
        for (Map.Entry<String, Long> e : x.generatorByState().entrySet()) {
            JsonNode byState = api.get(regulator, "/api/search/containers?size=1&generatorPartyId=" + x.generator() + "&state=" + e.getKey());
            assertEquals(e.getValue().longValue(), byState.path("total").asLong(), "containers " + e.getKey());
        }
        JsonNode refused = api.get(regulator, "/api/search/containers?size=1&flag=REFUSED");
        assertEquals(x.refusedOrPartly(), refused.path("total").asLong());
        HttpResponse<String> pdf = api.send(regulator, "GET", "/api/generators/" + x.generator() + "/audit-report.pdf?from="
                + LocalDate.now(HistorySpec.ZONE).minusWeeks(9) + "&to=" + LocalDate.now(HistorySpec.ZONE), null, Duration.ofMinutes(1));
        assertEquals(200, pdf.statusCode(), "audit report: " + HttpJson.clip(pdf.body()));
        assertTrue(pdf.body().startsWith("%PDF"));

        // the history's own users sign in; the demo collector issues the next manifest number
        assertFalse(api.token("hc1-op", GenerateHistory.HISTORY_PASSWORD).isBlank());
        String collector = api.demoToken("collector");
        ObjectNode body = HttpJson.JSON.createObjectNode();
        body.put("generatorPartyId", x.demoCollectorGenerator());
        ObjectNode line = body.putArray("lines").addObject();
        line.put("wasteCode", "900-041-49").put("physicalForm", "SOLID").put("mainComponents", "沾染矿物油的抹布");
        line.putArray("containers").addObject().put("type", "BAG").put("volumeLitres", 100).put("estimatedWeightKg", 9.5);
        JsonNode opened = api.post(collector, "/api/manifests", body, 201);
        long expectedSerial = Long.parseLong(x.lastNumberThisYear().substring(8)) + 1;
        assertEquals(String.format("%d3202%06d", LocalDate.now(HistorySpec.ZONE).getYear(), expectedSerial), opened.path("number").asText());
        String newLabel = opened.path("lines").get(0).path("containers").get(0).path("labelId").asText();
        assertEquals("001", newLabel.substring(34), "a new label of a history generator: its first of the day (history labels end before today)");
        assertTrue(result.count("events") > 0);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private Path tempDir(String name) throws IOException {
        Path dir = Files.createTempDirectory(name);
        dirs.add(dir);
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    // PostgreSQL refuses a data directory that others may read (0700 or 0750 only)
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else if (!p.getFileName().toString().equals("postmaster.pid")) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres")); Connection c = db.connect()) {
            for (String table : CONTENT) {
                out.put(table, text(c, "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t"));
            }
        }
        return out;
    }

    private static void assertThrowsOn(Callable action, String message) {
        try {
            action.call();
        } catch (Exception e) {
            assertTrue(String.valueOf(e.getMessage()).contains(message), "expected '" + message + "', got: " + e.getMessage());
            return;
        }
        throw new AssertionError("expected a failure containing '" + message + "'");
    }

    interface Callable {
        void call() throws Exception;
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static BigDecimal decimal(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1) == null ? null : rs.getString(1).strip();
        }
    }
}
