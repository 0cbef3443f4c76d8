package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.pickup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ManifestPdfTest {

    @Test
    void manifest_isA4_withHeaderContainersTotalsAndSignatures() throws IOException {
        ManifestData manifest = pickup(5);
        byte[] bytes = new ManifestPdf().render(manifest);
        LabelPdfTest.writeForInspection("manifest-a4.pdf", bytes);
        Pdfs pdf = new Pdfs(bytes);

        assertEquals(1, pdf.pages());
        assertEquals(Pdfs.mmToPt(210), pdf.widthPt(1), 1);
        assertEquals(Pdfs.mmToPt(297), pdf.heightPt(1), 1);
        String text = pdf.compactText(1);
        for (String expected : new String[] {"危险废物转移联单", "联单编号", "20263202000123", "转移日期", "2026-03-01",
                "移出人", "江阴市澄江精密机械有限公司", "统一社会信用代码" + LabelFixtures.GENERATOR_USCC,
                "接受人", "江阴绿源环保科技有限公司", LabelFixtures.COLLECTOR_USCC, "苏B·D1234",
                "容器清单（共5件）", "数字识别码", "按废物代码汇总", "签字", "第1/1页"}) {
            assertTrue(text.contains(expected), () -> expected + " missing from " + text);
        }
        for (LabelData container : manifest.containers()) {
            assertTrue(text.contains(container.labelId().format()), container.labelId()::format);
        }
        // 4 cans of oil at 18.5 kg; the 1 packaging drum is not weighed yet
        assertTrue(text.contains("900-249-08HW08废矿物油毒性T、易燃性I474"), text);
        assertTrue(text.contains("900-041-49HW49废包装桶毒性T、感染性In10（1件未称重）"), text);
    }

    @Test
    void aLongManifest_continuesOnMorePages_withTheTableHeaderAndPageNumbers() {
        Pdfs pdf = new Pdfs(new ManifestPdf().render(pickup(60)));

        assertTrue(pdf.pages() >= 3, "pages: " + pdf.pages());
        for (int page = 1; page <= pdf.pages(); page++) {
            String text = pdf.compactText(page);
            assertTrue(text.contains("第" + page + "/" + pdf.pages() + "页"), text);
            assertTrue(text.contains("联单20263202000123"), text);
        }
        assertTrue(pdf.compactText(2).contains("序号数字识别码废物名称"), pdf.compactText(2));
    }

    @Test
    void manifestData_rejectsANumberThatIsNot14Digits() {
        ManifestData ok = pickup(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ManifestData("2026320200012",
                ok.date(), ok.shipperName(), ok.shipperUscc(), ok.receiverName(), ok.receiverUscc(), null, ok.qrText(), ok.containers()));
        assertTrue(e.getMessage().contains("14 digits"), e.getMessage());
    }
}
