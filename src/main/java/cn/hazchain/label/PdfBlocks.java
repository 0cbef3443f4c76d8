package cn.hazchain.label;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;

/**
 * The pieces A4 documents (the manifest, the regulator's audit report) are built from: the embedded CJK font,
 * body and small text, bordered tables with grey header cells, headings, bold (the font has no bold face) and a
 * footer with "第 n / m 页" on every page.
 */
public final class PdfBlocks {

    public static final float MARGIN = PdfCanvas.pt(15);
    public static final float BODY = 9;
    public static final Color HEADER_GREY = new Color(230, 230, 230);

    private final BaseFont font = PdfFonts.regular();
    private final Font body = new Font(font, BODY);
    private final Font small = new Font(font, BODY - 1.5f);

    public BaseFont font() {
        return font;
    }

    public Font body() {
        return body;
    }

    public Font small() {
        return small;
    }

    /** An A4 portrait document with the house margins (a little more at the foot, for the footer). */
    public static Document a4() {
        return new Document(PageSize.A4, MARGIN, MARGIN, MARGIN, MARGIN + PdfCanvas.pt(6));
    }

    /**
     * Opens {@code document} (an {@link #a4()}) onto {@code out}: PDF 1.7, {@code footerPrefix} and the page numbers at
     * the foot of every page, {@code title} in the document's properties.
     */
    public PdfWriter open(Document document, OutputStream out, String footerPrefix, String title) throws DocumentException {
        PdfWriter writer = PdfWriter.getInstance(document, out);
        writer.setPdfVersion(PdfWriter.VERSION_1_7);
        writer.setPageEvent(footer(footerPrefix));
        document.addTitle(title);
        document.addCreator("HazChain");
        document.open();
        return writer;
    }

    /** The document's title, centred, bold at {@code size}; its English beneath (bold, 10 pt) unless null. */
    public void title(Document document, String zh, float size, String en) throws DocumentException {
        List<Paragraph> lines = new ArrayList<>(List.of(new Paragraph(bold(zh, size))));
        if (en != null) {
            lines.add(new Paragraph(bold(en, 10)));
        }
        lines.get(lines.size() - 1).setSpacingAfter(8);
        for (Paragraph line : lines) {
            line.setAlignment(Element.ALIGN_CENTER);
            document.add(line);
        }
    }

    public static float mm(double mm) {
        return PdfCanvas.pt(mm);
    }

    /** A full-width table with the given relative column widths. */
    public PdfPTable table(float[] widths) throws DocumentException {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setSpacingAfter(4);
        return t;
    }

    /** A label cell on grey and its value, as one row of a two-column table. */
    public void row(PdfPTable t, String label, String value) {
        PdfPCell l = new PdfPCell(bold(label, BODY));
        l.setBackgroundColor(HEADER_GREY);
        l.setPadding(4);
        t.addCell(l);
        t.addCell(cell(value, Element.ALIGN_LEFT));
    }

    /** A label cell on grey in Chinese, with its English beneath in small type, and its value: one row of a two-column table. */
    public void row(PdfPTable t, String zh, String en, String value) {
        PdfPCell l = new PdfPCell(bilingual(zh, en));
        l.setBackgroundColor(HEADER_GREY);
        l.setPadding(4);
        t.addCell(l);
        t.addCell(cell(value, Element.ALIGN_LEFT));
    }

    /** A header cell in Chinese with its English beneath. */
    public PdfPCell headerCell(String zh, String en) {
        PdfPCell c = headerCell(zh);
        c.setPhrase(bilingual(zh, en));
        return c;
    }

    /** Bold Chinese, then its English on the next line in small type. */
    public Phrase bilingual(String zh, String en) {
        Phrase p = bold(zh, BODY);
        p.add(new Chunk("\n" + en, small));
        return p;
    }

    /**
     * A header: the fields (a table) on the left, a QR code {@code sizeMm} square on the right with its caption
     * beneath, the whole as wide as the page.
     */
    public PdfPTable withQr(PdfPTable fields, PdfContentByte cb, String qrText, double sizeMm, String caption) throws DocumentException {
        float qrSize = PdfCanvas.pt(sizeMm);
        PdfTemplate qr = cb.createTemplate(qrSize, qrSize);
        new PdfCanvas(qr, font, 0, qrSize).qr(QrCodes.encode(qrText), 0, 0, sizeMm);
        PdfPCell qrCell = new PdfPCell();
        qrCell.setBorder(Rectangle.NO_BORDER);
        qrCell.setHorizontalAlignment(Element.ALIGN_CENTER);
        qrCell.addElement(Image.getInstance(qr));
        Paragraph under = new Paragraph(new Phrase(caption, small));
        under.setAlignment(Element.ALIGN_CENTER);
        qrCell.addElement(under);

        PdfPTable header = new PdfPTable(new float[] {74, 26});
        header.setWidthPercentage(100);
        PdfPCell fieldsCell = new PdfPCell();
        fieldsCell.addElement(fields); // as an element, so the table keeps its height instead of stretching to the QR's
        fieldsCell.setBorder(Rectangle.NO_BORDER);
        fieldsCell.setPaddingLeft(0);
        fieldsCell.setPaddingRight(6);
        header.addCell(fieldsCell);
        header.addCell(qrCell);
        header.setSpacingAfter(6);
        return header;
    }

    public PdfPCell headerCell(String text) {
        PdfPCell c = new PdfPCell(bold(text, BODY));
        c.setBackgroundColor(HEADER_GREY);
        c.setHorizontalAlignment(Element.ALIGN_CENTER);
        c.setVerticalAlignment(Element.ALIGN_MIDDLE);
        c.setPadding(4);
        return c;
    }

    public PdfPCell cell(String text, int align) {
        return cell(text, align, body);
    }

    public PdfPCell cell(String text, int align, Font f) {
        PdfPCell c = new PdfPCell(new Phrase(text, f));
        c.setHorizontalAlignment(align);
        c.setVerticalAlignment(Element.ALIGN_MIDDLE);
        c.setPadding(4);
        return c;
    }

    public Paragraph heading(String text) {
        Paragraph p = new Paragraph(bold(text, BODY + 2));
        p.setSpacingBefore(4);
        p.setSpacingAfter(4);
        return p;
    }

    /** The font has no bold face: bold is drawn by stroking the glyph outlines as well as filling them. */
    public Phrase bold(String text, float size) {
        Chunk chunk = new Chunk(text, new Font(font, size));
        chunk.setTextRenderMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE, size * 0.03f, Color.BLACK);
        return new Phrase(chunk);
    }

    /** A weight or count as printed: no trailing zeros, no exponent. */
    public static String number(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    /** "{prefix}    第 n / m 页" at the foot of every page; m is filled in when the document closes. */
    public PdfPageEventHelper footer(String prefix) {
        return new Footer(prefix);
    }

    private final class Footer extends PdfPageEventHelper {
        private final String prefix;
        private PdfTemplate total;

        Footer(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void onOpenDocument(PdfWriter writer, Document document) {
            total = writer.getDirectContent().createTemplate(PdfCanvas.pt(12), PdfCanvas.pt(5));
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            PdfContentByte cb = writer.getDirectContent();
            String text = prefix + "    第 " + writer.getPageNumber() + " / ";
            float x = MARGIN;
            float y = PdfCanvas.pt(10);
            cb.beginText();
            cb.setFontAndSize(font, BODY - 1);
            cb.setTextMatrix(x, y);
            cb.showText(text);
            cb.endText();
            float after = x + font.getWidthPoint(text, BODY - 1);
            cb.addTemplate(total, after, y);
        }

        @Override
        public void onCloseDocument(PdfWriter writer, Document document) {
            total.beginText();
            total.setFontAndSize(font, BODY - 1);
            total.setTextMatrix(0, 0);
            total.showText((writer.getPageNumber() - 1) + " 页");
            total.endText();
        }
    }
}
