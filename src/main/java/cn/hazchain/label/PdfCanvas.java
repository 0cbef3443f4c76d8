package cn.hazchain.label;

import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import java.awt.Color;
import java.util.List;

/**
 * Drawing on a PDF page in millimetres from the top-left corner of an area (PDF itself counts points from the
 * bottom left). Text goes into boxes through {@link TextFit}, so it is never set smaller than asked.
 */
final class PdfCanvas {

    static final float PT_PER_MM = 72f / 25.4f;
    /** Line pitch as a multiple of the font size. */
    static final double LEADING = 1.2;
    /** Baseline below the middle of a line, in ems: CJK ink spans about −0.1 to 0.8 em around the baseline. */
    private static final double BASELINE_BELOW_MIDDLE = 0.35;

    enum Align { LEFT, CENTER }

    private final PdfContentByte cb;
    private final BaseFont font;
    private final float left;
    private final float top;

    /** An area whose top-left corner is at ({@code leftPt}, {@code topPt}) in page coordinates. */
    PdfCanvas(PdfContentByte cb, BaseFont font, float leftPt, float topPt) {
        this.cb = cb;
        this.font = font;
        this.left = leftPt;
        this.top = topPt;
    }

    static float pt(double mm) {
        return (float) (mm * PT_PER_MM);
    }

    private float x(double mm) {
        return left + pt(mm);
    }

    private float y(double mm) {
        return top - pt(mm);
    }

    void fill(double x, double y, double w, double h, Color colour) {
        cb.setColorFill(colour);
        cb.rectangle(x(x), y(y + h), pt(w), pt(h));
        cb.fill();
    }

    void stroke(double x, double y, double w, double h, double lineMm, Color colour) {
        cb.setColorStroke(colour);
        cb.setLineWidth(pt(lineMm));
        cb.rectangle(x(x), y(y + h), pt(w), pt(h));
        cb.stroke();
    }

    void line(double x1, double y1, double x2, double y2, double lineMm, Color colour) {
        cb.setColorStroke(colour);
        cb.setLineWidth(pt(lineMm));
        cb.moveTo(x(x1), y(y1));
        cb.lineTo(x(x2), y(y2));
        cb.stroke();
    }

    /**
     * Sets text in a box at font size {@code emMm}, wrapping onto at most {@code maxLines} lines and condensing
     * horizontally down to {@code minScaling}; the lines are centred vertically.
     *
     * @return the horizontal scaling used
     * @throws IllegalArgumentException if the text does not fit even so
     */
    double text(String text, double x, double y, double w, double h, double emMm, int maxLines, double minScaling, Align align, boolean bold) {
        float size = pt(emMm);
        int lineCapacity = Math.max(1, Math.min(maxLines, (int) Math.floor(h / (emMm * LEADING) + 1e-9)));
        TextFit.Fitted fitted = TextFit.fit(text, s -> font.getWidthPoint(s, size), pt(w), lineCapacity, minScaling)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' does not fit in " + lineCapacity + " line(s) of "
                        + Math.round(w * 10) / 10.0 + " mm at " + Math.round(emMm * 100) / 100.0 + " mm text"));
        List<String> lines = fitted.lines();
        double pitch = emMm * LEADING;
        double firstMiddle = y + h / 2 - pitch * lines.size() / 2 + pitch / 2;
        cb.setColorFill(Color.BLACK);
        cb.setColorStroke(Color.BLACK);
        cb.beginText();
        cb.setFontAndSize(font, size);
        cb.setHorizontalScaling((float) (fitted.scaling() * 100));
        if (bold) {
            cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE);
            cb.setLineWidth(size * 0.04f);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            double lineWidthMm = font.getWidthPoint(line, size) * fitted.scaling() / PT_PER_MM;
            double lx = align == Align.CENTER ? x + (w - lineWidthMm) / 2 : x;
            double baseline = firstMiddle + i * pitch + emMm * BASELINE_BELOW_MIDDLE;
            cb.setTextMatrix(x(lx), y(baseline));
            cb.showText(line);
        }
        if (bold) {
            cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL);
        }
        cb.setHorizontalScaling(100);
        cb.endText();
        return fitted.scaling();
    }

    /** A QR code {@code sizeMm} square including its quiet zone, on white, as vector rectangles (one per run). */
    void qr(QrCodes.Symbol symbol, double x, double y, double sizeMm) {
        fill(x, y, sizeMm, sizeMm, Color.WHITE);
        double module = sizeMm / symbol.sizeWithQuietZone();
        double x0 = x + QrCodes.QUIET_ZONE * module;
        double y0 = y + QrCodes.QUIET_ZONE * module;
        cb.setColorFill(Color.BLACK);
        symbol.forEachRun((row, column, length) ->
                cb.rectangle(x(x0 + column * module), y(y0 + (row + 1) * module), pt(length * module), pt(module)));
        cb.fill();
    }
}
