package cn.hazchain.label;

/**
 * Label sizes of HJ 1276-2022 by container volume, with the minimum text height for each:
 * ≤ 50 L 100×100 mm (3 mm); over 50 L and under 450 L 150×150 mm (5 mm); ≥ 450 L 200×200 mm (6 mm).
 */
public enum LabelSize {
    SMALL(100, 3),
    MEDIUM(150, 5),
    LARGE(200, 6);

    private final int mm;
    private final int minTextMm;

    LabelSize(int mm, int minTextMm) {
        this.mm = mm;
        this.minTextMm = minTextMm;
    }

    /** @throws IllegalArgumentException unless the volume is a positive number of litres */
    public static LabelSize forVolume(double litres) {
        if (!(litres > 0) || Double.isInfinite(litres)) {
            throw new IllegalArgumentException("container volume must be a positive number of litres, got " + litres);
        }
        if (litres <= 50) {
            return SMALL;
        }
        return litres < 450 ? MEDIUM : LARGE;
    }

    /** Width and height of the (square) label. */
    public int mm() {
        return mm;
    }

    /** The smallest text height the standard allows on this label. */
    public int minTextMm() {
        return minTextMm;
    }

    public float points() {
        return (float) (mm * 72 / 25.4);
    }
}
