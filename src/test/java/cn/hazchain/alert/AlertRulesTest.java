package cn.hazchain.alert;

import static cn.hazchain.alert.AlertWorld.alerts;
import static cn.hazchain.alert.AlertWorld.collect;
import static cn.hazchain.alert.AlertWorld.collector;
import static cn.hazchain.alert.AlertWorld.eventTime;
import static cn.hazchain.alert.AlertWorld.generator;
import static cn.hazchain.alert.AlertWorld.load;
import static cn.hazchain.alert.AlertWorld.open;
import static cn.hazchain.alert.AlertWorld.pickup;
import static cn.hazchain.alert.AlertWorld.receive;
import static cn.hazchain.alert.AlertWorld.receiver;
import static cn.hazchain.alert.AlertWorld.storagePoint;
import static cn.hazchain.alert.AlertWorld.store;
import static cn.hazchain.alert.AlertWorld.town;
import static cn.hazchain.alert.AlertWorld.transfer;
import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertWorld.Pickup;
import cn.hazchain.alert.AlertWorld.Receiver;
import cn.hazchain.alert.AlertWorld.User;
import cn.hazchain.common.WorkingDays;
import cn.hazchain.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every rule firing just over its threshold and not firing just under it, on this test's own records, then
 * clearing (resolved automatically). Time moves by evaluating as of a chosen moment; only container dates that
 * the brief allows are aged with SQL, custody history is never touched.
 */
@QuarkusTest
class AlertRulesTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration DAY = Duration.ofDays(1);

    @Inject
    AlertEvaluator evaluator;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WorkingDays workingDays;

    @AfterEach
    void backToTheRealNow() {
        evaluator.evaluate(Instant.now());
    }

    void sql(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    static Map<String, Object> only(List<Map<String, Object>> alerts) {
        assertEquals(1, alerts.size(), alerts.toString());
        return alerts.get(0);
    }

    static BigDecimal measure(Map<String, Object> alert) {
        return new BigDecimal(alert.get("measure").toString());
    }

    static long id(Map<String, Object> alert) {
        return ((Number) alert.get("id")).longValue();
    }

    static void assertResolved(long alertId) {
        as("regulator").get("/api/alerts/" + alertId).then().statusCode(200)
                .body("alert.state", equalTo("CLOSED")).body("alert.closedReason", equalTo("AUTO_RESOLVED"))
                .body("history.type", equalTo(List.of("OPENED", "CLOSED")))
                .body("history[0].actor", nullValue()).body("history[1].actor", nullValue())
                .body("history[1].reason", equalTo("AUTO_RESOLVED"));
    }

    @Test
    void storageOverdueAtGenerator_firesAfter365DaysFromGeneration_resolvesWhenCollected() throws SQLException {
        String town = town();
        long g = generator(town, null);
        Pickup p = pickup(g, 150, 150);
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        sql("UPDATE container SET generation_date = ? WHERE label_id = ?", today.minusDays(365), p.labels().get(0));
        sql("UPDATE container SET generation_date = ? WHERE label_id = ?", today.minusDays(366), p.labels().get(1));

        evaluator.evaluate(now);
        AlertRule rule = AlertRule.STORAGE_OVERDUE_AT_GENERATOR;
        assertTrue(alerts(rule, g, p.labels().get(0)).isEmpty(), "exactly 365 days is not more than 365");
        Map<String, Object> alert = only(open(rule, g, p.labels().get(1)));
        assertEquals(0, measure(alert).compareTo(new BigDecimal("366")));
        assertEquals(365, ((Number) alert.get("threshold")).intValue());
        assertEquals(town, alert.get("town"));
        assertEquals("MEDIUM", alert.get("severity"));
        assertEquals("CONTAINER", alert.get("subjectKind"));
        assertTrue(((List<?>) alert.get("partyIds")).containsAll(List.of((int) g, (int) collector())), alert.toString());

        collect(p, p.labels().get(1), "150");
        evaluator.evaluate(now);
        assertTrue(open(rule, g, p.labels().get(1)).isEmpty());
        assertResolved(id(alert));
    }

    @Test
    void storageOverdueAtStoragePoint_firesAfter180DaysSinceStored_resolvesWhenLoaded() {
        String town = town();
        long g = generator(town, null);
        long point = storagePoint(town);
        User keeper = AlertWorld.user(point, "STORAGE_KEEPER");
        Pickup p = pickup(g, 150);
        String label = p.labels().get(0);
        collect(p, label, "150");
        store(keeper, label, point, "150");
        Instant stored = eventTime(label, "CONTAINER_STORED");
        Instant limit = stored.plus(DAY.multipliedBy(180));
        AlertRule rule = AlertRule.STORAGE_OVERDUE_AT_STORAGE_POINT;

        evaluator.evaluate(limit.minusSeconds(1));
        assertTrue(alerts(rule, point, label).isEmpty());
        evaluator.evaluate(limit.plusSeconds(1));
        Map<String, Object> alert = only(open(rule, point, label));
        assertEquals(0, measure(alert).compareTo(new BigDecimal("180")));
        assertEquals(town, alert.get("town"));
        assertTrue(((List<?>) alert.get("partyIds")).containsAll(List.of((int) g, (int) point, (int) collector())), alert.toString());

        String transfer = transfer(point, Fixtures.partyIdOf("receiver"), List.of(label));
        load(transfer, label);
        evaluator.evaluate(limit.plusSeconds(1));
        assertResolved(id(alert));
    }

    @Test
    void storagePointOverCapacity_firesAbove3000Kg_resolvesWhenLoaded_andReopensAsANewAlert() {
        String town = town();
        long g = generator(town, null);
        long point = storagePoint(town);
        User keeper = AlertWorld.user(point, "STORAGE_KEEPER");
        Pickup p = pickup(g, 1000, 1000, 1000, 0.01, 0.01);
        String[] kg = {"1000", "1000", "1000", "0.01", "0.01"};
        for (int i = 0; i < 5; i++) {
            collect(p, p.labels().get(i), kg[i]);
        }
        for (int i = 0; i < 3; i++) {
            store(keeper, p.labels().get(i), point, kg[i]);
        }
        AlertRule rule = AlertRule.STORAGE_POINT_OVER_CAPACITY;
        String subject = String.valueOf(point);
        Instant now = Instant.now();
        evaluator.evaluate(now);
        assertTrue(alerts(rule, point, subject).isEmpty(), "exactly 3000 kg is not more than 3000");

        store(keeper, p.labels().get(3), point, "0.01");
        evaluator.evaluate(now);
        Map<String, Object> first = only(open(rule, point, subject));
        assertEquals(0, measure(first).compareTo(new BigDecimal("3000.01")));
        assertEquals("HIGH", first.get("severity"));
        assertEquals("STORAGE_POINT", first.get("subjectKind"));

        String transfer = transfer(point, Fixtures.partyIdOf("receiver"), List.of(p.labels().get(3)));
        load(transfer, p.labels().get(3));
        evaluator.evaluate(now);
        assertResolved(id(first));

        store(keeper, p.labels().get(4), point, "0.01");
        evaluator.evaluate(now);
        List<Map<String, Object>> all = alerts(rule, point, subject);
        assertEquals(2, all.size(), "the condition came back after it cleared: a new alert, the old one stays closed");
        assertEquals("CLOSED", all.get(0).get("state"));
        assertEquals("OPEN", all.get(1).get("state"));
        assertNotEquals(id(all.get(0)), id(all.get(1)));
    }

    @Test
    void transferNotReceived_firesFromTheSixthWorkingDayAfterLoading_resolvesWhenAllAreReceived() {
        String town = town();
        long g = generator(town, null);
        Receiver r = receiver(town, "50");
        Pickup p = pickup(g, 150, 150);
        p.labels().forEach(l -> collect(p, l, "150"));
        String transfer = transfer(collector(), r.id(), p.labels());
        p.labels().forEach(l -> load(transfer, l));
        LocalDate loaded = LocalDate.ofInstant(eventTime(p.labels().get(0), "CONTAINER_LOADED"), ZONE);
        LocalDate firstLateDay = workingDays.plus(loaded, 6);
        Instant lastMomentInTime = firstLateDay.atStartOfDay(ZONE).toInstant().minusSeconds(1);
        Instant late = firstLateDay.atStartOfDay(ZONE).toInstant().plusSeconds(1);
        AlertRule rule = AlertRule.TRANSFER_NOT_RECEIVED;

        evaluator.evaluate(lastMomentInTime);
        assertTrue(alerts(rule, r.id(), transfer).isEmpty(), "5 working days after loading is still in time");
        evaluator.evaluate(late);
        Map<String, Object> alert = only(open(rule, r.id(), transfer));
        assertEquals(6, measure(alert).intValue());
        assertEquals(5, ((Number) alert.get("threshold")).intValue());
        assertEquals("working days", alert.get("unit"));
        assertEquals("TRANSFER", alert.get("subjectKind"));
        assertTrue(((String) alert.get("details")).startsWith("2 container(s) loaded on " + loaded), (String) alert.get("details"));
        assertTrue(((List<?>) alert.get("partyIds")).containsAll(List.of((int) r.id(), (int) collector())), alert.toString());

        receive(r, transfer, p.labels().get(0), "150");
        evaluator.evaluate(late);
        Map<String, Object> still = only(open(rule, r.id(), transfer));
        assertEquals(id(alert), id(still), "the same alert, refreshed: one container is still in transit");
        assertTrue(((String) still.get("details")).startsWith("1 container(s)"), (String) still.get("details"));

        receive(r, transfer, p.labels().get(1), "150");
        evaluator.evaluate(late);
        assertResolved(id(alert));
    }

    @Test
    void weightDeviation_firesAboveTolerance_staysClosedAfterARegulatorsClose_untilANewDeviatingWeighing() {
        String town = town();
        long g = generator(town, null);
        long point = storagePoint(town);
        User keeper = AlertWorld.user(point, "STORAGE_KEEPER");
        Pickup p = pickup(g, 100, 100);
        String within = p.labels().get(0);
        String beyond = p.labels().get(1);
        collect(p, within, "105.00");
        collect(p, beyond, "105.01");
        Instant now = Instant.now();
        AlertRule rule = AlertRule.WEIGHT_DEVIATION;

        evaluator.evaluate(now);
        assertTrue(alerts(rule, g, within).isEmpty(), "exactly 5 % is within the tolerance");
        Map<String, Object> first = only(open(rule, g, beyond));
        assertEquals(0, measure(first).compareTo(new BigDecimal("5.01")));
        assertEquals(5, ((Number) first.get("threshold")).intValue());

        as("regulator").body(Map.of("note", "称重复核：秤已校准 scale checked")).post("/api/alerts/" + id(first) + "/close")
                .then().statusCode(200).body("alert.closedReason", equalTo("BY_USER"));
        evaluator.evaluate(now);
        assertEquals(1, alerts(rule, g, beyond).size(), "the same deviation does not reopen once a regulator closed it");

        store(keeper, within, point, "105.00");
        store(keeper, beyond, point, "120.00"); // 14.27 % above the collection weighing: a new deviation
        evaluator.evaluate(now);
        assertTrue(alerts(rule, g, within).isEmpty());
        List<Map<String, Object>> all = alerts(rule, g, beyond);
        assertEquals(2, all.size());
        assertEquals("OPEN", all.get(1).get("state"));
        assertEquals(0, measure(all.get(1)).compareTo(new BigDecimal("14.27")));
        assertTrue(((List<?>) all.get(1).get("partyIds")).contains((int) point), all.get(1).toString());
    }

    @Test
    void unlicensedReceipt_firesWhenTheLicenceDidNotCoverTheDay_orTheYearsIntakeWentOverApproved() throws SQLException {
        String town = town();
        long g = generator(town, null);
        Receiver r = receiver(town, "10");
        Pickup p = pickup(g, 150, 150);
        p.labels().forEach(l -> collect(p, l, "150"));
        String transfer = transfer(collector(), r.id(), p.labels());
        p.labels().forEach(l -> load(transfer, l));
        p.labels().forEach(l -> receive(r, transfer, l, "150"));
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        AlertRule rule = AlertRule.UNLICENSED_RECEIPT;

        evaluator.evaluate(now);
        p.labels().forEach(l -> assertTrue(alerts(rule, r.id(), l).isEmpty(), "received within the licence"));

        // the licence was shortened after the receipts: it no longer covered their day
        sql("UPDATE licence SET valid_to = ? WHERE id = ?", today.minusDays(1), r.licenceId());
        evaluator.evaluate(now);
        for (String l : p.labels()) {
            Map<String, Object> alert = only(open(rule, r.id(), l));
            assertEquals(0, measure(alert).compareTo(new BigDecimal("0.150")));
            assertTrue(((String) alert.get("details")).contains("without a licence valid that day"), (String) alert.get("details"));
            assertTrue(((List<?>) alert.get("partyIds")).containsAll(List.of((int) r.id(), (int) g, (int) collector())), alert.toString());
        }
        sql("UPDATE licence SET valid_to = ? WHERE id = ?", today.plusYears(2), r.licenceId());
        evaluator.evaluate(now);
        p.labels().forEach(l -> assertTrue(open(rule, r.id(), l).isEmpty(), "resolved once the licence covers the day again"));

        // intake recorded outside HazChain: 0.3 t received here + 9.7 t = exactly the 10 t approved
        as("admin").body(Map.of("receivedOn", today.toString(), "wasteCode", "900-249-08", "tonnes", new BigDecimal("9.700"), "reference", "纸质联单 paper"))
                .post("/api/licences/" + r.licenceId() + "/intakes").then().statusCode(204);
        evaluator.evaluate(now);
        p.labels().forEach(l -> assertTrue(open(rule, r.id(), l).isEmpty(), "exactly the approved quantity is not over it"));
        as("admin").body(Map.of("receivedOn", today.toString(), "wasteCode", "900-249-08", "tonnes", new BigDecimal("0.001"), "reference", "纸质联单 paper"))
                .post("/api/licences/" + r.licenceId() + "/intakes").then().statusCode(204);
        evaluator.evaluate(now);
        for (String l : p.labels()) {
            Map<String, Object> alert = only(open(rule, r.id(), l));
            assertEquals(0, measure(alert).compareTo(new BigDecimal("0.001")));
            assertEquals(10, ((Number) alert.get("threshold")).intValue());
            assertTrue(((String) alert.get("details")).contains("beyond the approved annual quantity"), (String) alert.get("details"));
            assertEquals(2, alerts(rule, r.id(), l).size(), "a new alert after the resolved one");
        }
    }

    @Test
    void uncollected_firesThirtyDaysAfterIssue_resolvesWhenCollected() throws SQLException {
        String town = town();
        long g = generator(town, null);
        Pickup p = pickup(g, 150, 150);
        Instant now = Instant.now();
        Instant limit = now.minus(DAY.multipliedBy(30));
        sql("UPDATE container SET created_at = ? WHERE label_id = ?", java.sql.Timestamp.from(limit.plusSeconds(60)), p.labels().get(0));
        sql("UPDATE container SET created_at = ? WHERE label_id = ?", java.sql.Timestamp.from(limit.minusSeconds(60)), p.labels().get(1));
        AlertRule rule = AlertRule.UNCOLLECTED;

        evaluator.evaluate(now);
        assertTrue(alerts(rule, g, p.labels().get(0)).isEmpty());
        Map<String, Object> alert = only(open(rule, g, p.labels().get(1)));
        assertEquals(30, measure(alert).intValue());
        assertEquals("LOW", alert.get("severity"));

        collect(p, p.labels().get(1), "150");
        evaluator.evaluate(now);
        assertResolved(id(alert));
    }

    @Test
    void noPickup_firesForAGeneratorExpectingWaste120DaysWithoutCollection_resolvesOnPickup_andReopensLater() {
        String town = town();
        long expecting = generator(town, "1.5");
        long none = generator(town, "0");
        long unknown = generator(town, null);
        Instant created = Instant.parse(as("admin").get("/api/parties/" + expecting).then().statusCode(200).extract().path("createdAt"));
        Instant limit = created.plus(DAY.multipliedBy(120));
        AlertRule rule = AlertRule.NO_PICKUP;
        String subject = String.valueOf(expecting);

        evaluator.evaluate(limit.minusSeconds(1));
        assertTrue(alerts(rule, expecting, subject).isEmpty());
        evaluator.evaluate(limit.plusSeconds(1));
        Map<String, Object> first = only(open(rule, expecting, subject));
        assertEquals(120, measure(first).intValue());
        assertEquals("GENERATOR", first.get("subjectKind"));
        assertTrue(((String) first.get("details")).contains("never had a pickup"), (String) first.get("details"));
        evaluator.evaluate(created.plus(DAY.multipliedBy(1000)));
        assertTrue(alerts(rule, none, String.valueOf(none)).isEmpty(), "no generation expected, no alert");
        assertTrue(alerts(rule, unknown, String.valueOf(unknown)).isEmpty(), "no generation expected, no alert");

        Pickup p = pickup(expecting, 150);
        collect(p, p.labels().get(0), "150");
        Instant collected = eventTime(p.labels().get(0), "CONTAINER_COLLECTED");
        // a day after the pickup (not at created + 120 days: the pickup may come less than a second after creation)
        evaluator.evaluate(collected.plus(DAY));
        List<Map<String, Object>> all = alerts(rule, expecting, subject);
        assertEquals(1, all.size());
        assertEquals("CLOSED", all.get(0).get("state"));
        assertEquals("AUTO_RESOLVED", all.get(0).get("closedReason"));

        evaluator.evaluate(collected.plus(DAY.multipliedBy(120)).minusSeconds(1));
        assertTrue(open(rule, expecting, subject).isEmpty());
        evaluator.evaluate(collected.plus(DAY.multipliedBy(120)).plusSeconds(1));
        all = alerts(rule, expecting, subject);
        assertEquals(2, all.size());
        assertEquals("OPEN", all.get(1).get("state"));
        assertTrue(((String) all.get(1).get("details")).contains("no pickup since"), (String) all.get(1).get("details"));
        assertTrue(((List<?>) all.get(1).get("partyIds")).contains((int) collector()), "the collector of its last pickup is concerned");
    }
    @Test
    void receivedNotDisposed_firesAYearAfterTheReceipt_resolvesWhenDisposed() {
        String town = town();
        long g = generator(town, null);
        Receiver r = receiver(town, "50");
        Pickup p = pickup(g, 150, 150);
        p.labels().forEach(l -> collect(p, l, "150"));
        String transfer = transfer(collector(), r.id(), p.labels());
        p.labels().forEach(l -> load(transfer, l));
        p.labels().forEach(l -> receive(r, transfer, l, "150"));
        String kept = p.labels().get(0);
        String disposed = p.labels().get(1);
        r.operator().req().body(AlertWorld.cmd("method", "D10", "certificateNumber", "ALERT-CERT-" + AlertWorld.next(),
                        "disposedOn", LocalDate.now(ZONE).toString()))
                .post("/api/containers/" + disposed + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));
        Instant received = eventTime(kept, "CONTAINER_RECEIVED");
        AlertRule rule = AlertRule.RECEIVED_NOT_DISPOSED;

        evaluator.evaluate(received.plus(DAY.multipliedBy(365)).minusSeconds(1));
        assertTrue(alerts(rule, r.id(), kept).isEmpty(), "365 days after the receipt is still in time");
        Instant late = received.plus(DAY.multipliedBy(365)).plusSeconds(1);
        evaluator.evaluate(late);
        Map<String, Object> alert = only(open(rule, r.id(), kept));
        assertTrue(alerts(rule, r.id(), disposed).isEmpty(), "a disposed container raises nothing");
        assertEquals(365, measure(alert).intValue());
        assertEquals(365, ((Number) alert.get("threshold")).intValue());
        assertEquals("CONTAINER", alert.get("subjectKind"));
        assertEquals(town, alert.get("town"), "counted under the receiver's town");
        assertTrue(((String) alert.get("details")).contains("from transfer " + transfer), (String) alert.get("details"));
        assertTrue(((List<?>) alert.get("partyIds")).containsAll(List.of((int) r.id(), (int) g, (int) collector())), alert.toString());

        r.operator().req().body(AlertWorld.cmd("method", "D10", "certificateNumber", "ALERT-CERT-" + AlertWorld.next(),
                        "disposedOn", LocalDate.now(ZONE).toString()))
                .post("/api/containers/" + kept + "/dispose").then().statusCode(200).body("state", equalTo("DISPOSED"));
        evaluator.evaluate(late);
        assertResolved(id(alert));
    }

    @Test
    void licenceExpiring_firesSixtyDaysBeforeTheEnd_staysOnceExpired_resolvesWhenARenewalIsOnFile() throws SQLException {
        String town = town();
        Receiver r = receiver(town, "50");
        String number = as("admin").get("/api/licences/" + r.licenceId()).then().statusCode(200).extract().path("number");
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        AlertRule rule = AlertRule.LICENCE_EXPIRING;

        sql("UPDATE licence SET valid_to = ? WHERE id = ?", today.plusDays(61), r.licenceId());
        evaluator.evaluate(now);
        assertTrue(alerts(rule, r.id(), number).isEmpty(), "61 days left: not yet");
        sql("UPDATE licence SET valid_to = ? WHERE id = ?", today.plusDays(60), r.licenceId());
        evaluator.evaluate(now);
        Map<String, Object> alert = only(open(rule, r.id(), number));
        assertEquals(60, measure(alert).intValue());
        assertEquals(60, ((Number) alert.get("threshold")).intValue());
        assertEquals("LICENCE", alert.get("subjectKind"));
        assertEquals(r.licenceId(), ((Number) alert.get("subjectId")).longValue());
        assertEquals(List.of((int) r.id()), alert.get("partyIds"));
        assertTrue(((String) alert.get("details")).contains("(60 days left); no renewal on file"), (String) alert.get("details"));

        // it lapses: the same alert, now counting the days since
        sql("UPDATE licence SET valid_to = ? WHERE id = ?", today.minusDays(3), r.licenceId());
        evaluator.evaluate(now);
        Map<String, Object> lapsed = only(open(rule, r.id(), number));
        assertEquals(id(alert), id(lapsed));
        assertEquals(-3, measure(lapsed).intValue());
        assertTrue(((String) lapsed.get("details")).contains("expired on " + today.minusDays(3)), (String) lapsed.get("details"));

        // a renewal that leaves a gap is no renewal; one that starts the day after the old one ends is
        long renewal = as("admin").body(Map.of("number", "JSHW-RENEW-" + AlertWorld.next(), "holderPartyId", r.id(), "kind", "COMPREHENSIVE",
                        "permitted", List.of("HW08", "HW49"), "approvedAnnualTonnes", new BigDecimal("50"),
                        "validFrom", today.toString(), "validTo", today.plusYears(5).toString()))
                .post("/api/licences").then().statusCode(201).extract().<Integer>path("id");
        evaluator.evaluate(now);
        assertEquals(id(alert), id(only(open(rule, r.id(), number))), "a renewal from today leaves three days uncovered");
        sql("UPDATE licence SET valid_from = ? WHERE id = ?", today.minusDays(2), renewal);
        evaluator.evaluate(now);
        assertResolved(id(alert));
    }
}
