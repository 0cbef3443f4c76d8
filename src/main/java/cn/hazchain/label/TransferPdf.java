package cn.hazchain.label;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A printable transfer manifest (危险废物转移联单) on A4, Chinese with English beneath: the three parties with their
 * USCCs as the transfer was created, the vehicle with its dangerous-goods permit, the driver, one line per waste code
 * with totals, the signature lines filled from the recorded confirmations ("未签 / not signed" while none is), and a
 * QR code that opens the public road-check page. Every page carries the number and "page n of m".
 */
public final class TransferPdf {

    static final String NOT_SIGNED = "未签 / not signed";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PdfBlocks blocks = new PdfBlocks();
    private final Font body = blocks.body();
    private final Font small = blocks.small();

    public byte[] render(TransferData t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 * 1024);
        Document document = PdfBlocks.a4();
        try {
            PdfWriter writer = blocks.open(document, out, "转移联单 Transfer " + t.number(), "危险废物转移联单 " + t.number());
            blocks.title(document, "危险废物转移联单", 18, "Hazardous waste transfer manifest");
            document.add(header(t, writer));
            document.add(blocks.heading("危险废物 Waste carried"));
            document.add(lines(t.lines()));
            document.add(signatures(t.signatures()));
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot write transfer " + t.number(), e);
        }
        return out.toByteArray();
    }

    private PdfPTable header(TransferData t, PdfWriter writer) throws DocumentException {
        PdfPTable fields = blocks.table(new float[] {24, 76});
        blocks.row(fields, "联单编号", "Transfer No.", t.number());
        blocks.row(fields, "计划转移日期", "Planned date", DATE.format(t.plannedDate()));
        blocks.row(fields, "移出人", "Shipper", party(t.shipper()));
        blocks.row(fields, "承运人", "Carrier", party(t.carrier()));
        blocks.row(fields, "接受人", "Receiver", party(t.receiver()));
        blocks.row(fields, "运输车辆", "Vehicle", t.vehiclePlate());
        blocks.row(fields, "危险货物运输许可证", "DG transport permit", t.dgPermitNo());
        blocks.row(fields, "驾驶员", "Driver", t.driverName() == null ? "未指定 / not named" : t.driverName());
        return blocks.withQr(fields, writer.getDirectContent(), t.qrText(), 40, "扫码核验联单\nScan to check this manifest");
    }

    private static String party(TransferData.Party p) {
        StringBuilder s = new StringBuilder(p.name()).append("\n统一社会信用代码 USCC ").append(p.uscc());
        String contact = String.join("  ", java.util.stream.Stream.of(p.contactName(), p.contactPhone())
                .filter(v -> v != null && !v.isBlank()).toList());
        if (!contact.isEmpty()) {
            s.append("\n联系 Contact ").append(contact);
        }
        return s.toString();
    }

    private PdfPTable lines(List<TransferData.Line> lines) throws DocumentException {
        PdfPTable t = blocks.table(new float[] {13, 29, 17, 9, 14, 18});
        t.setHeaderRows(1);
        t.addCell(blocks.headerCell("废物代码", "Waste code"));
        t.addCell(blocks.headerCell("类别及名称", "Category"));
        t.addCell(blocks.headerCell("危险特性", "Hazards"));
        t.addCell(blocks.headerCell("容器数", "Containers"));
        t.addCell(blocks.headerCell("申报重量(kg)", "Declared kg"));
        t.addCell(blocks.headerCell("实收重量(kg)", "Received kg"));
        boolean anyReceived = lines.stream().anyMatch(l -> l.receivedKg() != null);
        for (TransferData.Line l : lines) {
            t.addCell(blocks.cell(l.wasteCode(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(l.category() + " " + Objects.toString(l.categoryName(), ""), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(l.hazards().stream().map(Hazard::display).collect(Collectors.joining("、")), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(String.valueOf(l.containers()), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(PdfBlocks.number(l.declaredKg()), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(received(l.receivedKg(), l.refusedKg()), Element.ALIGN_RIGHT));
        }
        PdfPCell total = new PdfPCell(blocks.bilingual("合计", "Total"));
        total.setColspan(3);
        total.setPadding(4);
        total.setBackgroundColor(PdfBlocks.HEADER_GREY);
        t.addCell(total);
        t.addCell(blocks.cell(String.valueOf(lines.stream().mapToInt(TransferData.Line::containers).sum()), Element.ALIGN_RIGHT));
        t.addCell(blocks.cell(PdfBlocks.number(sum(lines, TransferData.Line::declaredKg)), Element.ALIGN_RIGHT));
        t.addCell(blocks.cell(anyReceived ? received(sum(lines, TransferData.Line::receivedKg), sum(lines, TransferData.Line::refusedKg)) : "",
                Element.ALIGN_RIGHT));
        return t;
    }

    private static String received(BigDecimal receivedKg, BigDecimal refusedKg) {
        if (receivedKg == null) {
            return "";
        }
        return PdfBlocks.number(receivedKg) + (refusedKg != null && refusedKg.signum() > 0 ? "\n拒收 refused " + PdfBlocks.number(refusedKg) : "");
    }

    private static BigDecimal sum(List<TransferData.Line> lines, java.util.function.Function<TransferData.Line, BigDecimal> kg) {
        return lines.stream().map(kg).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private PdfPTable signatures(TransferData.Signatures s) throws DocumentException {
        PdfPTable t = blocks.table(new float[] {1, 1, 1});
        PdfPCell heading = new PdfPCell(blocks.heading("签字 Signatures"));
        heading.setColspan(3);
        heading.setBorder(Rectangle.NO_BORDER);
        heading.setPaddingLeft(0);
        t.addCell(heading);
        t.addCell(blocks.headerCell("移出人", "Shipper"));
        t.addCell(blocks.headerCell("承运人", "Carrier"));
        t.addCell(blocks.headerCell("接受人", "Receiver"));
        for (TransferData.Signed signed : new TransferData.Signed[] {s.shipper(), s.carrier(), s.receiver()}) {
            PdfPCell c = new PdfPCell(signed == null ? new Phrase(NOT_SIGNED, body)
                    : new Phrase(signed.name() + "\n" + TIME.format(signed.at()), body));
            c.setMinimumHeight(PdfCanvas.pt(16));
            c.setPadding(4);
            t.addCell(c);
        }
        PdfPCell note = new PdfPCell(new Phrase("签字栏由平台记录的确认填写（北京时间）：移出人为开具联单者，承运人为确认发车者（未记录发车时为首次装车者），接受人为最近一次接收或拒收者。"
                + "\nSignature lines are filled from the confirmations HazChain recorded (China time): the shipper's who created the manifest,"
                + " the carrier's who recorded the departure (without one, who loaded first), the receiver's who received or refused last.", small));
        note.setColspan(3);
        note.setBorder(Rectangle.NO_BORDER);
        note.setPaddingLeft(0);
        t.addCell(note);
        t.setKeepTogether(true);
        t.setSpacingBefore(4);
        return t;
    }
}
