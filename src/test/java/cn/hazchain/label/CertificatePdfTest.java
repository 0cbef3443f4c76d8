package cn.hazchain.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePdfTest {

    static CertificateData certificate() {
        return new CertificateData("CZ202600000042", "江阴绿源危险废物焚烧处置有限公司", LabelFixtures.RECEIVER_USCC, "D10", "焚烧", "Incineration on land",
                LocalDate.of(2026, 3, 3), LocalDateTime.of(2026, 3, 3, 16, 20), "周强", "回转窑焚烧",
                "https://hazchain.example/v/c/CZ202600000042.abcd.x", List.of(
                        new CertificateData.Line("HZC1-A", "900-214-08", new BigDecimal("160.50"), "20263202000456", "江阴华达机械有限公司"),
                        new CertificateData.Line("HZC1-B", "900-214-08", new BigDecimal("140"), "20263202000456", "江阴华达机械有限公司"),
                        new CertificateData.Line("HZC1-C", "900-041-49", new BigDecimal("12.5"), "20263202000457", "江阴新桥纺织有限公司")));
    }

    @Test
    void certificatePdf_isA4_withReceiverMethodDateLinesAndTotals() throws java.io.IOException {
        byte[] bytes = new CertificatePdf().render(certificate());
        LabelPdfTest.writeForInspection("certificate-a4.pdf", bytes);
        Pdfs pdf = new Pdfs(bytes);

        assertEquals(1, pdf.pages());
        assertEquals(Pdfs.mmToPt(210), pdf.widthPt(1), 1);
        String text = pdf.compactText(1);
        for (String expected : new String[] {"危险废物利用处置证明", "Certificateofutilisationordisposalofhazardouswaste",
                "证明编号CertificateNo.CZ202600000042",
                "利用处置单位Receiver江阴绿源危险废物焚烧处置有限公司统一社会信用代码USCC" + LabelFixtures.RECEIVER_USCC,
                "利用处置方式MethodD10焚烧Incinerationonland", "处置日期Disposaldate2026-03-03", "签发Issued2026-03-0316:20周强",
                "备注Note回转窑焚烧", "扫码核验证明", "1HZC1-A900-214-08160.520263202000456江阴华达机械有限公司",
                "3HZC1-C900-041-4912.520263202000457江阴新桥纺织有限公司", "900-041-49112.5", "900-214-082300.5", "总计Total3313",
                "第1/1页", "处置证明CertificateCZ202600000042"}) {
            assertTrue(text.contains(expected), () -> expected + " missing from " + text);
        }
    }

    @Test
    void theQrCode_readFromTheRenderedPage_isTheVerificationUrl() {
        CertificateData c = certificate();
        assertEquals(c.qrText(), PdfPages.qrOfPage(new CertificatePdf().render(c), 1));
    }

    @Test
    void certificateData_refusesABadNumberOrUsccOrNoContainers() {
        CertificateData ok = certificate();
        assertThrows(IllegalArgumentException.class, () -> new CertificateData("20263202000456", ok.receiverName(), ok.receiverUscc(), ok.method(),
                null, null, ok.disposedOn(), ok.issuedAt(), null, null, ok.qrText(), ok.lines()));
        assertThrows(IllegalArgumentException.class, () -> new CertificateData(ok.number(), ok.receiverName(),
                TransferPdfTest.wrongCheck(LabelFixtures.RECEIVER_USCC), ok.method(), null, null, ok.disposedOn(), ok.issuedAt(), null, null,
                ok.qrText(), ok.lines()));
        assertThrows(IllegalArgumentException.class, () -> new CertificateData(ok.number(), ok.receiverName(), ok.receiverUscc(), ok.method(),
                null, null, ok.disposedOn(), ok.issuedAt(), null, null, ok.qrText(), List.of()));
    }
}
