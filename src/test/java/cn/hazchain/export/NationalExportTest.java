package cn.hazchain.export;

import static cn.hazchain.export.ExportSteps.collect;
import static cn.hazchain.export.ExportSteps.labels;
import static cn.hazchain.export.ExportSteps.openTypical;
import static cn.hazchain.export.ExportSteps.payload;
import static cn.hazchain.export.ExportSteps.rows;
import static cn.hazchain.support.Api.anonymous;
import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The outbox as written with the export off (the default): rows in the transaction of the change, coalesced
 * updates, the document and who may read what. Delivery is in {@link NationalExportDeliveryTest}.
 */
@QuarkusTest
class NationalExportTest {

    @Test
    void issuingWritesOneIssuedRowCarryingTheDocument() {
        long generator = Fixtures.partyIdOf("generator");
        String uscc = as("admin").get("/api/parties/" + generator).then().extract().path("uscc");
        String number = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201).extract().path("number");

        List<Map<String, Object>> rows = rows(number);
        assertEquals(1, rows.size(), rows.toString());
        Map<String, Object> row = rows.get(0);
        assertEquals("manifest.issued", row.get("topic"));
        assertEquals(number, row.get("manifestNumber"));
        assertEquals("PENDING", row.get("status"));
        assertEquals(0, row.get("attempts"));

        as("regulator").get("/api/exports/national/outbox/" + row.get("id")).then().statusCode(200)
                .body("entry.id", equalTo(row.get("id")))
                .body("payload.schema", equalTo("hazchain.manifest.v1"))
                .body("payload.manifestNumber", equalTo(number))
                .body("payload.kind", equalTo("PICKUP"))
                .body("payload.state", equalTo("OPEN"))
                .body("payload.generator.uscc", equalTo(uscc))
                .body("payload.collector.name", notNullValue())
                .body("payload.lines", hasSize(2))
                .body("payload.lines[0].wasteCode", equalTo("900-214-08"))
                .body("payload.lines[0].category", equalTo("HW08"))
                .body("payload.lines[0].categoryName", notNullValue())
                .body("payload.lines[0].containerCount", equalTo(2))
                .body("payload.lines[0].quantities.estimatedKg", equalTo(310.5f))
                .body("payload.lines[1].physicalForm", equalTo("SOLID"))
                .body("payload.containers", hasSize(3))
                .body("payload.containers[0].state", equalTo("ISSUED"))
                .body("payload.containers[0].labelId", notNullValue())
                .body("payload.custody.containersByState.ISSUED", equalTo(3))
                .body("payload.custody.quantities.estimatedKg", equalTo(322.75f))
                .body("payload.custody.quantities.collectedKg", equalTo(0.0f))
                .body("payload.cancellation", nullValue())
                .body("payload.issuedAt", notNullValue())
                .body("payload.generatedAt", notNullValue());

        // the document as it would be sent now: the same manifest, for its own generator too
        as("generator").get("/api/exports/national/manifests/" + number).then().statusCode(200)
                .body("schema", equalTo("hazchain.manifest.v1")).body("manifestNumber", equalTo(number))
                .body("generator.uscc", equalTo(uscc)).body("containers", hasSize(3)).body("lastEventAt", notNullValue());
    }

    @Test
    void aFailedIssueLeavesNoRow_becauseTheRowIsInTheSameTransaction() {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(3));
        body.put("note", FailAfterOutbox.MARK);
        String detail = Manifests.open(body).statusCode(422).body("type", containsString("test-fault")).extract().path("detail");
        Matcher m = Pattern.compile("wrote (\\d+) row\\(s\\) for (\\d{14})").matcher(detail);
        assertTrue(m.find(), detail);
        assertEquals("1", m.group(1), "the outbox row was written inside the issuing transaction: " + detail);
        String number = m.group(2);
        // rolled back with the manifest: the number is free again and no row names it
        as("regulator").get("/api/manifests/" + number).then().statusCode(404);
        as("regulator").get("/api/exports/national/outbox?manifest=" + number).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void custodyChangesCoalesceIntoOneWaitingUpdate() {
        String number = openTypical(4);
        List<String> labels = labels(number);
        collect(number, labels.get(0), 160);
        collect(number, labels.get(1), 151);
        collect(number, labels.get(2), 12);

        List<Map<String, Object>> rows = rows(number);
        assertEquals(List.of("manifest.issued", "manifest.updated"), rows.stream().map(r -> r.get("topic")).toList(), rows.toString());
        Map<String, Object> update = rows.get(1);
        assertEquals("PENDING", update.get("status"));
        assertEquals(0, update.get("attempts"));
        Map<String, Object> doc = payload(update.get("id"));
        assertEquals("IN_PROGRESS", doc.get("state"));
        assertEquals(Map.of("COLLECTED", 3), ((Map<?, ?>) doc.get("custody")).get("containersByState"));
        assertEquals(323.0, ((Number) ((Map<?, ?>) ((Map<?, ?>) doc.get("custody")).get("quantities")).get("collectedKg")).doubleValue(), 0.001);
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * The "manifest.updated" row is refreshed just before the commit, inside Hibernate's own before-completion: when
     * that fails (here PostgreSQL refuses the row, by a trigger this test adds for its manifest alone), the custody
     * change does not commit either, and the same command goes through once the row can be written.
     */
    @Test
    void aFailedDocumentRefreshRollsTheCustodyChangeBack() throws Exception {
        String number = openTypical(6);
        List<String> labels = labels(number);
        String function = "test_refuse_update_" + number;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.aggregate_key = '" + number
                    + "' AND NEW.topic = 'manifest.updated' THEN RAISE EXCEPTION 'injected: no outbox row for %', NEW.aggregate_key; END IF;"
                    + " RETURN NEW; END $$");
            st.execute("CREATE TRIGGER " + function + " BEFORE INSERT OR UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION " + function + "()");
        }
        long collector = Fixtures.partyIdOf("collector");
        int vehicle = as("collector").get("/api/vehicles?ownerPartyId=" + collector).then().extract().path("items[0].id");
        Map<String, Object> command = ExportSteps.cmd("manifestNumber", number, "weightKg", 160, "vehicleId", vehicle);
        try {
            int status = as("driver").body(command).post("/api/containers/" + labels.get(0) + "/collect").then().extract().statusCode();
            assertTrue(status >= 500, "the commit failed, so the command did not succeed: " + status);
            as("collector").get("/api/containers/" + labels.get(0)).then().statusCode(200).body("state", equalTo("ISSUED"));
            assertEquals(List.of("manifest.issued"), rows(number).stream().map(r -> r.get("topic")).toList());
        } finally {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER " + function + " ON outbox");
                st.execute("DROP FUNCTION " + function + "()");
            }
        }
        // the same command again (same commandId): nothing of the failed one was kept, so it applies now
        as("driver").body(command).post("/api/containers/" + labels.get(0) + "/collect").then().statusCode(200).body("state", equalTo("COLLECTED"));
        assertEquals(List.of("manifest.issued", "manifest.updated"), rows(number).stream().map(r -> r.get("topic")).toList());
    }

    @Inject
    ManifestDocuments documents;

    /** Documents built together (the outbox's refresh at commit) are each manifest's own, as built one by one. */
    @Test
    void documentsBuiltTogetherAreEachManifestsOwn() throws Exception {
        String a = openTypical(7);
        String b = openTypical(8);
        collect(a, labels(a).get(0), 160);
        Map<String, Long> ids = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT number, id FROM manifest WHERE number IN ('" + a + "', '" + b + "')")) {
            while (rs.next()) {
                ids.put(rs.getString(1).strip(), rs.getLong(2));
            }
        }
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            Map<Long, ManifestDocument> together = documents.buildAll(List.of(ids.get(b), ids.get(a), -1L));
            assertEquals(java.util.Set.of(ids.get(a), ids.get(b)), together.keySet(), "a manifest that does not exist has no document");
            for (String number : List.of(a, b)) {
                ManifestDocument alone = documents.build(ids.get(number));
                ManifestDocument built = together.get(ids.get(number));
                assertEquals(number, built.manifestNumber());
                assertEquals(withoutBuildTime(alone), withoutBuildTime(built));
                // and the document holds this manifest's own lines and labels, as the manifest API shows them
                assertEquals(labels(number), built.containers().stream().map(ManifestDocument.Container::labelId).toList());
            }
            assertEquals(Map.of("COLLECTED", 1, "ISSUED", 2), together.get(ids.get(a)).custody().containersByState());
            assertEquals(Map.of("ISSUED", 3), together.get(ids.get(b)).custody().containersByState());
        });
    }

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** The document as JSON, without the time it was built at. */
    private com.fasterxml.jackson.databind.JsonNode withoutBuildTime(ManifestDocument doc) {
        com.fasterxml.jackson.databind.node.ObjectNode node = json.valueToTree(doc);
        node.remove("generatedAt");
        return node;
    }

    @Test
    void cancellingWritesOneCancelledRow_andNoUpdateForTheCancelledContainers() {
        String number = openTypical(5);
        as("collector").body(Map.of("reason", "产废单位取消 pickup called off")).post("/api/manifests/" + number + "/cancel")
                .then().statusCode(200);
        List<Map<String, Object>> rows = rows(number);
        assertEquals(List.of("manifest.issued", "manifest.cancelled"), rows.stream().map(r -> r.get("topic")).toList(), rows.toString());
        as("regulator").get("/api/exports/national/outbox/" + rows.get(1).get("id")).then().statusCode(200)
                .body("payload.state", equalTo("CANCELLED"))
                .body("payload.cancellation.reason", equalTo("产废单位取消 pickup called off"))
                .body("payload.cancellation.cancelledAt", notNullValue())
                .body("payload.custody.containersByState.CANCELLED", equalTo(3));
    }

    @Test
    void theDocumentIsForWhoeverMaySeeTheManifest() {
        String number = Manifests.open(Manifests.typicalPickup(Fixtures.partyIdOf("generator"))).statusCode(201).extract().path("number");
        String path = "/api/exports/national/manifests/" + number;
        for (String user : List.of("admin", "regulator", "collector", "keeper", "generator")) {
            as(user).get(path).then().statusCode(200).body("manifestNumber", equalTo(number));
        }
        as("receiver").get(path).then().statusCode(404);
        long otherGenerator = Fixtures.createParty("GENERATOR", "另一家汽修厂 export test");
        String username = "export-gen-" + System.nanoTime();
        String password = Fixtures.createUser(username, otherGenerator, "GENERATOR_STAFF");
        given().auth().oauth2(Api.token(username, password)).get(path).then().statusCode(404);
        anonymous().get(path).then().statusCode(401);
        as("regulator").get("/api/exports/national/manifests/20993202999999").then().statusCode(404);
    }

    @Test
    void theOutboxIsForRegulatorsAndAdministrators() {
        openTypical(11); // at least one row waits (the export is off here)
        as("regulator").get("/api/exports/national/outbox").then().statusCode(200).body("total", greaterThanOrEqualTo(1));
        as("admin").get("/api/exports/national/outbox/stats").then().statusCode(200)
                .body("enabled", equalTo(false)).body("pending", greaterThanOrEqualTo(1)).body("oldestUndeliveredAt", notNullValue());
        for (String user : List.of("collector", "driver", "keeper", "receiver", "generator")) {
            as(user).get("/api/exports/national/outbox").then().statusCode(403);
            as(user).get("/api/exports/national/outbox/stats").then().statusCode(403);
        }
        int id = as("regulator").get("/api/exports/national/outbox?size=1").then().extract().path("items[0].id");
        as("regulator").post("/api/exports/national/outbox/" + id + "/retry").then().statusCode(403);
        as("regulator").post("/api/exports/national/dispatch").then().statusCode(403);
        anonymous().get("/api/exports/national/outbox").then().statusCode(401);
    }

    @Test
    void badFiltersAre400_unknownRowsAre404() {
        as("regulator").get("/api/exports/national/outbox?status=LOST").then().statusCode(400).body("detail", containsString("PENDING"));
        as("regulator").get("/api/exports/national/outbox?manifest=abc").then().statusCode(400).body("detail", containsString("14-digit"));
        as("regulator").get("/api/exports/national/outbox?status=failing").then().statusCode(200);
        as("regulator").get("/api/exports/national/outbox/abc").then().statusCode(400);
        as("regulator").get("/api/exports/national/outbox/999999999").then().statusCode(404);
        as("admin").post("/api/exports/national/outbox/999999999/retry").then().statusCode(404);
    }

    @Test
    void dispatchingIsRefusedWhileTheExportIsOff() {
        as("admin").post("/api/exports/national/dispatch").then().statusCode(409).body("detail", containsString("hazchain.export.enabled"));
    }
}
