package cn.hazchain.bench;

import cn.hazchain.catalogue.CoLoading;
import cn.hazchain.planning.GreatCircleMatrix;
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
 * solver and by a greedy nearest-neighbour heuristic under the same rules; prints total distance as a ratio, the
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
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv[0].equals("seconds")) {
                seconds = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("seed")) {
                seed = Long.parseLong(kv[1]);
            }
        }
        Day day = generate(seed);
        System.out.printf("day: %d generators, %d requests (%d kg, %d L), %d vehicles (%d kg, %d L), storage room %d kg%n", day.generators,
                day.stops.size(), day.stops.stream().mapToLong(Stop::kg).sum(), day.stops.stream().mapToLong(Stop::litres).sum(), day.vehicles().size(),
                day.vehicles().stream().mapToLong(v -> v.capacityKg).sum(), day.vehicles().stream().mapToLong(v -> v.capacityLitres).sum(), day.room);

        long t0 = System.nanoTime();
        RoundPlan nn = nearestNeighbour(day.problem());
        long nnMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> nnBroken = PlanCheck.broken(nn);
        System.out.printf("nearest neighbour: %d of %d planned, %.1f km, %d ms, rules broken: %d%n", nn.planned(), day.stops.size(),
                nn.metres() / 1000.0, nnMs, nnBroken.size());

        RoundPlanner.Solved solved = new TimefoldRoundPlanner().plan(day.problem(), Duration.ofSeconds(seconds));
        RoundPlan plan = solved.plan();
        List<String> broken = PlanCheck.broken(plan);
        System.out.printf("solver (Timefold, %d s limit): %d of %d planned, %.1f km, score %s, first complete plan breaking no rule after %d ms,"
                        + " final after %d ms, rules broken: %d%n", seconds, plan.planned(), day.stops.size(), plan.metres() / 1000.0, plan.score,
                solved.firstFeasibleMillis(), solved.finalMillis(), broken.size());
        broken.stream().limit(10).forEach(b -> System.out.println("  broken: " + b));
        System.out.printf("distance solver / nearest neighbour: %.3f%s%n", plan.metres() / (double) nn.metres(),
                plan.planned() == nn.planned() ? "" : " (plans of different size: " + plan.planned() + " vs " + nn.planned() + " stops)");
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
                v.add(new VehicleRoute(i + 1, "苏B·PLAN" + (i + 1), 100 + i, big ? 8000 : 5000, big ? 9000 : 6000, 7 * H + 1800, 17 * H + 1800, 0, 0,
                        matrix));
            }
            return v;
        }

        RoundPlan problem() {
            return new RoundPlan(vehicles(), stops, new RoundPlan.Facts(rules(), room, stops.size()));
        }
    }

    static Day generate(long seed) {
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
            int containers = 1 + r.nextInt(3);
            long litres = (long) containers * (liquid ? 200 : 60);
            long kg = Math.round(containers * (liquid ? 60 + r.nextInt(120) : 15 + r.nextInt(45)));
            int w = r.nextInt(100);
            int open = w < 70 ? 8 * H + 1800 : w < 85 ? 8 * H : 13 * H;
            int close = w < 70 ? 17 * H : w < 85 ? 12 * H : 17 * H;
            stops.add(new Stop(stops.size(), places.size() - 1, 10_000 + g, List.of((long) stops.size()), kg, litres, Set.of(code), open, close,
                    8 * 60, null));
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

    /**
     * The greedy baseline: each vehicle in turn leaves the depot and goes on to the nearest stop it may still take
     * (kg, litres, reached before it closes, back before the shift ends, co-loading, the storage point's room), until
     * none is left for it.
     */
    static RoundPlan nearestNeighbour(RoundPlan p) {
        Set<Stop> left = new HashSet<>(p.stops);
        long room = p.facts.storageRoomKg();
        for (VehicleRoute v : p.vehicles) {
            while (true) {
                Stop best = null;
                long bestMetres = Long.MAX_VALUE;
                int at = v.stops.isEmpty() ? v.startPlace : v.stops.get(v.stops.size() - 1).place();
                for (Stop s : left) {
                    long m = v.matrix.metres(at, s.place());
                    if (m < bestMetres && fits(v, s, p.facts, room)) {
                        best = s;
                        bestMetres = m;
                    }
                }
                if (best == null) {
                    break;
                }
                v.stops.add(best);
                left.remove(best);
                room -= best.kg();
            }
        }
        return p;
    }

    static boolean fits(VehicleRoute v, Stop s, RoundPlan.Facts facts, long room) {
        if (s.kg() > room || v.kg() + s.kg() > v.capacityKg || v.litres() + s.litres() > v.capacityLitres) {
            return false;
        }
        for (Stop on : v.stops) {
            for (String c : s.codes()) {
                if (facts.coLoading().conflictWith(c, on.codes()).isPresent()) {
                    return false;
                }
            }
        }
        v.stops.add(s);
        VehicleRoute.Drive d = v.drive();
        v.stops.remove(v.stops.size() - 1);
        return d.lateSeconds() == 0 && d.overtimeSeconds() == 0;
    }
}
