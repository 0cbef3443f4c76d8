package cn.hazchain.bench;

import java.util.List;
import java.util.Locale;

/**
 * One printed figure of the scale benchmark: what, the value and its unit, the target (empty when the issue sets
 * none), whether it was met, and a note (how it was measured or why it was not).
 */
record Figure(String id, String what, double value, String unit, String target, Verdict verdict, String note) {

    enum Verdict {
        MET("met"), NOT_MET("NOT MET"), NO_TARGET("-"), NOT_MEASURED("NOT MEASURED");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    static Figure info(String id, String what, double value, String unit, String note) {
        return new Figure(id, what, value, unit, "", Verdict.NO_TARGET, note);
    }

    /** A figure with a target "value ≥ min" (atLeast) or "value ≤ max". */
    static Figure target(String id, String what, double value, String unit, String target, boolean met, String note) {
        return new Figure(id, what, value, unit, target, met ? Verdict.MET : Verdict.NOT_MET, note);
    }

    static Figure missing(String id, String what, String target, String why) {
        return new Figure(id, what, Double.NaN, "", target, Verdict.NOT_MEASURED, why);
    }

    String valueText() {
        if (Double.isNaN(value)) {
            return "-";
        }
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    static void printTable(List<Figure> figures) {
        int w = Math.max(20, figures.stream().mapToInt(f -> f.id().length() + 1 + f.what().length()).max().orElse(20));
        String format = "%-" + w + "s  %16s  %-22s  %s%n";
        System.out.printf(format, "figure", "value", "target", "met");
        System.out.println("-".repeat(w + 16 + 22 + 18));
        for (Figure f : figures) {
            System.out.printf(format, f.id() + " " + f.what(), f.valueText(), f.target(), f.verdict().text
                    + (f.note().isEmpty() ? "" : "  (" + f.note() + ")"));
        }
    }
}
