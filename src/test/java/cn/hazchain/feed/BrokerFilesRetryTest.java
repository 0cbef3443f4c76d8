package cn.hazchain.feed;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A write of the broker's files that fails after the registry change committed (docs/feeds.md, "When the broker's
 * files cannot be written"): the device is registered all the same, the failure shows in the health group
 * {@code feeds} and nowhere else (the service stays ready and live), and the scheduled retry writes the files from the
 * registry once it can, the device registered meanwhile in them. The write is made to fail the way it does for root
 * too: a directory where {@code passwd} should be.
 */
@QuarkusTest
class BrokerFilesRetryTest {

    @Inject
    HazChainConfig config;

    @Inject
    BrokerFileWriter writer;

    @Test
    void aFailedWrite_isShownInTheFeedsGroupOnly_andRetried_untilTheFilesAreWritten() throws Exception {
        Path passwd = config.feeds().brokerFilesDir().orElseThrow().resolve("passwd");
        assertTrue(writer.attempt(), "written before the test breaks it");
        RestAssured.given().get("/q/health/group/feeds").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'broker-files' }.data.configured", equalTo(true));

        String code;
        Instant since;
        Files.delete(passwd);
        Files.createDirectories(passwd.resolve("in-the-way"));
        try {
            long vehicle = Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(6));
            code = as("collector").body(Fixtures.command("kind", "VEHICLE_TRACKER", "vehicleId", vehicle)).post("/api/feed-devices")
                    .then().statusCode(201).extract().path("code");
            since = writer.state().failingSince();
            assertNotNull(since, "the write after the commit failed");
            RestAssured.given().get("/q/health/group/feeds").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'broker-files' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'broker-files' }.data.error", containsString("passwd"))
                    .body("checks.find { it.name == 'broker-files' }.data.failingSince", equalTo(since.toString()))
                    .body("checks.find { it.name == 'broker-files' }.data.failedWrites", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            // readiness-neutral: neither the readiness nor the liveness answer, nor the whole of /q/health, holds it
            RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            RestAssured.given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
            // retried (every second in the tests) while it fails: still failing, since the first failure
            waitFor(() -> writer.state().failures() >= 3, "two retries that fail again");
            assertEquals(since, writer.state().failingSince());
        } finally {
            try (Stream<Path> in = Files.walk(passwd)) {
                in.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        // the next retry writes the files from the registry: the device registered while it failed is in them
        waitFor(() -> writer.state().failingSince() == null, "a retry that writes the files");
        assertTrue(Files.readString(passwd).contains(code + ":$7$"), "the device registered meanwhile has its account");
        RestAssured.given().get("/q/health/group/feeds").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'broker-files' }.data.writtenAt", org.hamcrest.Matchers.notNullValue());
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    static void waitFor(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened in 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
