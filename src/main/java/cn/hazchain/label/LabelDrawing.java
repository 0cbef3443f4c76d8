package cn.hazchain.label;

import cn.hazchain.label.PdfCanvas.Align;
import java.awt.Color;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Draws one HJ 1276-2022 container label (危险废物标签) onto a {@link PdfCanvas}. The layout is designed on a
 * 100 × 100 grid and scaled to the label size; text is 3.85 % of the label width, which gives Chinese characters
 * at least the standard's minimum height on every size (3.35 / 5.0 / 6.7 mm ink for 3 / 5 / 6 mm).
 *
 * <pre>
 * ┌────────────────────────────────────┐
 * │              危险废物              │
 * ├────────┬────────────────┬──────────┤
 * │废物名称│                │ 危险特性 │
 * │废物类别│                │ [毒性 T] │
 * │废物代码│                │ [易燃性I]│
 * │废物形态│                │          │
 * │主要成分│                │ ┌──────┐ │
 * │产生日期│                │ │  QR  │ │
 * │产生单位│                │ └──────┘ │
 * │联系人… │                │ 扫码核验 │
 * │重量    │                │          │
 * │数字识别码 91320281…               │
 * └────────────────────────────────────┘
 * </pre>
 */
final class LabelDrawing {

    /** Background of HJ 1276-2022 labels: a conspicuous orange-yellow (verify the exact value against the standard). */
    static final Color ORANGE = new Color(255, 150, 0);
    static final Color HAZARD_RED = new Color(204, 0, 0);
    /** Text size, in hundredths of the label width. */
    static final double EM = 3.85;
    /** Condensing floors: field text may go down to 75 % width, the 37-character ID to 70 %. */
    static final double MIN_SCALING = 0.75;
    static final double MIN_SCALING_ID = 0.70;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final double MARGIN = 3;
    private static final double PAD = 0.8;
    private static final double TITLE_BOTTOM = 14;
    private static final double COL_A = MARGIN;
    private static final double COL_B = 24;
    private static final double COL_C = 66;
    private static final double RIGHT = 100 - MARGIN;
    private static final double BOTTOM = 100 - MARGIN;
    private static final double ONE_LINE = 6.5;
    private static final double TWO_LINES = 11;
    private static final double QR = 30;

    private final PdfCanvas canvas;
    /** Millimetres per grid unit. */
    private final double u;

    private LabelDrawing(PdfCanvas canvas, LabelSize size) {
        this.canvas = canvas;
        this.u = size.mm() / 100.0;
    }

    /** Draws the label with its top-left corner at the canvas origin. */
    static void draw(PdfCanvas canvas, LabelData data, QrCodes.Symbol qr, boolean orangeBackground) {
        new LabelDrawing(canvas, data.size()).draw(data, qr, orangeBackground);
    }

    /** The font size on a label of this size, in mm. */
    static double emMm(LabelSize size) {
        return EM * size.mm() / 100.0;
    }

    private void draw(LabelData data, QrCodes.Symbol qr, boolean orangeBackground) {
        if (orangeBackground) {
            fill(0, 0, 100, 100, ORANGE);
        }
        stroke(1.5, 1.5, 97, 97, 0.6);
        text("危 险 废 物", MARGIN, MARGIN, RIGHT - MARGIN, TITLE_BOTTOM - MARGIN - 0.5, EM * 2.1, 1, Align.CENTER, true, MIN_SCALING);
        line(MARGIN, TITLE_BOTTOM, RIGHT, TITLE_BOTTOM, 0.5);

        double y = TITLE_BOTTOM;
        y = field(y, ONE_LINE * 2 - 2, "废物名称", data.wasteName(), 2);
        y = field(y, ONE_LINE, "废物类别", data.category(), 1);
        y = field(y, ONE_LINE, "废物代码", data.wasteCode(), 1);
        y = field(y, ONE_LINE, "废物形态", data.physicalForm(), 1);
        double hazardsBottom = y;
        y = field(y, TWO_LINES, "主要成分", data.mainComponents(), 2);
        y = field(y, ONE_LINE, "产生日期", DATE.format(data.generationDate()), 1);
        y = field(y, TWO_LINES, "产生单位", data.generatorName(), 2);
        y = field(y, TWO_LINES, "联系人\n联系方式", data.contactName() + "\n" + data.contactPhone(), 2);
        y = field(y, ONE_LINE, "重量", data.weightText(), 1);
        double qrBottom = y;
        line(COL_A, y, RIGHT, y, 0.25);
        text("数字识别码", COL_A + PAD, y, COL_B - COL_A - 2 * PAD, BOTTOM - y, EM, 1, Align.LEFT, true, MIN_SCALING);
        text(data.labelId().format(), COL_B + PAD, y, RIGHT - COL_B - 2 * PAD, BOTTOM - y, EM, 1, Align.LEFT, false, MIN_SCALING_ID);

        line(COL_B, TITLE_BOTTOM, COL_B, BOTTOM, 0.25);
        line(COL_C, TITLE_BOTTOM, COL_C, qrBottom, 0.25);
        line(COL_C, hazardsBottom, RIGHT, hazardsBottom, 0.25);
        hazards(data.hazards(), TITLE_BOTTOM, hazardsBottom);
        qr(qr, hazardsBottom, qrBottom);
    }

    /** One row: the field name in column A, the value in column B; returns the row's bottom. */
    private double field(double top, double height, String name, String value, int lines) {
        text(name, COL_A + PAD, top, COL_B - COL_A - 2 * PAD, height, EM, 2, Align.LEFT, true, MIN_SCALING);
        text(value, COL_B + PAD, top, COL_C - COL_B - 2 * PAD, height, EM, lines, Align.LEFT, false, MIN_SCALING);
        line(COL_A, top + height, COL_C, top + height, 0.25);
        return top + height;
    }

    /** 危险特性 heading, then one box per hazard: a column of wide boxes for up to 3, two columns for more. */
    private void hazards(List<Hazard> hazards, double top, double bottom) {
        double left = COL_C + PAD;
        double width = RIGHT - COL_C - 2 * PAD;
        text("危险特性", left, top, width, ONE_LINE, EM, 1, Align.CENTER, true, MIN_SCALING);
        int columns = hazards.size() <= 3 ? 1 : 2;
        int rows = (hazards.size() + columns - 1) / columns;
        double gap = 0.8;
        double boxWidth = (width - (columns - 1) * gap) / columns;
        double boxHeight = Math.min(7, (bottom - top - ONE_LINE - PAD - (rows - 1) * gap) / rows);
        for (int i = 0; i < hazards.size(); i++) {
            double bx = left + (i % columns) * (boxWidth + gap);
            double by = top + ONE_LINE + (i / columns) * (boxHeight + gap);
            fill(bx, by, boxWidth, boxHeight, Color.WHITE);
            canvas.stroke(bx * u, by * u, boxWidth * u, boxHeight * u, 0.5 * u, HAZARD_RED);
            text(hazards.get(i).display(), bx + 0.5, by, boxWidth - 1, boxHeight, EM, 1, Align.CENTER, true, 0.6);
        }
    }

    /** The QR code, 30 % of the label wide with its quiet zone, centred in column C, and a caption. */
    private void qr(QrCodes.Symbol qr, double top, double bottom) {
        double caption = ONE_LINE - 1;
        double x = COL_C + (RIGHT - COL_C - QR) / 2;
        double y = top + (bottom - top - QR - caption) / 2;
        canvas.qr(qr, x * u, y * u, QR * u);
        text("扫码核验", COL_C, y + QR, RIGHT - COL_C, caption, EM, 1, Align.CENTER, false, MIN_SCALING);
    }

    private void text(String s, double x, double y, double w, double h, double em, int lines, Align align, boolean bold, double minScaling) {
        canvas.text(s, x * u, y * u, w * u, h * u, em * u, lines, minScaling, align, bold);
    }

    private void fill(double x, double y, double w, double h, Color colour) {
        canvas.fill(x * u, y * u, w * u, h * u, colour);
    }

    private void stroke(double x, double y, double w, double h, double line) {
        canvas.stroke(x * u, y * u, w * u, h * u, line * u, Color.BLACK);
    }

    private void line(double x1, double y1, double x2, double y2, double width) {
        canvas.line(x1 * u, y1 * u, x2 * u, y2 * u, width * u, Color.BLACK);
    }
}
