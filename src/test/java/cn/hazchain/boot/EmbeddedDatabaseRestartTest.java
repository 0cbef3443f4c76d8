package cn.hazchain.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded database keeps its data across restarts, also after the JVM holding it was killed. */
class EmbeddedDatabaseRestartTest {

    @Test
    void dataSurvivesAnOrderlyRestart() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart-");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertEquals(List.of("on", "on", "on"), db.durabilitySettings());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE probe (id int)");
                s.execute("INSERT INTO probe VALUES (42)");
            }
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir); Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM probe")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void restartAfterSigkillStopsTheLeftoverServerAndKeepsCommittedData() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseHolder.class.getName(), dir.toString(), "7")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("READY")) {
                // skip the server's start-up output
            }
            assertEquals("READY", line == null ? null : line.strip(), "child JVM did not start the database");
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        long leftover = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip());
        assertTrue(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false), "the postmaster should outlive the killed JVM");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir); Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, note FROM crash_probe")) {
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
            assertEquals("committed before the crash", rs.getString(2));
            assertTrue(ProcessHandle.of(leftover).map(p -> !p.isAlive()).orElse(true), "the leftover postmaster should be stopped");
        }
    }
}
