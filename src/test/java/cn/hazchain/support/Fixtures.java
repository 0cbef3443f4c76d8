package cn.hazchain.support;

import cn.hazchain.party.Uscc;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Builders for test records, created through the API as the demo administrator. */
public final class Fixtures {

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 100000));

    private Fixtures() {
    }

    /** A fresh valid USCC that no other test uses. */
    public static String uscc() {
        return Uscc.withCheck("91320281MA2" + String.format("%06d", SEQ.incrementAndGet() % 1000000));
    }

    public static Map<String, Object> party(String kind, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("uscc", uscc());
        body.put("kind", kind);
        body.put("name", name);
        body.put("town", "澄江街道");
        body.put("contactPhone", "0510-86001234");
        return body;
    }

    /** Creates a party and returns its id. */
    public static long createParty(String kind, String name) {
        return createParty(party(kind, name));
    }

    public static long createParty(Map<String, Object> body) {
        return ((Number) Api.as("admin").body(body).post("/api/parties").then().statusCode(201).extract().path("id")).longValue();
    }

    public static long partyIdOf(String username) {
        return ((Number) Api.as(username).get("/api/auth/me").then().statusCode(200).extract().path("partyId")).longValue();
    }

    /** A custody command's body: a fresh commandId and the given name, value pairs. */
    public static Map<String, Object> command(Object... nameValuePairs) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", java.util.UUID.randomUUID().toString());
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return m;
    }

    /** Creates a user with one role in a party; password is "pw-" + username + "-long". */
    public static String createUser(String username, long partyId, String role) {
        Api.as("admin").body(Map.of("username", username, "displayName", username, "password", "pw-" + username + "-long",
                "partyId", partyId, "roles", java.util.List.of(role))).post("/api/users").then().statusCode(201);
        return "pw-" + username + "-long";
    }

    private static final java.util.Set<String> LICENSED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The demo collector licensed (once per test run) also for acids, alkalis and cyanides, which its demo licence does
     * not cover: the co-loading tests collect them.
     */
    public static void collectorLicensedForAcidsAndAlkalis() {
        if (LICENSED.add("acids")) {
            Api.as("admin").body(Map.of("number", "JSHW-TEST-ACIDS-" + System.nanoTime(), "holderPartyId", partyIdOf("collector"),
                    "kind", "COLLECTION", "permitted", java.util.List.of("HW33", "HW34", "HW35"), "approvedAnnualTonnes", 500,
                    "validFrom", java.time.LocalDate.now(PickupRequests.ZONE).minusMonths(1).toString(), "validTo", java.time.LocalDate.now(PickupRequests.ZONE).plusYears(2).toString()))
                    .post("/api/licences").then().statusCode(201);
        }
    }
}
