package cn.hazchain.pickup;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.PickupRequests;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pickup requests through the API against the real database (issue #17, points 1-2). */
@QuarkusTest
class PickupRequestApiTest {

    long collector;

    @BeforeEach
    void demoCollector() {
        collector = Fixtures.partyIdOf("collector");
    }

    int asked() {
        return PickupRequests.ask(PickupRequests.wasteOil(collector)).statusCode(201).extract().path("id");
    }

    @Test
    void create_answersCreated_andAResendAnswersTheSameRequest() {
        Map<String, Object> body = PickupRequests.wasteOil(collector);
        body.put("windowStart", "09:00");
        int id = PickupRequests.ask(body).statusCode(201).header("Location", containsString("/api/pickup-requests/"))
                .body("status", equalTo("REQUESTED")).body("estimatedKg", equalTo(320.0f)).body("litres", equalTo(400))
                .body("windowStart", equalTo("09:00")).body("windowEnd", equalTo("17:00"))
                .body("lines[0].containers", equalTo(2)).extract().path("id");
        PickupRequests.ask(body).statusCode(200).header("Idempotent-Replay", "true").body("id", equalTo(id));
        as("generator").get("/api/pickup-requests?status=REQUESTED&size=200").then().statusCode(200).body("items.id", hasItem(id));
        as("collector").get("/api/pickup-requests?status=REQUESTED&size=200").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void create_failsUnprocessable_sayingWhatToFix() {
        Map<String, Object> unknown = PickupRequests.request(collector, List.of(PickupRequests.line("900-999-08", "LIQUID", "废油", "DRUM", 1, 200, 100)));
        PickupRequests.ask(unknown).statusCode(422).contentType("application/problem+json").body("detail", containsString("900-999-08"));
        Map<String, Object> late = PickupRequests.wasteOil(collector);
        late.put("latestDate", LocalDate.now(PickupRequests.ZONE).plusDays(200).toString());
        PickupRequests.ask(late).statusCode(422).body("detail", containsString("90 days"));
        Map<String, Object> backwards = PickupRequests.wasteOil(collector);
        backwards.put("latestDate", LocalDate.now(PickupRequests.ZONE).toString());
        PickupRequests.ask(backwards).statusCode(422).body("detail", containsString("before earliestDate"));
        Map<String, Object> notACollector = PickupRequests.wasteOil(Fixtures.partyIdOf("receiver"));
        PickupRequests.ask(notACollector).statusCode(422).body("detail", containsString("ask a COLLECTOR"));
        Map<String, Object> unlicensed = PickupRequests.request(collector, List.of(PickupRequests.line("336-064-17", "LIQUID", "废槽液", "DRUM", 1, 200, 100)));
        PickupRequests.ask(unlicensed).statusCode(422);
        Map<String, Object> badWindow = PickupRequests.wasteOil(collector);
        badWindow.put("windowStart", "25:00");
        PickupRequests.ask(badWindow).statusCode(400);
    }

    @Test
    void decline_needsAReason_theGeneratorReadsIt_andAcceptingAfterIsAConflictNamingTheStatus() {
        int id = asked();
        as("collector").body(Map.of("reason", " ")).post("/api/pickup-requests/" + id + "/decline").then().statusCode(400);
        as("collector").body(Map.of("reason", "本周车辆检修 vehicles in service this week")).post("/api/pickup-requests/" + id + "/decline")
                .then().statusCode(200).body("status", equalTo("DECLINED"));
        as("collector").body(Map.of("reason", "本周车辆检修 vehicles in service this week")).post("/api/pickup-requests/" + id + "/decline")
                .then().statusCode(200).header("Idempotent-Replay", "true");
        as("generator").get("/api/pickup-requests/" + id).then().statusCode(200).body("reason", containsString("车辆检修"));
        as("collector").post("/api/pickup-requests/" + id + "/accept").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("is DECLINED; ACCEPT needs REQUESTED"));
    }

    @Test
    void schedule_failsUnprocessable_outsideTheAskedDays_andOtherwiseSchedulesIt() {
        int id = asked();
        as("collector").body(Map.of("date", LocalDate.now(PickupRequests.ZONE).plusDays(30).toString()))
                .post("/api/pickup-requests/" + id + "/schedule").then().statusCode(422).body("detail", containsString("between"));
        String day = LocalDate.now(PickupRequests.ZONE).plusDays(2).toString();
        as("collector").body(Map.of("date", day)).post("/api/pickup-requests/" + id + "/schedule").then().statusCode(200)
                .body("status", equalTo("SCHEDULED")).body("scheduledDate", equalTo(day));
    }

    @Test
    void manifest_isIssuedOnce_fromAnAcceptedRequest_withItsContainers() {
        int id = asked();
        as("collector").post("/api/pickup-requests/" + id + "/manifest").then().statusCode(409).body("detail", containsString("REQUESTED"));
        as("collector").post("/api/pickup-requests/" + id + "/accept").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        as("collector").post("/api/pickup-requests/" + id + "/accept").then().statusCode(200).header("Idempotent-Replay", "true");
        String number = as("collector").post("/api/pickup-requests/" + id + "/manifest").then().statusCode(201)
                .body("manifestNumber", notNullValue()).extract().path("manifestNumber");
        as("collector").post("/api/pickup-requests/" + id + "/manifest").then().statusCode(200).body("manifestNumber", equalTo(number));
        as("generator").get("/api/manifests/" + number).then().statusCode(200).body("containerCount", equalTo(2))
                .body("lines[0].wasteCode", equalTo("900-214-08")).body("lines[0].containers[0].estimatedWeightKg", equalTo(160.0f));
        as("generator").body(Map.of("reason", "不需要了")).post("/api/pickup-requests/" + id + "/withdraw").then().statusCode(409)
                .body("detail", containsString("cancel the manifest"));
    }

    @Test
    void requests_ofAnotherParty_areNotFound_andReceiversMayNotList() {
        int id = asked();
        long other = Fixtures.createParty("GENERATOR", "别家工厂 " + System.nanoTime());
        String user = "gen-" + System.nanoTime();
        String password = Fixtures.createUser(user, other, "GENERATOR_STAFF");
        as(user, password).get("/api/pickup-requests/" + id).then().statusCode(404);
        as(user, password).get("/api/pickup-requests?size=200").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(user, password).body(Map.of("reason", "x")).post("/api/pickup-requests/" + id + "/withdraw").then().statusCode(404);
        as("receiver").get("/api/pickup-requests").then().statusCode(403);
        as("generator").post("/api/pickup-requests/" + id + "/accept").then().statusCode(403);
    }
}
