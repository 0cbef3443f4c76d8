/*
 * Diagnosis for the scale benchmark: starts the packaged service on an existing data directory and prints the plan
 * (EXPLAIN ANALYZE, BUFFERS) of each SQL statement given, one per line in a file. A line "@name=SELECT ..." runs the
 * query and keeps its first value as ${name} for the lines after it; a line "search:/api/search/<kind>?<query>" explains
 * the count and the page query that search builds (as a regulator, with the default alert thresholds). The first
 * argument is a data directory (the packaged service is started on it) or the JDBC URL of a database already running:
 *
 *   ./mvnw -B -q test-compile exec:java -Dexec.mainClass=cn.hazchain.bench.Explain -Dexec.classpathScope=test \
 *       -Dexec.args="/work/bench-data/city target/explain.sql"
 */
package cn.hazchain.bench;

import cn.hazchain.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** Prints query plans on a generated history, through the service's own embedded database. */
public final class Explain {

    private Explain() {
    }

    private static void explain(Connection c, String sql, List<Object> values) {
        System.out.println("==== " + sql + (values.isEmpty() ? "" : "  -- " + values));
        try (var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i) instanceof java.time.Instant t ? java.sql.Timestamp.from(t) : values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println(rs.getString(1));
                }
            }
        } catch (Exception e) {
            System.out.println("failed: " + e.getMessage());
        }
    }

    /** The count and the page statement a regulator's search builds for a route and query string. */
    private static List<cn.hazchain.search.NamedSql.Jdbc> search(String url) {
        String kindName = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        cn.hazchain.search.SearchKind kind = cn.hazchain.search.SearchKind.valueOf(kindName.toUpperCase());
        java.util.Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            query.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>())
                    .add(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        var criteria = cn.hazchain.search.SearchParams.parse(kind, query);
        var paging = cn.hazchain.common.Paging.of(one(query, "page"), one(query, "size"));
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        var cutoffs = cn.hazchain.search.Cutoffs.at(java.time.Instant.now(), zone, 365, 180, 5,
                new cn.hazchain.common.WorkingDays(java.util.Set.of(), java.util.Set.of()));
        var q = cn.hazchain.search.SearchQuery.build(kind, criteria, "true", java.util.Map.of(), cutoffs, zone);
        // what SearchService runs: the page's ids with the total when the core tables suffice (the rows of 20 ids
        // after it cost little), else the count and the page
        return q.pageIds(paging.offset(), paging.size()).map(List::of).orElseGet(() -> List.of(q.count(), q.page(paging.offset(), paging.size())));
    }

    private static String one(java.util.Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null ? null : v.get(0);
    }

    public static void main(String[] args) throws Exception {
        List<String> statements = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank() && !l.startsWith("--")).toList();
        if (args[0].startsWith("jdbc:")) { // a database already running (e.g. a history's PostgreSQL started by hand)
            explainAll(args[0], statements);
            return;
        }
        try (PackagedService service = PackagedService.existing(Path.of(args[0]), Path.of("target", "explain-service.log"),
                List.of("-Dhazchain.alerts.evaluate-every=off"))) {
            service.start(Duration.ofMinutes(10));
            explainAll(service.jdbcUrl(), statements);
        }
    }

    private static void explainAll(String jdbcUrl, List<String> statements) throws Exception {
        {
            try (Connection c = RawInserts.connect(jdbcUrl); Statement s = c.createStatement()) {
                java.util.Map<String, String> vars = new java.util.HashMap<>();
                for (String line : statements) {
                    String sql = line;
                    for (var v : vars.entrySet()) {
                        sql = sql.replace("${" + v.getKey() + "}", v.getValue());
                    }
                    if (sql.startsWith("@")) {
                        int eq = sql.indexOf('=');
                        try (ResultSet rs = s.executeQuery(sql.substring(eq + 1))) {
                            rs.next();
                            vars.put(sql.substring(1, eq), rs.getString(1).strip());
                            System.out.println("==== " + sql.substring(1, eq) + " = " + vars.get(sql.substring(1, eq)));
                        }
                        continue;
                    }
                    if (sql.startsWith("search:")) {
                        for (var q : search(sql.substring("search:".length()))) {
                            explain(c, q.sql(), q.values());
                        }
                        continue;
                    }
                    explain(c, sql, List.of());
                }
            }
        }
    }
}
