package cn.hazchain.mobile;

import cn.hazchain.account.AppUser;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.Vehicle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collection rounds: the collector's operator plans a day's round (vehicle, driver, ordered stops at generators);
 * the driver's handheld receives it with each stop's open manifests and their labels, so the driver can check
 * offline that a scanned container belongs to the stop.
 */
@ApplicationScoped
@Transactional
public class RoundService {

    @Inject
    CurrentUser current;

    @Inject
    CatalogueService catalogue;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    cn.hazchain.catalogue.CoLoadingService coLoading;

    public record VehicleRef(long id, String plate) {
    }

    public record DriverRef(long userId, String username, String displayName) {
    }

    public record ContainerRef(String labelId, String wasteCode, String containerType, int volumeLitres,
                               BigDecimal estimatedWeightKg, String state) {
    }

    public record OpenManifest(String number, LocalDate pickupDate, List<ContainerRef> containers) {
    }

    public record Stop(int seq, long generatorPartyId, String generatorName, String contactPhone, String address, Double latitude,
                       Double longitude, List<String> expectedCodes, int expectedContainers, String note,
                       List<OpenManifest> openManifests, StopResult result) {
    }

    /** How the stop ended, once the handheld recorded it: outcome, reason, when (device and server time). */
    public record StopResult(String outcome, String reason, java.time.Instant clientTime, java.time.Instant recordedAt) {
    }

    public record RoundView(long id, LocalDate date, long collectorPartyId, VehicleRef vehicle, DriverRef driver, String note,
                            List<Stop> stops) {
    }

    /** The created round, and whether this call created it (false: a retry with the same requestId). */
    public record Created(RoundView round, boolean created) {
    }

    public Created create(MobileDtos.NewRound req) {
        current.require(Role.COLLECTOR_OPERATOR);
        long collector = current.partyId();
        Object[] previous = (Object[]) em.createNativeQuery("SELECT id, created_by FROM collection_round WHERE request_id = ?1")
                .setParameter(1, req.requestId()).getResultStream().findFirst().orElse(null);
        if (previous != null) {
            if (((Number) previous[1]).longValue() != current.userId()) {
                throw ProblemException.conflict("requestId " + req.requestId() + " was already used by another user; generate a new one");
            }
            return new Created(view(((Number) previous[0]).longValue()), false);
        }
        Vehicle vehicle = Vehicle.findById(req.vehicleId());
        if (vehicle == null || vehicle.ownerPartyId != collector) {
            throw ProblemException.unprocessable("round-vehicle", "vehicle " + req.vehicleId() + " is not a vehicle of your collector");
        }
        AppUser driver = AppUser.findById(req.driverUserId());
        if (driver == null || driver.partyId != collector || !driver.roles.contains(Role.DRIVER.name()) || !driver.enabled) {
            throw ProblemException.unprocessable("round-driver", "user " + req.driverUserId() + " is not an active DRIVER of your collector");
        }
        LocalDate today = LocalDate.now(config.zone());
        if (req.date().isBefore(today.minusDays(1))) {
            throw ProblemException.unprocessable("round-date", "a round is planned for today or later, not for " + req.date());
        }
        List<NewStop> stops = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (MobileDtos.NewStop s : req.stops()) {
            Party g = Party.findById(s.generatorPartyId());
            if (g == null || g.kind != PartyKind.GENERATOR) {
                throw ProblemException.unprocessable("round-stop", "generatorPartyId " + s.generatorPartyId() + " is not a GENERATOR");
            }
            if (!seen.add(g.id)) {
                throw ProblemException.unprocessable("round-stop", "generator " + g.id + " appears twice; visit each generator once per round");
            }
            List<String> codes = new ArrayList<>();
            for (String code : s.expectedCodes() == null ? List.<String>of() : s.expectedCodes()) {
                String c = catalogue.require(code).code;
                if (!codes.contains(c)) {
                    codes.add(c);
                }
            }
            String address = s.address() == null || s.address().isBlank() ? g.address : s.address().strip();
            if (address == null || address.isBlank()) {
                throw ProblemException.unprocessable("round-stop", "generator " + g.id + " has no address on file: give the stop an address");
            }
            stops.add(new NewStop(g.id, address, s.latitude() != null ? s.latitude() : g.latitude,
                    s.longitude() != null ? s.longitude() : g.longitude, List.copyOf(codes), s.expectedContainers(),
                    s.note() == null || s.note().isBlank() ? null : s.note().strip()));
        }
        // a round is one vehicle: the wastes its stops expect must be allowed to travel together (issue #17)
        coLoading.require(stops.stream().flatMap(s -> s.codes().stream()).toList(),
                "the vehicle of one round");
        // ON CONFLICT: a concurrent retry with the same requestId waits for the first, then replays it.
        Number inserted = (Number) em.createNativeQuery("INSERT INTO collection_round (collector_party_id, round_date, vehicle_id,"
                        + " driver_user_id, note, created_by, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        + " ON CONFLICT (request_id) DO NOTHING RETURNING id")
                .setParameter(1, collector).setParameter(2, req.date()).setParameter(3, vehicle.id).setParameter(4, driver.id)
                .setParameter(5, req.note() == null || req.note().isBlank() ? null : req.note().strip())
                .setParameter(6, current.userId()).setParameter(7, req.requestId()).getResultStream().findFirst().orElse(null);
        if (inserted == null) {
            return create(req);
        }
        long id = inserted.longValue();
        insertStops(em, id, stops);
        return new Created(view(id), true);
    }

    /** A stop of a round about to be written: where, what is expected there. */
    public record NewStop(long generatorPartyId, String address, Double latitude, Double longitude, List<String> codes,
                          Integer expectedContainers, String note) {
    }

    /** Writes a round's stops, numbered from 1 in the order given (the demo's rounds too). */
    public static void insertStops(jakarta.persistence.EntityManager em, long roundId, List<NewStop> stops) {
        int seq = 0;
        for (NewStop s : stops) {
            em.createNativeQuery("INSERT INTO round_stop (round_id, seq, generator_party_id, address, latitude, longitude,"
                            + " expected_codes, expected_containers, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                            + " string_to_array(?7, ',')::varchar[], ?8, ?9)")
                    .setParameter(1, roundId).setParameter(2, ++seq).setParameter(3, s.generatorPartyId()).setParameter(4, s.address())
                    .setParameter(5, s.latitude()).setParameter(6, s.longitude()).setParameter(7, String.join(",", s.codes()))
                    .setParameter(8, s.expectedContainers()).setParameter(9, s.note())
                    .executeUpdate();
        }
    }

    /**
     * A stop's outcome as recorded: null {@code rejection} when it is recorded (now, or before with the same outcome);
     * else a stable {@code reason}, the {@code rejection} detail, and, for a conflict, the outcome recorded before.
     */
    public record Recorded(java.time.Instant recordedAt, String reason, String rejection, boolean conflict, String current) {
        static Recorded refused(String reason, String detail) {
            return new Recorded(null, reason, detail, false, null);
        }
    }

    /**
     * Records how a stop of a round ended (issue #15, point 2), from a handheld's STOP_OUTCOME event, once: the same
     * outcome again is answered as recorded, another one is a conflict. An outcome must agree with the collections of
     * the trip: COLLECTED needs a manifest of the stop's generator collected on this round, the others need none.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Recorded recordOutcome(long roundId, int seq, MobileDtos.StopOutcome outcome, String reason, java.time.Instant clientTime,
                                  String device, java.util.UUID clientEventId) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT collector_party_id, driver_user_id FROM collection_round WHERE id = ?1")
                .setParameter(1, roundId).getResultStream().findFirst().orElse(null);
        if (r == null || !mayRecord(((Number) r[0]).longValue(), ((Number) r[1]).longValue())) {
            return Recorded.refused("not-found", "round " + roundId + " does not exist or is not visible to you");
        }
        List<Object[]> stops = em.createNativeQuery("SELECT generator_party_id, outcome, outcome_recorded_at FROM round_stop"
                + " WHERE round_id = ?1 AND seq = ?2 FOR UPDATE").setParameter(1, roundId).setParameter(2, seq).getResultList();
        if (stops.isEmpty()) {
            return Recorded.refused("round-stop", "round " + roundId + " has no stop " + seq);
        }
        Object[] stop = stops.get(0);
        if (outcome == MobileDtos.StopOutcome.REFUSED_BY_GENERATOR && reason == null) {
            return Recorded.refused("stop-outcome-reason", "a stop the generator refused needs a reason: say why");
        }
        boolean collected = ((Number) em.createNativeQuery("SELECT count(*) FROM manifest WHERE round_id = ?1 AND generator_party_id = ?2")
                .setParameter(1, roundId).setParameter(2, stop[0]).getSingleResult()).longValue() > 0;
        if (outcome == MobileDtos.StopOutcome.COLLECTED && !collected) {
            return Recorded.refused("stop-outcome", "nothing was collected at stop " + seq + " on round " + roundId
                    + ": send its collections first, or record NOTHING_TO_COLLECT, CLOSED or REFUSED_BY_GENERATOR");
        }
        if (outcome != MobileDtos.StopOutcome.COLLECTED && collected) {
            return Recorded.refused("stop-outcome", "containers were collected at stop " + seq + " on round " + roundId
                    + ": its outcome is COLLECTED");
        }
        if (stop[1] != null) {
            if (outcome.name().equals(stop[1])) {
                return new Recorded(SqlValues.instant(stop[2]), null, null, false, null);
            }
            return new Recorded(null, "stop-outcome-recorded", "stop " + seq + " of round " + roundId + " already ended " + stop[1]
                    + ": an outcome is recorded once", true, (String) stop[1]);
        }
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long by = current.userId();
        cn.hazchain.common.Jdbc.work(em, c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE round_stop SET outcome = ?, outcome_reason = ?, outcome_client_time = ?,"
                    + " outcome_recorded_at = ?, outcome_by = ?, outcome_device = ?, outcome_client_event_id = ? WHERE round_id = ? AND seq = ?")) {
                ps.setString(1, outcome.name());
                ps.setString(2, reason);
                ps.setObject(3, clientTime == null ? null : java.time.OffsetDateTime.ofInstant(clientTime, java.time.ZoneOffset.UTC));
                ps.setObject(4, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                ps.setLong(5, by);
                ps.setString(6, device);
                ps.setObject(7, clientEventId);
                ps.setLong(8, roundId);
                ps.setInt(9, seq);
                ps.executeUpdate();
            }
            return null;
        });
        return new Recorded(now, null, null, false, null);
    }

    /** Users of the round's collector who drive or run rounds. */
    private boolean mayRecord(long collectorPartyId, long driverUserId) {
        return current.partyId() == collectorPartyId && (current.userId() == driverUserId || current.has(Role.DRIVER, Role.COLLECTOR_OPERATOR));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RoundView get(long id) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT collector_party_id, driver_user_id FROM collection_round WHERE id = ?1")
                .setParameter(1, id).getResultStream().findFirst().orElse(null);
        if (r == null || !mayRead(((Number) r[0]).longValue(), ((Number) r[1]).longValue())) {
            throw ProblemException.notFound("round", id);
        }
        return view(id);
    }

    /** Rounds of the caller's collector (all of them for regulators), newest day first. */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RoundView> list(LocalDate date, Long driverUserId, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM collection_round r WHERE r.superseded_at IS NULL");
        if (!current.seesAll()) {
            current.require(Role.COLLECTOR_OPERATOR, Role.DRIVER);
            where.append(" AND r.collector_party_id = :me");
            params.put("me", current.partyId());
            if (!current.has(Role.COLLECTOR_OPERATOR)) {
                where.append(" AND r.driver_user_id = :self");
                params.put("self", current.userId());
            }
        }
        if (date != null) {
            where.append(" AND r.round_date = :date");
            params.put("date", date);
        }
        if (driverUserId != null) {
            where.append(" AND r.driver_user_id = :driver");
            params.put("driver", driverUserId);
        }
        return Page.ofIds(em, "r.id", where, "r.round_date DESC, r.id", params, paging, this::view);
    }

    /** The rounds a driver drives on a day, in the order planned (a re-plan's superseded rounds left out). */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RoundView> forDriver(long userId, LocalDate date) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM collection_round WHERE driver_user_id = ?1 AND round_date = ?2"
                + " AND superseded_at IS NULL ORDER BY id")
                .setParameter(1, userId).setParameter(2, date).getResultList();
        return ids.stream().map(id -> view(id.longValue())).toList();
    }

    private boolean mayRead(long collectorPartyId, long driverUserId) {
        if (current.seesAll()) {
            return true;
        }
        if (current.has(Role.COLLECTOR_OPERATOR) && current.partyId() == collectorPartyId) {
            return true;
        }
        return current.userId() == driverUserId;
    }

    @SuppressWarnings("unchecked")
    RoundView view(long id) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT r.round_date, r.collector_party_id, v.id, v.plate, u.id, u.username,"
                        + " u.display_name, r.note FROM collection_round r JOIN vehicle v ON v.id = r.vehicle_id"
                        + " JOIN app_user u ON u.id = r.driver_user_id WHERE r.id = ?1")
                .setParameter(1, id).getSingleResult();
        long collector = ((Number) r[1]).longValue();
        List<Object[]> rows = em.createNativeQuery("SELECT s.seq, s.generator_party_id, p.name, p.contact_phone, s.address, s.latitude,"
                        + " s.longitude, array_to_string(s.expected_codes, ','), s.expected_containers, s.note, s.outcome, s.outcome_reason,"
                        + " s.outcome_client_time, s.outcome_recorded_at FROM round_stop s"
                        + " JOIN party p ON p.id = s.generator_party_id WHERE s.round_id = ?1 ORDER BY s.seq")
                .setParameter(1, id).getResultList();
        List<Stop> stops = new ArrayList<>();
        for (Object[] s : rows) {
            long generator = ((Number) s[1]).longValue();
            String codes = (String) s[7];
            stops.add(new Stop(((Number) s[0]).intValue(), generator, (String) s[2], (String) s[3], (String) s[4], (Double) s[5],
                    (Double) s[6], codes == null || codes.isEmpty() ? List.of() : Arrays.asList(codes.split(",")),
                    ((Number) s[8]).intValue(), (String) s[9], openManifests(generator, collector),
                    s[10] == null ? null : new StopResult((String) s[10], (String) s[11], SqlValues.instant(s[12]), SqlValues.instant(s[13]))));
        }
        return new RoundView(id, SqlValues.localDate(r[0]), collector, new VehicleRef(((Number) r[2]).longValue(), (String) r[3]),
                new DriverRef(((Number) r[4]).longValue(), (String) r[5], (String) r[6]), (String) r[7], stops);
    }

    /** The generator's manifests with this collector that still have containers awaiting pickup. */
    @SuppressWarnings("unchecked")
    private List<OpenManifest> openManifests(long generator, long collector) {
        List<Object[]> rows = em.createNativeQuery("SELECT m.number, m.pickup_date, c.label_id, c.waste_code, c.container_type,"
                        + " c.volume_litres, c.estimated_weight_kg, c.state FROM manifest m JOIN container c ON c.manifest_id = m.id"
                        + " WHERE m.generator_party_id = ?1 AND m.collector_party_id = ?2 AND m.cancelled_at IS NULL"
                        + " AND m.id IN (SELECT manifest_id FROM container WHERE state = 'ISSUED' AND generator_party_id = ?1)"
                        + " ORDER BY m.number, c.label_id")
                .setParameter(1, generator).setParameter(2, collector).getResultList();
        Map<String, OpenManifest> byNumber = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String number = ((String) row[0]).strip();
            OpenManifest m = byNumber.computeIfAbsent(number, n -> new OpenManifest(n, SqlValues.localDate(row[1]), new ArrayList<>()));
            m.containers().add(new ContainerRef(((String) row[2]).strip(), ((String) row[3]).strip(), (String) row[4],
                    ((Number) row[5]).intValue(), (BigDecimal) row[6], (String) row[7]));
        }
        return List.copyOf(byNumber.values());
    }
}
