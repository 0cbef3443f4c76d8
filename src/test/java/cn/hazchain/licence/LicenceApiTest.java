package cn.hazchain.licence;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.hazchain.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LicenceApiTest {

    long receiver;
    long licence;
    String number;

    @BeforeEach
    void receiverWithLicence() {
        receiver = Fixtures.createParty("RECEIVER", "测试处置厂 " + System.nanoTime());
        number = "JSHW-TEST-" + System.nanoTime();
        licence = ((Number) as("admin").body(Map.of("number", number, "holderPartyId", receiver, "kind", "COMPREHENSIVE",
                        "permitted", List.of("900-249-08", "HW49"), "approvedAnnualTonnes", 100,
                        "validFrom", "2026-01-01", "validTo", "2028-12-31"))
                .post("/api/licences").then().statusCode(201)
                .body("permittedCodes", equalTo(List.of("900-249-08")))
                .body("permittedCategories", equalTo(List.of("HW49")))
                .extract().path("id")).longValue();
    }

    private io.restassured.response.ValidatableResponse decide(String code, String date, String tonnes) {
        return as("collector").queryParam("partyId", receiver).queryParam("code", code).queryParam("date", date)
                .queryParam("tonnes", tonnes).get("/api/licences/decision").then().statusCode(200);
    }

    @Test
    void allowsCoveredCode() {
        decide("900-249-08", "2026-06-01", "10").body("allowed", equalTo(true)).body("reason", equalTo("ALLOWED"))
                .body("licenceNumber", equalTo(number)).body("remainingTonnes", equalTo(90.0f));
    }

    @Test
    void allowsCodeOfPermittedCategory() {
        decide("900-039-49", "2026-06-01", "1").body("allowed", equalTo(true));
    }

    @Test
    void refusesCodeNotCovered() {
        decide("900-214-08", "2026-06-01", "1").body("allowed", equalTo(false)).body("reason", equalTo("NOT_COVERED"))
                .body("messageZh", equalTo("许可证未涵盖该废物代码"));
    }

    @Test
    void refusesAfterExpiry() {
        decide("900-249-08", "2029-01-01", "1").body("allowed", equalTo(false)).body("reason", equalTo("EXPIRED"));
    }

    @Test
    void refusesBeforeValidity() {
        decide("900-249-08", "2025-12-31", "1").body("allowed", equalTo(false)).body("reason", equalTo("NOT_YET_VALID"));
    }

    @Test
    void refusesOverAnnualCapacityCountingOnlyThatYearsIntake() {
        as("admin").body(Map.of("receivedOn", "2026-03-01", "wasteCode", "900-249-08", "tonnes", 95, "reference", "opening balance"))
                .post("/api/licences/" + licence + "/intakes").then().statusCode(204);
        as("admin").body(Map.of("receivedOn", "2027-03-01", "wasteCode", "900-249-08", "tonnes", 99, "reference", "next year"))
                .post("/api/licences/" + licence + "/intakes").then().statusCode(204);
        decide("900-249-08", "2026-06-01", "5").body("allowed", equalTo(true));
        decide("900-249-08", "2026-06-01", "6").body("allowed", equalTo(false)).body("reason", equalTo("OVER_ANNUAL_CAPACITY"))
                .body("remainingTonnes", equalTo(5.0f));
        decide("900-249-08", "2028-06-01", "99").body("allowed", equalTo(true));
    }

    /**
     * Without a date the decision is for the service's today (Asia/Shanghai), not the JVM's: from midnight to 08:00
     * there, the UTC date is still the day before, and a licence valid from today was answered NOT_YET_VALID.
     */
    @Test
    void withoutADate_decidesForTodayInTheServicesZone() {
        java.time.LocalDate today = java.time.LocalDate.now(cn.hazchain.support.PickupRequests.ZONE);
        long fresh = Fixtures.createParty("RECEIVER", "今日起有效处置厂 " + System.nanoTime());
        as("admin").body(Map.of("number", "JSHW-TODAY-" + System.nanoTime(), "holderPartyId", fresh, "kind", "COMPREHENSIVE",
                        "permitted", List.of("900-249-08"), "approvedAnnualTonnes", 10, "validFrom", today.toString(),
                        "validTo", today.plusYears(1).toString()))
                .post("/api/licences").then().statusCode(201);
        as("collector").queryParam("partyId", fresh).queryParam("code", "900-249-08").queryParam("tonnes", "1").get("/api/licences/decision")
                .then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("ALLOWED"));
        long ended = Fixtures.createParty("RECEIVER", "昨日到期处置厂 " + System.nanoTime());
        as("admin").body(Map.of("number", "JSHW-ENDED-" + System.nanoTime(), "holderPartyId", ended, "kind", "COMPREHENSIVE",
                        "permitted", List.of("900-249-08"), "approvedAnnualTonnes", 10, "validFrom", today.minusYears(1).toString(),
                        "validTo", today.minusDays(1).toString()))
                .post("/api/licences").then().statusCode(201);
        as("collector").queryParam("partyId", ended).queryParam("code", "900-249-08").queryParam("tonnes", "1").get("/api/licences/decision")
                .then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("EXPIRED"));
    }

    @Test
    void refusesPartyWithoutLicence() {
        long bare = Fixtures.createParty("RECEIVER", "无证处置厂 " + System.nanoTime());
        as("regulator").queryParam("partyId", bare).queryParam("code", "900-249-08").get("/api/licences/decision")
                .then().statusCode(200).body("reason", equalTo("NO_LICENCE"));
    }

    @Test
    void unknownCodeInLicenceIs422NamingIt() {
        as("admin").body(Map.of("number", "X-" + System.nanoTime(), "holderPartyId", receiver, "kind", "COMPREHENSIVE",
                        "permitted", List.of("900-999-08"), "approvedAnnualTonnes", 1, "validFrom", "2026-01-01", "validTo", "2027-01-01"))
                .post("/api/licences").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("900-999-08"));
    }

    @Test
    void collectionLicenceLastsAtMostThreeYears() {
        as("admin").body(Map.of("number", "X-" + System.nanoTime(), "holderPartyId", receiver, "kind", "COLLECTION",
                        "permitted", List.of("HW08"), "approvedAnnualTonnes", 1, "validFrom", "2026-01-01", "validTo", "2029-01-02"))
                .post("/api/licences").then().statusCode(422).body("detail", containsString("3 years"));
    }

    @Test
    void generatorsHoldNoLicence() {
        long generator = Fixtures.createParty("GENERATOR", "产废单位 " + System.nanoTime());
        as("admin").body(Map.of("number", "X-" + System.nanoTime(), "holderPartyId", generator, "kind", "COLLECTION",
                        "permitted", List.of("HW08"), "approvedAnnualTonnes", 1, "validFrom", "2026-01-01", "validTo", "2027-01-01"))
                .post("/api/licences").then().statusCode(422).body("detail", containsString("GENERATOR"));
    }

    @Test
    void duplicateNumberIs409() {
        as("admin").body(Map.of("number", number, "holderPartyId", receiver, "kind", "COMPREHENSIVE",
                        "permitted", List.of("HW08"), "approvedAnnualTonnes", 1, "validFrom", "2026-01-01", "validTo", "2027-01-01"))
                .post("/api/licences").then().statusCode(409);
    }
}
