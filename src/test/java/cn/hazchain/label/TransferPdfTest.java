package cn.hazchain.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TransferPdfTest {

    static final TransferData.Signatures SHIPPER_ONLY = new TransferData.Signatures(
            new TransferData.Signed("李娜", LocalDateTime.of(2026, 3, 1, 9, 5)), null, null);

    @Test
    void transferPdf_isA4_withPartiesVehicleDriverLinesTotalsAndSignatureLines() throws IOException {
        TransferData transfer = LabelFixtures.transfer(new TransferData.Signatures(new TransferData.Signed("李娜", LocalDateTime.of(2026, 3, 1, 9, 5)),
                new TransferData.Signed("王师傅", LocalDateTime.of(2026, 3, 1, 10, 30)), new TransferData.Signed("周强", LocalDateTime.of(2026, 3, 2, 14, 0))));
        byte[] bytes = new TransferPdf().render(transfer);
        LabelPdfTest.writeForInspection("transfer-a4.pdf", bytes);
        Pdfs pdf = new Pdfs(bytes);

        assertEquals(1, pdf.pages());
        assertEquals(Pdfs.mmToPt(210), pdf.widthPt(1), 1);
        String text = pdf.compactText(1);
        for (String expected : new String[] {"危险废物转移联单", "Hazardouswastetransfermanifest", "联单编号TransferNo.20263202000456",
                "计划转移日期Planneddate2026-03-01",
                "移出人Shipper江阴绿源环保科技有限公司统一社会信用代码USCC" + LabelFixtures.COLLECTOR_USCC + "联系Contact李娜0510-86001234",
                "承运人Carrier江阴安运危险品运输有限公司统一社会信用代码USCC" + LabelFixtures.CARRIER_USCC,
                "接受人Receiver江阴绿源危险废物焚烧处置有限公司统一社会信用代码USCC" + LabelFixtures.RECEIVER_USCC,
                "运输车辆Vehicle苏BD12345危险货物运输许可证DGtransportpermit苏交运管危字320281000123", "驾驶员Driver王师傅",
                "扫码核验联单", "第1/1页", "转移联单Transfer20263202000456"}) {
            assertTrue(text.contains(expected), () -> expected + " missing from " + text);
        }
        // one line per code: containers, declared, received (with what was refused); totals over both
        assertTrue(text.contains("900-214-08HW08废矿物油与含矿物油废物毒性T、易燃性I71060.51030.5拒收refused30"), text);
        assertTrue(text.contains("900-041-49HW49其他废物毒性T、感染性In599"), text);
        assertTrue(text.contains("合计Total121159.51030.5拒收refused30"), text);
        assertTrue(text.contains("移出人Shipper承运人Carrier接受人Receiver李娜2026-03-0109:05王师傅2026-03-0110:30"), text);
        assertTrue(text.contains("周强2026-03-0214:00"), text);
        assertFalse(text.contains("未签"), text);
    }

    @Test
    void aSignatureLineNobodySigned_readsNotSigned_andNoReceiptLeavesReceivedEmpty() {
        TransferData transfer = LabelFixtures.transfer(SHIPPER_ONLY);
        String text = new Pdfs(new TransferPdf().render(transfer)).compactText(1);

        assertTrue(text.contains("李娜2026-03-0109:05未签/notsigned未签/notsigned"), text);
    }

    @Test
    void theQrCode_readFromTheRenderedPage_isTheRoadCheckUrl() {
        TransferData transfer = LabelFixtures.transfer(SHIPPER_ONLY);
        byte[] bytes = new TransferPdf().render(transfer);

        // 150 dpi, about what a phone's camera resolves of an A4 page held in front of it
        BufferedImage page = PdfPages.render(bytes, 1, 150);
        assertEquals(1240, page.getWidth(), 2);
        assertEquals(transfer.qrText(), PdfPages.qr(page));
    }

    @Test
    void transferData_refusesAPartyWithABadUscc() {
        TransferData ok = LabelFixtures.transfer(SHIPPER_ONLY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TransferData(ok.number(), ok.plannedDate(),
                ok.shipper(), new TransferData.Party("承运人", wrongCheck(LabelFixtures.CARRIER_USCC), null, null), ok.receiver(), ok.vehiclePlate(),
                ok.dgPermitNo(), ok.driverName(), ok.qrText(), ok.lines(), ok.signatures()));
        assertTrue(e.getMessage().contains("USCC of 承运人"), e.getMessage());
    }

    static String wrongCheck(String uscc) {
        char last = uscc.charAt(17);
        return uscc.substring(0, 17) + (last == '1' ? '2' : '1');
    }
}
