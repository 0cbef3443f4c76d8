package cn.hazchain.licence;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The licence decision as a pure function: may a holder take waste code C on day D for Q tonnes, given its
 * licences and what each has already taken that year? No framework, so it is tested on its own.
 */
public final class LicenceRules {

    private LicenceRules() {
    }

    /** Why a licence does or does not allow a hand-over, from the best outcome to the worst. */
    public enum Reason {
        ALLOWED("allowed", "准许"),
        OVER_ANNUAL_CAPACITY("the licence's approved annual quantity would be exceeded", "超出核准年经营规模"),
        EXPIRED("the licence has expired", "许可证已过期"),
        NOT_YET_VALID("the licence is not yet valid on that day", "许可证尚未生效"),
        NOT_COVERED("no licence covers this waste code", "许可证未涵盖该废物代码"),
        NO_LICENCE("the party holds no licence", "无经营许可证");

        public final String en;
        public final String zh;

        Reason(String en, String zh) {
            this.en = en;
            this.zh = zh;
        }
    }

    /** One licence and the tonnes it has already received in the year of the hand-over. */
    public record Candidate(String number, List<String> codes, List<String> categories, BigDecimal approvedTonnes,
                            LocalDate validFrom, LocalDate validTo, BigDecimal receivedThisYear) {
    }

    public record Decision(boolean allowed, Reason reason, String licenceNumber, BigDecimal remainingTonnes) {
    }

    public static Decision decide(List<Candidate> licences, String code, String category, LocalDate day, BigDecimal tonnes) {
        if (licences.isEmpty()) {
            return new Decision(false, Reason.NO_LICENCE, null, null);
        }
        return licences.stream()
                .map(l -> judge(l, code, category, day, tonnes))
                .min(Comparator.comparing(Decision::reason))
                .orElseThrow();
    }

    static Decision judge(Candidate l, String code, String category, LocalDate day, BigDecimal tonnes) {
        if (!l.codes().contains(code) && !l.categories().contains(category)) {
            return new Decision(false, Reason.NOT_COVERED, l.number(), null);
        }
        if (day.isBefore(l.validFrom())) {
            return new Decision(false, Reason.NOT_YET_VALID, l.number(), null);
        }
        if (day.isAfter(l.validTo())) {
            return new Decision(false, Reason.EXPIRED, l.number(), null);
        }
        BigDecimal remaining = l.approvedTonnes().subtract(l.receivedThisYear());
        if (tonnes.compareTo(remaining) > 0) {
            return new Decision(false, Reason.OVER_ANNUAL_CAPACITY, l.number(), remaining.max(BigDecimal.ZERO));
        }
        return new Decision(true, Reason.ALLOWED, l.number(), remaining.subtract(tonnes));
    }
}
