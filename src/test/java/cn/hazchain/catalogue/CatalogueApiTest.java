package cn.hazchain.catalogue;

import static cn.hazchain.support.Api.anonymous;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogueApiTest {

    @Test
    void catalogueHolds467CodesIn46Categories() {
        anonymous().get("/api/waste-codes?size=1").then().statusCode(200).body("total", equalTo(467));
        List<Integer> counts = anonymous().get("/api/waste-categories").then().statusCode(200)
                .body("$", hasSize(46)).body("category", hasItem("HW08")).body("category", hasItem("HW50"))
                .extract().path("codes");
        org.junit.jupiter.api.Assertions.assertEquals(467, counts.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void lookupReturnsCodeWithCategoryAndHazard() {
        anonymous().get("/api/waste-codes/900-249-08").then().statusCode(200)
                .body("code", equalTo("900-249-08"))
                .body("category", equalTo("HW08"))
                .body("categoryName", equalTo("废矿物油与含矿物油废物"))
                .body("hazard", equalTo("T,I"))
                .body("hazards", equalTo(List.of("T", "I")))
                .body("description", containsString("废矿物油"));
    }

    @Test
    void lookupAcceptsCodeWithoutDashes() {
        anonymous().get("/api/waste-codes/90003949").then().statusCode(200).body("code", equalTo("900-039-49"));
    }

    @Test
    void unknownCodeIs404ProblemJson() {
        anonymous().get("/api/waste-codes/999-999-08").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("999-999-08"));
    }

    @Test
    void malformedCodeIs400ProblemJson() {
        anonymous().get("/api/waste-codes/oil").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("III-SSS-CC"));
    }

    @Test
    void searchByCategoryListsOnlyThatCategory() {
        anonymous().get("/api/waste-codes?category=hw08&size=200").then().statusCode(200)
                .body("items.category", everyItem(equalTo("HW08")))
                .body("items.code", hasItem("900-214-08"));
    }

    @Test
    void searchByTextFindsActivatedCarbon() {
        anonymous().get("/api/waste-codes?q=活性炭&size=50").then().statusCode(200)
                .body("items.code", hasItem("900-039-49"));
    }

    @Test
    void searchByHazardFiltersInfectiousWaste() {
        anonymous().get("/api/waste-codes?hazard=In&size=200").then().statusCode(200)
                .body("items.hazards", everyItem(hasItem("In")))
                .body("items.category", hasItem("HW01"))
                .body("total", equalTo(6));
    }

    @Test
    void paginationWalksTheWholeList() {
        anonymous().get("/api/waste-codes?page=4&size=100").then().statusCode(200)
                .body("items", hasSize(67)).body("page", equalTo(4)).body("totalPages", equalTo(5));
    }

    @Test
    void treatmentMethodsIncludeIncinerationAndCementKiln() {
        anonymous().get("/api/treatment-methods").then().statusCode(200)
                .body("code", hasItem("D10")).body("code", hasItem("C1")).body("code", hasItem("R9"));
    }
}
