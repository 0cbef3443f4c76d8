package cn.hazchain.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.HandheldClient;
import cn.hazchain.support.HandheldClient.Answer;
import cn.hazchain.support.HandheldClient.Batch;
import cn.hazchain.support.HandheldClient.Drum;
import cn.hazchain.support.HttpJson;
import cn.hazchain.support.PackagedService;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Backup and restore of the embedded database (issue #7, data safety), against the packaged service run as a
 * child process: a handheld syncs COLLECT batches without pause while {@code java -jar quarkus-run.jar backup}
 * copies the running database; the backup is restored with {@code restore} into a new data directory and a second
 * service is started on it. Then, through the API of the restored service: every hash chain and signed checkpoint
 * verifies (so the label keys came along); every event answered before the backup started is there exactly once,
 * with the sequence number and server time it was answered with; whatever else is there is an event that was
 * answered, none half-written; and when the handheld resends everything, the events the backup missed are applied
 * and the others answer DUPLICATE, so each drum ends with exactly one event. A second restore into the same
 * directory is refused and changes nothing; once the original service is stopped, a cold backup of it is made.
 *
 * <p>Runs in {@code verify} (maven-failsafe-plugin). Alone: {@code ./mvnw -B verify -Dit.test=BackupRestoreIT
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}. Logs: {@code target/backup-it-*.log}.
 */
class BackupRestoreIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final int BATCH = 20;
    private static final int BATCHES = 30;

    /** What the original service answered for an event: the first answer, APPLIED. */
    record Applied(String labelId, int seq, Instant serverTime, long answeredAt) {
    }

    @Test
    void aBackupTakenUnderLoadRestoresIntoAServiceWhoseChainsVerifyAndWhichLosesNothingAnsweredBeforeIt() throws Exception {
        Path backup = Files.createTempDirectory("hazchain-backup-it").resolve("backup");
        Path restoredDir = Files.createTempDirectory("hazchain-restored-it");
        try (PackagedService original = PackagedService.fresh("hazchain-backup-it-original", Path.of("target", "backup-it-original.log"))) {
            original.start(READY);
            HttpJson api = original.api();
            String admin = api.demoToken("admin");
            String collector = api.demoToken("collector");
            long collectorParty = api.get(collector, "/api/auth/me").path("partyId").asLong();
            List<Long> generators = new ArrayList<>();
            api.get(admin, "/api/parties?kind=GENERATOR&size=10").path("items").forEach(p -> generators.add(p.path("id").asLong()));
            String serial = HandheldClient.enrol(api, admin, collectorParty, "BACKUP-IT-1", "BackupRestoreIT");
            HandheldClient handheld = HandheldClient.signIn(api, serial, "driver", "demo-driver");
            List<Drum> drums = new ArrayList<>();
            for (int m = 0; drums.size() < BATCH * BATCHES; m++) {
                drums.addAll(HandheldClient.issueDrums(api, collector, generators.get(m % generators.size()),
                        Math.min(HandheldClient.MAX_PER_MANIFEST, BATCH * BATCHES - drums.size())));
            }
            List<String> manifests = drums.stream().map(Drum::manifestNumber).distinct().toList();
            List<Batch> batches = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                batches.add(HandheldClient.collect(drums.subList(b * BATCH, (b + 1) * BATCH), null));
            }

            // ---- the first batches, and a signed checkpoint over them ----------------------------------------------
            Map<String, Applied> ledger = new HashMap<>();
            int next = 0;
            for (; next < 3; next++) {
                absorb(ledger, batches.get(next), handheld.sync(batches.get(next)));
            }
            var cp = api.send(admin, "POST", "/api/audit/checkpoints", null, Duration.ofMinutes(1));
            assertTrue(cp.statusCode() == 201 || cp.statusCode() == 204, "checkpoint: " + cp.statusCode() + " " + cp.body());

            // ---- the backup, while the handheld keeps syncing ---------------------------------------------------------
            AtomicReference<Throwable> loadError = new AtomicReference<>();
            int firstDuringLoad = next;
            Map<String, Applied> loadLedger = new java.util.concurrent.ConcurrentHashMap<>();
            Thread load = new Thread(() -> {
                try {
                    for (int b = firstDuringLoad; b < BATCHES; b++) {
                        absorb(loadLedger, batches.get(b), handheld.sync(batches.get(b)));
                    }
                } catch (Throwable t) {
                    loadError.set(t);
                }
            }, "handheld-load");
            load.start();
            while (loadLedger.size() < 2 * BATCH && load.isAlive()) { // the load is under way before the backup starts
                Thread.sleep(20);
            }
            long backupStart = System.nanoTime();
            int answeredBeforeBackup = loadLedger.size();
            PackagedService.Tool made = original.runTool("backup", backup.toString());
            long backupEnd = System.nanoTime();
            say("backup: %s", made.output());
            assertEquals(0, made.exitCode(), "backup: " + made.output());
            load.join();
            assertEquals(null, loadError.get(), "the handheld's load failed: " + loadError.get());
            ledger.putAll(loadLedger);
            long duringBackup = loadLedger.values().stream().filter(a -> a.answeredAt() > backupStart && a.answeredAt() < backupEnd).count();
            long afterBackup = loadLedger.values().stream().filter(a -> a.answeredAt() >= backupEnd).count();
            say("events answered: %d before the load, %d during the load before the backup started, %d while it ran, %d after",
                    next * BATCH, answeredBeforeBackup, duringBackup, afterBackup);
            assertTrue(duringBackup + afterBackup > 0, "the handheld was still syncing when the backup started");
            assertTrue(made.output().contains("online"), "a running service is backed up online: " + made.output());
            verify(api, "original, after the load");

            // ---- restore into a new directory; a second restore there is refused --------------------------------------
            try (PackagedService restored = PackagedService.on(restoredDir, Path.of("target", "backup-it-restored.log"),
                    List.of("-Dquarkus.log.category.\"io.zonky\".level=INFO"))) {
                PackagedService.Tool put = restored.runTool("restore", backup.toString());
                assertEquals(0, put.exitCode(), "restore: " + put.output());
                PackagedService.Tool again = restored.runTool("restore", backup.toString());
                assertEquals(1, again.exitCode(), "a restore over a restored database is refused: " + again.output());
                assertTrue(again.output().contains("nothing was overwritten"), again.output());
                original.stop();
                PackagedService.Tool cold = original.runTool("backup", backup.resolveSibling("cold").toString());
                assertEquals(0, cold.exitCode(), "a stopped service is backed up as it is: " + cold.output());
                assertTrue(cold.output().contains("cold (server stopped)"), cold.output());
                assertTrue(Files.isRegularFile(backup.resolveSibling("cold").resolve("postgres").resolve("PG_VERSION")), cold.output());

                restored.start(READY);
                assertTrue(restored.logLines().stream().anyMatch(l -> l.contains("completed backup recovery")),
                        "PostgreSQL replayed the backup's WAL (see target/backup-it-restored.log)");
                HttpJson copy = restored.api();
                String regulator = copy.demoToken("regulator");
                JsonNode report = verify(copy, "restored");
                assertTrue(report.path("checkpointsChecked").asInt() >= 1, "the checkpoint signed before the backup verifies: " + report);

                // every event answered before the backup started is there exactly once, as answered; nothing else but answered events
                Map<String, List<JsonNode>> trails = trails(copy, regulator, manifests);
                long beforeBackup = ledger.values().stream().filter(a -> a.answeredAt() < backupStart).count();
                int present = 0;
                for (Drum d : drums) {
                    List<JsonNode> events = trails.getOrDefault(d.labelId(), List.of());
                    Applied a = ledger.get(d.labelId());
                    assertTrue(events.size() <= 1, d.labelId() + " has at most one event: " + events);
                    if (a.answeredAt() < backupStart) {
                        assertEquals(1, events.size(), d.labelId() + " was answered before the backup started and is in it");
                    }
                    if (events.size() == 1) {
                        present++;
                        assertEquals(a.seq(), events.get(0).path("seq").asInt(), d.labelId() + ": the event answered");
                        assertEquals(a.serverTime(), Instant.parse(events.get(0).path("serverTime").asText()), d.labelId() + ": the event answered");
                    }
                }
                say("restored: %d of %d events (all %d answered before the backup started); audit intact: %d events, %d chains, %d checkpoints",
                        present, ledger.size(), beforeBackup, report.path("eventsChecked").asLong(), report.path("chainsChecked").asLong(),
                        report.path("checkpointsChecked").asInt());

                // the handheld resends everything: what the backup missed is applied, the rest answers DUPLICATE
                HandheldClient again2 = HandheldClient.signIn(copy, serial, "driver", "demo-driver");
                int applied = 0;
                int duplicates = 0;
                for (Batch b : batches) {
                    Answer a = again2.sync(b);
                    for (int i = 0; i < b.size(); i++) {
                        String result = a.result(i).path("result").asText();
                        if (result.equals("APPLIED")) {
                            applied++;
                        } else {
                            assertEquals("DUPLICATE", result, "resend: " + a.result(i));
                            duplicates++;
                        }
                    }
                }
                assertEquals(present, duplicates, "what the restored database holds answers DUPLICATE");
                assertEquals(drums.size() - present, applied, "what the backup missed is applied on resend");
                Map<String, List<JsonNode>> after = trails(copy, regulator, manifests);
                for (Drum d : drums) {
                    assertEquals(1, after.getOrDefault(d.labelId(), List.of()).size(), d.labelId() + " ends with exactly one event");
                }
                JsonNode end = verify(copy, "restored, after the resend");
                assertEquals(report.path("eventsChecked").asLong() + applied, end.path("eventsChecked").asLong(), "the log grew by the events applied");
            }
        } finally {
            deleteTree(backup.getParent());
            deleteTree(restoredDir);
        }
    }

    private static void absorb(Map<String, Applied> ledger, Batch b, Answer a) {
        long at = System.nanoTime();
        for (int i = 0; i < b.size(); i++) {
            JsonNode r = a.result(i);
            assertEquals("APPLIED", r.path("result").asText(), "first sync of event " + i + ": " + r);
            ledger.put(b.drums().get(i).labelId(), new Applied(b.drums().get(i).labelId(), r.path("eventSeq").asInt(),
                    Instant.parse(r.path("serverTime").asText()), at));
        }
    }

    private static Map<String, List<JsonNode>> trails(HttpJson api, String token, List<String> manifests) throws Exception {
        Map<String, List<JsonNode>> byLabel = new HashMap<>();
        for (String number : manifests) {
            // the custody events after each label's issue (every chain starts with it)
            api.get(token, "/api/manifests/" + number + "/trail").forEach(e -> {
                if (!"LABEL_ISSUED".equals(e.path("type").asText())) {
                    byLabel.computeIfAbsent(e.path("labelId").asText(), k -> new ArrayList<>()).add(e);
                }
            });
        }
        return byLabel;
    }

    private static JsonNode verify(HttpJson api, String which) throws Exception {
        JsonNode report = api.get(api.demoToken("regulator"), "/api/audit/verify");
        assertTrue(report.path("intact").asBoolean(false), "GET /api/audit/verify on the " + which + " service: " + report);
        return report;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("[backup-restore] " + String.format(format, args));
    }
}
