package cn.hazchain.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one MQTT message of a feed: its topic and its JSON payload, checked for shape and ranges. Pure: no database,
 * no framework, so every rejection is unit-tested alone. What needs the database (the device, its sequence) is
 * checked by {@link FeedIngest}.
 *
 * <pre>
 * hazchain/v1/vehicles/{device}/positions  {"deviceId":"vt-…","seq":17,"time":"2026-12-02T02:00:00Z","lat":31.91,"lon":120.28,"speedKmh":42.5}
 * hazchain/v1/scales/{device}/weighings    {"deviceId":"sc-…","seq":5,"time":"2026-12-02T02:00:00Z","labelId":"…","weightKg":152.4}
 * </pre>
 */
public final class FeedMessages {

    public static final String PREFIX = "hazchain/v1/";
    private static final Pattern TOPIC = Pattern.compile("^hazchain/v1/(vehicles|scales)/([a-z0-9][a-z0-9-]{2,39})/(positions|weighings)$");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final int MAX_BYTES = 4096;
    /** Device times further back than this are out of range (a buffered device catches up within days, not months). */
    public static final Duration MAX_AGE = Duration.ofDays(30);
    private static final Set<String> POSITION_FIELDS = Set.of("deviceId", "seq", "time", "lat", "lon", "speedKmh");
    private static final Set<String> WEIGHING_FIELDS = Set.of("deviceId", "seq", "time", "labelId", "weightKg");
    private static final BigDecimal MAX_KG = new BigDecimal("99999999.99");

    private FeedMessages() {
    }

    /** What a message says, or why it is dropped. */
    public sealed interface Parsed permits Position, Weighing, Bad {
    }

    public record Position(String deviceCode, long seq, Instant time, double lat, double lon, Double speedKmh) implements Parsed {
    }

    public record Weighing(String deviceCode, long seq, Instant time, String labelId, BigDecimal weightKg) implements Parsed {
    }

    /** {@code deviceCode} is the topic's device when the topic could be read, else null. */
    public record Bad(Rejection reason, String deviceCode, String detail) implements Parsed {
    }

    /** The topic's kind and device, or null when the topic is no feed topic. */
    record Topic(boolean vehicle, String deviceCode) {
    }

    static Topic topic(String topic) {
        Matcher m = topic == null ? null : TOPIC.matcher(topic);
        if (m == null || !m.matches() || m.group(1).equals("vehicles") != m.group(3).equals("positions")) {
            return null;
        }
        return new Topic(m.group(1).equals("vehicles"), m.group(2));
    }

    /** Reads a message received at {@code now}; device times more than {@code skew} ahead of it are out of range. */
    public static Parsed parse(String topicName, byte[] payload, Instant now, Duration skew) {
        Topic topic = topic(topicName);
        if (topic == null) {
            return new Bad(Rejection.MALFORMED, null, "topic " + shorten(topicName) + " is no feed topic");
        }
        if (payload == null || payload.length == 0 || payload.length > MAX_BYTES) {
            return new Bad(Rejection.MALFORMED, topic.deviceCode(), "payload of " + (payload == null ? 0 : payload.length)
                    + " bytes: one JSON object of at most " + MAX_BYTES + " bytes expected");
        }
        JsonNode node;
        try {
            node = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new Bad(Rejection.MALFORMED, topic.deviceCode(), "payload is not JSON");
        }
        if (node == null || !node.isObject()) {
            return new Bad(Rejection.MALFORMED, topic.deviceCode(), "payload is not a JSON object");
        }
        Set<String> allowed = topic.vehicle() ? POSITION_FIELDS : WEIGHING_FIELDS;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                return new Bad(Rejection.MALFORMED, topic.deviceCode(), "unknown field " + shorten(f));
            }
        }
        try {
            String device = text(node, "deviceId");
            if (!device.equals(topic.deviceCode())) {
                return new Bad(Rejection.WRONG_TOPIC, topic.deviceCode(), "deviceId " + shorten(device) + " published on the topic of " + topic.deviceCode());
            }
            JsonNode seqNode = node.get("seq");
            if (seqNode == null || !seqNode.canConvertToExactIntegral() || !seqNode.isIntegralNumber() || !seqNode.canConvertToLong()) {
                throw new Missing("seq must be a whole number");
            }
            long seq = seqNode.longValue();
            Instant time;
            try {
                time = Instant.parse(text(node, "time"));
            } catch (DateTimeParseException e) {
                throw new Missing("time must be an ISO-8601 instant such as 2026-12-02T02:00:00Z");
            }
            if (seq < 1) {
                return new Bad(Rejection.OUT_OF_RANGE, device, "seq " + seq + " must be at least 1");
            }
            if (time.isBefore(now.minus(MAX_AGE))) {
                return new Bad(Rejection.OUT_OF_RANGE, device, "time " + shorten(time.toString()) + " is more than " + MAX_AGE.toDays()
                        + " days before the server's");
            }
            if (time.isAfter(now.plus(skew))) {
                return new Bad(Rejection.OUT_OF_RANGE, device, "time " + time + " is more than " + skew.toSeconds() + " s ahead of the server");
            }
            if (topic.vehicle()) {
                double lat = number(node, "lat").doubleValue();
                double lon = number(node, "lon").doubleValue();
                Double speed = node.hasNonNull("speedKmh") ? number(node, "speedKmh").doubleValue() : null;
                if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || (lat == 0 && lon == 0)) {
                    return new Bad(Rejection.OUT_OF_RANGE, device, "position " + lat + ", " + lon + " is not on earth (or is 0, 0: no fix)");
                }
                if (speed != null && (speed < 0 || speed > 300)) {
                    return new Bad(Rejection.OUT_OF_RANGE, device, "speedKmh " + speed + " is not between 0 and 300");
                }
                return new Position(device, seq, time, lat, lon, speed);
            }
            String label = text(node, "labelId");
            BigDecimal kg = number(node, "weightKg");
            if (label.length() > 64 || !label.chars().allMatch(c -> c > 32 && c < 127)) {
                return new Bad(Rejection.MALFORMED, device, "labelId must be up to 64 printable ASCII characters");
            }
            if (kg.signum() <= 0 || kg.compareTo(MAX_KG) > 0 || kg.stripTrailingZeros().scale() > 2) {
                return new Bad(Rejection.OUT_OF_RANGE, device, "weightKg " + kg.toPlainString() + " must be above 0, with at most 2 decimals");
            }
            return new Weighing(device, seq, time, label, kg);
        } catch (Missing e) {
            return new Bad(Rejection.MALFORMED, topic.deviceCode(), e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new Missing(field + " must be a non-empty string");
        }
        return v.textValue();
    }

    private static BigDecimal number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new Missing(field + " must be a number");
        }
        return v.decimalValue();
    }

    static String shorten(String s) {
        if (s == null) {
            return "(none)";
        }
        String clean = s.codePoints().filter(c -> c >= 32 && c != 127).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    private static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message, null, false, false);
        }
    }
}
