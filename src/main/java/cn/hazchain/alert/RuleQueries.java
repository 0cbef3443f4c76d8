package cn.hazchain.alert;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.WorkingDays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Candidate selection: for each rule, the subjects whose condition holds at {@code now}, read with SQL from the
 * custody data. {@code now} is a parameter so that an evaluation can be run as of any moment.
 */
@ApplicationScoped
public class RuleQueries {

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    @Inject
    WorkingDays workingDays;

    @Inject
    FeedRuleQueries feeds;

    public List<Candidate> candidates(AlertRule rule, Instant now) {
        return switch (rule) {
            case STORAGE_OVERDUE_AT_GENERATOR -> storageOverdueAtGenerator(now);
            case STORAGE_OVERDUE_AT_STORAGE_POINT -> storageOverdueAtStoragePoint(now);
            case STORAGE_POINT_OVER_CAPACITY -> storagePointOverCapacity();
            case TRANSFER_NOT_RECEIVED -> transferNotReceived(now);
            case WEIGHT_DEVIATION -> weightDeviation();
            case UNLICENSED_RECEIPT -> unlicensedReceipt();
            case UNCOLLECTED -> uncollected(now);
            case NO_PICKUP -> noPickup(now);
            case PICKUP_UNCONFIRMED -> pickupUnconfirmed(now);
            case RECEIVED_NOT_DISPOSED -> receivedNotDisposed(now);
            case LICENCE_EXPIRING -> licenceExpiring(now);
            case OFF_CORRIDOR -> feeds.offCorridor();
            case STOPPED_TOO_LONG -> feeds.stoppedTooLong(now);
            case SILENT_IN_TRANSIT -> feeds.silentInTransit(now);
            case SCALE_SCAN_MISMATCH -> feeds.scaleScanMismatch(now);
        };
    }

    private LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, config.zone());
    }

    /** Still ISSUED (at the generator) and generated more than generatorStorageDays ago. */
    List<Candidate> storageOverdueAtGenerator(Instant now) {
        int limit = config.alerts().generatorStorageDays();
        LocalDate today = today(now);
        String since = "coalesce(c.generation_date, CAST((c.created_at AT TIME ZONE CAST(?1 AS text)) AS date))";
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, g.town, c.generator_party_id, m.collector_party_id, " + since
                        + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN party g ON g.id = c.generator_party_id"
                        + " WHERE c.state = 'ISSUED' AND " + since + " < ?2")
                .setParameter(1, zone()).setParameter(2, today.minusDays(limit)));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate generated = SqlValues.localDate(r[5]);
            long days = ChronoUnit.DAYS.between(generated, today);
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(days), BigDecimal.valueOf(limit),
                    "generated " + generated + ", still at the generator after " + days + " days (limit " + limit + ")",
                    parties(r[3], r[4]), 0));
        }
        return result;
    }

    /** IN_STORAGE for more than storagePointDays since its latest CONTAINER_STORED event. */
    List<Candidate> storageOverdueAtStoragePoint(Instant now) {
        int limit = config.alerts().storagePointDays();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, sp.town, c.generator_party_id, c.custodian_party_id,"
                        + " c.storage_point_id, sp.parent_id, st.id, st.server_time, sp.name"
                        + " FROM container c JOIN party sp ON sp.id = c.storage_point_id"
                        + " JOIN LATERAL (SELECT e.id, e.server_time FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'CONTAINER_STORED' ORDER BY e.seq DESC LIMIT 1) st ON true"
                        + " WHERE c.state = 'IN_STORAGE' AND st.server_time < ?1")
                .setParameter(1, now.minus(Duration.ofDays(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant stored = SqlValues.instant(r[8]);
            long days = Duration.between(stored, now).toDays();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(days), BigDecimal.valueOf(limit),
                    "stored at " + r[9] + " (party " + id(r[5]) + ") since " + stored + ": " + days + " days (limit " + limit + ")",
                    parties(r[3], r[4], r[5], r[6]), id(r[7])));
        }
        return result;
    }

    /** A storage point holding more than storagePointMaxKg now: last weighing, else the estimate, of its IN_STORAGE containers. */
    List<Candidate> storagePointOverCapacity() {
        BigDecimal max = config.alerts().storagePointMaxKg();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT sp.id, sp.name, sp.town, sp.parent_id,"
                        + " sum(coalesce(c.last_weight_kg, c.estimated_weight_kg)), count(*), coalesce(max(st.id), 0)"
                        + " FROM container c JOIN party sp ON sp.id = c.storage_point_id"
                        + " LEFT JOIN LATERAL (SELECT max(e.id) AS id FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'CONTAINER_STORED') st ON true"
                        + " WHERE c.state = 'IN_STORAGE'"
                        + " GROUP BY sp.id, sp.name, sp.town, sp.parent_id"
                        + " HAVING sum(coalesce(c.last_weight_kg, c.estimated_weight_kg)) > ?1")
                .setParameter(1, max));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal kg = (BigDecimal) r[4];
            result.add(new Candidate(id(r[0]), String.valueOf(id(r[0])), (String) r[2], kg, max,
                    r[1] + " holds " + kg + " kg in " + ((Number) r[5]).longValue() + " containers (limit " + max + " kg)",
                    parties(r[0], r[3]), id(r[6])));
        }
        return result;
    }

    /** Containers of a transfer still IN_TRANSIT more than receiptWorkingDays working days after they were loaded. */
    List<Candidate> transferNotReceived(Instant now) {
        ReceiptDeadline deadline = new ReceiptDeadline(workingDays, config.alerts().receiptWorkingDays());
        LocalDate today = today(now);
        // n working days take at least n calendar days: a cheap bound on what can be late at all
        List<Object[]> rows = rows(em.createNativeQuery("SELECT t.id, t.number, o.town, t.shipper_party_id, t.origin_party_id,"
                        + " t.carrier_party_id, t.receiver_party_id, count(*), coalesce(min(dp.server_time), min(ld.server_time)),"
                        + " coalesce((array_agg(dp.id ORDER BY dp.server_time, dp.id) FILTER (WHERE dp.id IS NOT NULL))[1],"
                        + "   (array_agg(ld.id ORDER BY ld.server_time, ld.id))[1]), t.departed_at"
                        + " FROM container c JOIN transfer t ON t.id = c.transfer_id JOIN party o ON o.id = t.origin_party_id"
                        + " JOIN LATERAL (SELECT e.id, e.server_time FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'CONTAINER_LOADED' AND e.transfer_id = t.id ORDER BY e.seq DESC LIMIT 1) ld ON true"
                        // the deadline counts from departure (issue #15); a transfer that never recorded one, from its loading
                        + " LEFT JOIN LATERAL (SELECT e.id, e.server_time FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'TRANSFER_DEPARTED' AND e.transfer_id = t.id ORDER BY e.seq DESC LIMIT 1) dp ON true"
                        + " WHERE c.state = 'IN_TRANSIT'"
                        + " GROUP BY t.id, t.number, o.town, t.shipper_party_id, t.origin_party_id, t.carrier_party_id, t.receiver_party_id, t.departed_at"
                        + " HAVING coalesce(min(dp.server_time), min(ld.server_time)) < ?1")
                .setParameter(1, now.minus(Duration.ofDays(deadline.workingDays()))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate loaded = LocalDate.ofInstant(SqlValues.instant(r[8]), config.zone());
            if (!deadline.late(loaded, today)) {
                continue;
            }
            int elapsed = deadline.elapsed(loaded, today);
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(elapsed), BigDecimal.valueOf(deadline.workingDays()),
                    ((Number) r[7]).longValue() + " container(s) " + (r[10] != null ? "that left" : "loaded") + " on " + loaded
                            + " still in transit after " + elapsed
                            + " working days; receipt was due by " + deadline.dueBy(loaded) + " (" + deadline.workingDays() + " working days)",
                    parties(r[3], r[4], r[5], r[6]), id(r[9])));
        }
        return result;
    }

    /**
     * A pickup the generator has neither confirmed (at the stop, with its code, or later from its account) nor disputed
     * within {@code pickupConfirmationWorkingDays} working days of the collection (issue #15, point 1).
     */
    List<Candidate> pickupUnconfirmed(Instant now) {
        int limit = config.alerts().pickupConfirmationWorkingDays();
        LocalDate today = today(now);
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, g.town, c.generator_party_id, m.collector_party_id,"
                        + " col.server_time, col.id, col.facts->>'confirmation'"
                        + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN party g ON g.id = c.generator_party_id"
                        + " JOIN LATERAL (SELECT e.id, e.server_time, e.facts FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'CONTAINER_COLLECTED' ORDER BY e.seq DESC LIMIT 1) col ON true"
                        + " WHERE c.pickup_confirmation = 'UNCONFIRMED' AND col.server_time < ?1")
                .setParameter(1, now.minus(Duration.ofDays(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate collected = LocalDate.ofInstant(SqlValues.instant(r[5]), config.zone());
            int elapsed = workingDays.between(collected, today);
            if (elapsed <= limit) {
                continue;
            }
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(elapsed), BigDecimal.valueOf(limit),
                    "collected on " + collected + " without the generator's confirmation (" + r[7] + " at the stop); neither confirmed nor disputed after "
                            + elapsed + " working days (limit " + limit + ")", parties(r[3], r[4]), id(r[6])));
        }
        return result;
    }

    /** A container flagged because two of its weighings (the estimate first) differ by more than the custody tolerance. */
    List<Candidate> weightDeviation() {
        BigDecimal tolerance = config.custody().weightTolerance().movePointRight(2);
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, g.town, c.generator_party_id, m.collector_party_id,"
                + " c.custodian_party_id, c.storage_point_id, t.receiver_party_id, d.n, d.ref, d.pct"
                + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN party g ON g.id = c.generator_party_id"
                + " LEFT JOIN transfer t ON t.id = c.transfer_id"
                + " JOIN LATERAL (SELECT count(*) AS n, max(w.id) AS ref, max(abs(w.weight_kg - w.prev) * 100 / w.prev) AS pct"
                + "   FROM (SELECT e.id, e.weight_kg, e.weight_deviation,"
                + "           lag(e.weight_kg, 1, c.estimated_weight_kg) OVER (ORDER BY e.seq) AS prev"
                + "         FROM custody_event e WHERE e.container_id = c.id AND e.weight_kg IS NOT NULL) w"
                + "   WHERE w.weight_deviation) d ON true"
                + " WHERE c.weight_flag AND d.n > 0"));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal pct = ((BigDecimal) r[10]).setScale(2, RoundingMode.HALF_UP);
            long n = ((Number) r[8]).longValue();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], pct, tolerance,
                    n + " weighing(s) differ from the one before by more than " + tolerance.stripTrailingZeros().toPlainString()
                            + " %; largest difference " + pct + " %",
                    parties(r[3], r[4], r[5], r[6], r[7]), id(r[9])));
        }
        return result;
    }

    /**
     * A CONTAINER_RECEIVED whose receiver held no licence valid that day covering the code (or its category), or
     * whose every covering licence had, counting that day, received more than its approved annual tonnes.
     */
    List<Candidate> unlicensedReceipt() {
        // The year-to-date intake of each licence is summed once (window over its days): "overrun" holds, per
        // licence and year, the first day on which it exceeded the approved tonnes (normally no row at all).
        List<Object[]> rows = rows(em.createNativeQuery("WITH ytd AS (SELECT licence_id, received_on,"
                        + "   sum(sum(tonnes)) OVER (PARTITION BY licence_id, extract(year FROM received_on) ORDER BY received_on) AS total"
                        + "   FROM licence_intake GROUP BY licence_id, received_on),"
                        + " overrun AS MATERIALIZED (SELECT y.licence_id, extract(year FROM y.received_on) AS yr, min(y.received_on) AS first_day"
                        + "   FROM ytd y JOIN licence l ON l.id = y.licence_id WHERE y.total > l.approved_annual_t GROUP BY 1, 2)"
                        + " SELECT c.id, c.label_id, rp.town, c.generator_party_id, t.shipper_party_id,"
                        + " t.receiver_party_id, e.id, e.day, c.waste_code, c.received_weight_kg, best.number,"
                        + " CASE WHEN best.first_day IS NULL THEN NULL ELSE (SELECT sum(li.tonnes) FROM licence_intake li WHERE li.licence_id = best.id"
                        + "   AND li.received_on >= CAST(date_trunc('year', e.day) AS date) AND li.received_on <= e.day) END,"
                        + " best.approved, rp.name"
                        + " FROM (SELECT x.id, x.container_id, x.transfer_id, CAST((x.server_time AT TIME ZONE CAST(?1 AS text)) AS date) AS day"
                        + "       FROM custody_event x WHERE x.type = 'CONTAINER_RECEIVED') e"
                        + " JOIN container c ON c.id = e.container_id JOIN transfer t ON t.id = e.transfer_id"
                        + " JOIN party rp ON rp.id = t.receiver_party_id"
                        + " LEFT JOIN LATERAL (SELECT l.id, l.number, l.approved_annual_t AS approved, o.first_day FROM licence l"
                        + "   LEFT JOIN overrun o ON o.licence_id = l.id AND o.yr = extract(year FROM e.day) AND o.first_day <= e.day"
                        + "   WHERE l.holder_party_id = t.receiver_party_id AND e.day BETWEEN l.valid_from AND l.valid_to"
                        + "     AND (CAST(c.waste_code AS text) = ANY(l.permitted_codes) OR ('HW' || right(CAST(c.waste_code AS text), 2)) = ANY(l.permitted_categories))"
                        + "   ORDER BY (o.first_day IS NOT NULL), l.number LIMIT 1) best ON true"
                        + " WHERE best.number IS NULL OR best.first_day IS NOT NULL"
                        + " ORDER BY c.id, e.id")
                .setParameter(1, zone()));
        Map<Long, Candidate> byContainer = new LinkedHashMap<>();
        for (Object[] r : rows) {
            long containerId = id(r[0]);
            LocalDate day = SqlValues.localDate(r[7]);
            String code = key(r[8]);
            BigDecimal received = r[9] == null ? BigDecimal.ZERO : ((BigDecimal) r[9]).movePointLeft(3);
            Candidate c;
            if (r[10] == null) {
                c = new Candidate(containerId, key(r[1]), (String) r[2], received, BigDecimal.ZERO,
                        r[13] + " (party " + id(r[5]) + ") received " + code + " on " + day + " without a licence valid that day covering it",
                        parties(r[3], r[4], r[5]), id(r[6]));
            } else {
                BigDecimal intake = (BigDecimal) r[11];
                BigDecimal approved = (BigDecimal) r[12];
                c = new Candidate(containerId, key(r[1]), (String) r[2], intake.subtract(approved), approved,
                        r[13] + " (party " + id(r[5]) + ") received " + code + " on " + day + " beyond the approved annual quantity of licence "
                                + r[10] + ": " + intake + " t taken in " + day.getYear() + " by that day, " + approved + " t approved",
                        parties(r[3], r[4], r[5]), id(r[6]));
            }
            byContainer.put(containerId, c); // a container received twice: the latest receipt speaks for it
        }
        return new ArrayList<>(byContainer.values());
    }

    /** Still ISSUED uncollectedDays after it was issued (its label printed). */
    List<Candidate> uncollected(Instant now) {
        int limit = config.alerts().uncollectedDays();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, g.town, c.generator_party_id, m.collector_party_id,"
                        + " c.created_at, m.number FROM container c JOIN manifest m ON m.id = c.manifest_id"
                        + " JOIN party g ON g.id = c.generator_party_id WHERE c.state = 'ISSUED' AND c.created_at < ?1")
                .setParameter(1, now.minus(Duration.ofDays(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant issued = SqlValues.instant(r[5]);
            long days = Duration.between(issued, now).toDays();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(days), BigDecimal.valueOf(limit),
                    "issued on manifest " + key(r[6]) + " at " + issued + ", not collected after " + days + " days (limit " + limit + ")",
                    parties(r[3], r[4]), 0));
        }
        return result;
    }

    /** A generator expecting waste (annual generation above 0) with no collection for noPickupDays. */
    List<Candidate> noPickup(Instant now) {
        int limit = config.alerts().noPickupDays();
        // Generators collected since the cutoff cannot fire: they are set aside first, from the collections of the
        // last noPickupDays alone (a range of custody_event_recent_collection_idx, V11). Only the others get their
        // latest collection looked up, container by container. One query over every generator's events took 2 min
        // 20 s on the city history (the planner walked all events backwards by time, looking for each generator's).
        List<Object[]> rows = rows(em.createNativeQuery("WITH recent AS MATERIALIZED (SELECT DISTINCT c.generator_party_id"
                        + "   FROM custody_event e JOIN container c ON c.id = e.container_id"
                        + "   WHERE e.type = 'CONTAINER_COLLECTED' AND e.server_time >= ?1)"
                        + " SELECT g.id, g.name, g.town, g.created_at, lc.id, lc.server_time, lc.collector_party_id"
                        + " FROM party g LEFT JOIN LATERAL (SELECT x.id, x.server_time, m.collector_party_id FROM container c"
                        + "   CROSS JOIN LATERAL (SELECT e.id, e.server_time FROM custody_event e WHERE e.container_id = c.id"
                        + "     AND e.type = 'CONTAINER_COLLECTED' ORDER BY e.server_time DESC, e.id DESC LIMIT 1) x"
                        + "   JOIN manifest m ON m.id = c.manifest_id"
                        + "   WHERE c.generator_party_id = g.id ORDER BY x.server_time DESC, x.id DESC LIMIT 1) lc ON true"
                        + " WHERE g.kind = 'GENERATOR' AND g.annual_generation_t > 0"
                        + " AND NOT EXISTS (SELECT 1 FROM recent r WHERE r.generator_party_id = g.id)"
                        + " AND coalesce(lc.server_time, g.created_at) < ?1")
                .setParameter(1, now.minus(Duration.ofDays(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant last = r[5] == null ? null : SqlValues.instant(r[5]);
            Instant since = last == null ? SqlValues.instant(r[3]) : last;
            long days = Duration.between(since, now).toDays();
            result.add(new Candidate(id(r[0]), String.valueOf(id(r[0])), (String) r[2], BigDecimal.valueOf(days), BigDecimal.valueOf(limit),
                    r[1] + (last == null ? " has never had a pickup since it was registered at " + since : " has had no pickup since " + last)
                            + ": " + days + " days (limit " + limit + ")",
                    parties(r[0], r[6]), r[4] == null ? 0 : id(r[4])));
        }
        return result;
    }

    /**
     * {@code RECEIVED} at its receiver (accepted whole or in part) and neither utilised nor disposed of more than
     * receiverStorageDays after its latest {@code CONTAINER_RECEIVED} event (a licensed operator stores waste at most a
     * year).
     */
    List<Candidate> receivedNotDisposed(Instant now) {
        int limit = config.alerts().receiverStorageDays();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT c.id, c.label_id, rp.town, c.generator_party_id, t.shipper_party_id,"
                        + " t.receiver_party_id, rc.id, rc.server_time, rp.name, t.number"
                        + " FROM container c JOIN transfer t ON t.id = c.transfer_id JOIN party rp ON rp.id = t.receiver_party_id"
                        + " JOIN LATERAL (SELECT e.id, e.server_time FROM custody_event e WHERE e.container_id = c.id"
                        + "   AND e.type = 'CONTAINER_RECEIVED' ORDER BY e.seq DESC LIMIT 1) rc ON true"
                        + " WHERE c.state = 'RECEIVED' AND rc.server_time < ?1")
                .setParameter(1, now.minus(Duration.ofDays(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant received = SqlValues.instant(r[7]);
            long days = Duration.between(received, now).toDays();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(days), BigDecimal.valueOf(limit),
                    "received by " + r[8] + " (party " + id(r[5]) + ") from transfer " + key(r[9]) + " at " + received
                            + ", neither utilised nor disposed of after " + days + " days (limit " + limit + ")",
                    parties(r[3], r[4], r[5]), id(r[6])));
        }
        return result;
    }

    /**
     * A licence that expires within licenceExpiryDays (or has expired) with no renewal on file: no licence of the same
     * holder and kind that runs longer and starts by the day after it ends. The renewal must be applied for 30
     * working days before the end; the alert comes before that. The measure is the days left (negative once expired).
     */
    List<Candidate> licenceExpiring(Instant now) {
        int limit = config.alerts().licenceExpiryDays();
        LocalDate today = today(now);
        List<Object[]> rows = rows(em.createNativeQuery("SELECT l.id, l.number, h.town, l.holder_party_id, l.valid_to, l.kind, h.name"
                        + " FROM licence l JOIN party h ON h.id = l.holder_party_id"
                        + " WHERE l.valid_to <= ?1 AND NOT EXISTS (SELECT 1 FROM licence n WHERE n.holder_party_id = l.holder_party_id"
                        + "   AND n.kind = l.kind AND n.valid_to > l.valid_to AND n.valid_from <= l.valid_to + 1)")
                .setParameter(1, today.plusDays(limit)));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate validTo = SqlValues.localDate(r[4]);
            long left = ChronoUnit.DAYS.between(today, validTo);
            String when = left >= 0 ? "is valid until " + validTo + " (" + left + " days left)"
                    : "expired on " + validTo + " (" + -left + " days ago)";
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(left), BigDecimal.valueOf(limit),
                    r[5] + " licence " + key(r[1]) + " of " + r[6] + " (party " + id(r[3]) + ") " + when + "; no renewal on file",
                    parties(r[3]), 0));
        }
        return result;
    }

    // ---- helpers (FeedRuleQueries uses them too) ----------------------------------------------------------------

    private String zone() {
        return config.zone().getId();
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> rows(Query q) {
        return q.getResultList();
    }

    static long id(Object o) {
        return ((Number) o).longValue();
    }

    static String key(Object o) {
        return Objects.toString(o).strip();
    }

    static Set<Long> parties(Object... ids) {
        Set<Long> set = new LinkedHashSet<>();
        for (Object o : ids) {
            if (o != null) {
                set.add(((Number) o).longValue());
            }
        }
        return set;
    }
}
