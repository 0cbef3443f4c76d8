package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Shared test data for the label package: a Jiangyin generator, a waste-oil label, a pickup manifest, a transfer manifest. */
final class LabelFixtures {

    /** A syntactically valid USCC of a Jiangyin firm (check character computed, not copied). */
    static final String GENERATOR_USCC = Uscc.withCheck("91320281MA1W8K3P2");
    static final String COLLECTOR_USCC = Uscc.withCheck("91320281MA2AB7C4X");
    static final String CARRIER_USCC = Uscc.withCheck("91320281MA3CD8E5Y");
    static final String RECEIVER_USCC = Uscc.withCheck("91320281MA4EF9G6W");
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

    /** A 25 L can of waste oil (100 × 100 mm label). */
    static LabelData wasteOil(int sequence) {
        return wasteOil(sequence, 25);
    }

    static LabelData wasteOil(int sequence, double litres) {
        LabelId id = labelId(sequence);
        return new LabelData(id, BASE_URL + "/v/" + id + ".abcd." + "A".repeat(86), "废矿物油", "废机油、液压油",
                List.of(Hazard.T, Hazard.I), "液态", DAY, "江阴市澄江精密机械有限公司", "张伟", "13812345678",
                new BigDecimal("18.5"), litres);
    }

    /** A 60 L drum of contaminated packaging (150 × 150 mm label), not yet weighed. */
    static LabelData packaging(int sequence) {
        LabelId id = LabelId.of(GENERATOR_USCC, "900-041-49", DAY, sequence);
        return new LabelData(id, BASE_URL + "/v/" + id + ".abcd." + "B".repeat(86), "废包装桶", "沾染矿物油的铁桶",
                List.of(Hazard.T, Hazard.IN), "固态", DAY, "江阴市澄江精密机械有限公司", "张伟", "13812345678", null, 60);
    }

    /** A pickup manifest: every third container is packaging, the rest waste oil. */
    static ManifestData pickup(int containers) {
        List<LabelData> labels = new ArrayList<>();
        for (int i = 1; i <= containers; i++) {
            labels.add(i % 3 == 0 ? packaging(i) : wasteOil(i));
        }
        return new ManifestData("20263202000123", DAY, "江阴市澄江精密机械有限公司", GENERATOR_USCC, "江阴绿源环保科技有限公司",
                COLLECTOR_USCC, "苏B·D1234", BASE_URL + "/m/20263202000123", labels);
    }

    /**
     * A transfer from the collector to an incinerator: waste oil partly refused at receipt, oily rags not received
     * yet; signed as {@code signatures} says.
     */
    static TransferData transfer(TransferData.Signatures signatures) {
        return new TransferData("20263202000456", DAY, new TransferData.Party("江阴绿源环保科技有限公司", COLLECTOR_USCC, "李娜", "0510-86001234"),
                new TransferData.Party("江阴安运危险品运输有限公司", CARRIER_USCC, null, "0510-86005678"),
                new TransferData.Party("江阴绿源危险废物焚烧处置有限公司", RECEIVER_USCC, "周强", null), "苏BD12345", "苏交运管危字320281000123",
                "王师傅", BASE_URL + "/v/t/20263202000456.abcd." + "C".repeat(86), List.of(
                        new TransferData.Line("900-214-08", "HW08", "废矿物油与含矿物油废物", List.of(Hazard.T, Hazard.I), 7,
                                new BigDecimal("1060.50"), new BigDecimal("1030.50"), new BigDecimal("30")),
                        new TransferData.Line("900-041-49", "HW49", "其他废物", List.of(Hazard.T, Hazard.IN), 5,
                                new BigDecimal("99.00"), null, BigDecimal.ZERO)), signatures);
    }
}
