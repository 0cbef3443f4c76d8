package cn.hazchain.planning;

import cn.hazchain.account.AppUser;
import cn.hazchain.catalogue.CoLoadingService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.Vehicle;
import cn.hazchain.planning.PlanningDtos.NewPlan;
import cn.hazchain.planning.PlanningDtos.Pin;
import cn.hazchain.planning.PlanningDtos.PlanView;
import cn.hazchain.planning.PlanningDtos.PlannedRound;
import cn.hazchain.planning.PlanningDtos.PlannedStop;
import cn.hazchain.planning.PlanningDtos.Unplanned;
import cn.hazchain.planning.PlanningDtos.VehicleShift;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Plans a collector's day (issue #17, point 2): its accepted and scheduled pickup requests possible that day become
 * stops (one per generator), the solver orders them into the vehicles given, and the plan is written as ordinary
 * {@code collection_round}/{@code round_stop} rows, so the rounds reach the drivers' offline kits like hand-made ones;
 * the requests become SCHEDULED on their round. A re-plan (with the operator's pins) supersedes the day's plan and
 * its rounds while none of them has started.
 */
@ApplicationScoped
@Transactional
public class PlanningService {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @Inject
    CoLoadingService coLoading;

    @Inject
    EntityManager em;

    /** Who asked for a plan: the worker plans on their behalf, off their request thread. */
    public record Actor(long userId, long collectorPartyId) {
    }

    /**
     * Everything a plan needs, apart from the caller's request: what a planning job stores and its worker runs.
     * {@code replacesPlanId} is the plan a re-plan supersedes (null: a first plan of the day).
     */
    public record Order(UUID requestId, LocalDate date, long storagePointId, List<VehicleShift> vehicles, List<Pin> pins, Integer seconds,
                        Long replacesPlanId) {
    }

    /** A pickup request the day may hold, with its generator's place. */
    record Candidate(long id, long generatorPartyId, Double latitude, Double longitude, BigDecimal kg, long litres, List<String> codes,
                     LocalTime windowStart, LocalTime windowEnd, int containers, long version) {
    }

    /**
     * Checks a first plan of a day as far as can be known before solving (the date, the storage point, the vehicles
     * and drivers, the pins, no current plan that day) and answers the order a job will run; a 4xx here is the
     * caller's to fix at once, not a failed job.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Order order(NewPlan req) {
        current.require(Role.COLLECTOR_OPERATOR);
        long collector = current.partyId();
        Party point = storagePoint(collector, req.storagePointId());
        Order order = new Order(req.requestId(), req.date(), point.id, req.vehicles(), req.pins() == null ? List.of() : req.pins(), req.seconds(), null);
        check(collector, order);
        return order;
    }

    /** The same for a re-plan of a current plan: its day, storage point, vehicles and shifts, the new pins. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Order order(long planId, PlanningDtos.Replan req) {
        current.require(Role.COLLECTOR_OPERATOR);
        Object[] p = row("SELECT collector_party_id, plan_date, storage_point_id, superseded_at FROM round_plan WHERE id = ?1", planId);
        if (p == null || ((Number) p[0]).longValue() != current.partyId()) {
            throw ProblemException.notFound("round plan", planId);
        }
        if (p[3] != null) {
            throw ProblemException.conflict("round plan " + planId + " was superseded: re-plan the day's current plan");
        }
        List<VehicleShift> shifts = ((List<Object[]>) em.createNativeQuery("SELECT vehicle_id, driver_user_id, to_char(shift_start, 'HH24:MI'),"
                + " to_char(shift_end, 'HH24:MI') FROM collection_round WHERE plan_id = ?1 ORDER BY id").setParameter(1, planId).getResultList())
                .stream().map(r -> new VehicleShift(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3])).toList();
        if (shifts.isEmpty()) {
            throw ProblemException.unprocessable("replan-vehicles", "round plan " + planId + " planned no round: plan the day again with its vehicles");
        }
        Order order = new Order(req.requestId(), SqlValues.localDate(p[1]), ((Number) p[2]).longValue(), shifts,
                req.pins() == null ? List.of() : req.pins(), req.seconds(), planId);
        check(current.partyId(), order);
        return order;
    }

    private void check(long collector, Order order) {
        checkDate(order.date());
        pins(order.pins(), vehicles(collector, order.vehicles()), candidates(collector, order.date()), order.date());
        started(collector, order.date(), order.replacesPlanId(), false);
    }

    private void checkDate(LocalDate date) {
        LocalDate today = LocalDate.now(config.zone());
        if (date.isBefore(today) || date.isAfter(today.plusDays(60))) {
            throw ProblemException.unprocessable("plan-date", "plan a day from today (" + today + ") to 60 days ahead, not " + date);
        }
    }

    /** What a plan is solved from, read in a short transaction, and what writing it needs besides the solution. */
    public record Prepared(RoundPlan problem, List<Stop> stops, List<Unplanned> unplanned, Map<Long, Long> versions, long pointId, long room) {
    }

    /**
     * Plans the order and writes it in the caller's transaction (tests; the worker runs the three steps itself, so
     * that no transaction or lock is held while the solver runs).
     */
    public PlanView run(Actor actor, Order order, RoundPlanner planner) {
        int limit = Math.min(order.seconds() == null ? config.planning().solveSeconds() : order.seconds(), config.planning().maxSolveSeconds());
        Prepared prepared = prepare(actor, order);
        return write(actor, order, prepared, solve(prepared, planner, limit));
    }

    /** Solves what was read, outside any transaction: the day may change meanwhile, {@link #write} checks it again. */
    static RoundPlanner.Solved solve(Prepared prepared, RoundPlanner planner, int seconds) {
        return prepared.stops().isEmpty() ? new RoundPlanner.Solved(prepared.problem(), 0, 0) : planner.plan(prepared.problem(), Duration.ofSeconds(seconds));
    }

    /**
     * Step 1 of a job, in a short transaction: checks the order against the day as it is now (the day may have changed
     * while the job waited) and reads the problem: the vehicles, the candidate requests (with the version each was read
     * at), the pins, the storage point's room. Takes no lock.
     */
    public Prepared prepare(Actor actor, Order order) {
        long collector = actor.collectorPartyId();
        LocalDate date = order.date();
        checkDate(date);
        Party point = storagePoint(collector, order.storagePointId());
        started(collector, date, order.replacesPlanId(), false);
        List<VehicleRoute> vehicles = vehicles(collector, order.vehicles());
        List<Candidate> candidates = candidates(collector, date);
        Map<Long, Pin> pinned = pins(order.pins(), vehicles, candidates, date);
        Map<Long, Long> versions = new HashMap<>();
        candidates.forEach(c -> versions.put(c.id(), c.version()));
        List<Unplanned> unplanned = new ArrayList<>();
        List<GreatCircleMatrix.Point> places = new ArrayList<>();
        places.add(new GreatCircleMatrix.Point(point.latitude, point.longitude));
        Map<Long, List<Candidate>> byGenerator = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.latitude() == null || c.longitude() == null) {
                unplanned.add(new Unplanned(c.id(), c.generatorPartyId(), "产废单位的位置（经纬度）未登记：请登记其纬度和经度后重新排线"
                        + " / the generator's position is not on file: record its latitude and longitude, then re-plan"));
            } else {
                byGenerator.computeIfAbsent(c.generatorPartyId(), g -> new ArrayList<>()).add(c);
            }
        }
        List<Stop> stops = new ArrayList<>();
        int service = config.planning().serviceMinutes() * 60;
        for (List<Candidate> cs : byGenerator.values()) {
            Candidate first = cs.get(0);
            places.add(new GreatCircleMatrix.Point(first.latitude(), first.longitude()));
            BigDecimal kg = cs.stream().map(Candidate::kg).reduce(BigDecimal.ZERO, BigDecimal::add);
            Set<String> codes = new TreeSet<>();
            cs.forEach(c -> codes.addAll(c.codes()));
            int open = cs.stream().mapToInt(c -> c.windowStart().toSecondOfDay()).max().orElseThrow();
            int close = cs.stream().mapToInt(c -> c.windowEnd().toSecondOfDay()).min().orElseThrow();
            Pin pin = cs.stream().map(c -> pinned.get(c.id())).filter(v -> v != null).findFirst().orElse(null);
            stops.add(new Stop(stops.size(), places.size() - 1, first.generatorPartyId(), cs.stream().map(Candidate::id).toList(),
                    kg.setScale(0, java.math.RoundingMode.CEILING).longValueExact(), cs.stream().mapToLong(Candidate::litres).sum(), codes,
                    open, Math.max(open, close), service, pin == null ? null : pin.vehicleId(), pin == null ? null : pin.position()));
        }
        TravelMatrix matrix = new GreatCircleMatrix(places, config.planning().roadFactor(), config.planning().speedKmh());
        vehicles.forEach(v -> v.matrix = matrix);
        long room = storageRoom(point);
        RoundPlan problem = new RoundPlan(new ArrayList<>(vehicles), stops, RoundPlan.Facts.of(coLoading.rules(), room, stops));
        return new Prepared(problem, stops, unplanned, versions, point.id, room);
    }

    /**
     * Step 3 of a job, in a second short transaction: takes the day's lock, checks again (under it, the current plan
     * and its rounds locked) that the plan replaced is still current and not started, supersedes it, and writes the
     * plan and its rounds; a request changed since step 1 fails it (409 planning-stale).
     */
    public PlanView write(Actor actor, Order order, Prepared prepared, RoundPlanner.Solved solved) {
        long collector = actor.collectorPartyId();
        LocalDate date = order.date();
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('round-plan'), hashtext(?1))")
                .setParameter(1, collector + "/" + date).getSingleResult();
        supersedeCurrent(collector, date, order.replacesPlanId());
        List<Stop> stops = prepared.stops();
        List<Unplanned> unplanned = new ArrayList<>(prepared.unplanned());
        long room = prepared.room();
        Map<Long, Long> versions = prepared.versions();
        RoundPlan plan = solved.plan();
        List<String> broken = PlanCheck.broken(plan);
        Set<Integer> placed = new HashSet<>();
        plan.vehicles.forEach(v -> v.stops.forEach(s -> placed.add(s.index())));
        long brought = plan.vehicles.stream().mapToLong(VehicleRoute::kg).sum();
        for (Stop s : stops) {
            if (!placed.contains(s.index())) {
                // the one cause the operator cannot see on the page: the storage point's room, said with its figures
                long left = Math.max(0, room - brought);
                String most = config.alerts().storagePointMaxKg().toPlainString();
                String why = s.pinnedVehicleId() != null ? "此站被固定在车辆 " + s.pinnedVehicleId() + (s.pinnedPosition() == null ? "" : " 第 "
                        + s.pinnedPosition() + " 站") + "，但那里无法在不违反规则的情况下收运：请修改或取消固定后重新排线 / pinned to vehicle "
                        + s.pinnedVehicleId() + (s.pinnedPosition() == null ? "" : ", visit " + s.pinnedPosition()) + ", but it could not be planned"
                        + " there without breaking a rule (capacity, opening hours, shift, co-loading, storage room): change or remove the pin, then re-plan"
                        : s.kg() > room - brought && onlyRoomKeepsOut(plan, s) ? "贮存点只能再收 " + left + " kg（上限 " + most + " kg 减去现有贮存量和本计划运回量），此站 " + s.kg()
                        + " kg：请先转移贮存点的废物再重新排线 / the storage point has room for " + left + " kg more (its limit " + most
                        + " kg less what it holds and what this plan brings), this stop brings " + s.kg() + " kg: transfer waste out of the"
                        + " storage point, then re-plan"
                        : "当天没有车辆能在不违反规则（载重、容积、营业时间、班次、混装）的情况下收运 / no vehicle could take it this day without"
                        + " breaking a rule (capacity, opening hours, shift, co-loading)";
                s.requestIds().forEach(r -> unplanned.add(new Unplanned(r, s.generatorPartyId(), why)));
            }
        }
        int plannedRequests = plan.vehicles.stream().mapToInt(v -> v.stops.stream().mapToInt(s -> s.requestIds().size()).sum()).sum();
        long planId = insertPlan(order.requestId(), actor, date, prepared.pointId(), room, plan, broken, unplanned, plannedRequests, solved, order.replacesPlanId());
        for (VehicleRoute v : plan.vehicles) {
            if (!v.stops.isEmpty()) {
                writeRound(planId, order.requestId(), actor, date, v, versions);
            }
        }
        return view(planId);
    }

    /**
     * Whether the storage point's room is what keeps an unplanned stop out: some vehicle could take it at some place
     * of its round without breaking another rule (kg, litres, opening hours, shift, co-loading). Otherwise the room is
     * not the reason to give, even if the stop is heavier than the room left.
     */
    static boolean onlyRoomKeepsOut(RoundPlan plan, Stop stop) {
        for (VehicleRoute v : plan.vehicles) {
            for (int i = 0; i <= v.stops.size(); i++) {
                v.stops.add(i, stop);
                try {
                    VehicleRoute.Drive d = v.drive();
                    if (d.kg() <= v.capacityKg && d.litres() <= v.capacityLitres && d.lateSeconds() == 0 && d.overtimeSeconds() == 0
                            && v.incompatiblePairs(plan.facts) == 0) {
                        return true;
                    }
                } finally {
                    v.stops.remove(i);
                }
            }
        }
        return false;
    }

    /**
     * The day's current plan when this is its re-plan and none of its rounds has started; planning a day that has a
     * plan without saying so, or re-planning a plan that is not the current one, is a conflict. Null: no current plan.
     */
    @SuppressWarnings("unchecked")
    private Long started(long collector, LocalDate date, Long replaces, boolean lock) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM round_plan WHERE collector_party_id = ?1 AND plan_date = ?2 AND superseded_at IS NULL"
                        + (lock ? " FOR UPDATE" : "")).setParameter(1, collector).setParameter(2, date).getResultList();
        if (ids.isEmpty()) {
            if (replaces != null) {
                throw ProblemException.conflict("round plan " + replaces + " is no longer the current plan of " + date);
            }
            return null;
        }
        long id = ids.get(0).longValue();
        if (replaces == null) {
            throw ProblemException.conflict("round plan " + id + " is the current plan of " + date + ": re-plan it"
                    + " (POST /api/round-plans/" + id + "/replan) instead of planning the day twice");
        }
        if (replaces != id) {
            throw ProblemException.conflict("round plan " + replaces + " is not the current plan of " + date + " (" + id + " is)");
        }
        if (lock) {
            em.createNativeQuery("SELECT id FROM collection_round WHERE plan_id = ?1 FOR UPDATE").setParameter(1, id).getResultList();
        }
        List<Number> started = em.createNativeQuery("SELECT r.id FROM collection_round r WHERE r.plan_id = ?1 AND (EXISTS (SELECT 1 FROM manifest m"
                + " WHERE m.round_id = r.id) OR EXISTS (SELECT 1 FROM round_stop s WHERE s.round_id = r.id AND s.outcome IS NOT NULL))")
                .setParameter(1, id).getResultList();
        if (!started.isEmpty()) {
            throw ProblemException.conflict("round " + started.get(0) + " of plan " + id + " has started (a collection or a stop's outcome is"
                    + " recorded): a started day is not re-planned; plan a round by hand (POST /api/rounds) for what is left");
        }
        return id;
    }

    /** Supersedes the plan this one replaces (checked by {@link #started}) and its rounds. */
    private void supersedeCurrent(long collector, LocalDate date, Long replaces) {
        Long id = started(collector, date, replaces, true);
        if (id == null) {
            return;
        }
        em.createNativeQuery("UPDATE collection_round SET superseded_at = now() WHERE plan_id = ?1").setParameter(1, id).executeUpdate();
        em.createNativeQuery("UPDATE pickup_request SET round_id = NULL WHERE round_id IN (SELECT id FROM collection_round WHERE plan_id = ?1)")
                .setParameter(1, id).executeUpdate();
        // the partial unique index allows one current plan: the old one steps aside before the new row
        em.createNativeQuery("UPDATE round_plan SET superseded_at = now() WHERE id = ?1").setParameter(1, id).executeUpdate();
    }

    private List<VehicleRoute> vehicles(long collector, List<VehicleShift> shifts) {
        List<VehicleRoute> routes = new ArrayList<>();
        Set<Long> vehicles = new HashSet<>();
        Set<Long> drivers = new HashSet<>();
        for (VehicleShift s : shifts) {
            Vehicle v = Vehicle.findById(s.vehicleId());
            if (v == null || v.ownerPartyId != collector) {
                throw ProblemException.unprocessable("plan-vehicle", "vehicle " + s.vehicleId() + " is not a vehicle of your collector");
            }
            AppUser d = AppUser.findById(s.driverUserId());
            if (d == null || d.partyId != collector || !d.roles.contains(Role.DRIVER.name()) || !d.enabled) {
                throw ProblemException.unprocessable("plan-driver", "user " + s.driverUserId() + " is not an active DRIVER of your collector");
            }
            if (!vehicles.add(v.id) || !drivers.add(d.id)) {
                throw ProblemException.unprocessable("plan-vehicle", "a vehicle or a driver appears twice: one round per vehicle and driver a day");
            }
            LocalTime start = s.shiftStart() == null ? config.planning().shiftStart() : LocalTime.parse(s.shiftStart());
            LocalTime end = s.shiftEnd() == null ? config.planning().shiftEnd() : LocalTime.parse(s.shiftEnd());
            if (!end.isAfter(start.plusHours(1))) {
                throw ProblemException.unprocessable("plan-shift", "the shift of driver " + d.username + " must end over an hour after it starts");
            }
            routes.add(new VehicleRoute(v.id, v.plate, d.id, v.capacityKg, v.capacityLitres == null ? Long.MAX_VALUE : v.capacityLitres,
                    start.toSecondOfDay(), end.toSecondOfDay(), 0, 0, null));
        }
        return routes;
    }

    /**
     * The pins by request, each checked against the day (422 {@code plan-pin}): its vehicle is one of the day's, its
     * request one of the caller's collector's requests that may be picked up that day, with its generator's position;
     * the requests of one generator (one stop) are pinned alike; no two generators share a visit; a visit is one the
     * day's stops can reach. A pin is never dropped or ignored.
     */
    private static Map<Long, Pin> pins(List<Pin> pins, List<VehicleRoute> vehicles, List<Candidate> candidates, LocalDate date) {
        Map<Long, Pin> pinned = new HashMap<>();
        if (pins == null) {
            return pinned;
        }
        Set<Long> ids = new HashSet<>();
        vehicles.forEach(v -> ids.add(v.vehicleId));
        Map<Long, Candidate> day = new HashMap<>();
        candidates.forEach(c -> day.put(c.id(), c));
        long stops = candidates.stream().filter(c -> c.latitude() != null && c.longitude() != null).map(Candidate::generatorPartyId).distinct().count();
        Map<Long, Pin> byGenerator = new HashMap<>();
        Map<String, Long> places = new HashMap<>();
        for (Pin p : pins) {
            if (!ids.contains(p.vehicleId())) {
                throw ProblemException.unprocessable("plan-pin", "pin of request " + p.pickupRequestId() + ": vehicle " + p.vehicleId()
                        + " is not one of the day's vehicles");
            }
            Candidate c = day.get(p.pickupRequestId());
            if (c == null) {
                throw ProblemException.unprocessable("plan-pin", "pin of request " + p.pickupRequestId() + ": it is not one of your collector's"
                        + " accepted or scheduled requests that may be picked up on " + date + "; remove the pin");
            }
            if (c.latitude() == null || c.longitude() == null) {
                throw ProblemException.unprocessable("plan-pin", "pin of request " + p.pickupRequestId() + ": its generator's position is not on"
                        + " file, so it cannot be planned; record its latitude and longitude or remove the pin");
            }
            if (p.position() != null && p.position() > stops) {
                throw ProblemException.unprocessable("plan-pin", "pin of request " + p.pickupRequestId() + ": visit " + p.position() + " of vehicle "
                        + p.vehicleId() + " cannot be reached, the day has " + stops + " stop(s)");
            }
            // a stop is a generator's: its requests are pinned alike, and two generators may not share a visit
            Pin same = byGenerator.putIfAbsent(c.generatorPartyId(), p);
            if (same != null && (same.vehicleId() != p.vehicleId() || !java.util.Objects.equals(same.position(), p.position()))) {
                throw ProblemException.unprocessable("plan-pin", "requests " + same.pickupRequestId() + " and " + p.pickupRequestId() + " are one stop"
                        + " (generator " + c.generatorPartyId() + ") but pinned differently: pin them to the same vehicle and visit");
            }
            Long was = p.position() == null ? null : places.putIfAbsent(p.vehicleId() + "/" + p.position(), c.generatorPartyId());
            if (was != null && was != c.generatorPartyId()) {
                throw ProblemException.unprocessable("plan-pin", "two stops are pinned to visit " + p.position() + " of vehicle " + p.vehicleId()
                        + ": give each pinned stop its own place");
            }
            pinned.put(p.pickupRequestId(), p);
        }
        return pinned;
    }

    /** The collector's accepted or scheduled requests that may be picked up on the day (not scheduled for another day). */
    @SuppressWarnings("unchecked")
    private List<Candidate> candidates(long collector, LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("SELECT r.id, r.generator_party_id, p.latitude, p.longitude, sum(l.estimated_kg),"
                        + " sum(l.containers * l.volume_litres), array_to_string(array_agg(DISTINCT l.waste_code), ','), r.window_start, r.window_end,"
                        + " sum(l.containers), r.version FROM pickup_request r JOIN party p ON p.id = r.generator_party_id"
                        + " JOIN pickup_request_line l ON l.pickup_request_id = r.id"
                        + " WHERE r.collector_party_id = ?1 AND r.status IN ('ACCEPTED', 'SCHEDULED') AND r.earliest_date <= ?2 AND r.latest_date >= ?2"
                        + " AND (r.scheduled_date IS NULL OR r.scheduled_date = ?2)"
                        + " AND (r.manifest_id IS NULL OR EXISTS (SELECT 1 FROM container c WHERE c.manifest_id = r.manifest_id AND c.state = 'ISSUED'))"
                        + " GROUP BY r.id, p.latitude, p.longitude ORDER BY r.id")
                .setParameter(1, collector).setParameter(2, date).getResultList();
        return rows.stream().map(r -> new Candidate(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (Double) r[2], (Double) r[3],
                (BigDecimal) r[4], ((Number) r[5]).longValue(), List.of(((String) r[6]).replace(" ", "").split(",")), time(r[7]), time(r[8]),
                ((Number) r[9]).intValue(), ((Number) r[10]).longValue())).toList();
    }

    private static LocalTime time(Object o) {
        return o instanceof java.sql.Time t ? t.toLocalTime() : (LocalTime) o;
    }

    /** Kg the storage point may still take: its limit (GB 18597-2023: 3 t by default) less what it holds now. */
    private long storageRoom(Party point) {
        BigDecimal held = (BigDecimal) em.createNativeQuery("SELECT coalesce(sum(coalesce(last_weight_kg, estimated_weight_kg)), 0) FROM container"
                + " WHERE storage_point_id = ?1 AND state = 'IN_STORAGE'").setParameter(1, point.id).getSingleResult();
        return Math.max(0, config.alerts().storagePointMaxKg().subtract(held).setScale(0, java.math.RoundingMode.FLOOR).longValue());
    }

    private Party storagePoint(long collector, Long id) {
        Party point = id == null ? Party.<Party>find("kind = ?1 and parentId = ?2 order by id", PartyKind.STORAGE_POINT, collector).firstResult()
                : Party.findById(id);
        if (point == null || point.kind != PartyKind.STORAGE_POINT || !Long.valueOf(collector).equals(point.parentId)) {
            throw ProblemException.unprocessable("plan-storage-point", id == null ? "your collector has no storage point: register one first"
                    : "party " + id + " is not a storage point of your collector");
        }
        if (point.latitude == null || point.longitude == null) {
            throw ProblemException.unprocessable("plan-storage-point", "storage point " + point.id + " has no position on file: record its latitude and longitude");
        }
        return point;
    }

    private long insertPlan(UUID requestId, Actor actor, LocalDate date, long point, long room, RoundPlan plan, List<String> broken,
                            List<Unplanned> unplanned, int plannedRequests, RoundPlanner.Solved solved, Long replaces) {
        String unplannedJson;
        try {
            unplannedJson = JSON.writeValueAsString(unplanned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return ((Number) em.createNativeQuery("INSERT INTO round_plan (request_id, collector_party_id, plan_date, storage_point_id, storage_room_kg,"
                        + " score, metres, planned_requests, unplanned_requests, broken, unplanned, first_feasible_ms, solve_ms, replaces_plan_id, created_by)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, string_to_array(?10, chr(30)), cast(?11 AS jsonb), ?12, ?13, ?14, ?15) RETURNING id")
                .setParameter(1, requestId).setParameter(2, actor.collectorPartyId()).setParameter(3, date).setParameter(4, point).setParameter(5, room)
                .setParameter(6, plan.score == null ? "0hard/0medium/0soft" : plan.score.toString()).setParameter(7, plan.metres())
                .setParameter(8, plannedRequests).setParameter(9, unplanned.size()).setParameter(10, String.join("\u001e", broken))
                .setParameter(11, unplannedJson).setParameter(12, solved.firstFeasibleMillis() < 0 ? null : solved.firstFeasibleMillis())
                .setParameter(13, solved.finalMillis()).setParameter(14, replaces).setParameter(15, actor.userId()).getSingleResult()).longValue();
    }

    @SuppressWarnings("unchecked")
    private void writeRound(long planId, UUID planRequest, Actor actor, LocalDate date, VehicleRoute v, Map<Long, Long> versions) {
        long collector = actor.collectorPartyId();
        VehicleRoute.Drive d = v.drive();
        UUID roundRequest = UUID.nameUUIDFromBytes(("round-plan:" + planRequest + ":" + v.vehicleId).getBytes(StandardCharsets.UTF_8));
        long roundId = ((Number) em.createNativeQuery("INSERT INTO collection_round (collector_party_id, round_date, vehicle_id, driver_user_id, note,"
                        + " created_by, request_id, plan_id, shift_start, shift_end, planned_metres) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                        + " RETURNING id")
                .setParameter(1, collector).setParameter(2, date).setParameter(3, v.vehicleId).setParameter(4, v.driverUserId)
                .setParameter(5, "智能排线 planned (plan " + planId + ")").setParameter(6, actor.userId()).setParameter(7, roundRequest)
                .setParameter(8, planId).setParameter(9, LocalTime.ofSecondOfDay(v.shiftStart)).setParameter(10, LocalTime.ofSecondOfDay(v.shiftEnd))
                .setParameter(11, d.metres()).getSingleResult()).longValue();
        for (int i = 0; i < v.stops.size(); i++) {
            Stop s = v.stops.get(i);
            Party g = Party.findById(s.generatorPartyId());
            Number containers = (Number) em.createNativeQuery("SELECT coalesce(sum(containers), 0) FROM pickup_request_line WHERE pickup_request_id"
                    + " = ANY(string_to_array(?1, ',')::bigint[])").setParameter(1, join(s.requestIds())).getSingleResult();
            em.createNativeQuery("INSERT INTO round_stop (round_id, seq, generator_party_id, address, latitude, longitude, expected_codes,"
                            + " expected_containers, note, planned_arrival, planned_kg, pickup_request_ids, pinned, pinned_seq) VALUES (?1, ?2, ?3, ?4, ?5,"
                            + " ?6, string_to_array(?7, ',')::varchar[], ?8, ?9, ?10, ?11, string_to_array(?12, ',')::bigint[], ?13, ?14)")
                    .setParameter(1, roundId).setParameter(2, i + 1).setParameter(3, g.id)
                    .setParameter(4, g.address == null || g.address.isBlank() ? g.name : g.address).setParameter(5, g.latitude).setParameter(6, g.longitude)
                    .setParameter(7, String.join(",", s.codes())).setParameter(8, containers.intValue())
                    .setParameter(9, "营业时间 open " + PlanCheck.clock(s.windowStart()) + "-" + PlanCheck.clock(s.windowEnd()))
                    .setParameter(10, LocalTime.ofSecondOfDay(Math.min(d.arrivals()[i], 86_399))).setParameter(11, BigDecimal.valueOf(s.kg()))
                    .setParameter(12, join(s.requestIds())).setParameter(13, s.pinnedVehicleId() != null)
                    .setParameter(14, s.pinnedVehicleId() == null ? null : s.pinnedPosition()).executeUpdate();
            for (long request : s.requestIds()) {
                // only as the plan read it: a request withdrawn, declined or changed while the solver ran is not scheduled behind its back
                int n = em.createNativeQuery("UPDATE pickup_request SET status = 'SCHEDULED', scheduled_date = ?1, round_id = ?2,"
                                + " decided_by = coalesce(decided_by, ?3), decided_at = coalesce(decided_at, now()), version = version + 1"
                                + " WHERE id = ?4 AND status IN ('ACCEPTED', 'SCHEDULED') AND version = ?5")
                        .setParameter(1, date).setParameter(2, roundId).setParameter(3, actor.userId()).setParameter(4, request)
                        .setParameter(5, versions.get(request)).executeUpdate();
                if (n != 1) {
                    throw new ProblemException(new cn.hazchain.common.Problem("planning-stale", "Request changed while planning / 排线期间收运申请已变更", 409,
                            "pickup request " + request + " was withdrawn, declined or changed while the day was being planned: nothing was written;"
                            + " plan the day again (a new requestId)"));
                }
            }
        }
    }

    private static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private Object[] row(String sql, Object param) {
        List<?> rows = em.createNativeQuery(sql).setParameter(1, param).getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public PlanView get(long id) {
        List<?> owner = em.createNativeQuery("SELECT collector_party_id FROM round_plan WHERE id = ?1").setParameter(1, id).getResultList();
        if (owner.isEmpty() || !(current.seesAll() || current.has(Role.COLLECTOR_OPERATOR) && ((Number) owner.get(0)).longValue() == current.partyId())) {
            throw ProblemException.notFound("round plan", id);
        }
        return view(id);
    }

    /** A plan as it is written, whoever asks (callers check access first). */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    PlanView view(long id) {
        Object[] p = row("SELECT collector_party_id, plan_date, storage_point_id, storage_room_kg, score, metres, planned_requests, unplanned_requests,"
                + " array_to_string(broken, chr(30)), first_feasible_ms, solve_ms, replaces_plan_id, created_at, superseded_at, unplanned::text"
                + " FROM round_plan WHERE id = ?1", id);
        List<PlannedRound> rounds = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT r.id, r.vehicle_id, v.plate, r.driver_user_id, to_char(r.shift_start, 'HH24:MI')"
                + " || '-' || to_char(r.shift_end, 'HH24:MI'), r.planned_metres FROM collection_round r JOIN vehicle v ON v.id = r.vehicle_id"
                + " WHERE r.plan_id = ?1 ORDER BY r.id").setParameter(1, id).getResultList()) {
            long roundId = ((Number) r[0]).longValue();
            List<PlannedStop> stops = ((List<Object[]>) em.createNativeQuery("SELECT s.seq, s.generator_party_id, g.name, to_char(s.planned_arrival, 'HH24:MI'),"
                            + " array_to_string(s.pickup_request_ids, ','), array_to_string(s.expected_codes, ','), s.planned_kg,"
                            + " (SELECT coalesce(sum(l.containers * l.volume_litres), 0) FROM pickup_request_line l WHERE l.pickup_request_id = ANY(s.pickup_request_ids)),"
                            + " s.note, s.pinned, s.pinned_seq FROM round_stop s JOIN party g ON g.id = s.generator_party_id WHERE s.round_id = ?1 ORDER BY s.seq")
                    .setParameter(1, roundId).getResultList()).stream()
                    .map(s -> new PlannedStop(((Number) s[0]).intValue(), ((Number) s[1]).longValue(), (String) s[2], (String) s[3],
                            ids((String) s[4]), List.of(((String) s[5]).split(",")), (BigDecimal) s[6], ((Number) s[7]).longValue(),
                            s[8] == null ? null : ((String) s[8]).replaceAll("^.*open ", ""), (Boolean) s[9],
                            s[10] == null ? null : ((Number) s[10]).intValue())).toList();
            BigDecimal kg = stops.stream().map(PlannedStop::kg).reduce(BigDecimal.ZERO, BigDecimal::add);
            rounds.add(new PlannedRound(roundId, ((Number) r[1]).longValue(), (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                    r[5] == null ? 0 : ((Number) r[5]).longValue(), kg, stops.stream().mapToLong(PlannedStop::litres).sum(), null, stops));
        }
        List<Unplanned> unplanned;
        try {
            unplanned = List.of(JSON.readValue((String) p[14], Unplanned[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String broken = (String) p[8];
        return new PlanView(id, SqlValues.localDate(p[1]), ((Number) p[0]).longValue(), ((Number) p[2]).longValue(), ((Number) p[3]).longValue(),
                (String) p[4], ((Number) p[5]).longValue(), ((Number) p[6]).intValue(), ((Number) p[7]).intValue(),
                broken == null || broken.isEmpty() ? List.of() : List.of(broken.split("\u001e")), p[9] == null ? null : ((Number) p[9]).longValue(),
                ((Number) p[10]).longValue(), p[11] == null ? null : ((Number) p[11]).longValue(), SqlValues.instant(p[12]), SqlValues.instant(p[13]),
                rounds, unplanned);
    }

    /** The caller's collector's vehicles and active drivers, for a plan's form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public PlanningDtos.Fleet fleet() {
        current.require(Role.COLLECTOR_OPERATOR);
        List<PlanningDtos.FleetVehicle> vehicles = Vehicle.<Vehicle>list("ownerPartyId = ?1 order by id", current.partyId()).stream()
                .map(v -> new PlanningDtos.FleetVehicle(v.id, v.plate, v.capacityKg, v.capacityLitres)).toList();
        List<PlanningDtos.FleetDriver> drivers = ((List<Object[]>) em.createNativeQuery("SELECT id, username, display_name FROM app_user"
                + " WHERE party_id = ?1 AND enabled AND 'DRIVER' = ANY(roles) ORDER BY id").setParameter(1, current.partyId()).getResultList())
                .stream().map(r -> new PlanningDtos.FleetDriver(((Number) r[0]).longValue(), (String) r[1], (String) r[2])).toList();
        return new PlanningDtos.Fleet(vehicles, drivers);
    }

    /** The collector's plans (all for regulators), newest day first; filter: date. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PlanView> list(LocalDate date, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM round_plan p WHERE true");
        if (!current.seesAll()) {
            current.require(Role.COLLECTOR_OPERATOR);
            where.append(" AND p.collector_party_id = :me");
            params.put("me", current.partyId());
        }
        if (date != null) {
            where.append(" AND p.plan_date = :date");
            params.put("date", date);
        }
        return Page.ofIds(em, "p.id", where, "p.plan_date DESC, p.id DESC", params, paging, this::get);
    }

    private static List<Long> ids(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : java.util.Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
    }
}
