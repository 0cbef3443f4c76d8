package cn.hazchain.bench;

import cn.hazchain.feed.BrokerFiles;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.Mosquitto;
import cn.hazchain.support.MqttDevice;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The feeds benchmark of issue #18 (docs/performance.md "Feeds (issue #18)"), not part of the test command. Against the packaged
 * service on a fresh embedded database, with a real Mosquitto on loopback:
 * <ol>
 *   <li><b>ingest</b>: {@code devices} trackers (registered through the API) publish {@code messages} positions each
 *       with QoS 1 as fast as the broker takes them; printed: messages accepted per second end to end, from the first
 *       publish to the last one committed (counted in the database);</li>
 *   <li><b>track query</b>: {@code vehicles} vehicles driving one transfer a day, a position every 30 s for 8 hours,
 *       generated with generate_series (not through MQTT) to 1 week, 1 month and 1 year; at each size the track of
 *       one transfer (first page of 200 and its count) is asked through the API 50 times; printed: its median and
 *       95th percentile, and the table's size.</li>
 * </ol>
 * <pre>./mvnw -q -B package -DskipTests
 * ./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.FeedBench -Dexec.classpathScope=test [-Dexec.args="devices=20 messages=2500 vehicles=20 track=off"]</pre>
 */
public final class FeedBench {

    public static void main(String[] args) throws Exception {
        int devices = 20, messages = 2500, vehicles = 20;
        boolean track = true;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "devices" -> devices = Integer.parseInt(kv[1]);
                case "messages" -> messages = Integer.parseInt(kv[1]);
                case "vehicles" -> vehicles = Integer.parseInt(kv[1]);
                case "track" -> track = !"off".equals(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Path binary = Mosquitto.binary().orElseThrow(() -> new IllegalStateException("mosquitto is not installed"));
        System.out.printf("machine: %d cores, load average %s (other work runs on it too)%n", Runtime.getRuntime().availableProcessors(),
                PackagedService.loadAverage());
        Path dir = Files.createTempDirectory("hazchain-feed-bench");
        String subscriberPassword = UUID.randomUUID().toString();
        Files.writeString(dir.resolve("passwd"), BrokerFiles.passwordFile(List.of(new BrokerFiles.Account("hazchain-service",
                BrokerFiles.hash(subscriberPassword)))));
        Files.writeString(dir.resolve("acl"), BrokerFiles.aclFile("hazchain-service"));
        try (Mosquitto broker = Mosquitto.start(binary, dir);
             PackagedService service = PackagedService.fresh("hazchain-feed-bench", dir.resolve("service.log"), List.of(
                     "-Dhazchain.feeds.enabled=true", "-Dhazchain.feeds.host=127.0.0.1", "-Dhazchain.feeds.port=" + broker.port(),
                     "-Dhazchain.feeds.subscriber-password=" + subscriberPassword, "-Dhazchain.feeds.broker-files-dir=" + dir,
                     "-Dhazchain.alerts.evaluate-every=off"))) {
            service.start(Duration.ofMinutes(5));
            ingest(service, broker, devices, messages);
            if (track) {
                trackQuery(service, vehicles);
            }
        }
    }

    // ---- 1. ingest over MQTT ---------------------------------------------------------------------------------------

    static void ingest(PackagedService service, Mosquitto broker, int devices, int messages) throws Exception {
        HttpJson api = service.api();
        String admin = api.demoToken("admin");
        List<Long> vehicleIds = new ArrayList<>();
        try (Connection c = RawInserts.connect(service.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM vehicle ORDER BY id")) {
            while (rs.next()) {
                vehicleIds.add(rs.getLong(1));
            }
        }
        List<String[]> accounts = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ObjectNode body = HttpJson.JSON.createObjectNode().put("commandId", UUID.randomUUID().toString()).put("kind", "VEHICLE_TRACKER")
                    .put("vehicleId", vehicleIds.get(i % vehicleIds.size()));
            JsonNode d = api.post(admin, "/api/feed-devices", body, 201);
            accounts.add(new String[] {d.get("code").asText(), d.get("secret").asText(), d.get("topic").asText()});
        }
        broker.reload();
        List<MqttDevice> clients = new ArrayList<>();
        for (String[] a : accounts) {
            clients.add(MqttDevice.connect(broker.port(), a[0], a[1]));
        }
        long total = (long) devices * messages;
        System.out.printf("%n1. ingest: %d trackers x %d positions = %d QoS 1 messages on loopback%n", devices, messages, total);
        Random random = new Random(2026);
        long t0 = System.nanoTime();
        Instant start = Instant.now();
        for (int m = 1; m <= messages; m++) {
            for (int d = 0; d < devices; d++) {
                String[] a = accounts.get(d);
                String json = "{\"deviceId\":\"" + a[0] + "\",\"seq\":" + m + ",\"time\":\"" + start.plusMillis(m * 10L) + "\",\"lat\":"
                        + (31.80 + random.nextDouble() * 0.2) + ",\"lon\":" + (120.1 + random.nextDouble() * 0.3) + ",\"speedKmh\":42}";
                clients.get(d).send(a[2], json);
            }
        }
        for (MqttDevice c : clients) {
            c.drain();
        }
        long publishedNs = System.nanoTime() - t0;
        long stored = 0;
        long lastChange = System.nanoTime();
        try (Connection c = RawInserts.connect(service.jdbcUrl()); Statement s = c.createStatement()) {
            while (stored < total && System.nanoTime() - lastChange < Duration.ofSeconds(60).toNanos()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM vehicle_position")) {
                    rs.next();
                    long now = rs.getLong(1);
                    if (now != stored) {
                        stored = now;
                        lastChange = System.nanoTime();
                    }
                }
                Thread.sleep(20);
            }
        }
        long committedNs = lastChange - t0;
        System.out.printf("   published in %.1f s (%.0f msg/s into the broker); %d of %d stored, the last after %.1f s: %.0f positions/s accepted end to end%n",
                publishedNs / 1e9, total / (publishedNs / 1e9), stored, total, committedNs / 1e9, stored / (committedNs / 1e9));
        JsonNode rejections = api.get(api.demoToken("regulator"), "/api/feeds/rejections");
        System.out.printf("   rejections: %s; load average %s%n", rejections.get("totals"), PackagedService.loadAverage());
        clients.forEach(MqttDevice::close);
    }

    // ---- 2. the track query as the table grows ---------------------------------------------------------------------

    static void trackQuery(PackagedService service, int vehicles) throws Exception {
        System.out.printf("%n2. track of one transfer (first page of 200 + count), %d vehicles, a transfer a day each, a position every 30 s for 8 h%n",
                vehicles);
        String regulator = service.api().demoToken("regulator");
        int[] days = {7, 30, 365};
        int done = 0;
        try (Connection c = RawInserts.connect(service.jdbcUrl())) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE bench_fleet AS SELECT v.id AS vehicle_id, v.owner_party_id, row_number() OVER (ORDER BY v.id) AS n FROM vehicle v LIMIT 0");
                // a fleet of its own: vehicles and trackers written directly (the feed devices' accounts are not needed here)
                s.execute("INSERT INTO vehicle (owner_party_id, plate, dg_permit_no, capacity_kg, dg_permit_valid_to)"
                        + " SELECT (SELECT id FROM party WHERE kind = 'COLLECTOR' ORDER BY id LIMIT 1), '苏B' || 'X' || lpad(g::text, 4, '0'), 'BENCH', 5000,"
                        + " DATE '2099-12-31' FROM generate_series(1, " + vehicles + ") g");
                s.execute("INSERT INTO bench_fleet SELECT id, owner_party_id, row_number() OVER (ORDER BY id) FROM vehicle WHERE dg_permit_no = 'BENCH'");
                s.execute("INSERT INTO feed_device (code, kind, owner_party_id, vehicle_id, secret_hash, created_by, request_id)"
                        + " SELECT 'vt-bench' || f.n, 'VEHICLE_TRACKER', f.owner_party_id, f.vehicle_id, 'x', (SELECT min(id) FROM app_user), gen_random_uuid()"
                        + " FROM bench_fleet f");
            }
            long previousRows = 0;
            for (int d : days) {
                long t0 = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    // one transfer a day per vehicle, departed 08:00 and arrived 16:00, from the demo storage point to the demo incinerator
                    s.execute("INSERT INTO transfer (number, shipper_party_id, origin_party_id, carrier_party_id, receiver_party_id, vehicle_id,"
                            + " planned_date, created_by, departed_at, departed_by, arrived_at, arrived_by)"
                            + " SELECT lpad((90000000000000 + f.n * 1000 + day)::text, 14, '0'), sp.parent_id, sp.id, sp.parent_id,"
                            + "   (SELECT id FROM party WHERE kind = 'RECEIVER' ORDER BY id LIMIT 1), f.vehicle_id, DATE '2025-01-01' + day,"
                            + "   u.id, (DATE '2025-01-01' + day) + TIME '08:00', u.id, (DATE '2025-01-01' + day) + TIME '16:00', u.id"
                            + " FROM bench_fleet f CROSS JOIN generate_series(" + done + ", " + (d - 1) + ") day"
                            + " CROSS JOIN (SELECT id, parent_id FROM party WHERE kind = 'STORAGE_POINT' ORDER BY id LIMIT 1) sp"
                            + " CROSS JOIN (SELECT min(id) AS id FROM app_user) u");
                    s.execute("INSERT INTO vehicle_position (device_id, seq, vehicle_id, transfer_id, device_time, latitude, longitude, speed_kmh)"
                            + " SELECT dv.id, (t.planned_date - DATE '2025-01-01') * 960 + k + 1, t.vehicle_id, t.id, t.departed_at + k * interval '30 seconds',"
                            + "   31.94 + 0.01 * sin(k / 50.0), 120.17 - 0.07 * k / 960.0, 40"
                            + " FROM transfer t JOIN feed_device dv ON dv.vehicle_id = t.vehicle_id"
                            + " CROSS JOIN generate_series(0, 959) k"
                            + " WHERE t.number LIKE '9%' AND t.planned_date >= DATE '2025-01-01' + " + done);
                    s.execute("ANALYZE vehicle_position");
                }
                long rows;
                String size;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('vehicle_position'))"
                        + " FROM vehicle_position")) {
                    rs.next();
                    rows = rs.getLong(1);
                    size = rs.getString(2);
                }
                double genS = (System.nanoTime() - t0) / 1e9;
                List<String> numbers = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT number FROM transfer WHERE number LIKE '9%' ORDER BY random() LIMIT 50")) {
                    while (rs.next()) {
                        numbers.add(rs.getString(1));
                    }
                }
                for (int warm = 0; warm < 5; warm++) {
                    service.api().get(regulator, "/api/tracks/transfers/" + numbers.get(warm) + "?size=200");
                }
                long[] ms = new long[numbers.size()];
                for (int i = 0; i < numbers.size(); i++) {
                    long q0 = System.nanoTime();
                    JsonNode track = service.api().get(regulator, "/api/tracks/transfers/" + numbers.get(i) + "?size=200");
                    ms[i] = (System.nanoTime() - q0) / 1000;
                    if (track.get("points").get("total").asLong() != 960) {
                        throw new IllegalStateException("a generated transfer has 960 positions: " + track.get("points").get("total"));
                    }
                }
                Arrays.sort(ms);
                // the database's part: the page query as Tracks sends it, for the last transfer asked
                String plan;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"
                        + " SELECT p.seq, p.device_time, p.latitude, p.longitude, p.speed_kmh, d.code FROM vehicle_position p"
                        + " JOIN feed_device d ON d.id = p.device_id WHERE p.transfer_id = (SELECT id FROM transfer WHERE number = '"
                        + numbers.get(numbers.size() - 1) + "') ORDER BY p.device_time, p.device_id, p.seq LIMIT 200")) {
                    rs.next();
                    JsonNode root = HttpJson.JSON.readTree(rs.getString(1)).get(0);
                    plan = String.format("database %.2f ms, %d buffers", root.get("Execution Time").asDouble(),
                            root.get("Plan").get("Shared Hit Blocks").asLong() + root.get("Plan").get("Shared Read Blocks").asLong());
                }
                System.out.printf("   %3d days: %,11d positions (%s, +%,d generated in %.0f s): track p50 %.1f ms, p95 %.1f ms over 50 transfers through the API (%s); load average %s%n",
                        d, rows, size, rows - previousRows, genS, ms[ms.length / 2] / 1000.0, ms[(int) (ms.length * 0.95)] / 1000.0, plan, PackagedService.loadAverage());
                previousRows = rows;
                done = d;
            }
        }
    }
}
