package cn.hazchain.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.common.ProblemException;
import cn.hazchain.common.WorkingDays;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of search: parameters, sort whitelist, SQL building and binding, overdue cutoffs, CSV. */
class SearchRulesTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static Map<String, List<String>> q(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    static String badRequest(Runnable r) {
        ProblemException e = assertThrows(ProblemException.class, r::run);
        assertEquals(400, e.problem().status);
        return e.problem().detail;
    }

    // ---- parameters ------------------------------------------------------------------------------------------

    @Test
    void parsesEveryFilter() {
        Criteria c = SearchParams.parse(SearchKind.CONTAINERS, q("generatorPartyId", "12", "town", " 澄江街道 ", "partyId", "7",
                "wasteCode", "90024908", "category", "hw08", "state", "issued,IN_STORAGE", "state", "in_transit", "from", "2026-01-01",
                "to", "2026-12-31", "flag", "overdue", "flag", "REFUSED,weight_deviation", "manifest", "20263202000001",
                "transfer", "20263202000002", "sort", "state,-lastWeightKg", "page", "2", "size", "5"));
        assertEquals(12L, c.generatorPartyId());
        assertEquals("澄江街道", c.town());
        assertEquals(7L, c.partyId());
        assertEquals("900-249-08", c.wasteCode());
        assertEquals("HW08", c.category());
        assertEquals(List.of("ISSUED", "IN_STORAGE", "IN_TRANSIT"), c.states());
        assertEquals(LocalDate.of(2026, 1, 1), c.from());
        assertEquals(Set.of(Flag.OVERDUE, Flag.REFUSED, Flag.WEIGHT_DEVIATION), c.flags());
        assertEquals("20263202000001", c.manifestNumber());
        assertEquals(List.of(new Sort.Key("state", false), new Sort.Key("lastWeightKg", true)), c.sort().keys());
    }

    @Test
    void badParametersAreNamed() {
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("generatorPartyId", "abc"))).startsWith("generatorPartyId"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("partyId", "-1"))).startsWith("partyId"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("wasteCode", "900-249"))).startsWith("wasteCode"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("category", "HW8"))).startsWith("category"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("state", "LOST"))).startsWith("state"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.MANIFESTS, q("state", "IN_STORAGE"))).contains("OPEN, IN_PROGRESS"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("from", "2026-13-01"))).startsWith("from"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("from", "2026-02-01", "to", "2026-01-01"))).contains("after"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("flag", "LATE"))).startsWith("flag"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("manifest", "12ab"))).startsWith("manifest"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("town", "x".repeat(41)))).startsWith("town"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("town", "a", "town", "b"))).startsWith("town"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("generator", "1"))).contains("unknown parameter 'generator'"));
        assertTrue(badRequest(() -> SearchParams.parse(SearchKind.CONTAINERS, q("town", "澄江\u0000街道"))).startsWith("town"));
    }

    // ---- sort ------------------------------------------------------------------------------------------------

    @Test
    void sortTakesOnlyWhitelistedFieldsAndNamesTheAllowedOnes() {
        Set<String> allowed = SearchKind.CONTAINERS.spec().sortFields().keySet();
        String detail = badRequest(() -> Sort.parse("label_id; DROP TABLE container", allowed, "-issuedAt"));
        assertTrue(detail.contains("allowed: labelId, state, wasteCode"), detail);
        assertTrue(badRequest(() -> Sort.parse("state,,labelId", allowed, "-issuedAt")).contains("empty"));
        assertTrue(badRequest(() -> Sort.parse("state,-state", allowed, "-issuedAt")).contains("twice"));
        assertTrue(badRequest(() -> Sort.parse("generatorPartyId", allowed, "-issuedAt")).contains("not sortable"));
        Sort sort = Sort.parse(" -generatorName , issuedAt", allowed, "-issuedAt");
        assertEquals(" ORDER BY g.name DESC NULLS LAST, c.created_at ASC NULLS LAST, c.id ASC",
                sort.orderBy(SearchKind.CONTAINERS.spec().sortFields(), "c.id"));
        assertEquals(List.of(new Sort.Key("issuedAt", true)), Sort.parse(null, allowed, "-issuedAt").keys());
    }

    @Test
    void everyKindsDefaultSortIsOnItsWhitelist() {
        for (SearchKind kind : SearchKind.values()) {
            Sort.parse(null, kind.spec().sortFields().keySet(), kind.spec().defaultSort());
        }
    }

    // ---- SQL -------------------------------------------------------------------------------------------------

    @Test
    void filterValuesAreBoundNeverWrittenIntoTheSql() {
        String evil = "x' OR '1'='1'; DROP TABLE container; --";
        Criteria c = SearchParams.parse(SearchKind.TRANSFERS, q("town", evil, "partyId", "5", "flag", "OVERDUE", "state", "OPEN"));
        Cutoffs cut = Cutoffs.at(Instant.parse("2026-11-29T02:00:00Z"), ZONE, 365, 180, 5, new WorkingDays(Set.of(), Set.of()));
        for (SearchKind kind : SearchKind.values()) {
            Criteria k = kind == SearchKind.TRANSFERS ? c : SearchParams.parse(kind, q("town", evil, "partyId", "5"));
            SearchQuery query = SearchQuery.build(kind, k, "true", Map.of(), cut, ZONE);
            for (NamedSql.Jdbc sql : List.of(query.count(), query.select(), query.page(20, 10))) {
                assertFalse(sql.sql().contains("DROP"), sql.sql());
                assertFalse(sql.sql().contains(":"), "every named parameter is replaced: " + sql.sql());
                assertEquals(sql.sql().chars().filter(ch -> ch == '?').count(), sql.values().size());
                assertTrue(sql.values().contains(evil));
            }
        }
    }

    @Test
    void countsAndPagesUseTheCoreTablesUnlessAFilterOrTheSortNeedsTheDetails() {
        Cutoffs cut = Cutoffs.at(Instant.parse("2026-11-29T02:00:00Z"), ZONE, 365, 180, 5, new WorkingDays(Set.of(), Set.of()));
        // containers of a town in a year, by generator: the count joins no manifest, line or transfer; the page picks
        // its 20 ids from container and generator alone, then joins the rest for those ids
        SearchQuery town = SearchQuery.build(SearchKind.CONTAINERS, SearchParams.parse(SearchKind.CONTAINERS,
                q("town", "澄江街道", "from", "2025-01-01", "to", "2025-12-31", "sort", "generatorName,-issuedAt")), "true", Map.of(), cut, ZONE);
        assertFalse(town.count().sql().contains("manifest"), town.count().sql());
        // the ids with the total in one pass, then the rows of those ids
        String ids = town.pageIds(1000, 20).orElseThrow().sql();
        assertTrue(ids.startsWith("SELECT c.id, count(*) OVER () FROM " + ContainerSql.CURRENT + " c JOIN party g ON g.id = c.generator_party_id WHERE"), ids);
        assertFalse(ids.contains("manifest"), ids);
        assertTrue(ids.endsWith("LIMIT ? OFFSET ?"), ids);
        NamedSql.Jdbc rows = town.rowsOf(List.of(7L, 3L));
        assertTrue(rows.sql().contains("JOIN manifest m"), "the details are joined for the chosen ids: " + rows.sql());
        assertTrue(rows.sql().contains("WHERE c.id = ANY (?) ORDER BY g.name"), rows.sql());
        assertEquals(rows.sql().chars().filter(ch -> ch == '?').count(), rows.values().size());
        // a filter on the manifest's number names m: everything is joined, as before
        SearchQuery byManifest = SearchQuery.build(SearchKind.CONTAINERS, SearchParams.parse(SearchKind.CONTAINERS,
                q("manifest", "32028120260001")), "true", Map.of(), cut, ZONE);
        assertTrue(byManifest.count().sql().contains("JOIN manifest m"), byManifest.count().sql());
        assertTrue(byManifest.pageIds(0, 20).isEmpty());
        assertTrue(byManifest.page(0, 20).sql().contains("JOIN manifest m"), byManifest.page(0, 20).sql());
        // transfers by state: the stored state, no aggregate in the count; sorting by an aggregate aggregates every row
        SearchQuery closed = SearchQuery.build(SearchKind.TRANSFERS, SearchParams.parse(SearchKind.TRANSFERS,
                q("state", "CLOSED", "town", "澄江街道")), "true", Map.of(), cut, ZONE);
        assertFalse(closed.count().sql().contains("LATERAL"), closed.count().sql());
        assertTrue(closed.count().sql().contains("tp.state IN ("), closed.count().sql());
        String closedIds = closed.pageIds(1000, 20).orElseThrow().sql();
        assertTrue(closedIds.startsWith("SELECT t.id, count(*) OVER () FROM transfer t JOIN transfer_progress tp"), closedIds);
        assertFalse(closedIds.contains("LATERAL"), closedIds);
        SearchQuery heaviest = SearchQuery.build(SearchKind.TRANSFERS, SearchParams.parse(SearchKind.TRANSFERS,
                q("state", "CLOSED", "sort", "-collectedWeightKg")), "true", Map.of(), cut, ZONE);
        assertTrue(heaviest.pageIds(0, 20).isEmpty());
        assertTrue(heaviest.page(0, 20).sql().contains("LATERAL"), heaviest.page(0, 20).sql());
        // a flag of a manifest is an aggregate over its containers: the count needs it
        SearchQuery flagged = SearchQuery.build(SearchKind.MANIFESTS, SearchParams.parse(SearchKind.MANIFESTS,
                q("flag", "REFUSED")), "true", Map.of(), cut, ZONE);
        assertTrue(flagged.count().sql().contains("LATERAL"), flagged.count().sql());
    }

    @Test
    void namedParametersSkipLiteralsAndCasts() {
        NamedSql.Jdbc j = NamedSql.toJdbc("SELECT ':not' , 'it''s :x', a::text FROM t WHERE a = :a AND b IN (:b, :a)", Map.of("a", 1, "b", "two"));
        assertEquals("SELECT ':not' , 'it''s :x', a::text FROM t WHERE a = ? AND b IN (?, ?)", j.sql());
        assertEquals(List.of(1, "two", 1), j.values());
        assertThrows(IllegalArgumentException.class, () -> NamedSql.toJdbc("a = :missing", Map.of()));
    }

    // ---- overdue cutoffs -------------------------------------------------------------------------------------

    @Test
    void transitCutoffIsTheLastDayWithMoreThanNWorkingDaysSince() {
        // National Day week 2026: Oct 1-7 off; Sunday Sep 27 and Saturday Oct 10 are working days.
        Set<LocalDate> holidays = Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5),
                LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7));
        WorkingDays wd = new WorkingDays(holidays, Set.of(LocalDate.of(2026, 9, 27), LocalDate.of(2026, 10, 10)));
        for (LocalDate today = LocalDate.of(2026, 9, 20); today.isBefore(LocalDate.of(2026, 10, 25)); today = today.plusDays(1)) {
            for (int n : new int[] {0, 1, 5, 10}) {
                LocalDate last = Cutoffs.lastDayOverdueAfter(today, n, wd);
                assertTrue(wd.between(last, today) > n, today + " n=" + n + " last=" + last);
                assertTrue(wd.between(last.plusDays(1), today) <= n, today + " n=" + n + " last=" + last);
            }
        }
        // Loaded Wednesday Sep 30 (or in the holiday up to Oct 7): the working days after it are Oct 8, 9, 10 (调休
        // Saturday), 12, 13; on Oct 13 exactly 5 have passed, on Oct 14 six: overdue from Oct 14.
        assertEquals(LocalDate.of(2026, 10, 7), Cutoffs.lastDayOverdueAfter(LocalDate.of(2026, 10, 14), 5, wd));
        assertEquals(LocalDate.of(2026, 9, 29), Cutoffs.lastDayOverdueAfter(LocalDate.of(2026, 10, 13), 5, wd));
    }

    @Test
    void cutoffsFollowTheThresholds() {
        Instant now = Instant.parse("2026-11-29T02:00:00Z"); // 10:00 in Jiangyin
        Cutoffs c = Cutoffs.at(now, ZONE, 365, 180, 5, new WorkingDays(Set.of(), Set.of()));
        assertEquals(LocalDate.of(2025, 11, 29), c.issuedBefore());
        assertEquals(Instant.parse("2025-11-28T16:00:00Z"), c.issuedBeforeStart());
        assertEquals(now.minus(java.time.Duration.ofDays(180)), c.storedBefore());
        // Sunday Nov 29: a load on Friday Nov 20 has had exactly five working days (Nov 23-27), not more; a load on
        // Thursday Nov 19 or before is late.
        assertEquals(LocalDate.of(2026, 11, 20).atStartOfDay(ZONE).toInstant(), c.loadedBefore());
    }

    // ---- CSV -------------------------------------------------------------------------------------------------

    @Test
    void csvHasBomBilingualHeaderQuotingAndDefusedFormulas() throws Exception {
        List<Column> cols = List.of(Column.of("a", "名称", "Name", "x", Column.Type.TEXT), Column.of("b", "重量", "Weight (kg)", "y", Column.Type.DECIMAL),
                Column.of("c", "时间", "At", "z", Column.Type.TIME), Column.of("d", "日期", "Date", "w", Column.Type.DATE));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter w = new CsvWriter(bytes, ZONE)) {
            w.header(cols);
            w.row(new Object[] {"=HYPERLINK(\"http://evil\",\"x\")", new BigDecimal("12.50"), Instant.parse("2026-11-29T02:00:00Z"), LocalDate.of(2026, 11, 29)},
                    List.of("OVERDUE", "REFUSED"));
            w.row(new Object[] {"江阴, \"东\"\n厂", null, null, null}, List.of());
            w.row(new Object[] {"-1+2", null, null, null}, List.of());
            w.row(new Object[] {"@SUM(A1)", null, null, null}, List.of());
            w.finish();
        }
        byte[] out = bytes.toByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(out[0], out[1], out[2]));
        String text = new String(Arrays.copyOfRange(out, 3, out.length), StandardCharsets.UTF_8);
        assertEquals("名称 Name,重量 Weight (kg),时间 At,日期 Date,标记 Flags\r\n"
                + "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",12.50,2026-11-29 10:00:00,2026-11-29,OVERDUE;REFUSED\r\n"
                + "\"江阴, \"\"东\"\"\n厂\",,,,\r\n"
                + "'-1+2,,,,\r\n"
                + "'@SUM(A1),,,,\r\n", text);
    }
}
