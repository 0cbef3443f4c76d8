package cn.hazchain.custody.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.boot.EmbeddedDatabase;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.label.LabelKeyRing;
import cn.hazchain.label.PlatformSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A database written by the release before typed events (src/test/resources/fixtures/history-v1) is loaded at its
 * schema (V11), migrated to today's, and still verifies: every hash chain (version 1 events, and version 2 events
 * appended after them), the signed checkpoint, and the facts V12 derived from the events' text.
 */
class LegacyHistoryTest {

    static final String FIXTURE = "/fixtures/history-v1/";
    /** The fixture's tables in load order (treatment_method is reference data V1 inserts itself). */
    static final List<String> TABLES = List.of("catalogue_edition", "party", "vehicle", "licence", "licence_intake",
            "app_user", "manifest_counter", "manifest", "manifest_line", "label_counter", "lot", "transfer", "container", "transfer_item",
            "custody_event", "command_log", "audit_checkpoint", "device", "device_session", "collection_round", "round_stop", "photo",
            "device_event", "alert", "alert_party", "alert_event", "outbox", "manifest_progress", "transfer_progress");

    static EmbeddedDatabase db;
    static Path keys;

    @BeforeAll
    static void loadAndMigrate() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "legacy-history-");
        db = EmbeddedDatabase.start(dir.resolve("postgres"));
        Flyway flyway = Flyway.configure().dataSource(db.jdbcUrl(), EmbeddedDatabase.SUPERUSER, "").locations("classpath:db/migration")
                .target("11").load();
        flyway.migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // the rows are a consistent copy: no FK or trigger work
            for (String table : TABLES) {
                try (InputStream in = LegacyHistoryTest.class.getResourceAsStream(FIXTURE + table + ".csv")) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT c.relname, a.attname FROM pg_class c JOIN pg_depend d ON d.objid = c.oid"
                    + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE c.relkind = 'S'")) {
                List<String> fix = new ArrayList<>();
                while (rs.next()) {
                    fix.add("SELECT setval('" + rs.getString(1) + "', greatest(1, (SELECT coalesce(max(" + rs.getString(2) + "), 0) FROM "
                            + rs.getString(1).replaceAll("_" + rs.getString(2) + "_seq$", "") + ")))");
                }
                for (String f : fix) {
                    try (Statement t = c.createStatement()) {
                        t.execute(f);
                    }
                }
            }
        }
        Flyway.configure().dataSource(db.jdbcUrl(), EmbeddedDatabase.SUPERUSER, "").locations("classpath:db/migration").load().migrate();
        keys = Files.createDirectories(dir.resolve("keys"));
        for (String f : List.of("ring.properties", "ykmr.pem")) {
            try (InputStream in = LegacyHistoryTest.class.getResourceAsStream(FIXTURE + "keys/" + f)) {
                Files.copy(in, keys.resolve(f));
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (db != null) {
            db.close();
        }
    }

    /** Every chain, event by event, as GET /api/audit/verify walks it; the first problem or null. */
    static String verifyChains(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM custody_event ORDER BY container_id, seq")) {
            long container = -1;
            int expected = 0;
            String prev = null;
            while (rs.next()) {
                StoredEvent row = AuditService.row(rs);
                if (row.containerId() != container) {
                    container = row.containerId();
                    expected = 1;
                    prev = null;
                }
                String problem = AuditService.problem(row, expected, prev);
                if (problem != null) {
                    return "event " + row.id() + " (container " + row.containerId() + ", seq " + row.seq() + ", v" + row.hashVersion() + "): " + problem;
                }
                expected = row.seq() + 1;
                prev = row.hash();
            }
        }
        AuditService.Broken derived = AuditService.derivedFieldsProblem(c, null);
        return derived == null ? null : "event " + derived.eventId() + ": " + derived.problem();
    }

    @Test
    void chainsOfTheEarlierRelease_stillVerify_afterTheMigration() throws Exception {
        try (Connection c = db.connect()) {
            assertNull(verifyChains(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE hash_version = 1)"
                    + " FROM custody_event WHERE id <= (SELECT max(max_event_id) FROM audit_checkpoint)")) {
                rs.next();
                assertEquals(48, rs.getLong(1), "the fixture's 48 events");
                assertEquals(48, rs.getLong(2), "all written as version 1");
            }
        }
    }

    @Test
    void theSignedCheckpointOfTheEarlierRelease_stillMatchesTheChainHeads() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max_event_id, chain_count, heads_digest, key_id, signature FROM audit_checkpoint ORDER BY id LIMIT 1")) {
            rs.next();
            long max = rs.getLong(1);
            AuditService.Heads heads = AuditService.heads(c, max);
            assertEquals(rs.getInt(2), heads.count());
            assertEquals(rs.getString(3).strip(), heads.digest());
            assertTrue(new PlatformSignatures(LabelKeyRing.openOrCreate(keys)).verify(AuditService.CHECKPOINT_DOMAIN,
                    AuditService.message(max, heads.count(), heads.digest()), rs.getString(4), rs.getString(5)), "the signature checks");
        }
    }

    @Test
    void theMigration_derivesEachEventsFacts_fromItsText() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            Map<String, List<Map<String, String>>> factsByType = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT type, facts::text FROM custody_event WHERE hash_version = 1 ORDER BY id")) {
                while (rs.next()) {
                    factsByType.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Facts.parse(rs.getString(2)));
                }
            }
            assertTrue(factsByType.get("CONTAINER_RECEIVED").contains(Map.of("acceptance", "PARTIALLY_REFUSED", "refusedKg", "2.5", "reason", "含水率超标")),
                    factsByType.get("CONTAINER_RECEIVED").toString());
            assertTrue(factsByType.get("CONTAINER_RECEIVED").contains(Map.of("acceptance", "ACCEPTED", "refusedKg", "0")));
            Map<String, String> refused = factsByType.get("CONTAINER_REFUSED").get(0);
            assertEquals("REFUSED", refused.get("acceptance"));
            assertEquals("标签与实物不符", refused.get("reason"));
            assertTrue(factsByType.get("CONTAINER_DISPOSED").stream().allMatch(f -> f.equals(Map.of("method", "D10", "certificate", "CZ-2026-0001",
                    "disposedOn", f.get("disposedOn"))) && f.get("disposedOn").matches("\\d{4}-\\d{2}-\\d{2}")));
            assertTrue(factsByType.get("CONTAINER_CANCELLED").stream().allMatch(f -> f.equals(Map.of("reason", "企业停产"))));
            assertTrue(factsByType.get("CONTAINER_COLLECTED").stream().allMatch(Map::isEmpty));
            // the refused drum's typed receipt reads back as the event a reader needs
            try (ResultSet rs = s.executeQuery("SELECT * FROM custody_event WHERE type = 'CONTAINER_REFUSED'")) {
                rs.next();
                CustodyEvent.ContainerRefused e = (CustodyEvent.ContainerRefused) AuditService.row(rs).event();
                assertEquals("标签与实物不符", e.reason());
                assertTrue(e.weightKg().signum() > 0);
            }
            // every stay names its storage point, and every event its generator; containers remember where they were stored
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE e.storage_point_id IS DISTINCT FROM p.id),"
                    + " count(*) FILTER (WHERE e.generator_party_id <> c.generator_party_id), count(*)"
                    + " FROM custody_event e JOIN container c ON c.id = e.container_id, party p"
                    + " WHERE e.type = 'CONTAINER_STORED' AND p.kind = 'STORAGE_POINT'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "stays naming another point");
                assertEquals(0, rs.getLong(2), "events naming another generator");
                assertTrue(rs.getLong(3) >= 6, "the fixture's stays");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM container WHERE collected_weight_kg IS NOT NULL AND state <> 'COLLECTED'"
                    + " AND last_storage_point_id IS NULL")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "stored containers without their last storage point");
            }
        }
    }

    @Test
    void aTypedEvent_continuesAChainOfTheEarlierRelease_andBothVerify() throws Exception {
        try (Connection c = db.connect()) {
            long container;
            int seq;
            String hash;
            long manifest;
            long generator;
            long point;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT e.container_id, e.seq, e.hash, e.manifest_id,"
                    + " e.generator_party_id, k.storage_point_id FROM custody_event e JOIN container k ON k.id = e.container_id"
                    + " WHERE k.state = 'IN_STORAGE' ORDER BY e.container_id, e.seq DESC LIMIT 1")) {
                rs.next();
                container = rs.getLong(1);
                seq = rs.getInt(2);
                hash = rs.getString(3).strip();
                manifest = rs.getLong(4);
                generator = rs.getLong(5);
                point = rs.getLong(6);
            }
            StoredEvent row = EventLog.row(new EventLog.NewEvent(container, seq + 1, hash, ContainerState.IN_STORAGE, UUID.randomUUID(),
                    manifest, generator, 1, point, Context.NONE, new CustodyEvent.ContainerAddedToLot(null)), Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_event (hash_version, container_id, seq, type, from_state, to_state,"
                    + " command_id, manifest_id, generator_party_id, actor_user_id, actor_party_id, server_time, weight_deviation, facts, prev_hash, hash)"
                    + " VALUES (2, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, false, '{}', ?, ?)")) {
                ps.setLong(1, container);
                ps.setInt(2, row.seq());
                ps.setString(3, row.type());
                ps.setString(4, row.fromState());
                ps.setString(5, row.toState());
                ps.setObject(6, row.commandId());
                ps.setLong(7, manifest);
                ps.setLong(8, generator);
                ps.setLong(9, point);
                ps.setObject(10, row.serverTime().atOffset(java.time.ZoneOffset.UTC));
                ps.setString(11, hash);
                ps.setString(12, row.hash());
                ps.executeUpdate();
            }
            assertNull(verifyChains(c), "a chain of version 1 events continued by a version 2 one");
            // and a change to the new event's facts (outside any column a version 1 hash knows) is caught
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("UPDATE custody_event SET weight_kg = 1.00 WHERE container_id = " + container + " AND seq = " + row.seq());
                assertTrue(String.valueOf(verifyChains(c)).contains("does not match its hash"));
                s.execute("UPDATE custody_event SET weight_kg = NULL WHERE container_id = " + container + " AND seq = " + row.seq());
                // a derived fact of a version 1 event, changed without its text, is caught too
                s.execute("UPDATE custody_event SET facts = '{\"acceptance\":\"ACCEPTED\",\"refusedKg\":\"0\"}' WHERE type = 'CONTAINER_REFUSED'");
                assertTrue(String.valueOf(verifyChains(c)).contains("no longer agree with its hashed details"), verifyChains(c));
                s.execute("UPDATE custody_event SET facts = custody_v1_facts(type, details) WHERE type = 'CONTAINER_REFUSED'");
            }
            assertNull(verifyChains(c));
        }
    }
}
