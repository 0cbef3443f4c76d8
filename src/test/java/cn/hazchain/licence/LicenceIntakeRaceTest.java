package cn.hazchain.licence;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.log.Context;
import cn.hazchain.security.Role;
import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A receiver's licensed annual quantity holds when two units of work receive at once (two gate handhelds syncing):
 * each reads what the licence took this year once, so without a lock both saw room for their own receipt and together
 * passed the licence. The second now waits for the first and is refused.
 */
@QuarkusTest
class LicenceIntakeRaceTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Inject
    CustodyCommands custody;

    @Inject
    AgroalDataSource db;

    @Test
    void twoReceiptsAtOnce_neverTogetherPassTheLicensedAnnualQuantity() throws Exception {
        Map<String, Object> party = Fixtures.party("RECEIVER", "小额许可处置厂 " + System.nanoTime());
        party.put("latitude", 31.85);
        party.put("longitude", 120.30);
        long receiver = Fixtures.createParty(party);
        as("admin").body(Map.of("number", "JSHW-CAP-" + System.nanoTime(), "holderPartyId", receiver, "kind", "COMPREHENSIVE",
                "permitted", List.of("900-249-08"), "approvedAnnualTonnes", 1, "validFrom", TODAY.minusDays(30).toString(),
                "validTo", TODAY.plusYears(1).toString())).post("/api/licences").then().statusCode(201);
        String username = "capgate" + System.nanoTime() % 1_000_000;
        String password = Fixtures.createUser(username, receiver, "RECEIVER_OPERATOR");
        long userId = ((Number) Api.as(username, password).get("/api/auth/me").then().extract().path("userId")).longValue();
        Situation.Actor gate = new Situation.Actor(userId, receiver, Set.of(Role.RECEIVER_OPERATOR));

        List<String> drums = Transfers.stored(2);
        long driver = ((Number) as("driver").get("/api/auth/me").then().extract().path("userId")).longValue();
        String transfer = as("collector").body(Fixtures.command("originPartyId", Fixtures.partyIdOf("keeper"), "receiverPartyId", receiver,
                "vehicleId", Transfers.vehicle(TODAY.plusYears(1)), "driverUserId", driver, "labelIds", drums)).post("/api/transfers").then()
                .statusCode(201).extract().path("number");
        for (String l : drums) {
            as("driver").body(Fixtures.command("labelId", l)).post("/api/transfers/" + transfer + "/load").then().statusCode(200);
        }
        as("driver").body(Fixtures.command()).post("/api/transfers/" + transfer + "/departure").then().statusCode(200);

        // 0.6 t and 0.6 t against 1 t: the first receipt is in, uncommitted, when the second is decided
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Outcome> one = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            Outcome o = receive(gate, drums.get(0), transfer);
            first.countDown();
            assertTrue(commit.await(60, TimeUnit.SECONDS));
            return o;
        }));
        assertTrue(first.await(30, TimeUnit.SECONDS));
        CompletableFuture<Outcome> two = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> receive(gate, drums.get(1),
                transfer)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!two.isDone() && waitingForIntake(receiver) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        commit.countDown();
        assertTrue(one.get(30, TimeUnit.SECONDS) instanceof Outcome.Applied);
        Outcome second = two.get(30, TimeUnit.SECONDS);
        assertTrue(second instanceof Outcome.Refused r && r.rejection().slug().equals("licence-refused"),
                "0.6 t more would pass the 1 t licensed: " + second);
        as("regulator").get("/api/containers/" + drums.get(1)).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("IN_TRANSIT"));
        assertEquals(List.of("RECEIVED", "IN_TRANSIT"), drums.stream().map(d -> (String) as("regulator").get("/api/containers/" + d).then()
                .extract().path("state")).toList());
    }

    private Outcome receive(Situation.Actor gate, String label, String transfer) {
        return custody.handle(gate, Instant.now(), false, List.of(new CustodyCommands.Request(label,
                new CustodyCommand.Receive(transfer, new BigDecimal("600"), Acceptance.ACCEPTED, null, null), null, UUID.randomUUID(), Context.NONE,
                false))).get(0);
    }

    /** Transactions waiting for the receiver's intake lock (an advisory lock of two keys: class, party). */
    private int waitingForIntake(long receiver) throws Exception {
        try (Connection c = db.getConnection(); java.sql.PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE NOT granted"
                + " AND locktype = 'advisory' AND objsubid = 2 AND classid::bigint = ? AND objid::bigint = ?")) {
            s.setLong(1, CustodyCommands.INTAKE_LOCK_CLASS);
            s.setLong(2, receiver);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
