package cn.hazchain.custody;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.custody.log.AuditService;
import cn.hazchain.custody.log.EventHash;
import cn.hazchain.support.Manifests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tamper evidence, replayed commands and two devices racing on one container. */
@QuarkusTest
class AuditAndRacesTest {

    @Inject
    EntityManager em;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    static String[] issuedContainer(int generator) {
        Map<String, Object> m = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(generator))).statusCode(201).extract().path("");
        String labelId = as("collector").get("/api/manifests/" + m.get("number")).then().extract().path("lines[0].containers[0].labelId");
        return new String[] {(String) m.get("number"), labelId};
    }

    static Response collect(String user, String labelId, String manifest, String commandId) {
        return as(user).body(Map.of("commandId", commandId, "manifestNumber", manifest, "weightKg", 150)).post("/api/containers/" + labelId + "/collect");
    }

    @Test
    void repeatingACommandReturnsTheFirstResultAndWritesNothing() {
        String[] c = issuedContainer(1);
        String commandId = UUID.randomUUID().toString();
        String first = collect("driver", c[1], c[0], commandId).then().statusCode(200).extract().asString();
        Response again = collect("driver", c[1], c[0], commandId);
        again.then().statusCode(200).header("Idempotent-Replay", "true");
        assertEquals(first, again.asString());
        // the label's issue and one collection: the repeat wrote nothing
        as("driver").get("/api/containers/" + c[1] + "/trail").then().body("type", equalTo(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED")));
    }

    @Test
    void illegalTransitionIs409NamingCurrentAndRequiredStates() {
        String[] c = issuedContainer(2);
        long storage = cn.hazchain.support.Fixtures.partyIdOf("keeper");
        as("keeper").body(Map.of("commandId", UUID.randomUUID().toString(), "storagePointId", storage, "weightKg", 150))
                .post("/api/containers/" + c[1] + "/store").then().statusCode(409).contentType("application/problem+json")
                .body("currentState", equalTo("ISSUED")).body("requiredStates", equalTo(List.of("COLLECTED", "REFUSED")))
                .body("detail", containsString("is ISSUED"));
    }

    @Test
    void labelNotOnTheManifestIsRefusedAtCollection() {
        String[] a = issuedContainer(3);
        String[] b = issuedContainer(4);
        collect("driver", a[1], b[0], UUID.randomUUID().toString()).then().statusCode(422).body("detail", containsString("not on " + b[0]));
    }

    @Test
    void onlyTheManifestsCollectorCollects() {
        String[] c = issuedContainer(5);
        collect("receiver", c[1], c[0], UUID.randomUUID().toString()).then().statusCode(404);
        collect("keeper", c[1], c[0], UUID.randomUUID().toString()).then().statusCode(403);
    }

    @Test
    void twoDevicesCollectingAtOnceOneWinsTheOtherIsToldWhy() throws Exception {
        for (int round = 0; round < 5; round++) {
            String[] c = issuedContainer(6);
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Response>> results = new ArrayList<>();
            for (String user : List.of("driver", "collector")) {
                Callable<Response> call = () -> {
                    start.await();
                    return collect(user, c[1], c[0], UUID.randomUUID().toString());
                };
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : results) {
                Response r = f.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 409) {
                    assertEquals("COLLECTED", r.path("currentState"), r.asString());
                }
            }
            pool.shutdown();
            statuses.sort(Integer::compare);
            assertEquals(List.of(200, 409), statuses);
            as("collector").get("/api/containers/" + c[1] + "/trail").then().body("type", equalTo(List.of("LABEL_ISSUED", "CONTAINER_COLLECTED")));
        }
    }

    @Test
    void staleExpectedVersionIs409() {
        String[] c = issuedContainer(7);
        as("driver").body(Map.of("commandId", UUID.randomUUID().toString(), "manifestNumber", c[0], "weightKg", 150, "expectedVersion", 99))
                .post("/api/containers/" + c[1] + "/collect").then().statusCode(409).body("currentState", equalTo("ISSUED"));
    }

    @Test
    void applicationCannotUpdateOrDeleteEvents() {
        String[] c = issuedContainer(8);
        collect("driver", c[1], c[0], UUID.randomUUID().toString()).then().statusCode(200);
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("UPDATE custody_event SET weight_kg = 1").executeUpdate()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("DELETE FROM custody_event").executeUpdate()));
    }

    @Test
    void tamperingAsSuperuserIsFoundAndNamed() throws Exception {
        String[] c = issuedContainer(9);
        collect("driver", c[1], c[0], UUID.randomUUID().toString()).then().statusCode(200);
        as("admin").post("/api/audit/checkpoints").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
        // the collection (the first event is the label's issue, which weighs nothing)
        long eventId = ((Number) as("regulator").get("/api/containers/" + c[1] + "/trail").then().extract().path("[1].eventId")).longValue();
        String originalHash = as("regulator").get("/api/containers/" + c[1] + "/trail").then().extract().path("[1].hash");
        try (var conn = dataSource.getConnection(); var s = conn.createStatement()) {
            // As the database superuser, bypassing the append-only trigger
            s.execute("SET session_replication_role = replica");
            s.execute("UPDATE custody_event SET weight_kg = 99.00 WHERE id = " + eventId);
            try {
                Map<String, Object> report = as("regulator").get("/api/audit/verify").then().statusCode(200)
                        .body("intact", equalTo(false)).extract().path("");
                Map<?, ?> broken = (Map<?, ?>) report.get("firstBroken");
                assertEquals(eventId, ((Number) broken.get("eventId")).longValue());
                assertTrue(((String) broken.get("problem")).contains("changed"));

                // A cleverer forger also recomputes the hash: the chain then holds, but the signed checkpoint does not.
                String rehashed;
                try (var rs = s.executeQuery("SELECT * FROM custody_event WHERE id = " + eventId)) {
                    rs.next();
                    rehashed = EventHash.of(AuditService.row(rs));
                }
                s.execute("UPDATE custody_event SET hash = '" + rehashed + "' WHERE id = " + eventId);
                Map<String, Object> second = as("regulator").get("/api/audit/verify").then().statusCode(200)
                        .body("intact", equalTo(false)).extract().path("");
                assertTrue(String.valueOf(second.get("checkpointProblem")).contains("no longer match"), second.toString());
            } finally {
                s.execute("UPDATE custody_event SET weight_kg = 150.00, hash = '" + originalHash + "' WHERE id = " + eventId);
                s.execute("SET session_replication_role = origin");
            }
        }
        as("regulator").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void onlyRegulatorsAndAdministratorsVerify() {
        as("collector").get("/api/audit/verify").then().statusCode(403);
    }
}
