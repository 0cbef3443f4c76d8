package cn.hazchain.custody;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention (issue #7): evidence is never deleted or rewritten, and the database itself refuses it — not just the
 * absence of a route. Every attempt runs inside a transaction that is rolled back, so even a missing trigger could
 * not damage the shared test database.
 */
@QuarkusTest
class RetentionTest {

    /** The tables that hold evidence: append-only, whoever connects. */
    static final List<String> EVIDENCE = List.of("custody_event", "audit_checkpoint", "device_event", "alert_event", "photo");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyEvidenceTableRefusesUpdateDeleteAndTruncateInTheDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : EVIDENCE) {
                List<String> triggers = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT t.tgname, t.tgtype, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                        + " WHERE t.tgrelid = '" + table + "'::regclass AND NOT t.tgisinternal AND t.tgenabled = 'O'")) {
                    while (rs.next()) {
                        int type = rs.getInt(2);
                        if (rs.getString(3).startsWith("refuse_")) { // BEFORE triggers raising an error
                            if ((type & 16) != 0) { // TRIGGER_TYPE_UPDATE
                                triggers.add("UPDATE");
                            }
                            if ((type & 8) != 0) { // TRIGGER_TYPE_DELETE
                                triggers.add("DELETE");
                            }
                            if ((type & 32) != 0) { // TRIGGER_TYPE_TRUNCATE
                                triggers.add("TRUNCATE");
                            }
                        }
                    }
                }
                assertTrue(triggers.containsAll(List.of("UPDATE", "DELETE", "TRUNCATE")), table + " refuses UPDATE, DELETE and TRUNCATE: " + triggers);
            }
        }
    }

    @Test
    void truncatingAnyEvidenceTableFails_evenAsTheSuperuser() throws SQLException {
        for (String table : EVIDENCE) {
            SQLException refused = inRolledBackTransaction(s -> s.execute("TRUNCATE " + table + " CASCADE"));
            assertTrue(refused.getMessage().contains("append-only: TRUNCATE refused on " + table),
                    "TRUNCATE " + table + ": " + refused.getMessage());
        }
    }

    @Test
    void aRowOnceWrittenCannotBeChangedOrDeleted() throws SQLException {
        String photo = "INSERT INTO photo (sha256, content_type, size_bytes, content, uploaded_by)"
                + " SELECT repeat('ab', 32), 'image/jpeg', 3, '\\x010203'::bytea, min(id) FROM app_user";
        String checkpoint = "INSERT INTO audit_checkpoint (max_event_id, chain_count, heads_digest, key_id, signature)"
                + " VALUES (0, 0, repeat('0', 64), 'retention-test', 'x')";
        for (Map.Entry<String, String> change : Map.of(
                photo + "; UPDATE photo SET content_type = 'image/png' WHERE sha256 = repeat('ab', 32)", "UPDATE on photo",
                photo + "; DELETE FROM photo WHERE sha256 = repeat('ab', 32)", "DELETE on photo",
                checkpoint + "; UPDATE audit_checkpoint SET signature = 'y' WHERE key_id = 'retention-test'", "UPDATE on audit_checkpoint",
                checkpoint + "; DELETE FROM audit_checkpoint WHERE key_id = 'retention-test'", "DELETE on audit_checkpoint").entrySet()) {
            SQLException refused = inRolledBackTransaction(s -> {
                for (String sql : change.getKey().split("; ")) {
                    s.execute(sql);
                }
            });
            String[] what = change.getValue().split(" on ");
            assertTrue(refused.getMessage().contains("append-only: " + what[0] + " refused on " + what[1]), change.getValue() + ": " + refused.getMessage());
        }
    }

    @Test
    void theApiHasNoRouteThatDeletesARecord() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String> deletes = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (methods.containsKey("delete")) {
                deletes.add(path);
            }
        });
        // Signing out of a shift ends the session (it stays in device_session with its end time); nothing is deleted.
        assertEquals(List.of("/api/mobile/v1/sessions/current"), deletes);
    }

    interface Sql {
        void run(Statement s) throws SQLException;
    }

    /** Runs {@code sql} in a transaction that is always rolled back, and returns the error it must raise. */
    private SQLException inRolledBackTransaction(Sql sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                return assertThrows(SQLException.class, () -> sql.run(s));
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        }
    }
}
