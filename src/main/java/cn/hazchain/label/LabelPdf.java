package cn.hazchain.label;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.PageSize;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Printable container labels: one label per page at its HJ 1276-2022 size (for label printers), or an A4 sheet
 * holding the labels of a manifest's containers, packed in rows, with cut lines.
 */
public final class LabelPdf {

    /** Whether to print the orange label background (plain stock) or leave it to pre-printed stock / mono printers. */
    public enum Background { ORANGE, NONE }

    /** A4 is 209.9 mm wide in PDF points: two 100 mm labels fit with these, leaving 3.5 mm to the paper edge. */
    static final double SHEET_MARGIN_MM = 3.5;
    static final double SHEET_GAP_MM = 2;

    private final Background background;

    public LabelPdf() {
        this(Background.ORANGE);
    }

    public LabelPdf(Background background) {
        this.background = background;
    }

    /** One page, exactly the label's size (100, 150 or 200 mm square, by container volume). */
    public byte[] label(LabelData data) {
        float side = data.size().points();
        return render(new Rectangle(side, side), "危险废物标签 " + data.labelId(), (writer, document) -> {
            PdfContentByte cb = writer.getDirectContent();
            LabelDrawing.draw(new PdfCanvas(cb, PdfFonts.regular(), 0, side), data, QrCodes.encode(data.qrText()), orange());
        });
    }

    /** A4 portrait pages with as many labels as fit, in the order given (e.g. four 100 mm labels a page). */
    public byte[] sheet(List<LabelData> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels to print");
        }
        Rectangle a4 = PageSize.A4;
        double pageWidth = a4.getWidth() / PdfCanvas.PT_PER_MM;
        double pageHeight = a4.getHeight() / PdfCanvas.PT_PER_MM;
        return render(a4, "危险废物标签 (" + labels.size() + ")", (writer, document) -> {
            double x = SHEET_MARGIN_MM;
            double y = SHEET_MARGIN_MM;
            double rowHeight = 0;
            for (LabelData data : labels) {
                double side = data.size().mm();
                if (x + side > pageWidth - SHEET_MARGIN_MM + 1e-6) {
                    x = SHEET_MARGIN_MM;
                    y += rowHeight + SHEET_GAP_MM;
                    rowHeight = 0;
                }
                if (y + side > pageHeight - SHEET_MARGIN_MM + 1e-6) {
                    document.newPage();
                    x = SHEET_MARGIN_MM;
                    y = SHEET_MARGIN_MM;
                    rowHeight = 0;
                }
                PdfContentByte cb = writer.getDirectContent();
                PdfCanvas page = new PdfCanvas(cb, PdfFonts.regular(), 0, a4.getHeight());
                page.stroke(x, y, side, side, 0.1, Color.GRAY);
                LabelDrawing.draw(new PdfCanvas(cb, PdfFonts.regular(), PdfCanvas.pt(x), a4.getHeight() - PdfCanvas.pt(y)),
                        data, QrCodes.encode(data.qrText()), orange());
                x += side + SHEET_GAP_MM;
                rowHeight = Math.max(rowHeight, side);
            }
        });
    }

    private boolean orange() {
        return background == Background.ORANGE;
    }

    interface Content {
        void write(PdfWriter writer, Document document) throws DocumentException;
    }

    /** A document of the given page size with {@code content}, as bytes; PDF 1.7, fonts embedded. */
    static byte[] render(Rectangle pageSize, String title, Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Document document = new Document(pageSize, 0, 0, 0, 0);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            document.addTitle(title);
            document.addCreator("HazChain");
            document.open();
            content.write(writer, document);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot write PDF '" + title + "'", e);
        }
        return out.toByteArray();
    }
}
