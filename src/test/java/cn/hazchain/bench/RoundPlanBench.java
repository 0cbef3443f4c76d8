package cn.hazchain.bench;

import cn.hazchain.catalogue.CoLoading;
import cn.hazchain.planning.GreatCircleMatrix;
import cn.hazchain.planning.NearestNeighbour;
import cn.hazchain.planning.PlanCheck;
import cn.hazchain.planning.RoundPlan;
import cn.hazchain.planning.RoundPlanner;
import cn.hazchain.planning.Stop;
import cn.hazchain.planning.TimefoldRoundPlanner;
import cn.hazchain.planning.TravelMatrix;
import cn.hazchain.planning.VehicleRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The round planning benchmark of issue #17 (docs/performance.md "Round planning"), not part of the test command:
 * a generated day in Jiangyin — 1,000 generators, 300 pickup requests at 300 of them, 8 vehicles — planned by the
 * solver (which starts from the greedy plan) and by the greedy nearest-neighbour heuristic alone, under the same rules; prints total distance as a ratio, the
 * time to the first complete plan breaking no rule and to the final one, and what PlanCheck finds broken in each.
 *
 * <pre>./mvnw -q -B test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.RoundPlanBench -Dexec.classpathScope=test [-Dexec.args="seconds=60 seed=2026"]</pre>
 */
public final class RoundPlanBench {

    static final int H = 3600;

    /** Waste codes of the day, with their weights: mostly car repair and painting, a few acids, alkalis and lead batteries. */
    static final String[] CODES = {"900-214-08", "900-041-49", "900-252-12", "900-039-49", "900-047-49", "900-052-31", "900-300-34", "900-352-35"};
    static final int[] CODE_WEIGHTS = {35, 25, 15, 10, 5, 5, 3, 2};

    public static void main(String[] args) {
        int seconds = 60;
        long seed = 2026;
        boolean verbose = false;
        boolean warm = true;
        int service = 5;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv[0].equals("seconds")) {
                seconds = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("service")) {
                service = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("warm")) {
                warm = Boolean.parseBoolean(kv[1]);
            } else if (kv[0].equals("verbose")) {
                verbose = Boolean.parseBoolean(kv[1]);
            } else if (kv[0].equals("seed")) {
                seed = Long.parseLong(kv[1]);
            }
        }
        Day day = generate(seed, service);
        System.out.printf("day (seed %d, %d min a pickup): %d generators, %d requests (%d kg, %d L), %d vehicles (%d kg, %d L), storage room %d kg%n", seed, service, day.generators,
                day.stops.size(), day.stops.stream().mapToLong(Stop::kg).sum(), day.stops.stream().mapToLong(Stop::litres).sum(), day.vehicles().size(),
                day.vehicles().stream().mapToLong(v -> v.capacityKg).sum(), day.vehicles().stream().mapToLong(v -> v.capacityLitres).sum(), day.room);

        long t0 = System.nanoTime();
        RoundPlan nn = NearestNeighbour.plan(day.problem());
        long nnMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> nnBroken = PlanCheck.broken(nn);
        System.out.printf("nearest neighbour: %d of %d planned, %.1f km, %d ms, rules broken: %d%n", nn.planned(), day.stops.size(),
                nn.metres() / 1000.0, nnMs, nnBroken.size());

        // the same requests: those the greedy plan placed, planned by the solver
        List<Stop> same = new ArrayList<>();
        nn.vehicles.forEach(v -> v.stops.forEach(x -> same.add(new Stop(same.size(), x.place(), x.generatorPartyId(), x.requestIds(), x.kg(),
                x.litres(), x.codes(), x.windowStart(), x.windowEnd(), x.serviceSeconds(), null))));
        Day sameDay = new Day(day.generators, day.places, day.matrix, same, day.room);
        RoundPlanner.Solved onSame = new TimefoldRoundPlanner(x -> { }, warm).plan(sameDay.problem(), Duration.ofSeconds(seconds));
        System.out.printf("same %d requests: solver %.1f km vs nearest neighbour %.1f km, ratio %.3f, rules broken: %d, final after %d ms%n",
                same.size(), onSame.plan().metres() / 1000.0, nn.metres() / 1000.0, onSame.plan().metres() / (double) nn.metres(),
                PlanCheck.broken(onSame.plan()).size(), onSame.finalMillis());

        RoundPlanner.Solved solved = new TimefoldRoundPlanner(verbose ? System.out::println : x -> { }, warm).plan(day.problem(), Duration.ofSeconds(seconds));
        RoundPlan plan = solved.plan();
        List<String> broken = PlanCheck.broken(plan);
        System.out.printf("solver (Timefold, %d s limit): %d of %d planned, %.1f km, score %s, first complete plan breaking no rule after %d ms,"
                        + " final after %d ms, rules broken: %d%n", seconds, plan.planned(), day.stops.size(), plan.metres() / 1000.0, plan.score,
                solved.firstFeasibleMillis(), solved.finalMillis(), broken.size());
        broken.stream().limit(10).forEach(b -> System.out.println("  broken: " + b));
        System.out.printf("whole day: solver %d stops %.1f km, nearest neighbour %d stops %.1f km%n", plan.planned(), plan.metres() / 1000.0,
                nn.planned(), nn.metres() / 1000.0);
        for (VehicleRoute v : plan.vehicles) {
            VehicleRoute.Drive d = v.drive();
            System.out.printf("  %s: %d stops, %d/%d kg, %d/%d L, %.1f km, back %s (shift ends %s)%n", v.plate, v.stops.size(), d.kg(), v.capacityKg,
                    d.litres(), v.capacityLitres, d.metres() / 1000.0, PlanCheck.clock(d.end()), PlanCheck.clock(v.shiftEnd));
        }
    }

    record Day(int generators, List<GreatCircleMatrix.Point> places, TravelMatrix matrix, List<Stop> stops, long room) {
        List<VehicleRoute> vehicles() {
            List<VehicleRoute> v = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean big = i % 2 == 1;
                v.add(new VehicleRoute(i + 1, "苏B·PLAN" + (i + 1), 100 + i, big ? 8000 : 5000, big ? 9000 : 6000, 7 * H + 1800, 18 * H + 1800, 0, 0,
                        matrix));
            }
            return v;
        }

        RoundPlan problem() {
            return new RoundPlan(vehicles(), stops, RoundPlan.Facts.of(rules(), room, stops));
        }
    }

    static Day generate(long seed, int serviceMinutes) {
        Random r = new Random(seed);
        List<GreatCircleMatrix.Point> generators = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            generators.add(new GreatCircleMatrix.Point(31.72 + r.nextDouble() * 0.26, 120.05 + r.nextDouble() * 0.48));
        }
        List<GreatCircleMatrix.Point> places = new ArrayList<>();
        places.add(new GreatCircleMatrix.Point(31.941, 120.172)); // the collector's storage point (临港)
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < 300) {
            chosen.add(r.nextInt(generators.size()));
        }
        List<Stop> stops = new ArrayList<>();
        for (int g : chosen.stream().sorted().toList()) {
            places.add(generators.get(g));
            String code = pick(r);
            boolean liquid = !code.equals("900-041-49") && !code.equals("900-039-49") && !code.equals("900-052-31");
            // a small generator's pickup: one 200 L drum or a few 25 L cans of liquid, or a few 60 L bags of solids
            boolean drum = liquid && r.nextBoolean();
            int containers = drum ? 1 : 1 + r.nextInt(3);
            int each = drum ? 200 : liquid ? 25 : 60;
            long litres = (long) containers * each;
            long kg = Math.round(containers * each * (0.5 + r.nextDouble() * 0.4));
            int w = r.nextInt(100);
            int open = w < 70 ? 8 * H + 1800 : w < 85 ? 8 * H : 13 * H;
            int close = w < 70 ? 17 * H : w < 85 ? 12 * H : 17 * H;
            stops.add(new Stop(stops.size(), places.size() - 1, 10_000 + g, List.of((long) stops.size()), kg, litres, Set.of(code), open, close,
                    serviceMinutes * 60, null));
        }
        return new Day(generators.size(), places, new GreatCircleMatrix(places, 1.3, 35), stops, 60_000);
    }

    static String pick(Random r) {
        int x = r.nextInt(100);
        for (int i = 0; i < CODES.length; i++) {
            x -= CODE_WEIGHTS[i];
            if (x < 0) {
                return CODES[i];
            }
        }
        return CODES[0];
    }

    /** V45's rules, as the database holds them. */
    static CoLoading rules() {
        return new CoLoading(Map.of("ACID", new CoLoading.Group("ACID", "酸性废物", "acid wastes", "8"),
                "ALKALI", new CoLoading.Group("ALKALI", "碱性废物", "alkaline wastes", "8"),
                "CYANIDE", new CoLoading.Group("CYANIDE", "含氰废物", "cyanide wastes", "6.1")),
                List.of(new CoLoading.Member("ACID", "HW34"), new CoLoading.Member("ACID", "900-052-31"), new CoLoading.Member("ALKALI", "HW35"),
                        new CoLoading.Member("CYANIDE", "HW33")),
                List.of(new CoLoading.Rule("ACID", "ALKALI", "", "", "GB18597-2001-A"), new CoLoading.Rule("ACID", "CYANIDE", "", "", "GB18597-2001-A")));
    }
}
