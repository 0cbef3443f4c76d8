package cn.hazchain.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.feed.FeedMessages.Bad;
import cn.hazchain.feed.FeedMessages.Parsed;
import cn.hazchain.feed.FeedMessages.Position;
import cn.hazchain.feed.FeedMessages.Weighing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every reason a feed message is dropped before the database is asked, and what a good one reads as. */
class FeedMessagesTest {

    static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");
    static final String POS = "hazchain/v1/vehicles/vt-abc123/positions";
    static final String WEIGH = "hazchain/v1/scales/sc-abc123/weighings";

    static Parsed parse(String topic, String payload) {
        return FeedMessages.parse(topic, payload.getBytes(StandardCharsets.UTF_8), NOW, Duration.ofMinutes(5));
    }

    static Rejection reason(String topic, String payload) {
        Parsed p = parse(topic, payload);
        return assertInstanceOf(Bad.class, p, "dropped: " + payload).reason();
    }

    static String pos(String extra) {
        return "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"2026-12-02T01:59:00Z\"" + extra + "}";
    }

    @Test
    void aPosition_readsAsItsDeviceSeqTimeAndPlace() {
        Position p = assertInstanceOf(Position.class, parse(POS, pos(",\"lat\":31.91,\"lon\":120.28,\"speedKmh\":42.5")));
        assertEquals("vt-abc123", p.deviceCode());
        assertEquals(7, p.seq());
        assertEquals(31.91, p.lat());
        assertEquals(42.5, p.speedKmh());
        assertEquals(Instant.parse("2026-12-02T01:59:00Z"), p.time());
    }

    @Test
    void aWeighing_readsAsItsLabelAndKilograms() {
        Weighing w = assertInstanceOf(Weighing.class, parse(WEIGH,
                "{\"deviceId\":\"sc-abc123\",\"seq\":1,\"time\":\"2026-12-02T01:59:00Z\",\"labelId\":\"ABC-001\",\"weightKg\":152.40}"));
        assertEquals("ABC-001", w.labelId());
        assertEquals(0, w.weightKg().compareTo(new java.math.BigDecimal("152.4")));
    }

    @Test
    void malformed_whenNotJsonNotAnObjectMissingMistypedUnknownOrDuplicatedFields() {
        assertEquals(Rejection.MALFORMED, reason(POS, "{not json"));
        assertEquals(Rejection.MALFORMED, reason(POS, "[1,2]"));
        assertEquals(Rejection.MALFORMED, reason(POS, ""));
        assertEquals(Rejection.MALFORMED, reason(POS, pos(",\"lat\":31.9")));
        assertEquals(Rejection.MALFORMED, reason(POS, pos(",\"lat\":\"31.9\",\"lon\":120.2")));
        assertEquals(Rejection.MALFORMED, reason(POS, pos(",\"lat\":31.9,\"lon\":120.2,\"alt\":3")));
        assertEquals(Rejection.MALFORMED, reason(POS, pos(",\"lat\":31.9,\"lat\":31.8,\"lon\":120.2")));
        assertEquals(Rejection.MALFORMED, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7.5,\"time\":\"2026-12-02T01:59:00Z\",\"lat\":1,\"lon\":1}"));
        assertEquals(Rejection.MALFORMED, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"yesterday\",\"lat\":1,\"lon\":1}"));
        assertEquals(Rejection.MALFORMED, reason(POS, "x".repeat(5000)));
    }

    @Test
    void malformed_onATopicThatIsNoFeedTopic() {
        assertEquals(Rejection.MALFORMED, reason("hazchain/v1/vehicles/vt-abc123/weighings", pos(",\"lat\":31.9,\"lon\":120.2")));
        assertEquals(Rejection.MALFORMED, reason("hazchain/v1/trucks/vt-abc123/positions", pos(",\"lat\":31.9,\"lon\":120.2")));
        assertEquals(Rejection.MALFORMED, reason("hazchain/v1/vehicles/VT-ABC/positions", pos(",\"lat\":31.9,\"lon\":120.2")));
    }

    @Test
    void wrongTopic_whenThePayloadNamesAnotherDevice() {
        Bad bad = assertInstanceOf(Bad.class, parse("hazchain/v1/vehicles/vt-other1/positions", pos(",\"lat\":31.9,\"lon\":120.2")));
        assertEquals(Rejection.WRONG_TOPIC, bad.reason());
        assertEquals("vt-other1", bad.deviceCode(), "counted against the topic's device, the one that published");
    }

    @Test
    void outOfRange_offTheEarthTooFastNoFixAheadOfTheServerOrSeqZero() {
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, pos(",\"lat\":95,\"lon\":120.2")));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, pos(",\"lat\":31.9,\"lon\":-181")));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, pos(",\"lat\":0,\"lon\":0")));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, pos(",\"lat\":31.9,\"lon\":120.2,\"speedKmh\":500")));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"2026-12-02T02:06:00Z\",\"lat\":31.9,\"lon\":120.2}"));
        // before the floor (30 days back): a year 0 that PostgreSQL's timestamptz would refuse on every redelivery, and an old one
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"0000-01-01T00:00:00Z\",\"lat\":31.9,\"lon\":120.2}"));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"2026-11-01T01:59:00Z\",\"lat\":31.9,\"lon\":120.2}"));
        assertInstanceOf(Position.class, parse(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"2026-11-03T02:00:00Z\",\"lat\":31.9,\"lon\":120.2}"),
                "29 days back is kept: a device that buffered offline catches up");
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":7,\"time\":\"+999999-01-01T00:00:00Z\",\"lat\":31.9,\"lon\":120.2}"));
        assertEquals(Rejection.OUT_OF_RANGE, reason(POS, "{\"deviceId\":\"vt-abc123\",\"seq\":0,\"time\":\"2026-12-02T01:59:00Z\",\"lat\":31.9,\"lon\":120.2}"));
        assertEquals(Rejection.OUT_OF_RANGE, reason(WEIGH,
                "{\"deviceId\":\"sc-abc123\",\"seq\":1,\"time\":\"2026-12-02T01:59:00Z\",\"labelId\":\"A\",\"weightKg\":-3}"));
        assertEquals(Rejection.OUT_OF_RANGE, reason(WEIGH,
                "{\"deviceId\":\"sc-abc123\",\"seq\":1,\"time\":\"2026-12-02T01:59:00Z\",\"labelId\":\"A\",\"weightKg\":1.234}"));
    }

    @Test
    void details_neverEchoControlCharactersOrLongInput() {
        Bad bad = assertInstanceOf(Bad.class, parse("hazchain/v1/\u0000" + "y".repeat(300), "{}"));
        assertTrue(bad.detail().length() < 200 && !bad.detail().contains("\u0000"), bad.detail());
    }

    @Test
    void brokerPasswords_areMosquittosPbkdf2Format_andCheckAgainstTheSecret() {
        String hash = BrokerFiles.hash("s3cret", 1000);
        assertTrue(hash.startsWith("$7$1000$"), hash);
        assertTrue(BrokerFiles.matches("s3cret", hash));
        assertTrue(!BrokerFiles.matches("other", hash));
        // a line mosquitto_passwd 2.0.11 wrote for alice / secret123
        assertTrue(BrokerFiles.matches("secret123",
                "$7$101$anCYblpYp5pbeDX8$ufJ9irCKKQ2TcztEDQiELO4By62ln5hY7kbATWIFN35BY8CXIoZwXhQLOuFezPNOk3v731xvr0LNu3WU0ZRmTQ=="));
        assertTrue(BrokerFiles.aclFile("svc").contains("pattern write hazchain/v1/vehicles/%u/positions"));
    }
}
