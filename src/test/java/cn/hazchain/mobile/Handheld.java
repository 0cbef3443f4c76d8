package cn.hazchain.mobile;

import static io.restassured.RestAssured.given;

import cn.hazchain.support.Api;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** Test helpers for the handheld API: devices, shift sign-in, events as a handheld records them, photos. */
final class Handheld {

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 10000));

    private Handheld() {
    }

    /** Enrols a fresh device for a party (as the demo administrator) and returns its serial. */
    static String enrol(long ownerPartyId) {
        String serial = "HH-T" + System.nanoTime() % 1_000_000 + "-" + SEQ.incrementAndGet();
        Api.as("admin").body(Map.of("serial", serial.toLowerCase(), "ownerPartyId", ownerPartyId, "model", "Test scanner"))
                .post("/api/devices").then().statusCode(201);
        return serial;
    }

    static long deviceId(String serial) {
        List<Map<String, Object>> items = Api.as("admin").get("/api/devices?size=200").then().statusCode(200).extract().path("items");
        return items.stream().filter(d -> serial.equals(d.get("serial"))).map(d -> ((Number) d.get("id")).longValue()).findFirst().orElseThrow();
    }

    static ValidatableResponse signIn(String serial, String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("deviceSerial", serial, "username", username, "password", password))
                .post("/api/mobile/v1/sessions").then();
    }

    /** A shift token for a demo user (password demo-&lt;username&gt;) on the device. */
    static String shift(String serial, String username) {
        return signIn(serial, username, "demo-" + username).statusCode(201).extract().path("access_token");
    }

    static RequestSpecification on(String shiftToken) {
        return given().contentType(ContentType.JSON).auth().oauth2(shiftToken);
    }

    static ValidatableResponse sync(String shiftToken, List<Map<String, Object>> events) {
        return on(shiftToken).body(Map.of("events", events)).post("/api/mobile/v1/sync").then();
    }

    /** An event as the handheld records it: a fresh client event id, the given type, label and time. */
    static Map<String, Object> event(String type, String labelId, Instant clientTime, Object... kv) {
        Map<String, Object> e = new HashMap<>();
        e.put("clientEventId", UUID.randomUUID().toString());
        e.put("type", type);
        e.put("labelId", labelId);
        e.put("clientTime", clientTime.toString());
        e.put("latitude", 31.905);
        e.put("longitude", 120.271);
        for (int i = 0; i < kv.length; i += 2) {
            e.put((String) kv[i], kv[i + 1]);
        }
        return e;
    }

    /** A small, distinct PNG (the seed picks its colour). */
    static byte[] png(int seed) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                img.setRGB(x, y, seed * 7919 + x * 31 + y);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The label token inside a container's QR URL (…/v/&lt;token&gt;). */
    static String tokenOf(String labelId) {
        String url = Api.as("collector").get("/api/containers/" + labelId).then().statusCode(200).extract().path("qrUrl");
        return url.substring(url.lastIndexOf("/v/") + 3);
    }
}
