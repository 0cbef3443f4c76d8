package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.log.Context;
import cn.hazchain.security.Role;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A handheld's ARRIVE lists the transfer's containers on the road, then locks them: a receipt of one of them that
 * commits in between must not leave the transfer half arrived (some containers with TRANSFER_ARRIVED, the transfer
 * not arrived, the driver told REJECTED). The move fails whole, and the chunk's retry moves what is still on the road.
 */
@QuarkusTest
class TransferMoveRaceTest {

    @Inject
    CustodyCommands custody;

    @Inject
    AgroalDataSource db;

    @Test
    void aReceiptCommittedWhileAnArrivalWaitsForItsLocks_neverLeavesHalfATransferArrived() throws Exception {
        List<String> drums = Transfers.stored(3);
        String transfer = Transfers.open(Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusYears(1)), drums);
        for (String l : drums) {
            as("driver").body(Fixtures.command("labelId", l)).post("/api/transfers/" + transfer + "/load").then().statusCode(200);
        }
        as("driver").body(Fixtures.command()).post("/api/transfers/" + transfer + "/departure").then().statusCode(200);
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        long receiverUser = ((Number) as("receiver").get("/api/auth/me").then().extract().path("userId")).longValue();
        Situation.Actor receiver = new Situation.Actor(receiverUser, Fixtures.partyIdOf("receiver"), Set.of(Role.RECEIVER_OPERATOR));

        // the receiver's receipt of the first drum (the lowest id: the manifest's containers are inserted in label order)
        // holds its lock, uncommitted: the arrival decides it first, and is refused for it after deciding none of the others
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> receipt = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            List<Outcome> o = custody.handle(receiver, Instant.now(), false, List.of(new CustodyCommands.Request(drums.get(0),
                    new CustodyCommand.Receive(transfer, new BigDecimal("150"), Acceptance.ACCEPTED, null, null), null, UUID.randomUUID(), Context.NONE,
                    false)));
            assertTrue(o.get(0) instanceof Outcome.Applied, String.valueOf(o));
            received.countDown();
            try {
                assertTrue(commit.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(received.await(30, TimeUnit.SECONDS), "the receipt is in");

        // the driver's arrival lists the three drums (the receipt is not committed), then waits for the first one's lock
        Map<String, Object> arrive = new HashMap<>(event("ARRIVE", null, Instant.now(), "transferNumber", transfer));
        arrive.remove("labelId");
        CompletableFuture<ExtractableResponse<Response>> arrival = CompletableFuture.supplyAsync(() -> sync(driver, List.of(arrive))
                .statusCode(200).extract());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waitingForLocks() == 0) {
            assertTrue(System.nanoTime() < deadline, "the arrival never waited for the receipt's lock");
            Thread.sleep(20);
        }
        commit.countDown();
        receipt.get(30, TimeUnit.SECONDS);
        ExtractableResponse<Response> answer = arrival.get(60, TimeUnit.SECONDS);

        assertEquals("APPLIED", answer.path("results[0].result"), "the arrival of what was still on the road: " + answer.asString());
        assertNotNull(as("regulator").get("/api/transfers/" + transfer).then().statusCode(200).extract().path("arrivedAt"),
                "the transfer is recorded as arrived");
        assertEquals(0, arrivals(drums.get(0)), "the received drum was no longer on the road");
        assertEquals(1, arrivals(drums.get(1)));
        assertEquals(1, arrivals(drums.get(2)));
        as("regulator").get("/api/audit/verify").then().statusCode(200);
    }

    private long arrivals(String label) {
        List<String> types = as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200).extract().path("type");
        return types.stream().filter("TRANSFER_ARRIVED"::equals).count();
    }

    private int waitingForLocks() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
