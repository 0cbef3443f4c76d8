package cn.hazchain.mobile;

import static cn.hazchain.mobile.Handheld.event;
import static cn.hazchain.mobile.Handheld.on;
import static cn.hazchain.mobile.Handheld.sync;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Transfers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: the offline kit carries the custody a handheld acts on without signal, so the app checks a LOAD, DEPART,
 * ARRIVE, RECEIVE or disposal before queueing it: the transfers of the person's side with their declared containers,
 * a receiver's containers held, and the treatment methods its licences permit.
 */
@QuarkusTest
class OfflineKitCustodyTest {

    static JsonPath kit(String shift) {
        return on(shift).get("/api/mobile/v1/offline-kit").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> transferIn(JsonPath kit, String number) {
        return kit.getMap("transfers.find { it.number == '" + number + "' }");
    }

    @Test
    void kit_listsEachSidesTransfers_untilItsPartIsDone() {
        List<String> drums = Transfers.stored(2);
        String number = Transfers.open(Transfers.vehicle(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusYears(1)), drums);
        String collectorDevice = Handheld.enrol(Fixtures.partyIdOf("collector"));
        String receiverDevice = Handheld.enrol(Fixtures.partyIdOf("receiver"));
        String keeper = Handheld.shift(collectorDevice, "keeper");
        String driver = Handheld.shift(collectorDevice, "driver");
        String receiver = Handheld.shift(receiverDevice, "receiver");

        // the keeper ships it (the storage point's collector is the shipper): both drums still to load
        Map<String, Object> shipped = transferIn(kit(keeper), number);
        assertNotNull(shipped, "the keeper's kit lists the open transfer");
        assertEquals("SHIPPER", shipped.get("side"));
        JsonPath k = kit(keeper);
        assertEquals(drums, k.getList("transfers.find { it.number == '" + number + "' }.containers.labelId"));
        assertEquals(List.of("IN_STORAGE", "IN_STORAGE"), k.getList("transfers.find { it.number == '" + number + "' }.containers.state"));
        assertEquals(List.of(false, false), k.getList("transfers.find { it.number == '" + number + "' }.containers.loaded"));
        assertNull(transferIn(kit(receiver), number), "nothing for the receiver before it leaves");
        assertTrue(kit(keeper).getList("held").isEmpty(), "only receivers hold containers to dispose of");

        // loaded and gone: the driver's kit lists it as carrier until it arrives, the receiver's as receiver
        Instant t = Instant.now().minusSeconds(60);
        sync(driver, List.of(event("LOAD", drums.get(0), t, "transferNumber", number), event("LOAD", drums.get(1), t.plusSeconds(1), "transferNumber", number),
                event("DEPART", null, t.plusSeconds(2), "transferNumber", number))).statusCode(200).body("counts.applied", equalTo(3));
        assertNull(transferIn(kit(keeper), number), "a departed transfer is no longer the shipper's to load");
        assertEquals("CARRIER", transferIn(kit(driver), number).get("side"));
        JsonPath atGate = kit(receiver);
        assertEquals("RECEIVER", transferIn(atGate, number).get("side"));
        assertNotNull(transferIn(atGate, number).get("departedAt"));
        assertEquals(List.of(true, true), atGate.getList("transfers.find { it.number == '" + number + "' }.containers.loaded"));

        // one drum received: the receiver holds it, may dispose of it by its licence's methods
        sync(receiver, List.of(event("RECEIVE", drums.get(0), Instant.now().minusSeconds(5), "transferNumber", number, "weightKg", 149.5,
                "acceptance", "ACCEPTED"))).statusCode(200).body("results[0].result", equalTo("APPLIED"));
        JsonPath after = kit(receiver);
        Map<String, Object> held = after.getMap("held.find { it.labelId == '" + drums.get(0) + "' }");
        assertNotNull(held, "the received drum is held");
        assertEquals(number, held.get("transferNumber"));
        assertEquals(149.5f, ((Number) held.get("receivedKg")).floatValue());
        assertEquals(List.of(drums.get(1)), after.getList("transfers.find { it.number == '" + number + "' }.containers.findAll { it.loaded }.labelId"));
        assertTrue(after.getList("treatmentMethods.code").contains("D10"), "the incinerator's licence permits D10");
        assertFalse(after.getString("treatmentMethods.find { it.code == 'D10' }.nameZh").isBlank());
        assertTrue(kit(driver).getList("treatmentMethods").isEmpty(), "methods are the receiver's");
    }
}
