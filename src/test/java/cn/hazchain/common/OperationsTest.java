package cn.hazchain.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    /** /q/metrics on the management interface (quarkus.management.*, whose root is /q): its own port, metrics only. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metrics;

    @Test
    void metrics_arePrometheusText_onTheManagementPort() {
        given().get("/api/waste-codes/900-249-08").then().statusCode(200);
        given().get(metrics).then().statusCode(200).body(containsString("http_server_requests"));
    }

    /**
     * Issue #19, finding 9c: /q/metrics was public on the API port, failed sign-ins counted by route and status
     * included. It is served on the management port only; health stays on the API port for load balancers.
     */
    @Test
    void metrics_areNotServed_onTheApiPort_inAnySpelling() {
        for (String path : java.util.List.of("/q/metrics", "/q/metrics/", "//q/metrics", "/q//metrics", "/q/./metrics", "/q/%6Detrics")) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(404);
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(io.restassured.RestAssured.port, metrics.getPort(), "metrics have a port of their own");
        given().get(metrics.toString().replace("/q/metrics", "/q/health/ready")).then().statusCode(404);
    }

    @Test
    void openApiDescribesTheRoutes() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/waste-codes/{code}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/auth/token"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
