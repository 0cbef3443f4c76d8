package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #15, point 6: each rule of a revision request gets its clear 4xx, and a refused revision changes nothing. */
@QuarkusTest
class RevisionApiTest {

    @Test
    void aRevisionIsAskedByAPartyOfTheHandOver_answeredByTheOther_once() {
        cn.hazchain.support.Rounds.Generator shop = TripsAndConfirmationsTest.generator();
        var pickup = TripsAndConfirmationsTest.pickup(shop.id(), 1);
        String drum = pickup.getValue().get(0);
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        sync(driver, List.of(event("COLLECT", drum, Instant.now(), "manifestNumber", pickup.getKey(), "weightKg", 150))).statusCode(200);

        // the label's issue records no weight; a stranger is not a party of the hand-over; values are checked
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 1, "field", "WEIGHT", "value", "140", "reason", "r"))
                .post("/api/revisions").then().statusCode(422).contentType("application/problem+json").body("type", containsString("revision-field"));
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "ACCEPTANCE", "value", "ACCEPTED", "reason", "r"))
                .post("/api/revisions").then().statusCode(422).body("type", containsString("revision-field"));
        as("receiver").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WEIGHT", "value", "140", "reason", "r"))
                .post("/api/revisions").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(403), equalTo(404)));
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WEIGHT", "value", "heavy", "reason", "r"))
                .post("/api/revisions").then().statusCode(422).body("type", containsString("revision-value"));
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WEIGHT", "value", "150", "reason", "r"))
                .post("/api/revisions").then().statusCode(422).body("detail", containsString("nothing to correct"));
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WASTE_CODE", "value", "999-999-99", "reason", "r"))
                .post("/api/revisions").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(404), equalTo(422)));
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 99, "field", "WEIGHT", "value", "140", "reason", "r"))
                .post("/api/revisions").then().statusCode(404);

        int id = as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WASTE_CODE", "value", "900-214-08",
                "reason", "实为废机油 it is engine oil")).post("/api/revisions").then().statusCode(201).extract().path("id");
        as("collector").body(Fixtures.command("labelId", drum, "eventSeq", 2, "field", "WASTE_CODE", "value", "900-218-08", "reason", "r"))
                .post("/api/revisions").then().statusCode(409).body("type", containsString("revision-pending"));
        as("collector").body(Fixtures.command("approve", true)).post("/api/revisions/" + id + "/decision").then().statusCode(403);
        as("generator").get("/api/revisions?status=PENDING").then().statusCode(200)
                .body("items.findAll { it.id == " + id + " }.size()", equalTo(0));
        Api.as(shop.staff(), shop.password()).body(Fixtures.command("approve", false, "note", "不是 it is not")).post("/api/revisions/" + id + "/decision")
                .then().statusCode(200).body("status", equalTo("REFUSED"));
        Api.as(shop.staff(), shop.password()).body(Fixtures.command("approve", true)).post("/api/revisions/" + id + "/decision").then()
                .statusCode(409).body("type", containsString("revision-decided"));
        as("regulator").get("/api/containers/" + drum).then().body("wasteCode", equalTo("900-249-08"));
        as("regulator").get("/api/revisions?status=MAYBE").then().statusCode(400);
    }
    /**
     * A receiver that refused a drum sees its history up to the refusal: asking to correct a later event answers 404,
     * as for an event that does not exist, not which event it is or whose hand-over it was; a later event's photo is
     * not its to see either.
     */
    @Test
    void aReceiverCannotProbeEventsAfterItsCustodyEnded() {
        List<String> drums = cn.hazchain.support.Transfers.stored(1);
        String drum = drums.get(0);
        String transfer = cn.hazchain.support.Transfers.open(cn.hazchain.support.Transfers.vehicle(java.time.LocalDate.now(
                java.time.ZoneId.of("Asia/Shanghai")).plusYears(1)), drums);
        as("driver").body(Fixtures.command("labelId", drum)).post("/api/transfers/" + transfer + "/load").then().statusCode(200);
        as("driver").body(Fixtures.command()).post("/api/transfers/" + transfer + "/departure").then().statusCode(200);
        as("receiver").body(Fixtures.command("transferNumber", transfer, "weightKg", 150, "acceptance", "REFUSED", "reason", "标签不符 wrong label"))
                .post("/api/containers/" + drum + "/receive").then().statusCode(200);
        // stored again by the keeper's handheld, with a photo
        String keeper = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "keeper");
        byte[] photo = Handheld.png(5151 + (int) (System.nanoTime() % 1000));
        String sha = Handheld.sha256(photo);
        sync(keeper, List.of(event("STORE", drum, Instant.now(), "storagePointId", Fixtures.partyIdOf("keeper"), "weightKg", 150,
                "photoSha256", List.of(sha)))).statusCode(200).body("results[0].result", equalTo("APPLIED"));
        Handheld.on(keeper).contentType("image/png").body(photo).put("/api/mobile/v1/photos/" + sha).then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(Api.token("regulator")).get("/api/photos/" + sha).then().statusCode(200);
        io.restassured.RestAssured.given().auth().oauth2(Api.token("receiver")).get("/api/photos/" + sha).then().statusCode(404);
        // its container list shows the drum as it left it, and filters by that state, not by where it is now
        String manifest = as("regulator").get("/api/containers/" + drum).then().extract().path("manifestNumber");
        as("receiver").get("/api/containers?manifest=" + manifest + "&state=IN_STORAGE").then().statusCode(200).body("total", equalTo(0));
        as("receiver").get("/api/containers?manifest=" + manifest + "&state=REFUSED").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].state", equalTo("REFUSED"));
        as("collector").get("/api/containers?manifest=" + manifest + "&state=IN_STORAGE").then().statusCode(200).body("total", equalTo(1));
        List<Map<String, Object>> trail = as("regulator").get("/api/containers/" + drum + "/trail").then().extract().path("$");
        int stored = ((Number) trail.get(trail.size() - 1).get("seq")).intValue();
        int refused = ((Number) trail.get(trail.size() - 2).get("seq")).intValue();
        as("receiver").body(Fixtures.command("labelId", drum, "eventSeq", stored, "field", "WEIGHT", "value", "140", "reason", "r"))
                .post("/api/revisions").then().statusCode(404).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.not(containsString("STORED")));
        // its own receipt is still its to correct (the rules of that go on as before)
        as("receiver").body(Fixtures.command("labelId", drum, "eventSeq", refused, "field", "WEIGHT", "value", "150", "reason", "r"))
                .post("/api/revisions").then().statusCode(422).body("detail", containsString("nothing to correct"));
    }
}
