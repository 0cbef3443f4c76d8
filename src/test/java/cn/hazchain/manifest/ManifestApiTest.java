package cn.hazchain.manifest;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ManifestApiTest {

    @Inject
    EntityManager em;

    static final String YEAR_REGION = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear() + "3202";

    @Test
    void collectorOpensManifestWithNumberedManifestAndLabelledContainers() {
        long generator = Manifests.demoGenerator(0);
        String uscc = as("admin").get("/api/parties/" + generator).then().extract().path("uscc");
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString().replace("-", "");
        Map<String, Object> m = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201)
                .body("number", matchesPattern(YEAR_REGION + "\\d{6}"))
                .body("state", equalTo("OPEN"))
                .body("containerCount", equalTo(3))
                .body("estimatedWeightKg", equalTo(322.75f))
                .body("lines", hasSize(2))
                .body("lines[0].wasteName", equalTo("废矿物油与含矿物油废物"))
                .body("lines[0].hazards", equalTo(List.of("T", "I")))
                .body("lines[0].containers.labelId", everyItem(startsWith(uscc + "90021408" + today)))
                .body("lines[1].containers[0].labelId", startsWith(uscc + "90004149" + today))
                .body("lines[0].containers.qrUrl", everyItem(startsWith("http://localhost:8080/v/")))
                .extract().path("");
        String labelId = as("collector").get("/api/manifests/" + m.get("number")).then().statusCode(200)
                .extract().path("lines[0].containers[0].labelId");
        assertEquals(37, labelId.length());
        as("collector").get("/api/containers/" + labelId).then().statusCode(200)
                .body("labelId", equalTo(labelId)).body("state", equalTo("ISSUED")).body("wasteCode", equalTo("900-214-08"))
                .body("manifestNumber", equalTo(m.get("number"))).body("qrUrl", containsString("/v/" + labelId + "."));
    }

    @Test
    void labelSequenceCountsPerGeneratorCodeAndDay() {
        long generator = Manifests.demoGenerator(1);
        List<String> first = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201).extract().path("lines[0].containers.labelId");
        List<String> second = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201).extract().path("lines[0].containers.labelId");
        int a = Integer.parseInt(first.get(1).substring(34));
        int b = Integer.parseInt(second.get(0).substring(34));
        assertEquals(a + 1, b);
    }

    @Test
    void retryWithSameRequestIdReturnsTheFirstManifest() {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(2));
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        Manifests.open(body).statusCode(200).body("number", equalTo(number));
        assertEquals(1, as("collector").get("/api/manifests?generatorPartyId=" + Manifests.demoGenerator(2) + "&size=200")
                .then().extract().<List<String>>path("items.number").stream().filter(number::equals).count());
    }

    @Test
    void codeNotCoveredByCollectorLicenceIs422NamingTheCode() {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(3));
        body.put("lines", List.of(Manifests.line("265-101-13", "SOLID", "树脂", List.of(Manifests.container("BAG", 50, 10)))));
        Manifests.open(body).statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("265-101-13")).body("reason", equalTo("NOT_COVERED"));
    }

    @Test
    void unknownCodeIs422() {
        Map<String, Object> body = Manifests.typicalPickup(Manifests.demoGenerator(3));
        body.put("lines", List.of(Manifests.line("900-999-08", "LIQUID", "x", List.of(Manifests.container("DRUM", 50, 10)))));
        Manifests.open(body).statusCode(422).body("detail", containsString("900-999-08"));
    }

    @Test
    void manifestIsForAGeneratorOnly() {
        long receiver = Fixtures.partyIdOf("receiver");
        Manifests.open(Manifests.typicalPickup(receiver)).statusCode(422).body("detail", containsString("GENERATOR"));
    }

    @Test
    void onlyCollectorOperatorsAndGeneratorStaffOpenManifests() {
        long generator = Fixtures.partyIdOf("generator");
        for (String user : List.of("admin", "regulator", "driver", "keeper", "receiver")) {
            as(user).body(Manifests.typicalPickup(generator)).post("/api/manifests").then().statusCode(403);
        }
        Map<String, Object> own = Manifests.typicalPickup(generator);
        own.put("collectorPartyId", Fixtures.partyIdOf("collector"));
        as("generator").body(own).post("/api/manifests").then().statusCode(201);
        Map<String, Object> other = Manifests.typicalPickup(Manifests.demoGenerator(5));
        other.put("collectorPartyId", Fixtures.partyIdOf("collector"));
        as("generator").body(other).post("/api/manifests").then().statusCode(404);
    }

    @Test
    void otherPartiesCannotSeeAManifest() {
        String number = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(6))).statusCode(201).extract().path("number");
        as("generator").get("/api/manifests/" + number).then().statusCode(404);
        as("receiver").get("/api/manifests/" + number).then().statusCode(404);
        as("regulator").get("/api/manifests/" + number).then().statusCode(200);
        as("keeper").get("/api/manifests/" + number).then().statusCode(200);
    }

    @Test
    void cancelWhileAllIssuedThenNeverAgain() {
        String number = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(7))).statusCode(201).extract().path("number");
        as("collector").body(Map.of("reason", "产废单位取消本次收运")).post("/api/manifests/" + number + "/cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("lines[0].containers.state", everyItem(equalTo("CANCELLED")))
                .body("cancelReason", equalTo("产废单位取消本次收运"));
        as("collector").body(Map.of("reason", "again")).post("/api/manifests/" + number + "/cancel").then().statusCode(409);
    }

    @Test
    void cannotCancelOnceAContainerWasCollected() {
        Map<String, Object> m = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(8))).statusCode(201).extract().path("");
        String number = (String) m.get("number");
        String labelId = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE container SET state = 'COLLECTED' WHERE label_id = ?1")
                .setParameter(1, labelId).executeUpdate());
        as("collector").body(Map.of("reason", "too late")).post("/api/manifests/" + number + "/cancel").then().statusCode(409)
                .body("detail", containsString(labelId + " is COLLECTED"));
        as("collector").get("/api/manifests/" + number).then().body("state", equalTo("IN_PROGRESS"));
    }

    @Test
    void otherPartyCannotCancel() {
        String number = Manifests.open(Manifests.typicalPickup(Manifests.demoGenerator(9))).statusCode(201).extract().path("number");
        as("receiver").body(Map.of("reason", "x")).post("/api/manifests/" + number + "/cancel").then().statusCode(404);
        as("regulator").body(Map.of("reason", "x")).post("/api/manifests/" + number + "/cancel").then().statusCode(403);
    }

    @Test
    void concurrentIssuingNeverRepeatsANumber() throws Exception {
        Set<String> numbers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        // eight callers at once, released together: the numbers' allocation is contended from the first request on (it
        // was 8 × 200 before, 36 s of the suite for the same contention)
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            long generator = Manifests.demoGenerator(12 + t); // label sequences allow 999 a day per generator and code
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 40; i++) {
                    Map<String, Object> body = Manifests.typicalPickup(generator);
                    body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废油", List.of(Manifests.container("DRUM", 20, 15)))));
                    numbers.add(Manifests.open(body).statusCode(201).extract().path("number"));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(320, numbers.size());
        assertTrue(numbers.stream().allMatch(n -> n.matches(YEAR_REGION + "\\d{6}")));
    }

    @Test
    void listsFilterByStateGeneratorAndDate() {
        long generator = Manifests.demoGenerator(11);
        String number = Manifests.open(Manifests.typicalPickup(generator)).statusCode(201).extract().path("number");
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        as("collector").get("/api/manifests?state=OPEN&generatorPartyId=" + generator + "&from=" + today + "&to=" + today)
                .then().statusCode(200).body("items.number", hasItem(number)).body("items.state", everyItem(equalTo("OPEN")));
        as("collector").get("/api/manifests?state=CLOSED&generatorPartyId=" + generator).then().statusCode(200)
                .body("items.number", org.hamcrest.Matchers.not(hasItem(number)));
        as("collector").get("/api/containers?manifest=" + number + "&state=ISSUED").then().statusCode(200).body("total", equalTo(3));
        as("collector").get("/api/containers?manifest=" + number + "&wasteCode=900-041-49").then().statusCode(200).body("total", equalTo(1));
        as("generator").get("/api/containers?manifest=" + number).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void demoDataHasOpenManifestsWithIssuedContainers() {
        as("collector").get("/api/manifests?state=OPEN&size=200").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(8));
        as("generator").get("/api/manifests").then().statusCode(200).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("items.generatorPartyId", everyItem(equalTo((int) Fixtures.partyIdOf("generator"))));
        as("collector").get("/api/containers?state=ISSUED&size=1").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(8));
    }
}
