package cn.hazchain.bench;

import cn.hazchain.support.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Figures (c) and (e): read latency over HTTP as a regulator, one request at a time from one client (what one
 * person waits for; the service is otherwise idle), on random samples of the history, after a warm-up on other
 * samples (each kind warms up, then each kind is measured, up to a number of requests or a time budget). Each request's whole exchange is timed (the answer read in full) and its answer checked: 200, and not
 * empty where the sample guarantees content (a collected container has a trail).
 */
final class ReadLoad {

    /** One kind of request: how to make the i-th one, and what its answer must hold. */
    record Kind(String name, Function<Integer, String> path, Function<JsonNode, String> check) {
    }

    private final HttpJson api;
    private final String regulator;
    private final int warmup;
    private final int measured;
    private final double budgetSeconds;

    /**
     * @param budgetSeconds a kind stops measuring after this long even if fewer than {@code measured} requests were
     *                      made (at least 20 are made; a slow kind's p99 is then the worst of few)
     */
    ReadLoad(HttpJson api, int warmup, int measured, double budgetSeconds) throws Exception {
        this.api = api;
        this.regulator = api.demoToken("regulator");
        this.warmup = warmup;
        this.measured = measured;
        this.budgetSeconds = budgetSeconds;
    }

    /** What every signed-in request costs before it does anything: the caller's own account. Not a figure with a target. */
    static final String BASELINE = "baseline: GET /api/auth/me";

    /** (c): container trail, container lineage, transfer lineage, generator trail (first page), after the baseline. */
    static List<Kind> trails(HistorySamples s) {
        return List.of(
                new Kind(BASELINE, i -> "/api/auth/me", a -> a.has("username") ? null : "not the caller's account"),
                new Kind("container trail", i -> "/api/containers/" + s.labels.get(i % s.labels.size()) + "/trail",
                        a -> a.isArray() && a.size() > 0 ? null : "a collected container has no trail"),
                new Kind("container lineage", i -> "/api/containers/" + s.labels.get(i % s.labels.size()) + "/lineage",
                        a -> a.isObject() ? null : "not an object"),
                new Kind("transfer lineage", i -> "/api/transfers/" + s.transfers.get(i % s.transfers.size()) + "/lineage",
                        a -> a.isObject() ? null : "not an object"),
                new Kind("generator trail page 1", i -> "/api/generators/" + s.generators.get(i % s.generators.size()) + "/trail?size=20",
                        a -> a.path("items").size() > 0 ? null : "a generator with pickups has an empty trail"));
    }

    /**
     * (e): the regulator's searches with realistic filters — a town, a waste code, a state, a date range (a month or
     * a year of pickups), a sort — first pages and a deep page (page 50 of 20: rows 1,001–1,020).
     */
    static List<Kind> searches(HistorySamples s, long seed) {
        Random r = new Random(seed);
        long days = Math.max(1, s.lastPickup.toEpochDay() - s.firstPickup.toEpochDay());
        Function<Integer, LocalDate> day = i -> s.firstPickup.plusDays(Math.floorMod(r.nextLong(), days));
        Function<Integer, String> town = i -> enc(s.towns.get(Math.floorMod(r.nextInt(), s.towns.size())));
        Function<Integer, String> code = i -> s.wasteCodes.get(Math.floorMod(r.nextInt(), s.wasteCodes.size()));
        Function<JsonNode, String> page = a -> a.has("items") && a.has("total") ? null : "not a page";
        return List.of(
                new Kind("containers: town + month, newest first", i -> {
                    LocalDate d = day.apply(i);
                    return "/api/search/containers?town=" + town.apply(i) + "&from=" + d + "&to=" + d.plusDays(30) + "&sort=-issuedAt";
                }, page),
                new Kind("containers: code + state, last event first", i -> "/api/search/containers?wasteCode=" + code.apply(i)
                        + "&state=IN_STORAGE,RECEIVED&sort=-lastEventAt", page),
                new Kind("containers: town + year, by generator, deep page", i -> {
                    LocalDate d = day.apply(i);
                    return "/api/search/containers?town=" + town.apply(i) + "&from=" + d.minusDays(365) + "&to=" + d
                            + "&sort=generatorName,-issuedAt&page=50&size=20";
                }, page),
                new Kind("manifests: town + month, by pickup date", i -> {
                    LocalDate d = day.apply(i);
                    return "/api/search/manifests?town=" + town.apply(i) + "&from=" + d + "&to=" + d.plusDays(30) + "&sort=-pickupDate";
                }, page),
                new Kind("manifests: code + state + year, deep page", i -> {
                    LocalDate d = day.apply(i);
                    return "/api/search/manifests?wasteCode=" + code.apply(i) + "&state=CLOSED&from=" + d.minusDays(365) + "&to=" + d
                            + "&page=50&size=20";
                }, page),
                new Kind("transfers: month, by planned date", i -> {
                    LocalDate d = day.apply(i);
                    return "/api/search/transfers?from=" + d + "&to=" + d.plusDays(30) + "&sort=-plannedDate";
                }, page),
                new Kind("transfers: town + state, deep page", i -> "/api/search/transfers?town=" + town.apply(i)
                        + "&state=CLOSED&page=50&size=20", page));
    }

    /** Latencies per kind, in the order given, and all together. */
    Map<String, Latencies> run(List<Kind> kinds, Map<String, Integer> emptyPages) throws Exception {
        Map<String, Latencies> out = new LinkedHashMap<>();
        for (Kind k : kinds) {
            long deadline = System.nanoTime() + (long) (budgetSeconds / 4 * 1e9);
            for (int i = 0; i < warmup && (i < 5 || System.nanoTime() < deadline); i++) {
                get(k, measured + i, null, new java.util.HashMap<>());
            }
        }
        for (Kind k : kinds) {
            Latencies l = new Latencies();
            long deadline = System.nanoTime() + (long) (budgetSeconds * 1e9);
            for (int i = 0; i < measured && (i < 20 || System.nanoTime() < deadline); i++) {
                get(k, i, l, emptyPages);
            }
            out.put(k.name(), l);
        }
        return out;
    }

    private void get(Kind k, int i, Latencies into, Map<String, Integer> emptyPages) throws Exception {
        String path = k.path().apply(i);
        long t0 = System.nanoTime();
        HttpResponse<String> res = api.send(regulator, "GET", path, null, Duration.ofMinutes(2));
        long nanos = System.nanoTime() - t0;
        JsonNode answer = HttpJson.expect(res, 200, "GET " + path);
        String wrong = k.check().apply(answer);
        if (wrong != null) {
            throw new IllegalStateException("GET " + path + ": " + wrong + ": " + HttpJson.clip(res.body()));
        }
        if (answer.has("items") && answer.path("items").size() == 0) {
            emptyPages.merge(k.name(), 1, Integer::sum);
        }
        if (into != null) {
            into.add(nanos);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
