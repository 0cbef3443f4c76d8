package cn.hazchain.bench.history;

import cn.hazchain.bench.history.Existing.LicenceRow;
import cn.hazchain.bench.history.Existing.PartyRow;
import cn.hazchain.bench.history.Shapes.CodeShape;
import cn.hazchain.bench.history.Shapes.Industry;
import cn.hazchain.bench.history.Shapes.Pack;
import cn.hazchain.bench.history.Shapes.Produces;
import cn.hazchain.bench.history.Shapes.ReceiverKind;
import cn.hazchain.bench.history.Shapes.Route;
import cn.hazchain.bench.history.Shapes.Town;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyRules;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.CustodyCommand.CommandKind;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.domain.EventType;
import cn.hazchain.custody.log.Context;
import cn.hazchain.custody.log.EventLog;
import cn.hazchain.custody.log.StoredEvent;
import cn.hazchain.label.BulkLabelSigner;
import cn.hazchain.label.LabelId;
import cn.hazchain.party.Uscc;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Plays a history day by day as the service would have recorded it. Everything that happens is an action on a
 * time-ordered queue (issue a manifest, plan tomorrow's rounds, collect at a stop, store, ship from a storage
 * point, receive a transfer, dispose of a batch, store a refused container again, cancel a manifest), so events get
 * ids in time order, as a running service gives them. Each custody event's move is checked against the state machine
 * ({@link CustodyRules#allows}: an illegal move stops the run; the actor, record and licence checks of
 * {@link CustodyRules#decide} are met by construction, not called) and its row is built by {@link EventLog#row},
 * hashed and chained to the container's previous event. Rows are streamed out as soon as they are final: a container's row when it is disposed or cancelled, or
 * at the end of the history in whatever state it is in then.
 */
final class Simulation {

    static final BigDecimal TOLERANCE = new BigDecimal("0.05"); // hazchain.custody.weight-tolerance default
    static final String EDITION = "2021";
    static final double STOPS_PER_ROUND = 28;
    static final double FULL_REFUSALS = 0.0035;
    static final double PARTIAL_REFUSALS = 0.0015;
    static final double CANCELLATIONS = 0.003;

    private final HistorySpec spec;
    private final Existing existing;
    private final String region;
    private final SplittableRandom rng;
    private final BulkLabelSigner signer;
    private final Tables t;
    private final Ids ids;
    private final Instant endInstant;
    private final String passwordHash;
    private final Consumer<String> log;

    // ---- the world ------------------------------------------------------------------------------------------------
    private final List<Gen> gens = new ArrayList<>();
    private final List<Coll> colls = new ArrayList<>();
    private final List<Point> points = new ArrayList<>();
    private final List<Carrier> carriers = new ArrayList<>();
    private final Map<ReceiverKind, List<Recv>> receivers = new LinkedHashMap<>();
    private final List<Long> generatorIds = new ArrayList<>();

    // ---- running state --------------------------------------------------------------------------------------------
    private final PriorityQueue<Action> queue = new PriorityQueue<>(Comparator.comparingLong(Action::micros).thenComparingLong(Action::order));
    private long actionOrder;
    private final Map<Long, Cont> live = new HashMap<>();
    private final Map<Integer, Integer> serials;
    private final Map<String, Integer> serialsUsed = new TreeMap<>();
    private final Map<String, Batch> disposals = new HashMap<>();
    final Counts counts = new Counts();

    /** What was written, for the marker and the report. */
    static final class Counts {
        long parties;
        long generators;
        long users;
        long manifests;
        long cancelledManifests;
        long containers;
        long events;
        long lots;
        long transfers;
        long rounds;
        long intake;
        long refusals;
        long partialRefusals;
        long weightFlags;
        long firstContainerId;
        long firstManifestId;
        long firstTransferId = -1;
        long firstLotId = -1;
        long firstGeneratorId;
        long lastGeneratorId;
        Map<String, Long> byState = new TreeMap<>();
    }

    Simulation(HistorySpec spec, Existing existing, String region, BulkLabelSigner signer, Tables tables, String passwordHash, Consumer<String> log) {
        this.spec = spec;
        this.existing = existing;
        this.region = region;
        this.rng = new SplittableRandom(spec.seed());
        this.signer = signer;
        this.t = tables;
        this.ids = new Ids(existing.maxIds());
        this.endInstant = spec.end().atStartOfDay(HistorySpec.ZONE).toInstant();
        this.serials = new HashMap<>(existing.manifestSerials());
        this.passwordHash = passwordHash;
        this.log = log;
    }

    /** The highest manifest serial used per year (for the counter). */
    Map<Integer, Integer> serials() {
        return serials;
    }

    // ==== entities =================================================================================================

    static final class Ids {
        private final Map<String, Long> next = new HashMap<>();

        Ids(Map<String, Long> max) {
            max.forEach((k, v) -> next.put(k, v + 1));
        }

        long next(String table) {
            return next.merge(table, 1L, Long::sum) - 1;
        }
    }

    static final class Gen {
        long id;
        String uscc;
        String name;
        String address;
        Town town;
        double lat;
        double lon;
        Industry industry;
        List<String> codes;
        double meanContainers;
        DayOfWeek weekday;
        int phase;
        Coll coll;
        Point point;
    }

    static final class Coll {
        int index;
        long id;
        String name;
        double lat;
        double lon;
        long operator;
        final List<Long> drivers = new ArrayList<>();
        final List<String> driverDevices = new ArrayList<>();
        final List<long[]> vehicles = new ArrayList<>(); // id, capacity kg
        final List<Point> points = new ArrayList<>();
        final List<Gen> gens = new ArrayList<>();
        Set<String> categories;
        final Map<LocalDate, List<Pickup>> pickups = new HashMap<>();
        final Map<LocalDate, List<Cont>> direct = new HashMap<>();
    }

    static final class Point {
        int index;
        long id;
        String name;
        double lat;
        double lon;
        Coll coll;
        long keeper;
        String device;
        Set<DayOfWeek> shipDays;
        /** A quiet point ships every other week only. */
        boolean fortnightly;
        final List<Cont> holding = new ArrayList<>();
    }

    static final class Carrier {
        long id;
        final List<long[]> vehicles = new ArrayList<>();
        final List<Long> drivers = new ArrayList<>();
    }

    static final class Recv {
        int index;
        long id;
        ReceiverKind kind;
        double lat;
        double lon;
        long operator;
        String device;
        final List<Lic> licences = new ArrayList<>();
    }

    static final class Lic {
        long id;
        String number;
        List<String> codes;
        List<String> categories;
        BigDecimal approved;
        LocalDate from;
        LocalDate to;
        final Map<Integer, BigDecimal> intake = new HashMap<>();

        boolean covers(String code, String category, LocalDate day) {
            return (codes.contains(code) || categories.contains(category)) && !day.isBefore(from) && !day.isAfter(to);
        }

        BigDecimal remaining(int year) {
            return approved.subtract(intake.getOrDefault(year, BigDecimal.ZERO));
        }
    }

    /** One generator's pickup: its manifest and containers. */
    static final class Pickup {
        Gen gen;
        long manifestId;
        String number;
        LocalDate day;
        boolean cancelled;
        final List<Cont> containers = new ArrayList<>();
    }

    static final class Cont {
        long id;
        String labelId;
        String token;
        long manifestId;
        long lineId;
        Gen gen;
        String code;
        String category;
        String type;
        int litres;
        double trueKg;
        BigDecimal estimated;
        LocalDate generationDate;
        String state = "ISSUED";
        Instant createdAt;
        Instant updatedAt;
        int version;
        long custodian;
        Long storagePoint;
        Long lastStoragePoint;
        Long lot;
        Long transfer;
        BigDecimal last;
        BigDecimal collected;
        BigDecimal received;
        BigDecimal refused;
        String acceptance;
        String disposal;
        boolean flag;
        Instant lastEventAt;
        int seq;
        String prevHash;
        boolean direct;
        Recv refusedBy;
        Point origin;
    }

    record Action(long micros, long order, Runnable run) {
    }

    static final class Batch {
        final Recv recv;
        final LocalDate day;
        final List<Cont> containers = new ArrayList<>();

        Batch(Recv recv, LocalDate day) {
            this.recv = recv;
            this.day = day;
        }
    }

    /** Where and with what a scan was made. */
    record Ctx(String device, Double lat, Double lon) {
        static final Ctx NONE = new Ctx(null, null, null);
    }

    // ==== the world ================================================================================================

    void buildWorld() {
        LocalDate start = spec.start();
        Instant registered = start.minusDays(90).atTime(10, 0).atZone(HistorySpec.ZONE).toInstant();
        int collectorCount = Math.max(2, (int) Math.round(spec.generators() / 250.0));
        int receiversPerKind = Math.max(1, (int) Math.round(spec.generators() / 10000.0));
        int carrierCount = Math.max(1, collectorCount / 2);
        double[] townWeights = Shapes.TOWNS.stream().mapToDouble(Town::weight).toArray();
        double townTotal = java.util.Arrays.stream(townWeights).sum();
        double[] industryWeights = Shapes.INDUSTRIES.stream().mapToDouble(Industry::weight).toArray();
        double industryTotal = java.util.Arrays.stream(industryWeights).sum();
        long admin = existing.userIds().get("admin");

        // collectors: the demo collector first, then new ones
        for (int k = 0; k < collectorCount; k++) {
            Coll c = new Coll();
            c.index = k;
            Town home = Shapes.TOWNS.get(k % Shapes.TOWNS.size());
            if (k == 0) {
                PartyRow demo = existing.collector();
                c.id = demo.id();
                c.name = demo.name();
                c.lat = demo.lat();
                c.lon = demo.lon();
                c.operator = existing.userIds().get("collector");
                LicenceRow model = existing.licences().get(c.id).get(0);
                c.categories = new HashSet<>(model.categories());
                existing.collectorVehicles().forEach(c.vehicles::add);
                precede(c.id, existing.licences().get(c.id), 3, start, registered, "JSHW-3202-C0-");
            } else {
                c.id = ids.next("party");
                c.name = "江阴" + Shapes.BRANDS.get((k * 7) % Shapes.BRANDS.size()) + "环境服务有限公司" + (k >= Shapes.BRANDS.size() ? "（" + k + "）" : "");
                c.lat = jitter(home.lat(), .01);
                c.lon = jitter(home.lon(), .01);
                party(c.id, uscc('C', k), "COLLECTOR", c.name, home.name(), c.lat, c.lon, null, null, null, registered);
                c.operator = user("hc" + k + "-op", "收运调度员 " + c.name, c.id, "COLLECTOR_OPERATOR", registered);
                c.categories = new HashSet<>(Shapes.CATEGORIES);
                LocalDate from = start.minusDays(200);
                while (!from.isAfter(spec.end().plusYears(1))) {
                    licence(c.id, "COLLECTION", List.of(), Shapes.CATEGORIES, new BigDecimal(3000 + 250 * (k % 8)), from, from.plusYears(3).minusDays(1),
                            registered, "JSHW-3202-C" + k + "-" + from.getYear());
                    from = from.plusYears(3);
                }
            }
            colls.add(c);
        }
        // generators: towns, industries, codes their collector's licence covers
        int genCount = spec.generators();
        int townSlots = Math.min(collectorCount, Shapes.TOWNS.size());
        for (int i = 0; i < genCount; i++) {
            Gen g = new Gen();
            g.town = Shapes.TOWNS.get(Shapes.pick(rng, townWeights, townTotal));
            g.industry = Shapes.INDUSTRIES.get(Shapes.pick(rng, industryWeights, industryTotal));
            int townIndex = Shapes.TOWNS.indexOf(g.town);
            List<Coll> serving = colls.stream().filter(c -> c.index % townSlots == townIndex % townSlots).toList();
            Coll coll = serving.get(rng.nextInt(serving.size()));
            List<String> codes = new ArrayList<>();
            for (Produces p : g.industry.codes()) {
                if ((codes.isEmpty() || rng.nextDouble() < p.share()) && coll.categories.contains(existing.codes().get(p.code()).category())) {
                    codes.add(p.code());
                }
            }
            if (codes.isEmpty()) { // this collector may not take them: one that may
                coll = colls.get(1 + rng.nextInt(colls.size() - 1));
                codes.add(g.industry.codes().get(0).code());
            }
            g.coll = coll;
            g.codes = codes;
            g.id = ids.next("party");
            g.uscc = uscc('G', i);
            g.name = "江阴" + g.town.name().substring(0, 2) + Shapes.BRANDS.get(rng.nextInt(Shapes.BRANDS.size())) + g.industry.suffix()
                    + (i >= 5000 ? "（" + (i / 5000) + "分厂）" : "");
            g.lat = jitter(g.town.lat(), .02);
            g.lon = jitter(g.town.lon(), .02);
            g.address = "江阴市" + g.town.name() + Shapes.ROADS.get(rng.nextInt(Shapes.ROADS.size())) + (1 + rng.nextInt(300)) + "号";
            // how much it produces: log-normal spread around the mean containers a pickup
            g.meanContainers = Math.min(30, 6.6 * Shapes.logNormal(rng, 1, 0.55) / Math.exp(0.55 * 0.55 / 2));
            g.weekday = DayOfWeek.of(1 + Shapes.pick(rng, new double[] {5, 5, 5, 5, 5, 2}, 27));
            g.phase = rng.nextInt(spec.intervalWeeks());
            coll.gens.add(g);
            gens.add(g);
        }
        // storage points: one per ~50 generators of a collector (the demo collector's first is the demo's)
        int pointIndex = 0;
        for (Coll c : colls) {
            int n = Math.max(1, (int) Math.ceil(c.gens.size() / 50.0));
            double weeklyContainers = c.gens.stream().mapToDouble(g -> g.meanContainers).sum() / spec.intervalWeeks() / n;
            for (int k = 0; k < n; k++) {
                Point p = new Point();
                p.index = pointIndex++;
                p.coll = c;
                Town town = Shapes.TOWNS.get((c.index + k * 3) % Shapes.TOWNS.size());
                if (c.index == 0 && k == 0) {
                    PartyRow demo = existing.storagePoint();
                    p.id = demo.id();
                    p.name = demo.name();
                    p.lat = demo.lat();
                    p.lon = demo.lon();
                    p.keeper = existing.userIds().get("keeper");
                } else {
                    p.id = ids.next("party");
                    p.name = c.name.replace("有限公司", "") + "小微危废集中收集贮存点（" + town.name() + "）" + (k >= Shapes.TOWNS.size() ? k : "");
                    p.lat = jitter(town.lat(), .01);
                    p.lon = jitter(town.lon(), .01);
                    party(p.id, uscc('S', p.index), "STORAGE_POINT", p.name, town.name(), p.lat, p.lon, null, null, c.id, registered);
                    p.keeper = user("hsp" + p.index + "-keeper", "贮存点管理员 " + p.index, p.id, "STORAGE_KEEPER", registered);
                }
                p.device = device("HH-SP" + p.index, p.id, admin, registered);
                int ships = (int) Math.max(1, Math.min(3, Math.round(weeklyContainers / 60)));
                p.fortnightly = weeklyContainers < 100;
                p.shipDays = switch (ships) {
                    case 1 -> Set.of(DayOfWeek.of(1 + p.index % 5));
                    case 2 -> p.index % 2 == 0 ? Set.of(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY) : Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY);
                    default -> p.index % 2 == 0 ? Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)
                            : Set.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.SATURDAY);
                };
                c.points.add(p);
                points.add(p);
            }
            for (Gen g : c.gens) {
                g.point = c.points.get(rng.nextInt(c.points.size()));
            }
            // vehicles and drivers: enough rounds of ~28 stops a day, and one spare
            double pickupsPerDay = c.gens.size() / (5.4 * spec.intervalWeeks());
            int vehicles = Math.max(2, (int) Math.ceil(pickupsPerDay / STOPS_PER_ROUND) + 1);
            while (c.vehicles.size() < vehicles) {
                long v = ids.next("vehicle");
                int capacity = c.vehicles.size() % 2 == 0 ? 5000 : 8000;
                t.vehicle.add(v).add(c.id).add(String.format("苏BH%05d", v % 100000)).add(String.format("苏交运管危字320281%06d号", v % 1000000))
                        .add(capacity).add(registered).add(0).end();
                c.vehicles.add(new long[] {v, capacity});
            }
            for (int k = 0; k < c.vehicles.size(); k++) {
                if (c.index == 0 && k == 0) {
                    c.drivers.add(existing.userIds().get("driver"));
                } else {
                    c.drivers.add(user("hc" + c.index + "-d" + k, "收运司机 " + c.index + "-" + k, c.id, "DRIVER", registered));
                }
                c.driverDevices.add(c.index == 0 && k < existing.collectorDevices().size() ? existing.collectorDevices().get(k)
                        : device("HH-C" + c.index + "-" + k, c.id, admin, registered));
            }
        }
        // carriers (承运人) with their vehicles and drivers
        for (int k = 0; k < carrierCount; k++) {
            Carrier cr = new Carrier();
            cr.id = ids.next("party");
            Town town = Shapes.TOWNS.get((k * 5 + 2) % Shapes.TOWNS.size());
            party(cr.id, uscc('K', k), "CARRIER", "江阴" + Shapes.BRANDS.get((k * 11 + 3) % Shapes.BRANDS.size()) + "危险货物运输有限公司" + (k >= 40 ? "（" + k + "）" : ""),
                    town.name(), jitter(town.lat(), .01), jitter(town.lon(), .01), null, null, null, registered);
            for (int v = 0; v < 2; v++) {
                long vid = ids.next("vehicle");
                t.vehicle.add(vid).add(cr.id).add(String.format("苏BY%05d", vid % 100000)).add(String.format("苏交运管危字320281%06d号", vid % 1000000))
                        .add(10000).add(registered).add(0).end();
                cr.vehicles.add(new long[] {vid, 10000});
                cr.drivers.add(user("hk" + k + "-d" + v, "承运司机 " + k + "-" + v, cr.id, "DRIVER", registered));
            }
            carriers.add(cr);
        }
        // receivers: the demo incinerator and recycler, and new plants of every kind
        int recvIndex = 0;
        for (ReceiverKind kind : Shapes.RECEIVER_KINDS) {
            List<Recv> list = new ArrayList<>();
            for (int k = 0; k < receiversPerKind; k++) {
                Recv r = new Recv();
                r.index = recvIndex++;
                r.kind = kind;
                PartyRow demo = k == 0 && kind == Shapes.INCINERATOR ? existing.incinerator() : k == 0 && kind == Shapes.OIL ? existing.recycler() : null;
                if (demo != null) {
                    r.id = demo.id();
                    r.lat = demo.lat();
                    r.lon = demo.lon();
                    r.operator = kind == Shapes.INCINERATOR ? existing.userIds().get("receiver")
                            : user("hr" + r.index + "-op", "接收员 " + demo.name(), r.id, "RECEIVER_OPERATOR", registered);
                    for (LicenceRow l : existing.licences().get(r.id)) {
                        r.licences.add(lic(l.id(), l.number(), l.codes(), l.categories(), l.approvedTonnes(), l.validFrom(), l.validTo()));
                    }
                    r.licences.addAll(precede(r.id, existing.licences().get(r.id), 5, start, registered, "JSHW-3202-R" + r.index + "-"));
                } else {
                    r.id = ids.next("party");
                    Town town = Shapes.TOWNS.get((r.index * 7 + 6) % Shapes.TOWNS.size());
                    r.lat = jitter(town.lat(), .01);
                    r.lon = jitter(town.lon(), .01);
                    String name = "江阴" + Shapes.BRANDS.get((r.index * 13 + 5) % Shapes.BRANDS.size()) + kind.nameSuffix() + (k > 0 ? "（" + (k + 1) + "厂）" : "");
                    party(r.id, uscc('R', r.index), "RECEIVER", name, town.name(), r.lat, r.lon, null, null, null, registered);
                    r.operator = user("hr" + r.index + "-op", "接收员 " + name, r.id, "RECEIVER_OPERATOR", registered);
                    LocalDate from = start.minusDays(400);
                    int n = 0;
                    while (!from.isAfter(spec.end().plusYears(1))) {
                        r.licences.add(licence(r.id, "COMPREHENSIVE", kind.codes(), kind.categories(), new BigDecimal(kind.approvedTonnes()), from,
                                from.plusYears(5).minusDays(1), registered, "JSHW-3202-R" + r.index + "-" + from.getYear() + (n++ > 0 ? "b" : "")));
                        from = from.plusYears(5);
                    }
                }
                r.device = device("HH-R" + r.index, r.id, admin, registered);
                list.add(r);
            }
            receivers.put(kind, list);
        }
        // generator rows last, so their ids follow one another (ranges for sampling)
        counts.firstGeneratorId = gens.get(0).id;
        counts.lastGeneratorId = gens.get(gens.size() - 1).id;
        for (Gen g : gens) {
            double tonnesPerYear = g.meanContainers * (52.0 / spec.intervalWeeks()) * 0.02;
            party(g.id, g.uscc, "GENERATOR", g.name, g.town.name(), g.lat, g.lon, g.industry.name(),
                    BigDecimal.valueOf(tonnesPerYear).setScale(3, RoundingMode.HALF_UP), null, registered, g.address);
            generatorIds.add(g.id);
        }
        counts.generators = gens.size();
        log.accept(String.format("world: %d generators, %d collectors, %d storage points, %d carriers, %d receivers, %d users",
                gens.size(), colls.size(), points.size(), carriers.size(), receivers.values().stream().mapToInt(List::size).sum(), counts.users));
    }

    /**
     * The demo's licences start a year or two before the demo was loaded: the licences a party held before them, back
     * to the start of the history (same permits, {@code years} long each).
     */
    private List<Lic> precede(long holder, List<LicenceRow> current, int years, LocalDate start, Instant created, String numberPrefix) {
        LicenceRow model = current.get(0);
        LocalDate first = current.stream().map(LicenceRow::validFrom).min(LocalDate::compareTo).orElseThrow();
        List<Lic> added = new ArrayList<>();
        while (first.isAfter(start.minusDays(30))) {
            LocalDate from = first.minusYears(years);
            added.add(licence(holder, model.kind(), model.codes(), model.categories(), model.approvedTonnes(), from, first.minusDays(1), created,
                    numberPrefix + from.getYear()));
            first = from;
        }
        return added;
    }

    private Lic lic(long id, String number, List<String> codes, List<String> categories, BigDecimal approved, LocalDate from, LocalDate to) {
        Lic l = new Lic();
        l.id = id;
        l.number = number;
        l.codes = codes;
        l.categories = categories;
        l.approved = approved;
        l.from = from;
        l.to = to;
        existing.intake().forEach((k, v) -> {
            if (k.startsWith(id + "/")) {
                l.intake.put(Integer.parseInt(k.substring(k.indexOf('/') + 1)), v);
            }
        });
        return l;
    }

    private Lic licence(long holder, String kind, List<String> codes, List<String> categories, BigDecimal approved, LocalDate from, LocalDate to,
                        Instant created, String number) {
        long id = ids.next("licence");
        t.licence.add(id).add(number).add(holder).add(kind).add(codes).add(categories).add(approved).add(from).add(to).add(created).add(0).end();
        return lic(id, number, codes, categories, approved, from, to);
    }

    private void party(long id, String uscc, String kind, String name, String town, double lat, double lon, String industry,
                       BigDecimal tonnes, Long parent, Instant created) {
        party(id, uscc, kind, name, town, lat, lon, industry, tonnes, parent, created, "江阴市" + town + Shapes.ROADS.get((int) (id % Shapes.ROADS.size())) + (id % 200 + 1) + "号");
    }

    private void party(long id, String uscc, String kind, String name, String town, double lat, double lon, String industry,
                       BigDecimal tonnes, Long parent, Instant created, String address) {
        String contact = kind.equals("GENERATOR") ? Shapes.SURNAMES.charAt((int) (id % Shapes.SURNAMES.length())) + "工（环保负责人）" : "值班室";
        t.party.add(id).add(uscc).add(kind).add(name).add(town).add(address).add(contact).add(String.format("0510-8%07d", id % 10_000_000))
                .add(lat).add(lon).add(industry).add(tonnes).add(parent).add(created).add(created).add(0).end();
        counts.parties++;
    }

    private long user(String username, String display, long party, String role, Instant created) {
        long id = ids.next("app_user");
        t.appUser.add(id).add(username).add(display).add(passwordHash).add(party).add(List.of(role)).add(true).add(0).add(null).add(created).add(0).end();
        counts.users++;
        return id;
    }

    private String device(String serial, long owner, long admin, Instant enrolled) {
        t.device.add(ids.next("device")).add(serial).add(owner).add("Urovo DT50").add("历史数据 synthetic history").add(admin).add(enrolled)
                .add(null).add(null).add(null).add(null).add(0).end();
        return serial;
    }

    /** A valid USCC of Jiangyin: 91 320281 + a kind letter + 8 digits, check character computed. */
    static String uscc(char kind, int n) {
        String kindCode = switch (kind) {
            case 'G' -> "MA2";
            case 'C' -> "MA3";
            case 'S' -> "MA4";
            case 'K' -> "MA5";
            default -> "MA6";
        };
        return Uscc.withCheck("91320281" + kindCode + String.format("%06d", n));
    }

    private double jitter(double v, double spread) {
        return Math.round((v + (rng.nextDouble() * 2 - 1) * spread) * 1e6) / 1e6;
    }

    // ==== the run ==================================================================================================

    /** Plays every day of the history; returns when the last action before the end has run. */
    void run() {
        LocalDate start = spec.start();
        long began = System.nanoTime();
        long lastReport = began;
        for (LocalDate d = start.minusDays(3); d.isBefore(spec.end()); d = d.plusDays(1)) {
            planPickups(d.plusDays(3));
            if (!d.isBefore(start)) {
                for (Point p : points) {
                    long week = ChronoUnit.WEEKS.between(start.with(DayOfWeek.MONDAY), d.with(DayOfWeek.MONDAY));
                    if (p.shipDays.contains(d.getDayOfWeek()) && (!p.fortnightly || week % 2 == p.index % 2)) {
                        LocalDate day = d;
                        schedule(at(d, 8, 0, 0), () -> ship(p, day));
                    }
                }
            }
            Instant dayEnd = d.plusDays(1).atStartOfDay(HistorySpec.ZONE).toInstant();
            while (!queue.isEmpty() && queue.peek().micros() < micros(dayEnd) && queue.peek().micros() < micros(endInstant)) {
                runAction(queue.poll());
            }
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L || d.plusDays(1).equals(spec.end())) {
                lastReport = now;
                double s = (now - began) / 1e9;
                log.accept(String.format("  %s  manifests %,d  containers %,d  events %,d  (%.0f events/s generated; %,d rows/s written; %d live)",
                        d, counts.manifests, counts.containers, counts.events, counts.events / s, (long) (t.writer.rowsWritten() / s), live.size()));
            }
        }
        queue.clear();
        // the rest stays where it is now: ISSUED, COLLECTED, IN_STORAGE, IN_TRANSIT, RECEIVED, REFUSED
        live.values().stream().sorted(Comparator.comparingLong(c -> c.id)).toList().forEach(this::writeContainer);
        live.clear();
    }

    private void schedule(Instant when, Runnable action) {
        queue.add(new Action(micros(when), actionOrder++, action));
    }

    private static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    private Instant at(LocalDate day, int h, int m, int s) {
        return day.atTime(LocalTime.of(h, m, s)).atZone(HistorySpec.ZONE).toInstant().plus(rng.nextInt(1_000_000), ChronoUnit.MICROS);
    }

    // ---- issuing -------------------------------------------------------------------------------------------------

    private void planPickups(LocalDate day) {
        long week = ChronoUnit.WEEKS.between(spec.start().minusWeeks(1).with(DayOfWeek.MONDAY), day.with(DayOfWeek.MONDAY));
        for (Gen g : gens) {
            if (g.weekday != day.getDayOfWeek() || week % spec.intervalWeeks() != g.phase || rng.nextDouble() < 0.04) {
                continue;
            }
            int lead = 1 + Shapes.pick(rng, new double[] {7, 2, 1}, 10);
            Instant issued = at(day.minusDays(lead), 9 + rng.nextInt(8), rng.nextInt(60), rng.nextInt(60));
            if (!issued.isBefore(endInstant)) {
                continue;
            }
            schedule(issued, () -> issue(g, day, issued));
        }
        for (Coll c : colls) {
            schedule(at(day.minusDays(1), 17, 0, 0), () -> planRounds(c, day));
        }
    }

    private void issue(Gen g, LocalDate pickupDay, Instant issued) {
        Pickup p = new Pickup();
        p.gen = g;
        p.day = pickupDay;
        p.manifestId = ids.next("manifest");
        if (counts.manifests == 0) {
            counts.firstManifestId = p.manifestId;
        }
        LocalDate today = issued.atZone(HistorySpec.ZONE).toLocalDate();
        p.number = nextNumber(pickupDay.getYear());
        // lines: the generator's main code always, others now and then
        int n = Math.max(1, Math.min(40, Shapes.poisson(rng, g.meanContainers)));
        List<String> codes = new ArrayList<>();
        for (String code : g.codes) {
            if (codes.isEmpty() || rng.nextDouble() < 0.85) {
                codes.add(code);
            }
        }
        while (codes.size() > n) {
            codes.remove(codes.size() - 1);
        }
        double[] weights = codes.stream().mapToDouble(c -> Shapes.CODES.get(c).volumeWeight()).toArray();
        double total = java.util.Arrays.stream(weights).sum();
        int[] perCode = new int[codes.size()];
        for (int i = 0; i < codes.size(); i++) {
            perCode[i] = 1;
        }
        for (int i = codes.size(); i < n; i++) {
            perCode[Shapes.pick(rng, weights, total)]++;
        }
        Instant cancelAt = null;
        String cancelReason = null;
        if (rng.nextDouble() < CANCELLATIONS) {
            Instant pickupMorning = pickupDay.atTime(7, 0).atZone(HistorySpec.ZONE).toInstant();
            long span = Math.max(1, ChronoUnit.SECONDS.between(issued, pickupMorning) - 3600);
            cancelAt = issued.plusSeconds(3600 + (long) (rng.nextDouble() * span)).truncatedTo(ChronoUnit.MICROS);
            cancelReason = Shapes.CANCEL_REASONS.get(rng.nextInt(Shapes.CANCEL_REASONS.size()));
            if (!cancelAt.isBefore(endInstant)) {
                cancelAt = null; // it would be cancelled later: still open today
                cancelReason = null;
            }
        }
        p.cancelled = cancelAt != null;
        t.manifest.add(p.manifestId).add(p.number).add("PICKUP").add(g.id).add(g.coll.id).add(EDITION).add(pickupDay)
                .add("泄漏时用沙土或吸附棉收集，远离火源；皮肤接触用清水冲洗").add(null).add(g.coll.operator).add(uuid())
                .add(cancelAt == null ? null : cancelAt.plusMillis(3)).add(cancelAt == null ? null : g.coll.operator).add(cancelReason)
                .add(issued).add(cancelAt == null ? 0 : 1).end();
        counts.manifests++;
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            Existing.CodeRow row = existing.codes().get(code);
            CodeShape shape = Shapes.CODES.get(code);
            long lineId = ids.next("manifest_line");
            t.manifestLine.add(lineId).add(p.manifestId).add(i + 1).add(code).add(row.categoryName()).add(row.category()).add(row.hazards())
                    .add(shape.form()).add(shape.components()).end();
            t.labelCounter.add(g.uscc).add(code).add(today).add(perCode[i]).end();
            double[] packWeights = shape.packs().stream().mapToDouble(Pack::share).toArray();
            double packTotal = java.util.Arrays.stream(packWeights).sum();
            for (int k = 0; k < perCode[i]; k++) {
                Pack pack = shape.packs().get(Shapes.pick(rng, packWeights, packTotal));
                Cont c = new Cont();
                c.id = ids.next("container");
                if (counts.containers == 0) {
                    counts.firstContainerId = c.id;
                }
                counts.containers++;
                c.labelId = LabelId.of(g.uscc, code, today, k + 1).format();
                c.token = signer.token(c.labelId);
                c.manifestId = p.manifestId;
                c.lineId = lineId;
                c.gen = g;
                c.code = code;
                c.category = row.category();
                c.type = pack.type();
                c.litres = pack.litres();
                c.trueKg = Math.max(1.5, Math.min(pack.litres() * 1.4, Shapes.logNormal(rng, pack.medianKg(), pack.sigma())));
                double estimate = rng.nextDouble() < 0.01 ? c.trueKg * (rng.nextBoolean() ? 1.12 : 0.85) + rng.nextDouble() * 0.1 * c.trueKg
                        : c.trueKg * (1 + 0.012 * Shapes.gaussian(rng));
                // estimates are written to 0.1 kg (0.5 kg for big containers), as a generator's scale shows them
                double step = estimate < 50 ? 10 : 2;
                c.estimated = BigDecimal.valueOf(Math.max(1, Math.round(estimate * step) / step)).setScale(2, RoundingMode.HALF_UP);
                c.generationDate = rng.nextDouble() < 0.2 ? null : today.minusDays(rng.nextInt(7 * spec.intervalWeeks()));
                c.createdAt = issued;
                c.updatedAt = issued;
                c.lastEventAt = issued.plusMillis(5);
                c.custodian = g.id;
                c.direct = (code.endsWith("-08") || code.equals("900-006-09")) && pack.litres() >= 200;
                event(c, new CustodyEvent.LabelIssued(g.id, code, c.estimated, row.hazards(), signer.kid()), issued, g.coll.operator, g.coll.id,
                        Ctx.NONE, uuid());
                c.lastEventAt = issued.plusMillis(5);
                live.put(c.id, c);
                p.containers.add(c);
            }
        }
        if (cancelAt != null) {
            String reason = cancelReason;
            schedule(cancelAt, () -> cancel(p, reason));
            counts.cancelledManifests++;
        } else {
            g.coll.pickups.computeIfAbsent(pickupDay, k -> new ArrayList<>()).add(p);
        }
    }

    private String nextNumber(int year) {
        int serial = serials.merge(year, 1, Integer::sum);
        if (serial > 999_999) {
            throw new IllegalStateException("more than 999,999 manifest and transfer numbers in " + year + ": fewer pickups a year, please");
        }
        serialsUsed.merge(String.valueOf(year), 1, Integer::sum);
        return String.format("%04d%s%06d", year, region, serial);
    }

    private UUID uuid() {
        return new UUID((rng.nextLong() & ~0xF000L) | 0x4000L, (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private void cancel(Pickup p, String reason) {
        UUID command = uuid();
        Instant when = queueTime();
        for (Cont c : p.containers) {
            event(c, new CustodyEvent.ContainerCancelled(reason), when, p.gen.coll.operator, p.gen.coll.id, Ctx.NONE, command);
            when = when.plusMillis(4);
            finish(c);
        }
    }

    // ---- rounds and collection -----------------------------------------------------------------------------------

    private void planRounds(Coll c, LocalDate day) {
        List<Pickup> pickups = c.pickups.remove(day);
        if (pickups == null || pickups.isEmpty()) {
            return;
        }
        pickups.sort(Comparator.comparing((Pickup p) -> p.gen.town.name()).thenComparingDouble(p -> p.gen.lon));
        int rounds = (int) Math.ceil(pickups.size() / STOPS_PER_ROUND);
        Instant planned = queueTime();
        for (int r = 0; r < rounds; r++) {
            int vehicleIndex = r % c.vehicles.size();
            long roundId = ids.next("collection_round");
            counts.rounds++;
            t.round.add(roundId).add(c.id).add(day).add(c.vehicles.get(vehicleIndex)[0]).add(c.drivers.get(vehicleIndex)).add(null)
                    .add(c.operator).add(planned.plusSeconds(r)).add(uuid()).add(0).end();
            List<Pickup> stops = pickups.subList(r * pickups.size() / rounds, (r + 1) * pickups.size() / rounds);
            Instant when = at(day, 8, rng.nextInt(20), 0);
            double gap = Math.min(20 * 60, 8.5 * 3600 / Math.max(1, stops.size())); // a round ends by about 17:00
            for (int s = 0; s < stops.size(); s++) {
                Pickup p = stops.get(s);
                Gen g = p.gen;
                List<String> codes = p.containers.stream().map(x -> x.code).distinct().toList();
                t.roundStop.add(roundId).add(s + 1).add(g.id).add(g.address).add(g.lat).add(g.lon).add(codes).add(p.containers.size()).add(null).end();
                int driver = vehicleIndex;
                Instant stopTime = when;
                schedule(stopTime, () -> collect(p, c, driver, stopTime));
                when = when.plusSeconds((long) (gap * (0.8 + 0.4 * rng.nextDouble())));
            }
        }
    }

    private void collect(Pickup p, Coll c, int driver, Instant when) {
        Gen g = p.gen;
        List<Cont> toStore = new ArrayList<>();
        for (Cont x : p.containers) {
            BigDecimal w = kg(x.trueKg);
            boolean dev = CustodyRules.weightDeviates(x.estimated, w, TOLERANCE);
            x.collected = w;
            event(x, new CustodyEvent.ContainerCollected(c.id, null, w, dev), when, c.drivers.get(driver), c.id,
                    new Ctx(c.driverDevices.get(driver), jitter(g.lat, .0002), jitter(g.lon, .0002)), uuid());
            x.custodian = c.id;
            when = when.plusSeconds(20 + rng.nextInt(40));
            if (x.direct) {
                List<Cont> today = c.direct.get(p.day);
                if (today == null) {
                    today = new ArrayList<>();
                    c.direct.put(p.day, today);
                    LocalDate day = p.day;
                    schedule(at(day, 17, 30, 0), () -> shipDirect(c, day));
                }
                today.add(x);
            } else {
                toStore.add(x);
            }
        }
        if (!toStore.isEmpty()) {
            Instant storeAt = rng.nextDouble() < 0.8 ? at(p.day, 17 + rng.nextInt(2), rng.nextInt(60), 0) : at(p.day.plusDays(1), 8, rng.nextInt(40), 0);
            schedule(storeAt, () -> store(g.point, toStore, false));
        }
    }

    private void store(Point point, List<Cont> containers, boolean again) {
        Instant when = queueTime();
        for (Cont x : containers) {
            BigDecimal w = reweigh(x.last, 0.004, 0.002);
            boolean dev = CustodyRules.weightDeviates(x.last, w, TOLERANCE);
            event(x, new CustodyEvent.ContainerStored(point.id, point.coll.id, w, dev), when, point.keeper, point.id,
                    new Ctx(point.device, point.lat, point.lon), uuid());
            x.storagePoint = point.id;
            x.custodian = point.coll.id;
            x.transfer = null;
            when = when.plusSeconds(15 + rng.nextInt(30));
            point.holding.add(x);
        }
    }

    // ---- shipping ------------------------------------------------------------------------------------------------

    private void ship(Point point, LocalDate day) {
        if (point.holding.isEmpty()) {
            return;
        }
        List<Cont> held = new ArrayList<>(point.holding);
        point.holding.clear();
        Instant when = queueTime();
        // lots: three or more containers of one code that are in no lot yet
        Map<String, List<Cont>> byCode = new TreeMap<>();
        for (Cont x : held) {
            byCode.computeIfAbsent(x.code, k -> new ArrayList<>()).add(x);
        }
        for (List<Cont> same : byCode.values()) {
            List<Cont> free = same.stream().filter(x -> x.lot == null).toList();
            if (free.size() >= 3) {
                long lot = ids.next("lot");
                if (counts.firstLotId < 0) {
                    counts.firstLotId = lot;
                }
                counts.lots++;
                t.lot.add(lot).add(point.id).add(free.get(0).code).add(point.keeper).add(when).add(0).end();
                UUID command = uuid();
                Instant at = when.plusMillis(30);
                for (Cont x : free) {
                    x.lot = lot;
                    event(x, new CustodyEvent.ContainerAddedToLot(lot), at, point.keeper, point.id, Ctx.NONE, command);
                    at = at.plusMillis(6);
                }
                when = when.plusSeconds(60 + rng.nextInt(120));
            }
        }
        // one receiver per code this time (a lot goes whole), a transfer per receiver and truck load
        Map<Recv, List<Cont>> byReceiver = new LinkedHashMap<>();
        for (List<Cont> same : byCode.values()) {
            Recv usual = receiverFor(point, same.get(0), day, null);
            for (Cont x : same) {
                Recv r = x.refusedBy != null ? receiverFor(point, x, day, x.refusedBy) : usual;
                byReceiver.computeIfAbsent(r, k -> new ArrayList<>()).add(x);
            }
        }
        Instant created = when.plusSeconds(600);
        Instant loadAt = at(day, 9, rng.nextInt(30), 0);
        if (loadAt.isBefore(created.plusSeconds(300))) {
            loadAt = created.plusSeconds(300);
        }
        for (Map.Entry<Recv, List<Cont>> e : byReceiver.entrySet()) {
            boolean hired = rng.nextDouble() < 0.3;
            Carrier carrier = hired ? carriers.get(rng.nextInt(carriers.size())) : null;
            int vehicleIndex = rng.nextInt(hired ? carrier.vehicles.size() : point.coll.vehicles.size());
            long[] vehicle = hired ? carrier.vehicles.get(vehicleIndex) : point.coll.vehicles.get(vehicleIndex);
            long driver = hired ? carrier.drivers.get(vehicleIndex) : point.coll.drivers.get(vehicleIndex);
            for (List<Cont> load : truckLoads(e.getValue(), vehicle[1])) {
                Recv recv = e.getKey();
                long transfer = transfer(point.coll, point.id, hired ? carrier.id : point.coll.id, recv, vehicle[0], driver, day, created, load);
                created = created.plusSeconds(40);
                for (Cont x : load) {
                    event(x, new CustodyEvent.ContainerLoaded(transfer, x.lot), loadAt, point.keeper, point.id, new Ctx(point.device, point.lat, point.lon),
                            uuid());
                    x.transfer = transfer;
                    x.storagePoint = null;
                    x.origin = point;
                    loadAt = loadAt.plusSeconds(10 + rng.nextInt(20));
                }
                Instant arrive = rng.nextDouble() < 0.7 ? at(day, 13 + rng.nextInt(3), rng.nextInt(60), 0) : at(day.plusDays(1), 9, rng.nextInt(60), 0);
                if (arrive.isBefore(loadAt)) {
                    arrive = loadAt.plusSeconds(1800);
                }
                schedule(arrive, () -> receive(recv, transfer, load, point.coll));
            }
        }
    }

    private void shipDirect(Coll c, LocalDate day) {
        List<Cont> collected = c.direct.remove(day);
        if (collected == null) {
            return;
        }
        if (collected.size() < 3) { // not worth a trip of its own: to the storage points with the rest, tomorrow morning
            Map<Point, List<Cont>> byPoint = new LinkedHashMap<>();
            collected.forEach(x -> byPoint.computeIfAbsent(x.gen.point, k -> new ArrayList<>()).add(x));
            byPoint.forEach((p, list) -> schedule(at(day.plusDays(1), 8, 40 + rng.nextInt(15), 0), () -> store(p, list, false)));
            return;
        }
        Point home = c.points.get(0);
        Map<Recv, List<Cont>> byReceiver = new LinkedHashMap<>();
        for (Cont x : collected) {
            byReceiver.computeIfAbsent(receiverFor(home, x, day, null), k -> new ArrayList<>()).add(x);
        }
        Instant created = queueTime();
        Instant loadAt = created.plusSeconds(600);
        for (Map.Entry<Recv, List<Cont>> e : byReceiver.entrySet()) {
            int v = rng.nextInt(c.vehicles.size());
            for (List<Cont> load : truckLoads(e.getValue(), c.vehicles.get(v)[1])) {
                Recv recv = e.getKey();
                long transfer = transfer(c, c.id, c.id, recv, c.vehicles.get(v)[0], c.drivers.get(v), day, created, load);
                created = created.plusSeconds(30);
                for (Cont x : load) {
                    event(x, new CustodyEvent.ContainerLoaded(transfer, null), loadAt, c.drivers.get(v), c.id,
                            new Ctx(c.driverDevices.get(v), c.lat, c.lon), uuid());
                    x.transfer = transfer;
                    x.storagePoint = null;
                    x.origin = home;
                    loadAt = loadAt.plusSeconds(15 + rng.nextInt(20));
                }
                schedule(at(day.plusDays(1), 9, rng.nextInt(90) / 2, 0), () -> receive(recv, transfer, load, c));
            }
        }
    }

    private static List<List<Cont>> truckLoads(List<Cont> all, long capacityKg) {
        List<List<Cont>> loads = new ArrayList<>();
        List<Cont> current = new ArrayList<>();
        double kg = 0;
        for (Cont x : all) {
            double w = x.last.doubleValue();
            if (!current.isEmpty() && kg + w > capacityKg * 0.95) {
                loads.add(current);
                current = new ArrayList<>();
                kg = 0;
            }
            current.add(x);
            kg += w;
        }
        if (!current.isEmpty()) {
            loads.add(current);
        }
        return loads;
    }

    /** The receiver a code goes to from a storage point: a kind by the code's routes, the point's usual plant of that kind. */
    private Recv receiverFor(Point point, Cont x, LocalDate day, Recv avoid) {
        List<Route> routes = Shapes.ROUTES.get(x.code);
        double[] w = routes.stream().mapToDouble(Route::share).toArray();
        int first = Shapes.pick(rng, w, java.util.Arrays.stream(w).sum());
        for (int k = 0; k < routes.size(); k++) {
            List<Recv> plants = receivers.get(routes.get((first + k) % routes.size()).kind());
            for (int j = 0; j < plants.size(); j++) {
                Recv r = plants.get((point.index + j) % plants.size());
                if (r == avoid && (plants.size() > 1 || routes.size() > 1)) {
                    continue;
                }
                Lic l = licenceOf(r, x, day);
                if (l != null && l.remaining(day.getYear()).compareTo(new BigDecimal(50)) > 0) {
                    return r;
                }
            }
        }
        throw new IllegalStateException("no receiver's licence takes " + x.code + " on " + day + " (capacities used up?)");
    }

    private static Lic licenceOf(Recv r, Cont x, LocalDate day) {
        for (Lic l : r.licences) {
            if (l.covers(x.code, x.category, day)) {
                return l;
            }
        }
        return null;
    }

    private long transfer(Coll shipper, long origin, long carrier, Recv recv, long vehicle, long driver, LocalDate day, Instant created, List<Cont> load) {
        long id = ids.next("transfer");
        if (counts.firstTransferId < 0) {
            counts.firstTransferId = id;
        }
        counts.transfers++;
        t.transfer.add(id).add(nextNumber(day.getYear())).add(shipper.id).add(origin).add(carrier).add(recv.id).add(vehicle).add(driver)
                .add(day).add(shipper.operator).add(created).add(0).end();
        for (Cont x : load) {
            t.transferItem.add(id).add(x.id).add(x.lot).end();
        }
        return id;
    }

    // ---- receipt, refusal, disposal ------------------------------------------------------------------------------

    private void receive(Recv recv, long transfer, List<Cont> load, Coll shipper) {
        Instant when = queueTime();
        LocalDate day = when.atZone(HistorySpec.ZONE).toLocalDate();
        List<Cont> refusedNow = new ArrayList<>();
        for (Cont x : load) {
            BigDecimal w = reweigh(x.last, 0.006, 0.003);
            boolean dev = CustodyRules.weightDeviates(x.last, w, TOLERANCE);
            double u = rng.nextDouble();
            String acceptance = u < FULL_REFUSALS ? "REFUSED" : u < FULL_REFUSALS + PARTIAL_REFUSALS ? "PARTIALLY_REFUSED" : "ACCEPTED";
            BigDecimal refused = switch (acceptance) {
                case "REFUSED" -> w;
                case "PARTIALLY_REFUSED" -> w.multiply(BigDecimal.valueOf(0.1 + 0.4 * rng.nextDouble())).setScale(2, RoundingMode.HALF_UP)
                        .min(w.subtract(new BigDecimal("1.00"))).max(new BigDecimal("0.01"));
                default -> BigDecimal.ZERO;
            };
            if (acceptance.equals("PARTIALLY_REFUSED") && refused.compareTo(w) >= 0) {
                acceptance = "ACCEPTED";
                refused = BigDecimal.ZERO;
            }
            String reason = Shapes.REFUSAL_REASONS.get(rng.nextInt(Shapes.REFUSAL_REASONS.size()));
            BigDecimal accepted = w.subtract(refused);
            String licence = null;
            if (accepted.signum() > 0) {
                Lic l = licenceOf(recv, x, day);
                if (l == null) {
                    throw new IllegalStateException("receiver " + recv.id + " has no licence for " + x.code + " on " + day);
                }
                BigDecimal tonnes = accepted.movePointLeft(3).setScale(3, RoundingMode.HALF_UP);
                l.intake.merge(day.getYear(), tonnes, BigDecimal::add);
                t.intake.add(ids.next("licence_intake")).add(l.id).add(day).add(x.code).add(tonnes).add(x.labelId).add(when.plusMillis(2)).end();
                counts.intake++;
                licence = l.number;
            }
            event(x, acceptance.equals("REFUSED") ? new CustodyEvent.ContainerRefused(transfer, x.lot, shipper.id, w, dev, reason)
                            : new CustodyEvent.ContainerReceived(transfer, x.lot, recv.id, w, dev, Acceptance.valueOf(acceptance), refused,
                            refused.signum() > 0 ? reason : null, licence),
                    when, recv.operator, recv.id, new Ctx(recv.device, recv.lat, recv.lon), uuid());
            x.acceptance = acceptance;
            x.received = accepted;
            x.refused = refused;
            x.custodian = acceptance.equals("REFUSED") ? shipper.id : recv.id;
            when = when.plusSeconds(30 + rng.nextInt(40));
            if (acceptance.equals("REFUSED")) {
                counts.refusals++;
                x.refusedBy = recv;
                refusedNow.add(x);
            } else {
                if (acceptance.equals("PARTIALLY_REFUSED")) {
                    counts.partialRefusals++;
                }
                LocalDate disposeOn = day.plusDays(2 + Math.min(40, (long) Shapes.logNormal(rng, 8, 0.6)));
                Batch b = disposals.computeIfAbsent(recv.id + "/" + disposeOn, k -> {
                    Batch nb = new Batch(recv, disposeOn);
                    schedule(at(disposeOn, 10, rng.nextInt(60), 0), () -> dispose(nb));
                    return nb;
                });
                b.containers.add(x);
            }
        }
        if (!refusedNow.isEmpty()) {
            Point back = refusedNow.get(0).origin;
            schedule(at(day.plusDays(1 + rng.nextInt(2)), 10, rng.nextInt(60), 0), () -> store(back, refusedNow, true));
        }
    }

    private void dispose(Batch b) {
        disposals.remove(b.recv.id + "/" + b.day);
        Instant when = queueTime();
        String certificate = "JY" + b.recv.index + "-" + b.day.toString().replace("-", "") + "-" + String.format("%03d", 1 + rng.nextInt(999));
        for (Cont x : b.containers) {
            String method = b.recv.kind.method(x.code);
            event(x, new CustodyEvent.ContainerDisposed(x.transfer, x.lot, method, certificate, b.day), when, b.recv.operator, b.recv.id,
                    Ctx.NONE, uuid());
            x.disposal = method;
            when = when.plusSeconds(5 + rng.nextInt(10));
            finish(x);
        }
    }

    // ---- the event log -------------------------------------------------------------------------------------------

    private Instant current = Instant.EPOCH;

    private Instant queueTime() {
        return current;
    }

    /** The row of the transition table an event comes from. */
    private static CommandKind kindOf(EventType type) {
        return switch (type) {
            case CONTAINER_COLLECTED -> CommandKind.COLLECT;
            case CONTAINER_STORED -> CommandKind.STORE;
            case CONTAINER_ADDED_TO_LOT -> CommandKind.ADD_TO_LOT;
            case CONTAINER_LOADED -> CommandKind.LOAD;
            case CONTAINER_RECEIVED -> CommandKind.RECEIVE;
            case CONTAINER_REFUSED -> CommandKind.REFUSE;
            case CONTAINER_DISPOSED -> CommandKind.DISPOSE;
            case CONTAINER_CANCELLED -> CommandKind.CANCEL;
            case PICKUP_CONFIRMED, PICKUP_DISPUTED -> CommandKind.CONFIRM_PICKUP;
            case TRANSFER_DEPARTED -> CommandKind.DEPART;
            case TRANSFER_ARRIVED -> CommandKind.ARRIVE;
            case DISCREPANCY_ACKNOWLEDGED -> CommandKind.ACKNOWLEDGE_DISCREPANCY;
            case FACT_CORRECTED -> CommandKind.CORRECT;
            case LABEL_ISSUED -> null;
        };
    }

    /**
     * Appends one typed custody event as the service would (EventLog.row: hash version 2, chained to the container's
     * previous event), and applies it to the container as CustodyRules.evolve does.
     */
    private void event(Cont c, CustodyEvent e, Instant when, long user, long party, Ctx ctx, UUID commandId) {
        CommandKind kind = kindOf(e.type());
        ContainerState from = kind == null ? null : ContainerState.valueOf(c.state);
        if (kind == null ? c.seq != 0 : !CustodyRules.allows(from, kind)) {
            throw new IllegalStateException("history bug: " + e.type() + " on " + c.labelId + " in state " + c.state);
        }
        Instant serverTime = when.truncatedTo(ChronoUnit.MICROS);
        if (c.lastEventAt != null && !serverTime.isAfter(c.lastEventAt)) {
            serverTime = c.lastEventAt.plusMillis(1); // a container's events never share or reverse a time
        }
        Instant clientTime = ctx.device() == null ? null : serverTime.minusMillis(800 + rng.nextInt(15_000)).truncatedTo(ChronoUnit.MILLIS);
        int seq = ++c.seq;
        StoredEvent row = EventLog.row(new EventLog.NewEvent(c.id, seq, c.prevHash, from, commandId, c.manifestId, c.gen.id, user, party,
                new Context(ctx.device(), clientTime, ctx.lat(), ctx.lon(), List.of(), null, List.of()), e), serverTime);
        t.event.add(ids.next("custody_event")).add(2).add(c.id).add(seq).add(row.type()).add(row.fromState()).add(row.toState()).add(commandId)
                .add(c.manifestId).add(row.lotId()).add(row.transferId()).add(c.gen.id).add(row.storagePointId()).add(user).add(party)
                .add(ctx.device()).add(row.clientTime()).add(row.serverTime()).add(ctx.lat()).add(ctx.lon()).add(row.weightKg())
                .add(row.weightDeviation()).add(List.of()).add(null).add(null).add(Tables.json(row.facts())).add(c.prevHash).add(row.hash())
                .add(List.of()).end();
        counts.events++;
        c.prevHash = row.hash();
        c.state = e.to().name();
        if (e.weightKg() != null) {
            c.last = e.weightKg();
        }
        if (e instanceof CustodyEvent.ContainerStored stored) {
            c.lastStoragePoint = stored.storagePointId();
        }
        if (e.weightDeviation() && !c.flag) {
            counts.weightFlags++;
        }
        c.flag = c.flag || e.weightDeviation();
        if (kind != null) {
            c.version++;
        }
        c.lastEventAt = serverTime.plusNanos(700_000 + rng.nextInt(400) * 1000L);
        c.updatedAt = c.lastEventAt.plusNanos(200_000);
    }

    private void finish(Cont c) {
        live.remove(c.id);
        writeContainer(c);
    }

    private void writeContainer(Cont c) {
        t.container.add(c.id).add(c.labelId).add(c.manifestId).add(c.lineId).add(c.gen.id).add(c.code).add(c.type).add(c.litres)
                .add(c.estimated).add(c.generationDate).add(c.state).add(signer.kid()).add(c.token).add(c.createdAt).add(c.updatedAt)
                .add(c.version).add(c.custodian).add(c.storagePoint).add(c.lastStoragePoint).add(c.lot).add(c.transfer).add(c.last).add(c.collected)
                .add(c.received).add(c.refused).add(c.acceptance).add(c.disposal).add(c.flag).add(c.lastEventAt).end();
        counts.byState.merge(c.state, 1L, Long::sum);
    }

    private BigDecimal kg(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    /** A new weighing of something that weighed {@code before}: a little scale noise, now and then a real difference. */
    private BigDecimal reweigh(BigDecimal before, double noise, double deviationRate) {
        double b = before.doubleValue();
        double w = rng.nextDouble() < deviationRate ? b * (1 + (rng.nextBoolean() ? 1 : -1) * (0.06 + 0.09 * rng.nextDouble()))
                : b * (1 + noise * Shapes.gaussian(rng));
        return kg(Math.max(1.0, w));
    }

    /** Runs queued actions with the clock set to their time. */
    private void runAction(Action a) {
        current = Instant.EPOCH.plus(a.micros(), ChronoUnit.MICROS);
        a.run().run();
    }

    List<Long> generatorIds() {
        return generatorIds;
    }

    Map<String, Integer> serialsUsed() {
        return serialsUsed;
    }
}
