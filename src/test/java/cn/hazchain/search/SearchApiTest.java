package cn.hazchain.search;

import static cn.hazchain.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/search/{containers,manifests,transfers}: every filter, flag and sort on our own records; visibility; bad input. */
@QuarkusTest
class SearchApiTest {

    @Inject
    AgroalDataSource db;

    SearchWorld w;

    @BeforeEach
    void world() throws Exception {
        w = SearchWorld.get(db);
    }

    static Response get(RequestSpecification spec, String kind, Object... kv) {
        RequestSpecification r = spec.queryParam("size", 200);
        for (int i = 0; i < kv.length; i += 2) {
            r = r.queryParam((String) kv[i], kv[i + 1]);
        }
        return r.get("/api/search/" + kind);
    }

    static List<String> ids(String user, String kind, Object... kv) {
        return ids(as(user), kind, kv);
    }

    static List<String> ids(RequestSpecification spec, String kind, Object... kv) {
        String key = kind.equals("containers") ? "labelId" : "number";
        return get(spec, kind, kv).then().statusCode(200).extract().path("items." + key);
    }

    static Set<String> set(String... s) {
        return Set.of(s);
    }

    List<String> allOfA() {
        List<String> all = new ArrayList<>(w.d);
        all.addAll(List.of(w.rag, w.oldIssued, w.agedStored, w.agedLoaded));
        return all;
    }

    @Test
    void containersFilterByGeneratorTownPartyCodeCategoryStateDateManifestAndTransfer() {
        assertEquals(new HashSet<>(allOfA()), new HashSet<>(ids("regulator", "containers", "generatorPartyId", w.generatorA)));
        get(as("regulator"), "containers", "generatorPartyId", w.generatorA).then().body("total", equalTo(9));
        assertEquals(new HashSet<>(allOfA()), new HashSet<>(ids("regulator", "containers", "town", w.townA)));
        assertEquals(List.of(labelOf(w.m3)), ids("regulator", "containers", "town", w.townB));
        assertEquals(List.of(), ids("regulator", "containers", "town", w.townB, "generatorPartyId", w.generatorA));

        Set<String> oil = new HashSet<>(allOfA());
        oil.remove(w.rag);
        assertEquals(oil, new HashSet<>(ids("regulator", "containers", "generatorPartyId", w.generatorA, "wasteCode", "90024908")));
        assertEquals(List.of(w.rag), ids("regulator", "containers", "generatorPartyId", w.generatorA, "category", "hw49"));
        assertEquals(List.of(w.rag), ids("regulator", "containers", "town", w.townA, "wasteCode", SearchWorld.RAGS, "category", "HW49"));

        assertEquals(set(w.d.get(4), w.rag, w.agedStored), new HashSet<>(ids("regulator", "containers", "generatorPartyId", w.generatorA, "state", "IN_STORAGE")));
        assertEquals(set(w.d.get(0), w.d.get(1), w.d.get(2)),
                new HashSet<>(ids("regulator", "containers", "generatorPartyId", w.generatorA, "state", "RECEIVED,REFUSED")));
        assertEquals(set(w.d.get(3), w.agedLoaded, w.oldIssued),
                new HashSet<>(ids(as("regulator").queryParam("state", "IN_TRANSIT").queryParam("state", "ISSUED"), "containers", "town", w.townA)));

        // party: the receiver is involved with what was declared to it; the storage point with what it holds or sent
        assertEquals(new HashSet<>(w.d.subList(0, 4)), new HashSet<>(ids("regulator", "containers", "town", w.townA, "partyId", w.receiver)));
        assertEquals(set(w.d.get(0), w.d.get(1), w.d.get(2), w.d.get(3), w.d.get(4), w.rag, w.agedStored),
                new HashSet<>(ids("regulator", "containers", "town", w.townA, "partyId", w.storage)));
        assertEquals(new HashSet<>(allOfA()), new HashSet<>(ids("regulator", "containers", "town", w.townA, "partyId", w.collector)));
        assertEquals(List.of(labelOf(w.m3)), ids("regulator", "containers", "partyId", w.generatorB));

        // issue date
        String today = LocalDate.now(SearchWorld.ZONE).toString();
        assertEquals(9, ids("regulator", "containers", "town", w.townA, "from", today, "to", today).size());
        assertEquals(List.of(), ids("regulator", "containers", "town", w.townA, "from", LocalDate.now(SearchWorld.ZONE).plusDays(1).toString()));
        assertEquals(List.of(), ids("regulator", "containers", "town", w.townA, "to", LocalDate.now(SearchWorld.ZONE).minusDays(1).toString()));

        assertEquals(6, ids("regulator", "containers", "manifest", w.m1).size());
        assertEquals(new HashSet<>(w.d.subList(0, 4)), new HashSet<>(ids("regulator", "containers", "transfer", w.transfer)));
    }

    @Test
    void containerRowsCarryWhatTheRegulatorsTableShows() {
        Map<String, Object> row = get(as("regulator"), "containers", "manifest", w.m1, "flag", "WEIGHT_DEVIATION")
                .then().statusCode(200).body("total", equalTo(1)).extract().path("items[0]");
        assertEquals(w.d.get(0), row.get("labelId"));
        assertEquals("RECEIVED", row.get("state"));
        assertEquals(SearchWorld.OIL, row.get("wasteCode"));
        assertEquals("HW08", row.get("category"));
        assertEquals(w.m1, row.get("manifestNumber"));
        assertEquals(w.generatorA, ((Number) row.get("generatorPartyId")).longValue());
        assertEquals(w.generatorAName, row.get("generatorName"));
        assertEquals(w.townA, row.get("generatorTown"));
        assertEquals(w.receiverName, row.get("custodianName"));
        assertEquals(w.transfer, row.get("transferNumber"));
        assertEquals("ACCEPTED", row.get("acceptance"));
        assertEquals(150.0f, ((Number) row.get("estimatedWeightKg")).floatValue());
        assertEquals(200.0f, ((Number) row.get("collectedWeightKg")).floatValue());
        assertEquals(200.0f, ((Number) row.get("receivedWeightKg")).floatValue());
        assertEquals(0.0f, ((Number) row.get("refusedWeightKg")).floatValue());
        assertNotNull(row.get("issuedAt"));
        assertNotNull(row.get("lastEventAt"));
        assertEquals(List.of("WEIGHT_DEVIATION"), row.get("flags"));
        // an ISSUED container is still in its generator's custody
        get(as("regulator"), "containers", "manifest", w.m2).then().body("items[0].custodianName", equalTo(w.generatorAName))
                .body("items[0].generationDate", equalTo(LocalDate.now(SearchWorld.ZONE).minusDays(400).toString()))
                .body("items[0].flags", equalTo(List.of("OVERDUE")));
    }

    @Test
    void flagsSelectDeviationRefusalAndOverdueAndCombineWithAnd() {
        assertEquals(List.of(w.d.get(0)), ids("regulator", "containers", "town", w.townA, "flag", "WEIGHT_DEVIATION"));
        assertEquals(set(w.d.get(1), w.d.get(2)), new HashSet<>(ids("regulator", "containers", "town", w.townA, "flag", "refused")));
        // overdue: generated 400 days ago and still ISSUED; stored 190 days ago; loaded 30 days ago. Not: stored or loaded today.
        assertEquals(set(w.oldIssued, w.agedStored, w.agedLoaded), new HashSet<>(ids("regulator", "containers", "town", w.townA, "flag", "OVERDUE")));
        assertEquals(List.of(), ids("regulator", "containers", "town", w.townA, "flag", "OVERDUE,REFUSED"));
        assertEquals(List.of(), ids("regulator", "containers", "town", w.townB, "flag", "OVERDUE"));

        assertEquals(set(w.m2, w.m4), new HashSet<>(ids("regulator", "manifests", "town", w.townA, "flag", "OVERDUE")));
        assertEquals(List.of(w.m1), ids("regulator", "manifests", "town", w.townA, "flag", "REFUSED"));
        assertEquals(List.of(w.m1), ids("regulator", "manifests", "town", w.townA, "flag", "WEIGHT_DEVIATION"));
        get(as("regulator"), "manifests", "manifest", w.m1).then().body("items[0].flags", equalTo(List.of("WEIGHT_DEVIATION", "REFUSED")));

        assertEquals(List.of(w.transfer), ids("regulator", "transfers", "town", w.townA, "flag", "REFUSED,WEIGHT_DEVIATION"));
        assertEquals(List.of(), ids("regulator", "transfers", "town", w.townA, "flag", "OVERDUE"));
    }

    @Test
    void manifestsFilterAndDeriveTheirState() {
        assertEquals(set(w.m1, w.m2, w.m4), new HashSet<>(ids("regulator", "manifests", "generatorPartyId", w.generatorA)));
        assertEquals(List.of(w.m3), ids("regulator", "manifests", "town", w.townB));
        assertEquals(List.of(w.m1), ids("regulator", "manifests", "town", w.townA, "wasteCode", SearchWorld.RAGS));
        assertEquals(List.of(w.m3), ids("regulator", "manifests", "category", "HW49", "partyId", w.generatorB));
        assertEquals(List.of(w.m1), ids("regulator", "manifests", "town", w.townA, "partyId", w.receiver));
        assertEquals(List.of(w.m1), ids("regulator", "manifests", "transfer", w.transfer));
        assertEquals(List.of(w.m2), ids("regulator", "manifests", "town", w.townA, "state", "OPEN"));
        assertEquals(set(w.m1, w.m4), new HashSet<>(ids("regulator", "manifests", "town", w.townA, "state", "IN_PROGRESS")));
        String today = LocalDate.now(SearchWorld.ZONE).toString();
        assertEquals(3, ids("regulator", "manifests", "town", w.townA, "from", today, "to", today).size());
        Map<String, Object> m1 = get(as("regulator"), "manifests", "manifest", w.m1).then().statusCode(200).extract().path("items[0]");
        assertEquals("IN_PROGRESS", m1.get("state"));
        assertEquals(6, ((Number) m1.get("containers")).intValue());
        assertEquals("900-249-08,900-041-49", m1.get("wasteCodes"));
        assertEquals("HW08,HW49", m1.get("categories"));
        assertEquals(770.0f, ((Number) m1.get("estimatedWeightKg")).floatValue());
        assertEquals(w.townA, m1.get("generatorTown"));
        as("collector").get("/api/manifests/" + w.m1).then().body("state", equalTo(m1.get("state")));
    }

    @Test
    void transfersFilterAndDeriveTheStateTheTransferRouteShows() {
        assertEquals(List.of(w.transfer), ids("regulator", "transfers", "generatorPartyId", w.generatorA));
        assertEquals(List.of(w.transfer), ids("regulator", "transfers", "town", w.townA, "category", "HW08", "wasteCode", SearchWorld.OIL));
        assertEquals(List.of(), ids("regulator", "transfers", "town", w.townA, "category", "HW49"));
        assertEquals(List.of(w.transfer), ids("regulator", "transfers", "manifest", w.m1));
        assertEquals(List.of(), ids("regulator", "transfers", "generatorPartyId", w.generatorB));
        String today = LocalDate.now(SearchWorld.ZONE).toString();
        assertEquals(List.of(w.transfer), ids("regulator", "transfers", "town", w.townA, "partyId", w.receiver, "from", today, "to", today));
        String state = as("regulator").get("/api/transfers/" + w.transfer).then().statusCode(200).extract().path("state");
        assertEquals("IN_TRANSIT", state);
        Map<String, Object> t = get(as("regulator"), "transfers", "transfer", w.transfer, "state", state)
                .then().statusCode(200).body("total", equalTo(1)).extract().path("items[0]");
        assertEquals(4, ((Number) t.get("containers")).intValue());
        assertEquals(1, ((Number) t.get("generators")).intValue());
        assertEquals(w.receiverName, t.get("receiverName"));
        assertEquals(w.receiver, ((Number) t.get("receiverPartyId")).longValue());
        assertEquals(30.0f + 151.5f, ((Number) t.get("refusedWeightKg")).floatValue());
        assertEquals(List.of(), ids("regulator", "transfers", "transfer", w.transfer, "state", "RECEIVED,CLOSED,OPEN"));
    }

    @Test
    void sortsByWhitelistedFieldsWithStablePages() {
        List<Map<String, Object>> rows = get(as("regulator"), "containers", "town", w.townA, "sort", "-lastWeightKg,labelId")
                .then().statusCode(200).extract().path("items");
        List<Map<String, Object>> expected = new ArrayList<>(rows);
        expected.sort(Comparator.comparing((Map<String, Object> r) -> r.get("lastWeightKg") == null ? null : ((Number) r.get("lastWeightKg")).doubleValue(),
                Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(r -> (String) r.get("labelId")));
        assertEquals(expected, rows);
        assertEquals(9, rows.size());
        assertEquals(null, rows.get(8).get("lastWeightKg")); // the ISSUED one comes last
        assertEquals(w.d.get(0), rows.get(0).get("labelId")); // 200 kg

        List<String> byLabel = ids("regulator", "containers", "town", w.townA, "sort", "labelId");
        List<String> sorted = new ArrayList<>(byLabel);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, byLabel);
        List<String> reversed = new ArrayList<>(sorted);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, ids("regulator", "containers", "town", w.townA, "sort", "-labelId"));
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            paged.addAll(as("regulator").queryParam("town", w.townA).queryParam("sort", "state").queryParam("size", 4).queryParam("page", page)
                    .get("/api/search/containers").then().statusCode(200).body("totalPages", equalTo(3)).extract().<List<String>>path("items.labelId"));
        }
        assertEquals(9, new HashSet<>(paged).size());
        // past the last page: no rows, and still the total (counted, since no row carried it)
        as("regulator").queryParam("town", w.townA).queryParam("sort", "state").queryParam("size", 4).queryParam("page", 7)
                .get("/api/search/containers").then().statusCode(200).body("items.size()", equalTo(0)).body("total", equalTo(9))
                .body("totalPages", equalTo(3));

        List<Map<String, Object>> manifests = get(as("regulator"), "manifests", "town", w.townA, "sort", "-containers,number")
                .then().statusCode(200).extract().path("items");
        assertEquals(List.of(6, 2, 1), manifests.stream().map(m -> ((Number) m.get("containers")).intValue()).toList());
        assertEquals(List.of(w.m1, w.m4, w.m2), manifests.stream().map(m -> m.get("number")).toList());
    }

    @Test
    void everyWhitelistedSortFieldStateAndFlagRunsForEveryKind() {
        for (SearchKind kind : SearchKind.values()) {
            for (String field : kind.spec().sortFields().keySet()) {
                String second = field.equals("state") ? "issuedAt" : "state";
                get(as("regulator"), kind.path(), "town", w.townA, "sort", field + ",-" + second).then().statusCode(200);
                get(as("regulator"), kind.path(), "town", w.townA, "sort", "-" + field).then().statusCode(200);
            }
            for (String state : kind.spec().states()) {
                get(as("regulator"), kind.path(), "state", state, "town", w.townA).then().statusCode(200);
            }
            for (Flag flag : Flag.values()) {
                get(as("regulator"), kind.path(), "flag", flag.name(), "partyId", w.collector).then().statusCode(200);
            }
        }
    }

    @Test
    void unknownSortFieldsAndBadParametersAre400sThatNameThem() {
        get(as("regulator"), "containers", "sort", "weight").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("'weight'")).body("detail", containsString("allowed: labelId, state, wasteCode"));
        get(as("regulator"), "manifests", "sort", "labelId").then().statusCode(400).body("detail", containsString("allowed: number, state"));
        get(as("regulator"), "transfers", "sort", "-plannedDate,pickupDate").then().statusCode(400).body("detail", containsString("plannedDate"));
        get(as("regulator"), "containers", "generatorPartyId", "A").then().statusCode(400).body("detail", startsWith("generatorPartyId"));
        get(as("regulator"), "containers", "state", "LOST").then().statusCode(400).body("detail", startsWith("state"));
        get(as("regulator"), "transfers", "state", "IN_PROGRESS").then().statusCode(400).body("detail", containsString("OPEN, IN_TRANSIT, RECEIVED, CLOSED"));
        get(as("regulator"), "containers", "flag", "LATE").then().statusCode(400).body("detail", startsWith("flag"));
        get(as("regulator"), "containers", "from", "yesterday").then().statusCode(400).body("detail", startsWith("from"));
        get(as("regulator"), "containers", "wasteCode", "oil").then().statusCode(400).body("detail", startsWith("wasteCode"));
        get(as("regulator"), "containers", "category", "HW1").then().statusCode(400).body("detail", startsWith("category"));
        get(as("regulator"), "containers", "generator", "1").then().statusCode(400).body("detail", containsString("unknown parameter 'generator'"));
        as("regulator").queryParam("page", -1).get("/api/search/containers").then().statusCode(400).body("detail", startsWith("page"));
        as("regulator").queryParam("size", 1000).get("/api/search/containers").then().statusCode(400).body("detail", startsWith("size"));
        as("regulator").queryParam("sort", "nope").get("/api/search/containers.csv").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        Api.anonymous().get("/api/search/containers").then().statusCode(401);
    }

    @Test
    void injectionStringsAreHarmless() {
        List<String> evil = List.of("' OR '1'='1", "1; DROP TABLE container; --", "澄江街道'); DELETE FROM party; --", "\\' OR 1=1 --",
                "%' OR town LIKE '%", "1 OR 1=1", "-1", ":me", "${jndi:ldap://x}", "c.id) OR (1=1", "\u0000");
        List<String> params = List.of("generatorPartyId", "town", "partyId", "wasteCode", "category", "state", "from", "to", "flag",
                "manifest", "transfer", "sort", "page", "size");
        for (SearchKind kind : SearchKind.values()) {
            for (String param : params) {
                for (String value : evil) {
                    Response r = as("regulator").queryParam(param, value).get("/api/search/" + kind.path());
                    assertTrue(r.statusCode() == 200 || r.statusCode() == 400, kind + " " + param + "=" + value + " answered " + r.statusCode() + ": " + r.asString());
                    if (r.statusCode() == 200) {
                        assertEquals(0, r.jsonPath().getInt("total"), kind + " " + param + "=" + value);
                    }
                }
            }
        }
        assertEquals(List.of(), ids("regulator", "containers", "town", "' OR '1'='1"));
        assertEquals(9, ids("regulator", "containers", "town", w.townA).size());
    }

    @Test
    void aGeneratorsStaffSeeOnlyTheirOwn() {
        String username = "search-gs-" + w.uid;
        String password = Fixtures.createUser(username, w.generatorA, "GENERATOR_STAFF");
        RequestSpecification staff = given().auth().oauth2(Api.token(username, password));
        assertEquals(new HashSet<>(allOfA()), new HashSet<>(ids(staff, "containers")));
        assertEquals(List.of(), ids(given().auth().oauth2(Api.token(username, password)), "containers", "generatorPartyId", w.generatorB));
        assertEquals(set(w.m1, w.m2, w.m4), new HashSet<>(ids(given().auth().oauth2(Api.token(username, password)), "manifests")));
        assertEquals(List.of(), ids(given().auth().oauth2(Api.token(username, password)), "transfers"));
        // the demo generator's staff see none of it
        assertEquals(List.of(), ids("generator", "containers", "town", w.townA));
        assertEquals(List.of(), ids("generator", "manifests", "generatorPartyId", w.generatorA));
        // the collector and its storage keeper see all of it
        assertEquals(9, ids("collector", "containers", "town", w.townA).size());
        assertEquals(9, ids("keeper", "containers", "town", w.townA).size());
        assertEquals(List.of(w.transfer), ids("collector", "transfers", "town", w.townA));
    }

    @Test
    void theReceiverSeesOnlyItsTransfersContainers() {
        assertEquals(new HashSet<>(w.d.subList(0, 4)), new HashSet<>(ids("receiver", "containers", "town", w.townA)));
        assertEquals(new HashSet<>(w.d.subList(0, 4)), new HashSet<>(ids("receiver", "containers", "generatorPartyId", w.generatorA)));
        assertEquals(List.of(), ids("receiver", "containers", "town", w.townA, "state", "IN_STORAGE,ISSUED"));
        assertEquals(List.of(), ids("receiver", "manifests", "town", w.townA));
        assertEquals(List.of(w.transfer), ids("receiver", "transfers", "town", w.townA));
        assertEquals(List.of(), ids("receiver", "containers", "town", w.townB));
    }

    private String labelOf(String manifest) {
        return as("regulator").get("/api/manifests/" + manifest).then().extract().path("lines[0].containers[0].labelId");
    }
}
