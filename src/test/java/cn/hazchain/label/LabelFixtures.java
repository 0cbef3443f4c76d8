package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;

/** Shared test data for the label package: a Jiangyin generator, a waste-oil label, a pickup manifest. */
final class LabelFixtures {

    /** A syntactically valid USCC of a Jiangyin firm (check character computed, not copied). */
    static final String GENERATOR_USCC = Uscc.withCheck("91320281MA1W8K3P2");
    static final String COLLECTOR_USCC = Uscc.withCheck("91320281MA2AB7C4X");
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    static final String BASE_URL = "https://hazchain.example";

    private LabelFixtures() {
    }

    /** RFC 8032 section 7.1 test 1 secret, as PKCS#8 DER: a key ring whose tokens are the same on every run. */
    static LabelKeyRing fixedKeyRing(Path dir) {
        LabelKeyRing ring = LabelKeyRing.openOrCreate(dir);
        ring.importKey(HexFormat.of().parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), true);
        return ring;
    }

    static LabelId labelId(int sequence) {
        return LabelId.of(GENERATOR_USCC, "900-249-08", DAY, sequence);
    }
}
