package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.time.LocalDate;

/** Shared test data for the label package: a Jiangyin generator, a waste-oil label, a pickup manifest. */
final class LabelFixtures {

    /** A syntactically valid USCC of a Jiangyin firm (check character computed, not copied). */
    static final String GENERATOR_USCC = Uscc.withCheck("91320281MA1W8K3P2");
    static final String COLLECTOR_USCC = Uscc.withCheck("91320281MA2AB7C4X");
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    static final String BASE_URL = "https://hazchain.example";

    private LabelFixtures() {
    }

    static LabelId labelId(int sequence) {
        return LabelId.of(GENERATOR_USCC, "900-249-08", DAY, sequence);
    }
}
