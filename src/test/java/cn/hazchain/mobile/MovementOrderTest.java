package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.sync;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transfer's DEPART and ARRIVE are applied in their place in a batch (issue #16: the handheld app queues an arrival
 * and the receipts that follow it, and syncs them together): a drum received after the arrival was recorded has its
 * TRANSFER_ARRIVED before its receipt, as a drum loaded before the departure has its loading before it.
 */
@QuarkusTest
class MovementOrderTest {

    static List<String> types(String label) {
        return as("regulator").get("/api/containers/" + label + "/trail").then().statusCode(200).extract().path("type");
    }

    @Test
    void sync_appliesArrivalThenReceipt_inTheOrderSent() {
        List<String> drums = Transfers.stored(2);
        String number = Transfers.open(Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusYears(1)), drums);
        String driver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("collector")), "driver");
        String receiver = Handheld.shift(Handheld.enrol(Fixtures.partyIdOf("receiver")), "receiver");
        Instant t = Instant.now().minusSeconds(60);
        sync(driver, List.of(event("LOAD", drums.get(0), t, "transferNumber", number), event("LOAD", drums.get(1), t.plusSeconds(1), "transferNumber", number),
                event("DEPART", null, t.plusSeconds(2), "transferNumber", number))).statusCode(200).body("counts.applied", equalTo(3));

        sync(receiver, List.of(event("ARRIVE", null, t.plusSeconds(10), "transferNumber", number),
                event("RECEIVE", drums.get(0), t.plusSeconds(11), "transferNumber", number, "weightKg", 149, "acceptance", "ACCEPTED")))
                .statusCode(200).body("counts.applied", equalTo(2)).body("results[0].state", equalTo("ARRIVED"));

        List<String> received = types(drums.get(0));
        assertEquals(List.of("TRANSFER_DEPARTED", "TRANSFER_ARRIVED", "CONTAINER_RECEIVED"), received.subList(received.size() - 3, received.size()),
                "arrived, then received: " + received);
        List<String> waiting = types(drums.get(1));
        assertEquals("TRANSFER_ARRIVED", waiting.get(waiting.size() - 1), "the other drum arrived too: " + waiting);
    }
}
