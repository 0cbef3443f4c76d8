package cn.hazchain.search;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.manifest.ManifestState;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The search's read model (V9: manifest_progress, transfer_progress): the stored states are the states the rules
 * derive, for every row in the database, the single-record routes show them, and they stay so when two transactions change
 * one manifest at the same time.
 */
@QuarkusTest
class ReadModelTest {

    @Inject
    AgroalDataSource db;

    @Test
    void everyStoredStateIsTheStateTheRulesDerive() throws Exception {
        SearchWorld.get(db); // manifests and a transfer walked through custody, if no other test made them yet
        String cancelledNumber = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(12))).statusCode(201).extract().path("number");
        as("collector").body(Map.of("reason", "读模型测试")).post("/api/manifests/" + cancelledNumber + "/cancel").then().statusCode(200);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // the triggers kept every row: the stored tables equal the SQL rules, row for row, none missing
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM manifest m LEFT JOIN manifest_progress p ON p.manifest_id = m.id"
                    + " JOIN manifest_progress_derived d ON d.manifest_id = m.id WHERE p.state IS DISTINCT FROM d.state")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "manifests whose stored state is not the derived one");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM transfer t LEFT JOIN transfer_progress p ON p.transfer_id = t.id"
                    + " JOIN transfer_progress_derived d ON d.transfer_id = t.id"
                    + " WHERE (p.state, p.generators) IS DISTINCT FROM (d.state, d.generators)")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "transfers whose stored state is not the derived one");
            }
            // the rule has one definition, the view: the single-record route shows exactly what the lists and the search store
            List<String[]> manifests = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT m.number, p.state FROM manifest m JOIN manifest_progress p ON p.manifest_id = m.id"
                    + " ORDER BY m.id DESC LIMIT 40")) {
                while (rs.next()) {
                    manifests.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertTrue(manifests.stream().map(m -> m[1]).toList().containsAll(List.of("IN_PROGRESS", "OPEN", "CANCELLED")),
                    "the sample holds manifests of every state the world made");
            for (String[] m : manifests) {
                assertEquals(m[1], as("regulator").get("/api/manifests/" + m[0]).then().statusCode(200).extract().path("state"), "manifest " + m[0]);
            }
            // and the view says what the rule says, on the cancelled manifest and one of each kind of container mix
            assertEquals(ManifestState.CANCELLED.name(), stateOf(s, cancelledNumber));
            // and the transfer route (TrailService.transfer) shows what is stored
            List<String[]> transfers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT t.number, p.state FROM transfer t JOIN transfer_progress p ON p.transfer_id = t.id ORDER BY t.id DESC LIMIT 50")) {
                while (rs.next()) {
                    transfers.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertFalse(transfers.isEmpty());
            for (String[] t : transfers) {
                assertEquals(t[1], as("regulator").get("/api/transfers/" + t[0]).then().statusCode(200).extract().path("state"), "transfer " + t[0]);
            }
        }
    }

    private static String stateOf(Statement s, String number) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT d.state FROM manifest m JOIN manifest_progress_derived d ON d.manifest_id = m.id"
                + " WHERE m.number = '" + number + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Which container transitions can move a manifest's or a transfer's derived state (the others note nothing). */
    @Test
    void onlyTransitionsThatCanMoveADerivedStateAreNoted() throws Exception {
        String[][] manifestMoves = {{"ISSUED", "COLLECTED", "t"}, {"ISSUED", "CANCELLED", "t"}, {"RECEIVED", "DISPOSED", "t"},
                {"COLLECTED", "IN_STORAGE", "f"}, {"IN_STORAGE", "IN_TRANSIT", "f"}, {"IN_TRANSIT", "RECEIVED", "f"}, {"IN_TRANSIT", "REFUSED", "f"}};
        String[][] transferMoves = {{"IN_STORAGE", "IN_TRANSIT", "t"}, {"COLLECTED", "IN_TRANSIT", "t"}, {"IN_TRANSIT", "RECEIVED", "t"},
                {"RECEIVED", "DISPOSED", "t"}, {"IN_TRANSIT", "REFUSED", "t"}, {"REFUSED", "IN_STORAGE", "t"},
                {"ISSUED", "COLLECTED", "f"}, {"COLLECTED", "IN_STORAGE", "f"}, {"DISPOSED", "REFUSED", "f"}};
        try (Connection c = db.getConnection(); PreparedStatement m = c.prepareStatement("SELECT progress_manifest_moves(?, ?)");
             PreparedStatement t = c.prepareStatement("SELECT progress_transfer_moves(?, ?)")) {
            for (String[] move : manifestMoves) {
                assertEquals("t".equals(move[2]), ask(m, move), "manifest, " + move[0] + " -> " + move[1]);
            }
            for (String[] move : transferMoves) {
                assertEquals("t".equals(move[2]), ask(t, move), "transfer, " + move[0] + " -> " + move[1]);
            }
        }
    }

    private static boolean ask(PreparedStatement ps, String[] move) throws SQLException {
        ps.setString(1, move[0]);
        ps.setString(2, move[1]);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Two transactions each dispose of one of a manifest's two drums. The first computes the state at its commit
     * (IN_PROGRESS: the other drum is not disposed in what it sees) and holds the progress row until it commits; the
     * second waits for that row, then reads with a fresh snapshot and sees both drums disposed: CLOSED. Without the
     * lock or the fresh read, both would store IN_PROGRESS.
     */
    @Test
    void twoTransactionsClosingOneManifestTogetherStoreClosed() throws Exception {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(12)); // a generator no other test counts
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        List<Long> containers = new ArrayList<>();
        long manifestId;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT m.id, c.id FROM manifest m JOIN container c ON c.manifest_id = m.id WHERE m.number = ? ORDER BY c.id")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                manifestId = rs.getLong(1);
                do {
                    containers.add(rs.getLong(2));
                } while (rs.next());
            }
        }
        assertTrue(containers.size() >= 2, "the typical pickup has at least two containers");
        assertEquals("OPEN", stored(manifestId));
        // every container but the last two disposed already; those two COLLECTED (no custody route makes this in one go)
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < containers.size(); i++) {
                s.executeUpdate("UPDATE container SET state = '" + (i < containers.size() - 2 ? "DISPOSED" : "COLLECTED") + "' WHERE id = " + containers.get(i));
            }
        }
        assertEquals("IN_PROGRESS", stored(manifestId));
        long first = containers.get(containers.size() - 2);
        long second = containers.get(containers.size() - 1);

        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                sa.executeUpdate("UPDATE container SET state = 'DISPOSED' WHERE id = " + first);
                sa.execute("SET CONSTRAINTS ALL IMMEDIATE"); // A's commit-time refresh, now: it sees the second drum COLLECTED
                sb.executeUpdate("UPDATE container SET state = 'DISPOSED' WHERE id = " + second);
                CompletableFuture<Void> bRefresh = CompletableFuture.runAsync(() -> {
                    try {
                        sb.execute("SET CONSTRAINTS ALL IMMEDIATE"); // waits for A's lock on the progress row
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(300);
                assertFalse(bRefresh.isDone(), "B must wait for A's progress row");
                a.commit();
                bRefresh.get(30, TimeUnit.SECONDS);
                b.commit();
            }
        }
        assertEquals("CLOSED", stored(manifestId));
        as("regulator").queryParam("manifest", number).get("/api/search/manifests").then().statusCode(200)
                .body("items[0].state", org.hamcrest.Matchers.equalTo("CLOSED"));
    }

    private String stored(long manifestId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT state FROM manifest_progress WHERE manifest_id = ?")) {
            ps.setLong(1, manifestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
