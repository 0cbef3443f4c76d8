package cn.hazchain.demo.history;

import cn.hazchain.account.UserService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.WorkingDays;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.LotService;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.TransferService;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.PickupConfirmation;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.log.Context;
import cn.hazchain.demo.DemoData;
import cn.hazchain.manifest.DemoManifests;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestDtos;
import cn.hazchain.manifest.ManifestService;
import cn.hazchain.party.Party;
import cn.hazchain.party.Vehicle;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The demo's history (issue #14): about three months of Jiangyin's small-generator collection before the day of the
 * first start, so that every screen and report has something true to show. It is played day by day through the same
 * services as live traffic — manifests issued with their labels, rounds on working days, collections, storage,
 * lots, consolidated transfers to the incinerator and the waste-oil recycler, receipts (a few partial refusals, a
 * refused drum stored again and shipped on, weight deviations), disposals with methods and certificates — so every
 * custody event is decided by the custody rules, hashed and chained as any other. It is deterministic (a fixed seed;
 * dates relative to the day of the first start) and leaves what raises alerts: pickups never made, a pickup that
 * waited over a year at its generator, lead batteries no receiver here takes, stored for over half a year, and one
 * transfer still on the road.
 */
@ApplicationScoped
public class DemoHistory implements DemoData.DemoExtension {

    private static final Logger LOG = Logger.getLogger(DemoHistory.class);
    static final long SEED = 20261202L;
    static final Set<String> OIL = Set.of("900-214-08", "900-249-08");

    @Inject
    HazChainConfig config;

    @Inject
    ManifestService manifests;

    @Inject
    CustodyCommands custody;

    @Inject
    TransferService transfers;

    @Inject
    LotService lots;

    @Inject
    UserService users;

    @Inject
    WorkingDays workingDays;

    @Inject
    cn.hazchain.custody.DisposalCertificates certificates;

    @Inject
    cn.hazchain.custody.ReceiptService receipts;

    @Inject
    EntityManager em;

    @Inject
    DemoData demoData;

    @Override
    public void extend(DemoData.DemoSet demo) {
        HazChainConfig.DemoHistory size = config.demoHistory();
        if (size == HazChainConfig.DemoHistory.NONE) {
            return;
        }
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        long cpu0 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
        Play play = new Play(demo, size == HazChainConfig.DemoHistory.SMALL ? 2 : 13);
        play.run();
        // the thread's CPU besides the wall time: on a loaded machine the wall time says little about the history's own cost
        LOG.infof("demo history: %d weeks, %d manifests, %d containers, %d custody events, %d transfers, in %d ms (this thread's CPU %d ms;"
                        + " issuing %d ms, custody commands %d ms, transfers %d ms)", play.weeks, play.manifestCount, play.containerCount, play.eventCount,
                play.transferCount, (System.nanoTime() - t0) / 1_000_000, cpuTime ? (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000 : -1,
                play.issueNanos / 1_000_000, play.custodyNanos / 1_000_000, play.transferNanos / 1_000_000);
    }

    /** One container of the story: its label, code and what it weighs now. */
    static final class Drum {
        final String label;
        final String code;
        BigDecimal kg;
        String transfer;
        /** When it was last scanned into the storage point: a transfer takes only what was stored before it left. */
        Instant storedAt;

        Drum(String label, String code, BigDecimal kg) {
            this.label = label;
            this.code = code;
            this.kg = kg;
        }
    }

    /** The story, day by day. */
    final class Play {
        final DemoData.DemoSet demo;
        final int weeks;
        final ZoneId zone = config.zone();
        final SplittableRandom rng = new SplittableRandom(SEED);
        final LocalDate today = LocalDate.now(config.zone());
        final LocalDate start;
        final Party collector;
        final Party storage;
        final Party incinerator;
        final Party recycler;
        final Situation.Actor operator;
        final Situation.Actor driver;
        final Situation.Actor keeper;
        final Situation.Actor incineratorOperator;
        final Situation.Actor recyclerOperator;
        final List<Long> vehicles;
        /** Stored at the point and not yet on a transfer, in the order stored. */
        final List<Drum> stored = new ArrayList<>();
        /** Due on a day: what happens then (receipts, refused drums stored again, disposals). */
        final Map<LocalDate, List<Runnable>> later = new LinkedHashMap<>();
        /**
         * The day of the incinerator's load still on the road: the last working Friday after which more working days
         * have passed than a receipt may take (hazchain.alerts.receipt-working-days), so it is overdue whatever the
         * weekday of the first start.
         */
        final LocalDate stuckDay;
        /** Whether the first transfer with discrepancies was left unacknowledged (disputed). */
        boolean disputeKept;
        int manifestCount;
        int containerCount;
        int eventCount;
        int transferCount;
        int certificate;
        long issueNanos;
        long custodyNanos;
        long transferNanos;

        Play(DemoData.DemoSet demo, int weeks) {
            this.demo = demo;
            this.weeks = weeks;
            this.start = today.minusWeeks(weeks).with(DayOfWeek.MONDAY);
            LocalDate d = today.minusDays(7);
            while (d.getDayOfWeek() != DayOfWeek.FRIDAY || !workingDays.isWorkingDay(d)
                    || workingDays.between(d, today) <= config.alerts().receiptWorkingDays()) {
                d = d.minusDays(1);
            }
            this.stuckDay = d;
            this.collector = demo.parties().get("collector");
            this.storage = demo.parties().get("storage");
            this.incinerator = demo.parties().get("incinerator");
            this.recycler = demo.parties().get("recycler");
            Map<String, Long> ids = demo.userIds();
            this.operator = actor(ids.get("collector"), collector, Role.COLLECTOR_OPERATOR);
            this.driver = actor(ids.get("driver"), collector, Role.DRIVER);
            this.keeper = actor(ids.get("keeper"), storage, Role.STORAGE_KEEPER);
            this.incineratorOperator = actor(ids.get("receiver"), incinerator, Role.RECEIVER_OPERATOR);
            // its password's hash is kept with the other demo accounts' (one Argon2 run on a cold JVM costs a first start ~0.4 s)
            long recyclerUser = users.createHashed("recycler", "再生厂接收员 Recycler operator", demoData.passwords(List.of("recycler")).get("recycler"),
                    recycler.id, Set.of(Role.RECEIVER_OPERATOR)).id;
            this.recyclerOperator = actor(recyclerUser, recycler, Role.RECEIVER_OPERATOR);
            this.vehicles = Vehicle.<Vehicle>list("ownerPartyId = ?1 order by id", collector.id).stream().map(v -> v.id).toList();
            @SuppressWarnings("unchecked")
            List<Object[]> staff = em.createNativeQuery("SELECT party_id, id, username FROM app_user WHERE 'GENERATOR_STAFF' = ANY (roles)"
                    + " ORDER BY id").getResultList();
            for (Object[] r : staff) {
                long party = ((Number) r[0]).longValue();
                staffOf.putIfAbsent(party, new Situation.Actor(((Number) r[1]).longValue(), party, Set.of(Role.GENERATOR_STAFF)));
                staffNames.putIfAbsent(party, (String) r[2]);
            }
        }

        /** Each generator's staff member who confirms its pickups, and their usernames. */
        final Map<Long, Situation.Actor> staffOf = new java.util.HashMap<>();
        final Map<Long, String> staffNames = new java.util.HashMap<>();

        /** Most pickups are confirmed at the stop with the staff's code; now and then no one is there to. */
        PickupConfirmation.Attempt confirmation(Party g, LocalDate day, List<Drum> drums) {
            if (rng.nextDouble() >= 0.04 || !staffNames.containsKey(g.id)) {
                return staffNames.containsKey(g.id) ? new PickupConfirmation.Attempt(staffNames.get(g.id), cn.hazchain.demo.DemoData.CONFIRMATION_CODE)
                        : null;
            }
            // confirmed from the generator's account two working days later, unless that is still to come
            LocalDate later = workingDays.plus(day, 2);
            if (later.isBefore(today.minusDays(7))) {
                later(later, () -> confirmLate(g, drums, later));
            }
            return null;
        }

        void confirmLate(Party g, List<Drum> drums, LocalDate day) {
            Instant at = time(day, 15, rng.nextInt(50));
            List<CustodyCommands.Request> requests = new ArrayList<>();
            for (Drum x : drums) {
                requests.add(new CustodyCommands.Request(x.label, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.CONFIRM, null), null,
                        UUID.randomUUID(), Context.NONE, false));
            }
            apply(staffOf.get(g.id), at, requests);
        }

        private Situation.Actor actor(long userId, Party party, Role role) {
            return new Situation.Actor(userId, party.id, Set.of(role));
        }

        void run() {
            pastDue();
            for (LocalDate d = start; d.isBefore(today); d = d.plusDays(1)) {
                LocalDate day = d;
                List<Runnable> due = later.remove(day);
                if (due != null) {
                    due.forEach(Runnable::run);
                }
                if (!workingDays.isWorkingDay(day)) {
                    continue;
                }
                collectRound(day);
                if (day.getDayOfWeek() == DayOfWeek.FRIDAY) {
                    consolidate(day);
                }
                // a consolidated load a week to each receiver: waste oil to the recycler on Tuesdays, the rest to the
                // incinerator on Fridays. The point takes in about half a tonne a working day and holds 3 t, so a week's
                // waste waits there, and it keeps room for the days its collector plans
                if (day.getDayOfWeek() == DayOfWeek.TUESDAY || day.getDayOfWeek() == DayOfWeek.FRIDAY) {
                    ship(day, day.getDayOfWeek() == DayOfWeek.TUESDAY);
                }
                // one transaction holds the whole history: keep its persistence context small, or every statement's
                // automatic flush would check every entity of the history again
                em.flush();
                em.clear();
            }
            neverCollected();
        }

        // ---- the round of a working day ------------------------------------------------------------------------

        /** Generators due today (every two, four or eight weeks by what they produce): a manifest each, one round, then storage. */
        void collectRound(LocalDate day) {
            List<Integer> due = new ArrayList<>();
            long week = java.time.temporal.ChronoUnit.WEEKS.between(start, day.with(DayOfWeek.MONDAY));
            for (int i = 0; i < demo.generators().size(); i++) {
                int interval = interval(demo.generators().get(i));
                if (day.getDayOfWeek().getValue() == 1 + i % 5 && week % interval == i % interval) {
                    due.add(i);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            int vehicle = (int) (week % vehicles.size());
            List<Drum> collected = new ArrayList<>();
            Instant at = time(day, 8, 40);
            // the round is planned the afternoon before, a stop per manifest issued for it, and every collection names
            // the round (its trip), as a handheld with the offline kit does
            long round = openRound(day, vehicle);
            List<CustodyCommands.Request> requests = new ArrayList<>();
            List<cn.hazchain.mobile.RoundService.NewStop> stops = new ArrayList<>();
            for (int n = 0; n < due.size(); n++) {
                int i = due.get(n);
                Party g = demo.generators().get(i);
                String number = issue(i, day, time(day.minusDays(2 + rng.nextInt(3)), 9 + rng.nextInt(7), rng.nextInt(60)), null, false);
                List<Drum> drums = drumsOf(number);
                stops.add(stop(i, drums.size()));
                at = at.plusSeconds(900 + rng.nextInt(900));
                PickupConfirmation.Attempt confirmed = confirmation(g, day, drums);
                for (Drum x : drums) {
                    BigDecimal w = weigh(x.kg, rng.nextDouble() < 0.04 ? 0.08 + rng.nextDouble() * 0.1 : 0.015);
                    x.kg = w;
                    List<String> photo = rng.nextDouble() < 0.25 ? List.of(photo(x.label, at)) : List.of();
                    requests.add(new CustodyCommands.Request(x.label, new CustodyCommand.Collect(number, w, vehicles.get(vehicle), round, confirmed), null,
                            UUID.randomUUID(), new Context("HH-JY-000" + (1 + vehicle), at.minusSeconds(3 + rng.nextInt(20)),
                            g.latitude + (rng.nextDouble() - 0.5) * 4e-4, g.longitude + (rng.nextDouble() - 0.5) * 4e-4, photo, null, List.of()), false));
                }
                collected.addAll(drums);
            }
            cn.hazchain.mobile.RoundService.insertStops(em, round, stops);
            // the driver's handheld records each scan at its stop and syncs the round when it is back at the depot
            Instant synced = at.plusSeconds(1800 + rng.nextInt(1800));
            apply(driver, synced, requests);
            // every stop ended with its collection (STOP_OUTCOME, synced with the scans)
            em.createNativeQuery("UPDATE round_stop SET outcome = 'COLLECTED', outcome_client_time = ?2, outcome_recorded_at = ?3, outcome_by = ?4,"
                            + " outcome_device = ?5 WHERE round_id = ?1")
                    .setParameter(1, round).setParameter(2, at).setParameter(3, synced).setParameter(4, driver.userId())
                    .setParameter(5, "HH-JY-000" + (1 + vehicle)).executeUpdate();
            Instant evening = time(day, 17, 30 + rng.nextInt(20));
            List<CustodyCommands.Request> store = new ArrayList<>();
            for (Drum x : collected) {
                x.kg = weigh(x.kg, 0.004);
                store.add(new CustodyCommands.Request(x.label, new CustodyCommand.Store(storage.id, x.kg), null, UUID.randomUUID(),
                        new Context("HH-LG-SP01", evening.minusSeconds(5), storage.latitude, storage.longitude, List.of(), null, List.of()), false));
            }
            apply(keeper, evening, store);
            collected.forEach(x -> x.storedAt = evening);
            stored.addAll(collected);
        }

        /** Weeks between a generator's pickups: fortnightly from 5 t a year, every four weeks from 2.5 t, else every eight. */
        int interval(Party generator) {
            double tonnes = generator.annualGenerationTonnes == null ? 2 : generator.annualGenerationTonnes.doubleValue();
            return tonnes >= 5 ? 2 : tonnes >= 2.5 ? 4 : 8;
        }

        /**
         * A manifest of generator i's usual codes, issued at {@code at} for a pickup on {@code day}; its number. Lead
         * batteries only with {@code batteries}: since the boxes it took in spring got stuck at its storage point (no
         * receiver here takes HW31), the collector leaves them to the batteries' own collection network, so its point
         * does not fill up with them.
         */
        String issue(int i, LocalDate day, Instant at, LocalDate generated, boolean batteries) {
            Party g = demo.generators().get(i);
            List<ManifestDtos.Line> lines = new ArrayList<>();
            for (String code : codes(i, batteries)) {
                DemoManifests.Typical t = DemoManifests.TYPICAL.get(code);
                List<ManifestDtos.NewContainer> containers = new ArrayList<>();
                int n = 1 + (rng.nextDouble() < 0.35 ? 1 : 0) + (rng.nextDouble() < 0.1 ? 1 : 0);
                for (int k = 0; k < n; k++) {
                    BigDecimal kg = new BigDecimal(t.kg()).multiply(BigDecimal.valueOf(0.7 + 0.5 * rng.nextDouble())).setScale(1, RoundingMode.HALF_UP);
                    containers.add(new ManifestDtos.NewContainer(t.type(), t.litres(), kg, generated != null ? generated
                            : LocalDate.ofInstant(at, zone).minusDays(1 + rng.nextInt(20))));
                }
                lines.add(new ManifestDtos.Line(code, null, t.form(), t.components(), null, containers));
            }
            long t0 = System.nanoTime();
            Manifest m = manifests.issue(new ManifestDtos.OpenPickup(null, g.id, collector.id, day, "泄漏时用沙土吸附收集，远离火源；皮肤接触用清水冲洗",
                    "历史演示数据 demo history", lines), g, collector, operator.userId(), at);
            issueNanos += System.nanoTime() - t0;
            manifestCount++;
            return m.number;
        }

        @SuppressWarnings("unchecked")
        List<Drum> drumsOf(String number) {
            List<Object[]> rows = em.createNativeQuery("SELECT c.label_id, c.waste_code, c.estimated_weight_kg FROM container c JOIN manifest m"
                    + " ON m.id = c.manifest_id WHERE m.number = ?1 ORDER BY c.id").setParameter(1, number).getResultList();
            containerCount += rows.size();
            return rows.stream().map(r -> new Drum(((String) r[0]).strip(), ((String) r[1]).strip(), (BigDecimal) r[2])).toList();
        }

        /** The day's round, planned the afternoon before: vehicle and driver; its stops follow. */
        long openRound(LocalDate day, int vehicle) {
            return ((Number) em.createNativeQuery("INSERT INTO collection_round (collector_party_id, round_date, vehicle_id, driver_user_id, note,"
                            + " created_by, created_at, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id")
                    .setParameter(1, collector.id).setParameter(2, day).setParameter(3, vehicles.get(vehicle)).setParameter(4, driver.userId())
                    .setParameter(5, "历史演示数据 demo history").setParameter(6, operator.userId()).setParameter(7, time(day.minusDays(1), 16, 0))
                    .setParameter(8, UUID.randomUUID()).getSingleResult()).longValue();
        }

        /** The round's stop at generator {@code index}, as the collector's planning writes it. */
        cn.hazchain.mobile.RoundService.NewStop stop(int index, int containers) {
            Party g = demo.generators().get(index);
            return new cn.hazchain.mobile.RoundService.NewStop(g.id, g.address, g.latitude, g.longitude, codes(index, false), containers, null);
        }

        // ---- storage, lots and transfers -----------------------------------------------------------------------

        /** Friday evening: the week's stored drums of one code become a lot (batteries and what is already in a lot aside). */
        void consolidate(LocalDate day) {
            Map<String, List<Drum>> byCode = new LinkedHashMap<>();
            stored.stream().filter(x -> !x.code.equals(DemoData.LEAD_BATTERIES) && x.transfer == null).forEach(x -> byCode.computeIfAbsent(x.code, k -> new ArrayList<>()).add(x));
            Instant at = time(day, 18, 20); // after the evening's storage
            for (Map.Entry<String, List<Drum>> e : byCode.entrySet()) {
                List<String> labels = e.getValue().stream().map(x -> x.label).toList();
                List<String> free = free(labels);
                if (free.size() < 2) {
                    continue;
                }
                LotService.Created lot = lots.create(keeper, at, false, UUID.randomUUID(), storage, e.getKey(), free, Context.NONE);
                if (lot instanceof LotService.Created.Refused r) {
                    throw new IllegalStateException("demo history: lot refused: " + r.rejection().detail());
                }
                eventCount += free.size();
                backdate("lot", ((LotService.Created.Lot) lot).lot().id(), at);
                at = at.plusSeconds(60);
            }
        }

        @SuppressWarnings("unchecked")
        List<String> free(List<String> labels) {
            return ((List<String>) em.createNativeQuery("SELECT label_id FROM container WHERE label_id IN (:labels) AND lot_id IS NULL AND state = 'IN_STORAGE'")
                    .setParameter("labels", labels).getResultList()).stream().map(String::strip).toList();
        }

        /** What is stored goes out: waste oil to the recycler ({@code oilDay}), else the rest to the incinerator (batteries stay). */
        void ship(LocalDate day, boolean oilDay) {
            Instant at = time(day, 8, 10);
            Instant opening = at;
            // what was in storage when the transfers were opened, not what the day's round brings in later
            List<Drum> ready = stored.stream().filter(x -> x.storedAt == null || x.storedAt.isBefore(opening)).toList();
            List<Drum> oil = ready.stream().filter(x -> OIL.contains(x.code)).toList();
            List<Drum> burn = ready.stream().filter(x -> !OIL.contains(x.code) && !x.code.equals(DemoData.LEAD_BATTERIES)).toList();
            for (List<Drum> load : List.of(oilDay ? oil : burn)) {
                if (load.size() < 3) {
                    continue;
                }
                Party receiver = load == oil ? recycler : incinerator;
                boolean stuck = load == burn && day.equals(stuckDay);
                long t0 = System.nanoTime();
                List<String> labels = load.stream().map(x -> x.label).toList();
                // the load's containers in one query (the service asks for each label)
                Map<String, Container> byLabel = new java.util.HashMap<>();
                Container.<Container>list("labelId in ?1", labels).forEach(c -> byLabel.put(c.labelId.strip(), c));
                String number = transfers.create(new TransferService.NewTransfer(storage.id, receiver.id, null, vehicles.get(1), driver.userId(), day,
                        List.of(), labels), operator.userId(), collector.id, day, label -> java.util.Objects.requireNonNull(byLabel.get(label), label)).number();
                transferNanos += System.nanoTime() - t0;
                em.createNativeQuery("UPDATE transfer SET created_at = ?1 WHERE number = ?2").setParameter(1, at).setParameter(2, number).executeUpdate();
                transferCount++;
                load.forEach(x -> x.transfer = number);
                stored.removeAll(load);
                Instant loaded = at.plusSeconds(1800);
                List<CustodyCommands.Request> requests = new ArrayList<>();
                for (Drum x : load) {
                    requests.add(new CustodyCommands.Request(x.label, new CustodyCommand.Load(number), null, UUID.randomUUID(),
                            new Context("HH-JY-0002", loaded.minusSeconds(2), storage.latitude, storage.longitude, List.of(), null, List.of()), false));
                }
                apply(driver, loaded, requests);
                Instant departed = loaded.plusSeconds(1200);
                List<CustodyCommands.Request> departs = new ArrayList<>();
                for (Drum x : load) {
                    departs.add(new CustodyCommands.Request(x.label, new CustodyCommand.Depart(number), null, UUID.randomUUID(),
                            new Context("HH-JY-0002", departed.minusSeconds(3), storage.latitude, storage.longitude, List.of(), null, List.of()), false));
                }
                moved(number, "departed", departs, departed);
                if (!stuck) { // else still on the road: its receipt is overdue
                    LocalDate arrival = workingDays.plus(day, 1);
                    later(arrival, () -> receive(number, receiver, load, arrival));
                }
                at = at.plusSeconds(600);
            }
        }

        /** The receiver weighs each drum and accepts it, now and then partly or wholly refuses it; disposes of it days later. */
        void receive(String transfer, Party receiver, List<Drum> load, LocalDate day) {
            Situation.Actor who = receiver == recycler ? recyclerOperator : incineratorOperator;
            Instant at = time(day, 10, rng.nextInt(50));
            Instant arrived = at.minusSeconds(900);
            List<CustodyCommands.Request> arrivals = new ArrayList<>();
            for (Drum x : load) {
                arrivals.add(new CustodyCommands.Request(x.label, new CustodyCommand.Arrive(transfer), null, UUID.randomUUID(),
                        new Context("HH-JY-0002", arrived.minusSeconds(2), receiver.latitude, receiver.longitude, List.of(), null, List.of()), false));
            }
            moved(transfer, "arrived", arrivals, arrived);
            List<CustodyCommands.Request> requests = new ArrayList<>();
            List<Drum> accepted = new ArrayList<>();
            List<Drum> refused = new ArrayList<>();
            for (Drum x : load) {
                BigDecimal w = weigh(x.kg, rng.nextDouble() < 0.03 ? 0.07 + rng.nextDouble() * 0.08 : 0.01);
                double u = rng.nextDouble();
                CustodyCommand.Receive receipt;
                if (u < 0.012) {
                    receipt = new CustodyCommand.Receive(transfer, w, Acceptance.REFUSED, null, "标签与实物不符，退回移出人 label does not match the contents");
                    refused.add(x);
                } else if (u < 0.05 && w.compareTo(BigDecimal.valueOf(4)) > 0) {
                    BigDecimal part = w.multiply(BigDecimal.valueOf(0.1 + 0.2 * rng.nextDouble())).setScale(2, RoundingMode.HALF_UP);
                    receipt = new CustodyCommand.Receive(transfer, w, Acceptance.PARTIALLY_REFUSED, part, "含水率超标 water content too high");
                    accepted.add(x);
                } else {
                    receipt = new CustodyCommand.Receive(transfer, w, Acceptance.ACCEPTED, null, null);
                    accepted.add(x);
                }
                x.kg = w;
                requests.add(new CustodyCommands.Request(x.label, receipt, null, UUID.randomUUID(),
                        new Context(receiver == recycler ? "HH-RZ-R01" : "HH-LY-R01", at.minusSeconds(4), receiver.latitude, receiver.longitude,
                                List.of(), null, List.of()), false));
                at = at.plusSeconds(30 + rng.nextInt(60));
            }
            apply(who, at, requests);
            // the collector's operator acknowledges what the receiver found the next working day (before the disposal, so a
            // disposed drum's trail still ends with it), except the first findings (still disputed: it asked the receiver to
            // weigh again) and the last week's
            LocalDate acknowledged = workingDays.plus(day, 1);
            if (acknowledged.isBefore(today.minusDays(7))) {
                later(acknowledged, () -> acknowledge(transfer, acknowledged));
            }
            if (!refused.isEmpty()) {
                LocalDate back = workingDays.plus(day, 1);
                later(back, () -> storeAgain(refused, back));
            }
            LocalDate disposal = workingDays.plus(day, 2 + rng.nextInt(3));
            if (disposal.isBefore(today)) {
                later(disposal, () -> dispose(who, receiver, accepted, disposal));
            }
        }

        /** The shipper's operator acknowledges the transfer's open discrepancies (DISCREPANCY_ACKNOWLEDGED in each drum's chain). */
        @SuppressWarnings("unchecked")
        void acknowledge(String transfer, LocalDate day) {
            List<Number> open = em.createNativeQuery("SELECT d.id FROM discrepancy d JOIN transfer t ON t.id = d.transfer_id WHERE t.number = ?1"
                    + " AND d.acknowledged_at IS NULL ORDER BY d.id").setParameter(1, transfer).getResultList();
            if (!open.isEmpty() && !disputeKept) {
                disputeKept = true;
                return;
            }
            Instant at = time(day, 9, 10);
            for (Number id : open) {
                var ack = receipts.acknowledge(operator, at, false, id.longValue(), "已与接收方核对，按接收方称重 checked with the receiver: its weight stands",
                        UUID.randomUUID());
                if (ack.refusal() != null) {
                    throw new IllegalStateException("demo history: acknowledgement of discrepancy " + id + " refused: " + ack.refusal().detail());
                }
                eventCount++;
                at = at.plusSeconds(45);
            }
        }

        /** The whole transfer left or arrived (its driver's handheld): the events, then the transfer's own record of it. */
        void moved(String number, String what, List<CustodyCommands.Request> requests, Instant at) {
            apply(driver, at, requests);
            em.createNativeQuery("UPDATE transfer SET " + what + "_at = ?1, " + what + "_by = ?2 WHERE number = ?3")
                    .setParameter(1, at).setParameter(2, driver.userId()).setParameter(3, number).executeUpdate();
        }

        void storeAgain(List<Drum> refused, LocalDate day) {
            Instant at = time(day, 11, 0);
            List<CustodyCommands.Request> requests = new ArrayList<>();
            for (Drum x : refused) {
                x.transfer = null;
                requests.add(new CustodyCommands.Request(x.label, new CustodyCommand.Store(storage.id, x.kg), null, UUID.randomUUID(),
                        new Context("HH-LG-SP01", at.minusSeconds(5), storage.latitude, storage.longitude, List.of(), "拒收退回 returned after refusal",
                                List.of()), false));
            }
            apply(keeper, at, requests);
            refused.forEach(x -> x.storedAt = at);
            stored.addAll(refused);
        }

        /** The receiver disposes of what it accepted and issues the certificate (one per disposal run). */
        void dispose(Situation.Actor who, Party receiver, List<Drum> drums, LocalDate day) {
            String method = receiver == recycler ? "R9" : "D10";
            Instant at = time(day, 14, rng.nextInt(50));
            long t0 = System.nanoTime();
            cn.hazchain.custody.DisposalCertificates.Issued issued = certificates.issue(who, at, false, drums.stream().map(x -> x.label).toList(),
                    method, day, receiver == recycler ? "再生基础油 re-refined base oil" : "回转窑焚烧 rotary kiln incineration", UUID.randomUUID());
            custodyNanos += System.nanoTime() - t0;
            if (issued.refusal() != null) {
                throw new IllegalStateException("demo history: disposal certificate refused: " + issued.refusal().detail());
            }
            eventCount += drums.size();
            certificate++;
        }

        // ---- what raises alerts ----------------------------------------------------------------------------------

        /**
         * Before the history: lead-battery boxes of two repair shops, collected and stored about seven months ago. No
         * receiver here takes HW31, so they are still at the storage point, overdue.
         */
        void pastDue() {
            LocalDate day = today.minusDays(214);
            while (!workingDays.isWorkingDay(day)) {
                day = day.plusDays(1);
            }
            for (int i : new int[] {0, 7}) {
                String number = issue(i, day, time(day.minusDays(2), 10, 0), null, true);
                List<Drum> drums = drumsOf(number);
                Party g = demo.generators().get(i);
                Instant at = time(day, 10, 30 + i);
                List<CustodyCommands.Request> collect = new ArrayList<>();
                for (Drum x : drums) {
                    collect.add(new CustodyCommands.Request(x.label, new CustodyCommand.Collect(number, x.kg, vehicles.get(0), null,
                            new PickupConfirmation.Attempt(staffNames.get(g.id), cn.hazchain.demo.DemoData.CONFIRMATION_CODE)), null, UUID.randomUUID(),
                            new Context("HH-JY-0001", at.minusSeconds(4), g.latitude, g.longitude, List.of(), null, List.of()), false));
                }
                apply(driver, at, collect);
                Instant evening = time(day, 17, 40);
                List<CustodyCommands.Request> store = new ArrayList<>();
                for (Drum x : drums) {
                    store.add(new CustodyCommands.Request(x.label, new CustodyCommand.Store(storage.id, x.kg), null, UUID.randomUUID(),
                            new Context("HH-LG-SP01", evening.minusSeconds(4), storage.latitude, storage.longitude, List.of(), null, List.of()), false));
                }
                apply(keeper, evening, store);
                drums.stream().filter(x -> !x.code.equals(DemoData.LEAD_BATTERIES)).forEach(stored::add); // the rest ships with the first transfers
            }
        }

        /** Pickups asked for and never made: one five weeks old, one whose waste had waited over a year at the generator. */
        void neverCollected() {
            issue(12, today.minusDays(36), time(today.minusDays(38), 11, 0), null, false);
            issue(25, today.minusDays(33), time(today.minusDays(35), 15, 0), today.minusDays(400), false);
        }

        // ---- helpers -------------------------------------------------------------------------------------------------

        /** Generator i's usual codes, lead batteries only with {@code batteries}. */
        List<String> codes(int i, boolean batteries) {
            return batteries ? DemoData.codesOf(i) : DemoData.collectedCodesOf(i);
        }

        void apply(Situation.Actor actor, Instant at, List<CustodyCommands.Request> requests) {
            long t0 = System.nanoTime();
            List<Outcome> outcomes = custody.handle(actor, at, false, requests);
            custodyNanos += System.nanoTime() - t0;
            for (int k = 0; k < outcomes.size(); k++) {
                if (outcomes.get(k) instanceof Outcome.Refused r) {
                    throw new IllegalStateException("demo history: " + requests.get(k).command() + " of " + requests.get(k).labelId() + " refused: "
                            + r.rejection().detail());
                }
            }
            eventCount += outcomes.size();
        }

        void later(LocalDate day, Runnable action) {
            if (day.isBefore(today)) {
                later.computeIfAbsent(day, k -> new ArrayList<>()).add(action);
            }
        }

        void backdate(String table, long id, Instant at) {
            em.createNativeQuery("UPDATE " + table + " SET created_at = ?1 WHERE id = ?2").setParameter(1, at).setParameter(2, id).executeUpdate();
        }

        Instant time(LocalDate day, int hour, int minute) {
            return day.atTime(LocalTime.of(hour, Math.min(59, minute), rng.nextInt(60))).atZone(zone).toInstant();
        }

        BigDecimal weigh(BigDecimal kg, double spread) {
            double f = 1 + (rng.nextDouble() * 2 - 1) * spread;
            return kg.multiply(BigDecimal.valueOf(f)).setScale(2, RoundingMode.HALF_UP).max(new BigDecimal("0.10"));
        }

        /** A small picture for a scan, stored like an uploaded photo; its SHA-256. */
        String photo(String label, Instant at) {
            byte[] png = DemoPhotos.png(label);
            String sha;
            try {
                sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            em.createNativeQuery("INSERT INTO photo (sha256, content_type, size_bytes, content, uploaded_by, uploaded_at) VALUES (?1, 'image/png', ?2,"
                            + " ?3, ?4, ?5) ON CONFLICT DO NOTHING").setParameter(1, sha).setParameter(2, png.length).setParameter(3, png)
                    .setParameter(4, driver.userId()).setParameter(5, at.plusSeconds(120)).executeUpdate();
            return sha;
        }
    }

}
