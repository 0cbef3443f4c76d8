package cn.hazchain.label;

import java.util.ArrayList;
import java.util.List;

/**
 * Hazard characteristics of the National Hazardous Waste List (危险特性), as printed on labels.
 * The catalogue writes them {@code T}, {@code C}, {@code I}, {@code R}, {@code In}.
 */
public enum Hazard {
    T("T", "毒性", "Toxic"),
    C("C", "腐蚀性", "Corrosive"),
    I("I", "易燃性", "Ignitable"),
    R("R", "反应性", "Reactive"),
    IN("In", "感染性", "Infectious");

    private final String code;
    private final String chinese;
    private final String english;

    Hazard(String code, String chinese, String english) {
        this.code = code;
        this.chinese = chinese;
        this.english = english;
    }

    /** As the catalogue writes it: {@code T} … {@code In}. */
    public String code() {
        return code;
    }

    /** 毒性, 腐蚀性, … */
    public String chinese() {
        return chinese;
    }

    /** {@code 毒性 T}: what the label prints in a hazard box. */
    public String display() {
        return chinese + " " + code;
    }

    /** {@code 毒性 Toxic (T)}: as the public pages show it. */
    public String bilingual() {
        return chinese + " " + english + " (" + code + ")";
    }

    /** {@link #bilingual()} of a code as stored; a code that is none of the five, as it is. */
    public static String bilingualOf(String code) {
        for (Hazard h : values()) {
            if (h.code.equals(code)) {
                return h.bilingual();
            }
        }
        return code;
    }

    public static Hazard ofCode(String code) {
        for (Hazard h : values()) {
            if (h.code.equals(code)) {
                return h;
            }
        }
        throw new IllegalArgumentException("hazard characteristic '" + code + "' is not one of T, C, I, R, In");
    }

    /** Reads the catalogue's notation, {@code T,I} or {@code T/C/I/R}, in the order written. */
    public static List<Hazard> parseList(String written) {
        List<Hazard> hazards = new ArrayList<>();
        for (String part : written.split("[,/，、\\s]+")) {
            if (!part.isEmpty()) {
                Hazard h = ofCode(part);
                if (!hazards.contains(h)) {
                    hazards.add(h);
                }
            }
        }
        return List.copyOf(hazards);
    }
}
