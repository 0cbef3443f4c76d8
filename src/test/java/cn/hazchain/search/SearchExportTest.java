package cn.hazchain.search;

import static cn.hazchain.support.Api.as;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.common.WorkingDays;
import cn.hazchain.support.Api;
import cn.hazchain.support.Fixtures;
import cn.hazchain.support.Manifests;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** CSV and XLSX exports: 100,000 rows streamed in bounded memory; a workbook POI can open; the same visibility. */
@QuarkusTest
class SearchExportTest {

    static final int ROWS = 100_000;
    static final String HEADER = "标签编号 Label ID,状态 State,废物代码 Waste code,废物类别 Category,废物名称 Waste name,联单编号 Manifest number,";

    @Inject
    AgroalDataSource db;

    @TestHTTPResource("/")
    URL root;

    /** A generator of our own and a manifest of two drums; returns [manifest number, first label]. */
    static String[] manifestOfTwoDrums(String name) {
        Map<String, Object> party = Fixtures.party("GENERATOR", name);
        party.put("contactName", "赵师傅");
        long generator = Fixtures.createParty(party);
        Map<String, Object> body = Manifests.typicalPickup(generator);
        body.put("lines", List.of(Manifests.line("900-249-08", "LIQUID", "废矿物油",
                List.of(Manifests.container("DRUM", 200, 150), Manifests.container("DRUM", 200, 150.25)))));
        String number = Manifests.open(body).statusCode(201).extract().path("number");
        String label = as("collector").get("/api/manifests/" + number).then().extract().path("lines[0].containers[0].labelId");
        return new String[] {number, label};
    }

    static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /** Heap in use after a full collection: what is really held, not garbage waiting for the collector. */
    static long liveHeap() {
        System.gc();
        System.gc();
        return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    @Test
    void csvExportOf100000RowsStreamsInBoundedMemory() throws Exception {
        String[] m = manifestOfTwoDrums("导出测试厂" + System.nanoTime() % 100000);
        String uscc = m[1].substring(0, 18);
        long manifestId;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO container (label_id, manifest_id, line_id, generator_party_id, waste_code, container_type, volume_litres,"
                        + " estimated_weight_kg, generation_date, state, label_key_id, label_token)"
                        + " SELECT ? || lpad(CAST(g AS text), 19, '0'), c.manifest_id, c.line_id, c.generator_party_id, c.waste_code,"
                        + " c.container_type, c.volume_litres, c.estimated_weight_kg, c.generation_date, 'ISSUED', c.label_key_id, c.label_token"
                        + " FROM container c CROSS JOIN generate_series(1, " + ROWS + ") AS g WHERE c.label_id = ? RETURNING manifest_id")) {
            ps.setString(1, uscc);
            ps.setString(2, m[1]);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                long id = 0;
                while (rs.next()) {
                    id = rs.getLong(1);
                    n++;
                }
                assertEquals(ROWS, n);
                manifestId = id;
            }
        }
        try {
            exportAndMeasure(m[0], uscc);
        } finally {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM container WHERE manifest_id = ? AND label_id LIKE ?")) {
                ps.setLong(1, manifestId);
                ps.setString(2, uscc + "000%");
                assertEquals(ROWS, ps.executeUpdate());
            }
        }
    }

    private void exportAndMeasure(String manifest, String uscc) throws Exception {
        long base = liveHeap();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "api/search/containers.csv?manifest=" + manifest))
                .header("Authorization", "Bearer " + Api.token("regulator")).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-length").isEmpty(), "a streamed export has no Content-Length");
        assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElse(""));
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(response.headers().firstValue("content-disposition").orElse("")
                .matches("attachment; filename=\"hazchain-containers-\\d{8}-\\d{4}\\.csv\""));

        long bytes = 0;
        long newlines = 0;
        long maxLiveGrowth = 0;
        int checks = 0;
        long nextCheck = 20_000;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes += n;
                if (head.size() < 2048) {
                    head.write(buf, 0, Math.min(n, 2048));
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                    }
                }
                if (newlines >= nextCheck) {
                    // Reading pauses here, so the server is mid-export, holding whatever it holds
                    maxLiveGrowth = Math.max(maxLiveGrowth, liveHeap() - base);
                    checks++;
                    nextCheck += 20_000;
                }
            }
        }
        long peakGrowth = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - base;
        assertEquals(ROWS + 2 + 1, newlines, "header + 100,002 containers (ours, the API's two), one line each");
        assertTrue(checks >= 4, "measured while streaming");
        byte[] start = head.toByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(start[0], start[1], start[2]));
        String[] lines = new String(start, 3, start.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertTrue(lines[0].startsWith(HEADER), lines[0]);
        assertTrue(lines[1].startsWith(uscc + "0000000000000100000,ISSUED,900-249-08,HW08,"), lines[1]); // newest first, then id

        // What holding the same rows would take: read them all as the exporter reads each one, and keep them
        SearchQuery query = SearchQuery.build(SearchKind.CONTAINERS, SearchParams.parse(SearchKind.CONTAINERS, Map.of("manifest", List.of(manifest))),
                "true", Map.of(), Cutoffs.at(Instant.now(), SearchWorld.ZONE, 365, 180, 5, new WorkingDays(Set.of(), Set.of())), SearchWorld.ZONE);
        long beforeMaterialising = liveHeap();
        List<Object[]> all = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(query.select().sql())) {
            Rows.bind(ps, query.select().values());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(Rows.values(rs, query.columns()));
                }
            }
        }
        long materialised = liveHeap() - beforeMaterialising;
        assertEquals(ROWS + 2, all.size());
        java.lang.ref.Reference.reachabilityFence(all);

        System.out.printf("search export: %d rows, %d bytes of CSV; live heap growth while streaming at most %d bytes (%d checks);"
                        + " peak heap growth (garbage included) %d bytes; holding the same rows takes %d bytes%n",
                newlines - 1, bytes, maxLiveGrowth, checks, peakGrowth, materialised);
        assertTrue(maxLiveGrowth < 16L * 1024 * 1024, "live heap grew by " + maxLiveGrowth + " bytes while streaming");
        assertTrue(maxLiveGrowth * 10 < materialised, "streaming held " + maxLiveGrowth + " bytes; materialising takes " + materialised);
        assertTrue(maxLiveGrowth * 4 < bytes, "streaming held " + maxLiveGrowth + " bytes of a " + bytes + "-byte CSV");
    }

    @Test
    void xlsxExportOpensWithPoiWithTheBilingualHeaderAndTypedCells() throws Exception {
        String[] m = manifestOfTwoDrums("表格测试厂" + System.nanoTime() % 100000);
        byte[] body = as("regulator").queryParam("manifest", m[0]).queryParam("sort", "estimatedWeightKg")
                .get("/api/search/containers.xlsx").then().statusCode(200)
                .contentType(startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header("Content-Disposition", matchesPattern("attachment; filename=\"hazchain-containers-\\d{8}-\\d{4}\\.xlsx\""))
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(body))) {
            assertEquals(1, wb.getNumberOfSheets());
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("容器 Containers", sheet.getSheetName());
            Row header = sheet.getRow(0);
            assertEquals("标签编号 Label ID", header.getCell(0).getStringCellValue());
            assertEquals("状态 State", header.getCell(1).getStringCellValue());
            assertEquals("标记 Flags", header.getCell(header.getLastCellNum() - 1).getStringCellValue());
            assertEquals(2, sheet.getLastRowNum());
            int weight = column(header, "预估重量(kg) Estimated weight (kg)");
            int issued = column(header, "开具时间 Issued at");
            Row first = sheet.getRow(1);
            assertEquals(m[1], first.getCell(0).getStringCellValue());
            assertEquals("ISSUED", first.getCell(1).getStringCellValue());
            assertEquals(CellType.NUMERIC, first.getCell(weight).getCellType());
            assertEquals(150.0, first.getCell(weight).getNumericCellValue());
            assertEquals(150.25, sheet.getRow(2).getCell(weight).getNumericCellValue());
            assertTrue(DateUtil.isCellDateFormatted(first.getCell(issued)));
            assertEquals("HW08", first.getCell(column(header, "废物类别 Category")).getStringCellValue());
        }
    }

    private static int column(Row header, String name) {
        for (int i = 0; i < header.getLastCellNum(); i++) {
            if (name.equals(header.getCell(i).getStringCellValue())) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void csvAndXlsxOfManifestsAndTransfersFollowTheSameFiltersAndVisibility() throws Exception {
        String[] m = manifestOfTwoDrums("导出联单测试厂" + System.nanoTime() % 100000);
        byte[] csv = as("regulator").queryParam("manifest", m[0]).get("/api/search/manifests.csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", matchesPattern("attachment; filename=\"hazchain-manifests-.*\\.csv\""))
                .extract().asByteArray();
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("联单编号 Manifest number,状态 State,产废单位编号 Generator ID,产废单位 Generator,"), lines[0]);
        assertTrue(lines[1].startsWith(m[0] + ",OPEN,"), lines[1]);
        // another generator's staff get the header only
        byte[] theirs = as("generator").queryParam("manifest", m[0]).get("/api/search/manifests.csv").then().statusCode(200).extract().asByteArray();
        assertEquals(1, new String(theirs, StandardCharsets.UTF_8).split("\r\n").length);
        byte[] containers = as("generator").queryParam("manifest", m[0]).get("/api/search/containers.csv").then().statusCode(200).extract().asByteArray();
        assertEquals(1, new String(containers, StandardCharsets.UTF_8).split("\r\n").length);
        // transfers: the workbook has the header and nothing of a manifest on no transfer
        byte[] xlsx = as("regulator").queryParam("manifest", m[0]).get("/api/search/transfers.xlsx").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals("转移联单编号 Transfer number", wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue());
            assertEquals(0, wb.getSheetAt(0).getLastRowNum());
        }
        byte[] manifestsXlsx = as("regulator").queryParam("manifest", m[0]).get("/api/search/manifests.xlsx").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(manifestsXlsx))) {
            assertEquals(m[0], wb.getSheetAt(0).getRow(1).getCell(0).getStringCellValue());
        }
        Set<String> rows = new HashSet<>(List.of(new String(as("regulator").queryParam("manifest", m[0]).queryParam("sort", "labelId")
                .get("/api/search/containers.csv").then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8).split("\r\n")));
        assertEquals(3, rows.size());
    }
}
