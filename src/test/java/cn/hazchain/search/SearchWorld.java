package cn.hazchain.search;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.log.Context;
import cn.hazchain.custody.log.EventLog;
import cn.hazchain.custody.log.StoredEvent;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The records the search tests look for, made once per test JVM: two generators of our own in two towns of our
 * own, four manifests, containers walked through custody by the API (weight deviation, partial and total refusal,
 * one still on the road, two in storage), one ISSUED container generated 400 days ago, and two containers whose
 * old custody events are written with SQL (hash-chained like the service does), because the API cannot make
 * time pass: one stored 190 days ago, one loaded 30 days ago.
 */
final class SearchWorld {

    static final String OIL = "900-249-08";
    static final String RAGS = "900-041-49";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static SearchWorld world;

    final String uid = Long.toString(System.nanoTime() % 2_000_000_000L, 36);
    final String townA = "搜索测试甲镇" + uid;
    final String townB = "搜索测试乙镇" + uid;
    long generatorA;
    long generatorB;
    long collector;
    long storage;
    long receiver;
    String receiverName;
    String generatorAName;
    /** M1: 5 oil drums and a bag of rags, walked through custody. */
    String m1;
    /** M2: one drum generated 400 days ago, still ISSUED. */
    String m2;
    /** M3: generator B, one bag, ISSUED. */
    String m3;
    /** M4: two drums aged with SQL. */
    String m4;
    /** Drums of M1: d[0] weighed 200 kg against 150 (deviation) and accepted, d[1] partly refused, d[2] refused,
     * d[3] still in transit, d[4] in storage. */
    final List<String> d = new ArrayList<>();
    String rag;
    String oldIssued;
    String agedStored;
    String agedLoaded;
    String transfer;

    static synchronized SearchWorld get(AgroalDataSource db) throws SQLException {
        if (world == null) {
            SearchWorld w = new SearchWorld();
            w.build(db);
            world = w;
        }
        return world;
    }

    static Map<String, Object> cmd(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("commandId", UUID.randomUUID().toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void build(AgroalDataSource db) throws SQLException {
        Map<String, Object> a = Fixtures.party("GENERATOR", "搜索测试甲厂" + uid);
        a.put("town", townA);
        a.put("contactName", "王师傅");
        generatorA = Fixtures.createParty(a);
        generatorAName = (String) a.get("name");
        Map<String, Object> b = Fixtures.party("GENERATOR", "搜索测试乙厂" + uid);
        b.put("town", townB);
        b.put("contactName", "李师傅");
        generatorB = Fixtures.createParty(b);
        collector = Fixtures.partyIdOf("collector");
        storage = Fixtures.partyIdOf("keeper");
        receiver = Fixtures.partyIdOf("receiver");
        receiverName = as("receiver").get("/api/auth/me").then().extract().path("partyName");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");

        List<Map<String, Object>> drums = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            drums.add(Manifests.container("DRUM", 200, 150));
        }
        m1 = open(generatorA, List.of(Manifests.line(OIL, "LIQUID", "废矿物油", drums),
                Manifests.line(RAGS, "SOLID", "含油抹布", List.of(Manifests.container("BAG", 60, 20)))));
        d.addAll(labels(m1, 0));
        rag = labels(m1, 1).get(0);

        Map<String, Object> old = Manifests.container("DRUM", 200, 150);
        old.put("generationDate", LocalDate.now(ZONE).minusDays(400).toString());
        m2 = open(generatorA, List.of(Manifests.line(OIL, "LIQUID", "废矿物油", List.of(old))));
        oldIssued = labels(m2, 0).get(0);
        m3 = open(generatorB, List.of(Manifests.line(RAGS, "SOLID", "含油抹布", List.of(Manifests.container("BAG", 60, 20)))));
        m4 = open(generatorA, List.of(Manifests.line(OIL, "LIQUID", "废矿物油",
                List.of(Manifests.container("DRUM", 200, 150), Manifests.container("DRUM", 200, 150)))));
        agedStored = labels(m4, 0).get(0);
        agedLoaded = labels(m4, 0).get(1);

        // Custody through the API
        List<String> moved = new ArrayList<>(d);
        moved.add(rag);
        for (String id : moved) {
            String kg = id.equals(d.get(0)) ? "200.00" : id.equals(rag) ? "20.00" : "151.50";
            as("driver").body(cmd("manifestNumber", m1, "weightKg", new BigDecimal(kg), "vehicleId", vehicle))
                    .post("/api/containers/" + id + "/collect").then().statusCode(200);
            as("keeper").body(cmd("storagePointId", storage, "weightKg", new BigDecimal(kg)))
                    .post("/api/containers/" + id + "/store").then().statusCode(200).body("state", equalTo("IN_STORAGE"));
        }
        transfer = as("collector").body(cmd("originPartyId", storage, "receiverPartyId", receiver, "vehicleId", vehicle,
                "labelIds", d.subList(0, 4))).post("/api/transfers").then().statusCode(201).extract().path("number");
        for (String id : d.subList(0, 4)) {
            as("driver").body(cmd("labelId", id)).post("/api/transfers/" + transfer + "/load").then().statusCode(200);
        }
        as("receiver").body(cmd("transferNumber", transfer, "weightKg", 200, "acceptance", "ACCEPTED"))
                .post("/api/containers/" + d.get(0) + "/receive").then().statusCode(200).body("state", equalTo("RECEIVED"));
        as("receiver").body(cmd("transferNumber", transfer, "weightKg", 151.5, "acceptance", "PARTIALLY_REFUSED", "refusedKg", 30,
                "reason", "含水量超标")).post("/api/containers/" + d.get(1) + "/receive").then().statusCode(200).body("state", equalTo("RECEIVED"));
        as("receiver").body(cmd("transferNumber", transfer, "weightKg", 151.5, "acceptance", "REFUSED", "reason", "标签与联单不符"))
                .post("/api/containers/" + d.get(2) + "/receive").then().statusCode(200).body("state", equalTo("REFUSED"));

        // Old custody, written as the service writes it (hash-chained), since the API cannot backdate events
        long driver = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            age(c, agedStored, driver, now.minus(Duration.ofDays(200)), "CONTAINER_STORED", "IN_STORAGE", now.minus(Duration.ofDays(190)));
            age(c, agedLoaded, driver, now.minus(Duration.ofDays(40)), "CONTAINER_LOADED", "IN_TRANSIT", now.minus(Duration.ofDays(30)));
            c.commit();
        }
        as("regulator").get("/api/audit/verify").then().log().ifValidationFails().statusCode(200).body("intact", equalTo(true));
    }

    private static String open(long generator, List<Map<String, Object>> lines) {
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", lines);
        return Manifests.open(body).log().ifValidationFails().statusCode(201).extract().path("number");
    }

    private static List<String> labels(String manifest, int line) {
        return as("collector").get("/api/manifests/" + manifest).then().statusCode(200).extract().path("lines[" + line + "].containers.labelId");
    }

    /** Collected at {@code collectedAt}, then one more event at {@code at} that puts it in {@code state}. */
    private void age(Connection c, String labelId, long user, Instant collectedAt, String type, String state, Instant at) throws SQLException {
        long id;
        long manifest;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, manifest_id FROM container WHERE label_id = ?")) {
            ps.setString(1, labelId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
                manifest = rs.getLong(2);
            }
        }
        BigDecimal kg = new BigDecimal("150.00");
        event(c, id, ContainerState.ISSUED, new CustodyEvent.ContainerCollected(collector, null, kg, false), manifest, user, collectedAt);
        event(c, id, ContainerState.COLLECTED, state.equals("IN_STORAGE") ? new CustodyEvent.ContainerStored(storage, collector, kg, false)
                : new CustodyEvent.ContainerLoaded(null, null), manifest, user, at);
        try (PreparedStatement ps = c.prepareStatement("UPDATE container SET state = ?, custodian_party_id = ?, storage_point_id = ?,"
                + " collected_weight_kg = ?, last_weight_kg = ?, last_event_at = ?, version = version + 2, updated_at = now() WHERE id = ?")) {
            ps.setString(1, state);
            ps.setLong(2, collector);
            ps.setObject(3, state.equals("IN_STORAGE") ? storage : null, java.sql.Types.BIGINT);
            ps.setBigDecimal(4, kg);
            ps.setBigDecimal(5, kg);
            ps.setObject(6, at.atOffset(ZoneOffset.UTC));
            ps.setLong(7, id);
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** Appends a (backdated) event after the container's last one, hashed and chained as the service would. */
    private void event(Connection c, long container, ContainerState from, CustodyEvent e, long manifest, long user, Instant at) throws SQLException {
        int seq;
        String prev;
        long generator;
        try (PreparedStatement ps = c.prepareStatement("SELECT e.seq, e.hash, k.generator_party_id FROM custody_event e JOIN container k"
                + " ON k.id = e.container_id WHERE e.container_id = ? ORDER BY e.seq DESC LIMIT 1")) {
            ps.setLong(1, container);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
                prev = rs.getString(2).strip();
                generator = rs.getLong(3);
            }
        }
        StoredEvent row = EventLog.row(new EventLog.NewEvent(container, seq, prev, from, UUID.randomUUID(), manifest, generator, user, collector,
                Context.NONE, e), at);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_event (hash_version, container_id, seq, type, from_state, to_state,"
                + " command_id, manifest_id, generator_party_id, storage_point_id, actor_user_id, actor_party_id, server_time, weight_kg,"
                + " weight_deviation, facts, prev_hash, hash) VALUES (2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, CAST(? AS jsonb), ?, ?)")) {
            ps.setLong(1, container);
            ps.setInt(2, seq);
            ps.setString(3, row.type());
            ps.setString(4, row.fromState());
            ps.setString(5, row.toState());
            ps.setObject(6, row.commandId());
            ps.setLong(7, manifest);
            ps.setLong(8, generator);
            ps.setObject(9, row.storagePointId(), java.sql.Types.BIGINT);
            ps.setLong(10, user);
            ps.setLong(11, collector);
            ps.setObject(12, row.serverTime().atOffset(ZoneOffset.UTC));
            ps.setBigDecimal(13, row.weightKg());
            ps.setString(14, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(row.facts()).toString());
            ps.setString(15, prev);
            ps.setString(16, row.hash());
            ps.executeUpdate();
        }
    }
}
