package cn.hazchain.feed;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertEvaluator;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Mosquitto;
import cn.hazchain.support.MqttDevice;
import cn.hazchain.support.Transfers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, points 2 and 3, end to end: a real Mosquitto enforcing each device's account and topic, the service's
 * consumer storing a transfer's track, dropping and counting bad messages without stopping, and the OFF_CORRIDOR
 * alert with its evidence.
 */
@QuarkusTest
@TestProfile(FeedsProfile.class)
class FeedsTest {

    // the demo storage point (origin) and incinerator (receiver): the corridor runs between them
    static final double[] ORIGIN = {31.941, 120.172};
    static final double[] RECEIVER = {31.950, 120.105};

    @Inject
    FeedConsumer consumer;

    @Inject
    AlertEvaluator evaluator;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    Mosquitto broker;

    @BeforeEach
    void brokerRunning() {
        broker = FeedsProfile.broker();
        Assumptions.assumeTrue(broker != null, "mosquitto is not installed (apt-get install mosquitto): the feed tests are skipped");
        await(consumer::connected, "the service's consumer subscribed to the broker");
    }

    record Device(long id, String code, String secret, String topic) {
    }

    static Device tracker(long vehicle) {
        Map<String, Object> d = as("collector").body(Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle))
                .post("/api/feed-devices").then().statusCode(201).extract().path("");
        return new Device(((Number) d.get("id")).longValue(), (String) d.get("code"), (String) d.get("secret"), (String) d.get("topic"));
    }

    /** A transfer loaded and departed on a vehicle of its own; its number. */
    static String departed(long vehicle) {
        List<String> labels = Transfers.stored(1);
        String number = Transfers.open(vehicle, labels);
        as("driver").body(Fixtures.command("labelId", labels.get(0))).post("/api/transfers/" + number + "/load").then().statusCode(200);
        as("driver").body(Fixtures.command()).post("/api/transfers/" + number + "/departure").then().statusCode(200);
        return number;
    }

    static String position(String code, long seq, double lat, double lon) {
        return "{\"deviceId\":\"" + code + "\",\"seq\":" + seq + ",\"time\":\"" + Instant.now() + "\",\"lat\":" + lat + ",\"lon\":" + lon
                + ",\"speedKmh\":40}";
    }

    /** A point a fraction f of the way from the origin to the receiver, moved north by dLat degrees. */
    static double[] along(double f, double dLat) {
        return new double[] {ORIGIN[0] + f * (RECEIVER[0] - ORIGIN[0]) + dLat, ORIGIN[1] + f * (RECEIVER[1] - ORIGIN[1])};
    }

    MqttDevice connect(Device d) throws Exception {
        broker.reload();
        Exception last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return MqttDevice.connect(broker.port(), d.code(), d.secret());
            } catch (Exception e) {
                last = e;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("device " + d.code() + " could not connect after the broker reloaded its files: " + broker.log(), last);
    }

    static Map<String, Object> track(String number) {
        return as("regulator").get("/api/tracks/transfers/" + number + "?size=200").then().statusCode(200).extract().path("");
    }

    static long total(String number) {
        return ((Number) ((Map<?, ?>) track(number).get("points")).get("total")).longValue();
    }

    static long rejected(String reason, String code) {
        List<Map<String, Object>> rows = as("regulator").get("/api/feeds/rejections?size=200&from=" + LocalDate.now(ZoneId.of("Asia/Shanghai")))
                .then().statusCode(200).extract().path("rows.items");
        return rows.stream().filter(r -> reason.equals(r.get("reason")) && code.equals(r.get("deviceCode")))
                .mapToLong(r -> ((Number) r.get("count")).longValue()).sum();
    }

    @Test
    void aTrackLeavingItsCorridor_isStored_badMessagesAreDropped_andTheAlertCarriesThePositions() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device d = tracker(vehicle);
        assertNotNull(d.secret(), "the secret is shown once, at registration");
        assertEquals("hazchain/v1/vehicles/" + d.code() + "/positions", d.topic());

        List<double[]> good = new ArrayList<>();
        try (MqttDevice device = connect(d)) {
            long seq = 0;
            for (int i = 1; i <= 4; i++) {                          // on the corridor
                double[] p = along(i / 10.0, 0.001);
                good.add(p);
                device.publish(d.topic(), position(d.code(), ++seq, p[0], p[1]));
            }
            device.publish(d.topic(), "{not json");                                     // malformed
            device.publish(d.topic(), position(d.code(), 2, 31.9, 120.1));            // replayed: seq 2 is stored
            device.publish(d.topic(), position(d.code(), 6, along(0.5, 0)[0], along(0.5, 0)[1]));
            good.add(along(0.5, 0));
            device.publish(d.topic(), position(d.code(), 5, 31.9, 120.1));            // out of order: 5 after 6, never stored
            device.publish(d.topic(), position(d.code(), 7, 95.0, 120.1));            // out of range
            device.publish(d.topic(), position("vt-someoneelse", 8, 31.9, 120.1));   // another device's id on this topic
            device.publish(d.topic(), "{\"deviceId\":\"" + d.code() + "\",\"seq\":9,\"time\":\"" + Instant.now()
                    + "\",\"lat\":31.9,\"lon\":120.1,\"extra\":1}");                  // unknown field
            seq = 9;
            for (int i = 6; i <= 8; i++) {                           // 5 km south of the line: off the corridor
                double[] p = along(i / 10.0, -0.045);
                good.add(p);
                device.publish(d.topic(), position(d.code(), ++seq, p[0], p[1]));
            }
        }
        await(() -> total(number) >= good.size(), "the " + good.size() + " good positions on the transfer's track");
        Map<String, Object> t = track(number);
        @SuppressWarnings("unchecked")
        Map<String, Object> points = (Map<String, Object>) t.get("points");
        assertEquals(good.size(), ((Number) points.get("total")).intValue(), "every good message stored once, no bad one: " + points);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) points.get("items");
        assertEquals(List.of(1, 2, 3, 4, 6, 10, 11, 12), items.stream().map(p -> ((Number) p.get("seq")).intValue()).toList());
        assertEquals(good.get(4)[0], ((Number) items.get(4).get("lat")).doubleValue(), 1e-5, "(JSON path reads floats)");

        await(() -> rejected("OUT_OF_ORDER", d.code()) == 1, "the counts of the rejections");
        assertEquals(2, rejected("MALFORMED", d.code()), "not JSON, and an unknown field");
        assertEquals(1, rejected("REPLAYED", d.code()));
        assertEquals(1, rejected("OUT_OF_RANGE", d.code()));
        assertEquals(1, rejected("WRONG_TOPIC", d.code()));
        assertTrue(consumer.connected(), "the consumer survived every bad message");

        evaluator.evaluate(Instant.now());
        List<Map<String, Object>> alerts = as("regulator").get("/api/alerts?rule=OFF_CORRIDOR&size=200").then().statusCode(200).extract().path("items");
        Map<String, Object> alert = alerts.stream().filter(a -> number.equals(a.get("subjectKey"))).findFirst()
                .orElseThrow(() -> new AssertionError("no OFF_CORRIDOR alert on " + number + ": " + alerts));
        double metres = ((Number) alert.get("measure")).doubleValue();
        assertTrue(metres > 4000 && metres < 6000, "about 5 km off the line: " + metres);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) alert.get("evidence");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> off = (List<Map<String, Object>>) evidence.get("positions");
        assertEquals(List.of(10, 11, 12), off.stream().map(p -> ((Number) p.get("seq")).intValue()).sorted().toList(),
                "the evidence is the positions beyond the corridor");
        // the driver sees the track of the transfer it carries; a generator that has nothing to do with it does not
        as("driver").get("/api/tracks/transfers/" + number).then().statusCode(200);
        as("generator").get("/api/tracks/transfers/" + number).then().statusCode(404);
    }

    @Test
    void aFloodOfPositions_isStoredWhole_eachOnce() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device d = tracker(vehicle);
        int n = 3000;
        try (MqttDevice device = connect(d)) {
            for (int seq = 1; seq <= n; seq++) {
                double[] p = along(seq / (double) n, 0.001);
                device.send(d.topic(), position(d.code(), seq, p[0], p[1]));
            }
            device.drain();
        }
        await(() -> total(number) >= n, n + " positions stored");
        assertEquals(n, total(number));
        assertEquals(0, rejected("REPLAYED", d.code()) + rejected("OUT_OF_ORDER", d.code()), "nothing sent twice, nothing out of order");
    }

    @Test
    void theBrokerRefusesWrongSecrets_otherDevicesTopics_andEndedDevices() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device mine = tracker(vehicle);
        Device other = tracker(Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6)));
        broker.reload();
        assertThrows(Exception.class, () -> MqttDevice.connect(broker.port(), mine.code(), "not-the-secret"));
        try (MqttDevice device = connect(other)) {
            // the ACL lets a device write only its own topic: the broker drops this one before the service sees it
            device.publish(mine.topic(), position(mine.code(), 1, 31.945, 120.15));
        }
        try (MqttDevice device = connect(mine)) {
            device.publish(mine.topic(), position(mine.code(), 2, 31.945, 120.15));
        }
        await(() -> total(number) >= 1, "its own position");
        // every message of both connections is handled once the consumer has caught up with a later one of its own
        try (MqttDevice device = connect(mine)) {
            device.publish(mine.topic(), position(mine.code(), 3, 31.945, 120.15));
        }
        await(() -> total(number) >= 2, "the later position");
        assertEquals(List.of(2, 3), seqs(number), "the spoofed seq 1 from the other device's account never reached the service");
        assertEquals(0, rejected("OUT_OF_ORDER", mine.code()) + rejected("WRONG_TOPIC", mine.code()), "nor was it dropped there");
        assertEquals(3, ((Number) as("collector").get("/api/feed-devices/" + mine.id()).then().statusCode(200).extract().path("lastSeq")).intValue());

        as("collector").body(Map.of("reason", "replaced")).post("/api/feed-devices/" + mine.id() + "/end").then().statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(false));
        broker.reload();
        assertThrows(Exception.class, () -> MqttDevice.connect(broker.port(), mine.code(), mine.secret()), "an ended device's account is gone");
        for (String f : List.of("passwd", "acl")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(broker.dir().resolve(f))), f + ": only the service's user reads it");
        }
    }

    @Test
    void registration_isIdempotent_showsTheSecretOnce_andIsTheOwnersToDo() {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        Map<String, Object> body = Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle);
        String secret = as("collector").body(body).post("/api/feed-devices").then().statusCode(201).extract().path("secret");
        assertNotNull(secret);
        as("collector").body(body).post("/api/feed-devices").then().statusCode(201).body("secret", org.hamcrest.Matchers.nullValue());
        // another user resending that commandId learns nothing of the device it made
        as("receiver").body(body).post("/api/feed-devices").then().statusCode(409).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.nullValue()).body("topic", org.hamcrest.Matchers.nullValue());
        as("receiver").body(Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle)).post("/api/feed-devices").then().statusCode(403);
        as("collector").body(Fixtures.command("kind", "SCALE", "vehicleId", vehicle)).post("/api/feed-devices").then().statusCode(400)
                .contentType("application/problem+json");
        as("receiver").body(Fixtures.command("kind", "SCALE", "sitePartyId", Fixtures.partyIdOf("receiver"))).post("/api/feed-devices")
                .then().statusCode(201).body("topic", org.hamcrest.Matchers.endsWith("/weighings"));
    }

    void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    /** The seqs stored on a transfer's track, in order. */
    static List<Integer> seqs(String number) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<?, ?>) track(number).get("points")).get("items");
        return items.stream().map(p -> ((Number) p.get("seq")).intValue()).toList();
    }

    /**
     * A real database failure injected on one device's seq (a trigger on vehicle_position): {@code fails} times, then it
     * passes; {@code errcode} as PostgreSQL raises it. The trigger is dropped by the returned action.
     */
    AutoCloseable failing(long deviceId, long seq, int fails, String errcode) {
        String name = "feed_test_fail_" + deviceId;
        sql("CREATE SEQUENCE " + name);
        sql("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.device_id = " + deviceId + " AND NEW.seq = " + seq + " THEN"
                + "   IF nextval('" + name + "') <= " + fails + " THEN RAISE EXCEPTION 'injected failure' USING ERRCODE = '" + errcode + "'; END IF;"
                + " END IF; RETURN NEW; END $$");
        sql("CREATE TRIGGER " + name + " BEFORE INSERT ON vehicle_position FOR EACH ROW EXECUTE FUNCTION " + name + "()");
        return () -> {
            sql("DROP TRIGGER " + name + " ON vehicle_position");
            sql("DROP FUNCTION " + name + "()");
            sql("DROP SEQUENCE " + name);
        };
    }

    @Test
    void aTransientDatabaseFailureMidBatch_losesNothing_theBrokerResendsInOrder() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device d = tracker(vehicle);
        double failedBefore = registry.counter("hazchain.feed.store.failed").count();
        // seq 3 fails twice (as its batch, then alone: say the pool was exhausted), then stores
        try (AutoCloseable fault = failing(d.id(), 3, 2, "P0001"); MqttDevice device = connect(d)) {
            for (int seq = 1; seq <= 6; seq++) {
                double[] p = along(seq / 10.0, 0.001);
                device.send(d.topic(), position(d.code(), seq, p[0], p[1]));
            }
            device.drain();
            await(() -> total(number) >= 6, "all six positions after the broker resent from seq 3");
        }
        assertTrue(registry.counter("hazchain.feed.store.failed").count() > failedBefore, "the failure was injected");
        assertEquals(List.of(1, 2, 3, 4, 5, 6), seqs(number), "seq 3 stored on its return, nothing after it stored before it");
        assertEquals(0, rejected("OUT_OF_ORDER", d.code()), "seq 3 was not judged late");
        await(consumer::connected, "the consumer subscribed again");
    }

    @Test
    void aMessageTheDatabaseRefusesForItsContent_isCountedUnstorable_andTheConsumerGoesOn() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device d = tracker(vehicle);
        // seq 2 is refused every time with a data exception (22023), as a value PostgreSQL cannot take would be
        try (AutoCloseable fault = failing(d.id(), 2, Integer.MAX_VALUE, "22023"); MqttDevice device = connect(d)) {
            for (int seq = 1; seq <= 3; seq++) {
                double[] p = along(seq / 10.0, 0.001);
                device.publish(d.topic(), position(d.code(), seq, p[0], p[1]));
            }
            await(() -> total(number) >= 2, "the positions around the unstorable one");
            await(() -> rejected("UNSTORABLE", d.code()) == 1, "the unstorable message counted");
        }
        assertEquals(List.of(1, 3), seqs(number));
        await(consumer::connected, "the consumer is subscribed");
    }

    @Test
    void oversizedOldAndOutOfRangeMessages_areDroppedAndCounted_andTheConsumerGoesOn() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        String number = departed(vehicle);
        Device d = tracker(vehicle);
        double[] p = along(0.5, 0.001);
        try (MqttDevice device = connect(d)) {
            // above FeedMessages' 4 KB, below the broker's max_packet_size 8192: reaches the service, counted MALFORMED
            device.publish(d.topic(), "{\"deviceId\":\"" + d.code() + "\",\"pad\":\"" + "x".repeat(6000) + "\"}");
            // a year-0 time parses in Java, PostgreSQL would refuse it on every redelivery: OUT_OF_RANGE before the database
            device.publish(d.topic(), "{\"deviceId\":\"" + d.code() + "\",\"seq\":1,\"time\":\"0000-01-01T00:00:00Z\",\"lat\":" + p[0]
                    + ",\"lon\":" + p[1] + "}");
            device.publish(d.topic(), "{\"deviceId\":\"" + d.code() + "\",\"seq\":2,\"time\":\"" + Instant.now().minus(java.time.Duration.ofDays(40))
                    + "\",\"lat\":" + p[0] + ",\"lon\":" + p[1] + "}");
        }
        try (MqttDevice device = connect(d)) {
            // above max_packet_size: the broker closes the publisher's connection, the service never sees it
            device.send(d.topic(), "{\"pad\":\"" + "y".repeat(20000) + "\"}");
            await(() -> !device.connected(), "the broker dropping the oversized publisher");
        }
        try (MqttDevice device = connect(d)) {
            device.publish(d.topic(), position(d.code(), 3, p[0], p[1]));
        }
        await(() -> total(number) >= 1, "the good position after the bad ones");
        assertEquals(List.of(3), seqs(number));
        await(() -> rejected("MALFORMED", d.code()) == 1, "the 6 KB message counted");
        assertEquals(2, rejected("OUT_OF_RANGE", d.code()), "year 0 and 40 days back");
        assertTrue(consumer.connected());
    }

    @Test
    void simultaneousRegistrationsWithOneCommandId_makeOneDevice_andHandOutOneSecret() throws Exception {
        long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
        Map<String, Object> body = Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle);
        int n = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Map<String, Object>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return as("collector").body(body).post("/api/feed-devices").then().statusCode(201).extract().path("");
                }));
            }
            start.countDown();
            List<Map<String, Object>> all = new ArrayList<>();
            for (var a : answers) {
                all.add(a.get());
            }
            assertEquals(1, all.stream().map(a -> a.get("id")).distinct().count(), "one device: " + all);
            List<Object> secrets = all.stream().map(a -> a.get("secret")).filter(java.util.Objects::nonNull).toList();
            assertEquals(1, secrets.size(), "only the request that stored the secret's hash shows it: " + all);
            // and that one is the broker's password for the device
            Device d = new Device(((Number) all.get(0).get("id")).longValue(), (String) all.get(0).get("code"), (String) secrets.get(0),
                    (String) all.get(0).get("topic"));
            connect(d).close();
        } finally {
            pool.shutdownNow();
        }
    }

    static void await(BooleanSupplier condition, String what) {
        Instant until = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(until)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("waited 120 s for " + what);
    }
}
