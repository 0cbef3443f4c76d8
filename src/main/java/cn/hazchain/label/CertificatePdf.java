package cn.hazchain.label;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A printable disposal certificate (处置证明 / Certificate of utilisation or disposal) on A4, Chinese with English
 * beneath: the number, the receiver with its USCC as issued, the method with its name, the disposal date, who issued
 * it and when, the note, one line per container (label, waste code, kg received, transfer, generator as on its
 * manifest), totals by waste code and over all, and a QR code that opens the public verification page.
 */
public final class CertificatePdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PdfBlocks blocks = new PdfBlocks();

    public byte[] render(CertificateData c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 * 1024);
        Document document = PdfBlocks.a4();
        try {
            PdfWriter writer = blocks.open(document, out, "处置证明 Certificate " + c.number(), "危险废物利用处置证明 " + c.number());
            blocks.title(document, "危险废物利用处置证明", 18, "Certificate of utilisation or disposal of hazardous waste");
            document.add(header(c, writer));
            document.add(blocks.heading("处置的容器 Containers disposed of"));
            document.add(lines(c));
            document.add(totals(c));
            Paragraph note = new Paragraph(new Phrase("本证明由平台根据接受单位记录的处置事件签发；扫描二维码可核验其真伪（北京时间）。"
                    + "\nIssued by HazChain from the disposal the receiver recorded; scan the QR code to check that it is genuine (China time).",
                    blocks.small()));
            note.setSpacingBefore(6);
            document.add(note);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot write certificate " + c.number(), e);
        }
        return out.toByteArray();
    }

    private PdfPTable header(CertificateData c, PdfWriter writer) throws DocumentException {
        PdfPTable fields = blocks.table(new float[] {26, 74});
        blocks.row(fields, "证明编号", "Certificate No.", c.number());
        blocks.row(fields, "利用处置单位", "Receiver", c.receiverName() + "\n统一社会信用代码 USCC " + c.receiverUscc());
        blocks.row(fields, "利用处置方式", "Method", c.method() + (c.methodName() == null ? "" : " " + c.methodName())
                + (c.methodNameEn() == null ? "" : "\n" + c.methodNameEn()));
        blocks.row(fields, "处置日期", "Disposal date", DATE.format(c.disposedOn()));
        blocks.row(fields, "签发", "Issued", TIME.format(c.issuedAt()) + (c.issuedBy() == null ? "" : "  " + c.issuedBy()));
        if (c.note() != null && !c.note().isBlank()) {
            blocks.row(fields, "备注", "Note", c.note());
        }
        if (c.extract() != null) {
            blocks.row(fields, "副本", "Extract", c.extract());
        }
        return blocks.withQr(fields, writer.getDirectContent(), c.qrText(), 40, "扫码核验证明\nScan to check this certificate");
    }

    private PdfPTable lines(CertificateData c) throws DocumentException {
        PdfPTable t = blocks.table(new float[] {6, 24, 14, 12, 17, 27});
        t.setHeaderRows(1);
        t.addCell(blocks.headerCell("序号", "No."));
        t.addCell(blocks.headerCell("容器标签", "Label ID"));
        t.addCell(blocks.headerCell("废物代码", "Waste code"));
        t.addCell(blocks.headerCell("实收重量(kg)", "Received kg"));
        t.addCell(blocks.headerCell("转移联单", "Transfer No."));
        t.addCell(blocks.headerCell("产生单位", "Generator"));
        int n = 0;
        for (CertificateData.Line l : c.lines()) {
            t.addCell(blocks.cell(String.valueOf(++n), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(l.labelId(), Element.ALIGN_LEFT, blocks.small()));
            t.addCell(blocks.cell(l.wasteCode(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(l.receivedKg() == null ? "" : PdfBlocks.number(l.receivedKg()), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(Objects.toString(l.transferNumber(), ""), Element.ALIGN_LEFT, blocks.small()));
            t.addCell(blocks.cell(Objects.toString(l.generatorName(), ""), Element.ALIGN_LEFT));
        }
        return t;
    }

    /** One row per waste code, then the whole: containers and kg. */
    private PdfPTable totals(CertificateData c) throws DocumentException {
        Map<String, java.util.List<CertificateData.Line>> byCode = new TreeMap<>(c.lines().stream()
                .collect(Collectors.groupingBy(CertificateData.Line::wasteCode)));
        PdfPTable t = blocks.table(new float[] {40, 30, 30});
        t.addCell(blocks.headerCell("合计", "Totals"));
        t.addCell(blocks.headerCell("容器数", "Containers"));
        t.addCell(blocks.headerCell("实收重量(kg)", "Received kg"));
        for (Map.Entry<String, java.util.List<CertificateData.Line>> e : byCode.entrySet()) {
            t.addCell(blocks.cell(e.getKey(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(String.valueOf(e.getValue().size()), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(PdfBlocks.number(e.getValue().stream().map(CertificateData.Line::receivedKg).filter(Objects::nonNull)
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)), Element.ALIGN_RIGHT));
        }
        PdfPCell all = new PdfPCell(blocks.bilingual("总计", "Total"));
        all.setPadding(4);
        all.setBackgroundColor(PdfBlocks.HEADER_GREY);
        t.addCell(all);
        t.addCell(blocks.cell(String.valueOf(c.lines().size()), Element.ALIGN_RIGHT));
        t.addCell(blocks.cell(PdfBlocks.number(c.totalKg()), Element.ALIGN_RIGHT));
        t.setKeepTogether(true);
        t.setSpacingBefore(4);
        return t;
    }
}
