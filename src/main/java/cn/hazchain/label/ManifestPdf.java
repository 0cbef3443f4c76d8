package cn.hazchain.label;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A printable manifest (危险废物转移联单) on A4: header with the parties and the manifest's own QR code, a table of
 * the labelled containers, totals per waste code, and signature fields. Tables continue over pages with their
 * header row repeated; every page carries the manifest number and "page n of m".
 */
public final class ManifestPdf {

    private static final float BODY = PdfBlocks.BODY;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private final PdfBlocks blocks = new PdfBlocks();
    private final BaseFont font = blocks.font();
    private final Font body = blocks.body();
    private final Font small = blocks.small();

    public byte[] render(ManifestData manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Document document = PdfBlocks.a4();
        try {
            PdfWriter writer = blocks.open(document, out, "联单 " + manifest.number(), "危险废物转移联单 " + manifest.number());
            blocks.title(document, "危险废物转移联单", 18, null);
            document.add(header(manifest, writer.getDirectContent()));
            document.add(blocks.heading("容器清单（共 " + manifest.containers().size() + " 件）"));
            document.add(containers(manifest.containers()));
            document.add(blocks.heading("按废物代码汇总"));
            document.add(totals(manifest.containers()));
            document.add(signatures());
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot write manifest " + manifest.number(), e);
        }
        return out.toByteArray();
    }

    private PdfPTable header(ManifestData m, PdfContentByte cb) throws DocumentException {
        PdfPTable fields = blocks.table(new float[] {22, 78});
        blocks.row(fields, "联单编号", m.number());
        blocks.row(fields, "转移日期", DATE.format(m.date()));
        blocks.row(fields, "移出人", m.shipperName() + "\n统一社会信用代码 " + m.shipperUscc());
        blocks.row(fields, "接受人", m.receiverName() + "\n统一社会信用代码 " + m.receiverUscc());
        blocks.row(fields, "运输车辆", m.vehiclePlate() == null ? " " : m.vehiclePlate());

        return blocks.withQr(fields, cb, m.qrText(), 36, "扫码核验联单");
    }

    private PdfPTable containers(List<LabelData> containers) throws DocumentException {
        PdfPTable t = blocks.table(new float[] {6, 34, 15, 13, 10, 6, 7, 9});
        t.setHeaderRows(1);
        for (String h : List.of("序号", "数字识别码", "废物名称", "废物代码", "危险特性", "形态", "容积(L)", "重量(kg)")) {
            t.addCell(blocks.headerCell(h));
        }
        int n = 1;
        for (LabelData c : containers) {
            t.addCell(blocks.cell(String.valueOf(n++), Element.ALIGN_CENTER));
            t.addCell(blocks.cell(c.labelId().format(), Element.ALIGN_LEFT, small));
            t.addCell(blocks.cell(c.wasteName(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(c.wasteCode() + "\n" + c.category(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(c.hazards().stream().map(Hazard::code).collect(Collectors.joining("、")), Element.ALIGN_CENTER));
            t.addCell(blocks.cell(c.physicalForm(), Element.ALIGN_CENTER));
            t.addCell(blocks.cell(PdfBlocks.number(BigDecimal.valueOf(c.containerLitres())), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(c.weightKg() == null ? "" : PdfBlocks.number(c.weightKg()), Element.ALIGN_RIGHT));
        }
        return t;
    }

    private PdfPTable totals(List<LabelData> containers) throws DocumentException {
        Map<String, List<LabelData>> byCode = containers.stream()
                .collect(Collectors.groupingBy(LabelData::wasteCode, LinkedHashMap::new, Collectors.toList()));
        PdfPTable t = blocks.table(new float[] {14, 8, 26, 22, 10, 20});
        for (String h : List.of("废物代码", "类别", "废物名称", "危险特性", "容器数", "合计重量(kg)")) {
            t.addCell(blocks.headerCell(h));
        }
        for (Map.Entry<String, List<LabelData>> e : byCode.entrySet()) {
            List<LabelData> group = e.getValue();
            LabelData first = group.get(0);
            BigDecimal weight = group.stream().map(LabelData::weightKg).filter(w -> w != null).reduce(BigDecimal.ZERO, BigDecimal::add);
            long unweighed = group.stream().filter(c -> c.weightKg() == null).count();
            t.addCell(blocks.cell(e.getKey(), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(first.category(), Element.ALIGN_CENTER));
            t.addCell(blocks.cell(group.stream().map(LabelData::wasteName).distinct().collect(Collectors.joining("、")), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(hazards(first.hazards()), Element.ALIGN_LEFT));
            t.addCell(blocks.cell(String.valueOf(group.size()), Element.ALIGN_RIGHT));
            t.addCell(blocks.cell(PdfBlocks.number(weight) + (unweighed > 0 ? "\n（" + unweighed + " 件未称重）" : ""), Element.ALIGN_RIGHT));
        }
        return t;
    }

    private PdfPTable signatures() throws DocumentException {
        PdfPTable t = blocks.table(new float[] {1, 1, 1});
        PdfPCell heading = new PdfPCell(blocks.heading("签字"));
        heading.setColspan(3);
        heading.setBorder(Rectangle.NO_BORDER);
        heading.setPaddingLeft(0);
        t.addCell(heading);
        for (String who : List.of("移出人（签字/盖章）", "承运人（签字）", "接受人（签字/盖章）")) {
            PdfPCell c = new PdfPCell(new Phrase(who, body));
            c.setMinimumHeight(PdfCanvas.pt(22));
            c.setPadding(4);
            t.addCell(c);
        }
        for (int i = 0; i < 3; i++) {
            t.addCell(blocks.cell("日期：", Element.ALIGN_LEFT));
        }
        t.setKeepTogether(true); // never the heading or one party's box alone at the foot of a page
        t.setSpacingBefore(4);
        return t;
    }

    private static String hazards(List<Hazard> hazards) {
        return hazards.stream().map(Hazard::display).collect(Collectors.joining("、"));
    }
}
