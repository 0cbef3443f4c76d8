package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.DAY;
import static cn.hazchain.label.LabelFixtures.packaging;
import static cn.hazchain.label.LabelFixtures.wasteOil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.party.Uscc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelPdfTest {

    private static final List<String> FIELD_NAMES = List.of("危险废物", "废物名称", "废物类别", "废物代码", "废物形态", "主要成分",
            "危险特性", "产生日期", "产生单位", "联系人", "联系方式", "重量", "数字识别码");

    private final LabelPdf pdf = new LabelPdf();

    @ParameterizedTest(name = "{0} L -> {1} mm")
    @CsvSource({"10, 100", "50, 100", "50.5, 150", "200, 150", "449, 150", "450, 200", "1000, 200"})
    void label_pageIsTheStandardSizeForTheContainerVolume(double litres, int mm) {
        Pdfs label = new Pdfs(pdf.label(wasteOil(1, litres)));

        assertEquals(1, label.pages());
        assertEquals(Pdfs.mmToPt(mm), label.widthPt(1), 0.01);
        assertEquals(Pdfs.mmToPt(mm), label.heightPt(1), 0.01);
    }

    @Test
    void label_showsTheLabelIdAndEveryFieldInChinese() throws IOException {
        LabelData oil = wasteOil(7);
        byte[] bytes = pdf.label(oil);
        writeForInspection("label-100mm.pdf", bytes);

        String text = new Pdfs(bytes).compactText(1);

        assertTrue(text.contains(oil.labelId().format()), text);
        for (String name : FIELD_NAMES) {
            assertTrue(text.contains(name), () -> name + " missing from " + text);
        }
        for (String value : List.of("废矿物油", "HW08", "900-249-08", "液态", "废机油、液压油", "2026-03-01",
                "江阴市澄江精密机械有限公司", "张伟", "13812345678", "18.5kg", "毒性T", "易燃性I", "扫码核验")) {
            assertTrue(text.contains(value), () -> value + " missing from " + text);
        }
    }

    @Test
    void label_embedsItsOnlyFont_asAnIdentityHSubset() {
        List<String> fonts = new Pdfs(pdf.label(wasteOil(7))).fonts();

        assertEquals(1, fonts.size(), fonts::toString);
        assertTrue(fonts.get(0).matches("/Type0 /Identity-H /[A-Z]{6}\\+WenQuanYiMicroHei embedded"), fonts.get(0));
    }

    @ParameterizedTest(name = "{0} L")
    @CsvSource({"25, 3", "200, 5", "1000, 6"})
    void label_neverSetsTextBelowTheStandardsMinimumHeight(double litres, int minTextMm) {
        List<Double> sizes = new Pdfs(pdf.label(wasteOil(7, litres))).fontSizes(1);

        // Chinese characters fill about 87 % of the font size in height, so the size must be at least minimum / 0.87
        double minimumPt = Pdfs.mmToPt(minTextMm) / 0.87;
        assertFalse(sizes.isEmpty());
        assertTrue(sizes.stream().allMatch(s -> s >= minimumPt), () -> sizes + " has a size below " + minimumPt);
    }

    @ParameterizedTest(name = "{0} L")
    @CsvSource({"25", "200", "1000"})
    void label_fitsTheLongestAllowedValues_andTheWidestLabelId(double litres) throws IOException {
        String widestUscc = Uscc.withCheck("91320281MWWWWWWWW");
        LabelId id = LabelId.of(widestUscc, "900-249-08", DAY, 888);
        LabelData longest = new LabelData(id, "https://hazchain.example/v/" + id + ".abcd." + "A".repeat(86),
                "危".repeat(LabelData.MAX_WASTE_NAME), "险".repeat(LabelData.MAX_MAIN_COMPONENTS),
                List.of(Hazard.T, Hazard.C, Hazard.I, Hazard.R, Hazard.IN), "废".repeat(LabelData.MAX_PHYSICAL_FORM), DAY,
                "物".repeat(LabelData.MAX_GENERATOR_NAME), "联".repeat(LabelData.MAX_CONTACT_NAME),
                "0510-86123456转8001", new java.math.BigDecimal("99999.999"), litres);

        byte[] bytes = pdf.label(longest);
        writeForInspection("label-longest-" + (int) litres + "L.pdf", bytes);
        String text = new Pdfs(bytes).compactText(1);

        assertTrue(text.contains(id.format()), text);
        assertTrue(text.contains("物".repeat(LabelData.MAX_GENERATOR_NAME)), text);
        assertTrue(text.contains("0510-86123456转8001"), text);
        assertTrue(text.contains("感染性In"), text);
    }

    @Test
    void background_isOrangeForPlainStock_andLeftOutForPreprintedStock() {
        String orangeFill = "1 0.58824 0 rg";

        assertTrue(new Pdfs(new LabelPdf(LabelPdf.Background.ORANGE).label(wasteOil(1))).content(1).contains(orangeFill));
        assertFalse(new Pdfs(new LabelPdf(LabelPdf.Background.NONE).label(wasteOil(1))).content(1).contains(orangeFill));
    }

    @Test
    void sheet_putsFourSmallLabelsOnAnA4Page_andStartsANewRowOrPageWhenOneDoesNotFit() throws IOException {
        List<LabelData> labels = List.of(wasteOil(1), wasteOil(2), wasteOil(3), wasteOil(4), wasteOil(5), packaging(6));
        byte[] bytes = pdf.sheet(labels);
        writeForInspection("sheet-a4.pdf", bytes);
        Pdfs sheet = new Pdfs(bytes);

        // page 1: two rows of two 100 mm labels; page 2: label 5, then the 150 mm one on a row of its own below it
        assertEquals(2, sheet.pages());
        for (int page = 1; page <= 2; page++) {
            assertEquals(595, sheet.widthPt(page), 1);
            assertEquals(842, sheet.heightPt(page), 1);
        }
        assertEquals(4, count(sheet.compactText(1), "数字识别码"));
        assertEquals(2, count(sheet.compactText(2), "数字识别码"));
        assertTrue(sheet.compactText(2).contains(labels.get(4).labelId().format()));
        assertTrue(sheet.compactText(2).contains(labels.get(5).labelId().format()));
        for (LabelData label : labels) {
            assertTrue(sheet.compactText().contains(label.labelId().format()), label.labelId()::format);
        }
    }

    @Test
    void labels_canBeRenderedOnSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> futures = new java.util.ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                LabelData data = i % 2 == 0 ? wasteOil(i) : packaging(i);
                futures.add(pool.submit(() -> pdf.label(data)));
            }
            for (int i = 1; i <= 16; i++) {
                String text = new Pdfs(futures.get(i - 1).get()).compactText(1);
                assertTrue(text.contains(i % 2 == 0 ? "废矿物油" : "废包装桶"), text);
                assertTrue(text.contains(String.format("20260301%03d", i)), text);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** Leaves a copy under target/ for a person to look at (e.g. pdftoppm -png -r 100). */
    static void writeForInspection(String name, byte[] pdf) throws IOException {
        Path dir = Path.of("target", "label-pdf");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), pdf);
    }
}
