package cn.hazchain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.hazchain.report.MassBalance.Figures;
import cn.hazchain.report.MassBalance.Flows;
import cn.hazchain.report.MassBalance.Kind;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which figures each kind shows and how its differences are computed, without Quarkus. */
class MassBalanceTest {

    // collected, stored, shipped, received, refused, returned, disposed, held at end
    static final Flows FLOWS = new Flows(kg("500.30"), kg("478.30"), kg("478.30"), kg("291.00"), kg("187.00"), kg("160.00"), kg("271.50"), kg("160.00"));

    static BigDecimal kg(String v) {
        return new BigDecimal(v);
    }

    static void assertDifferences(Figures f, String... nameFormulaKg) {
        assertEquals(nameFormulaKg.length / 3, f.differences().size());
        for (int i = 0; i < nameFormulaKg.length; i += 3) {
            MassBalance.Difference d = f.differences().get(i / 3);
            assertEquals(nameFormulaKg[i], d.name());
            assertEquals(nameFormulaKg[i + 1], d.formula());
            assertEquals(kg(nameFormulaKg[i + 2]), d.kg());
        }
    }

    @Test
    void generatorShowsItsContainersFlowsAndWhatIsOutstanding() {
        Figures f = MassBalance.of(Kind.GENERATOR, FLOWS);
        assertEquals(kg("500.30"), f.collectedKg());
        assertEquals(kg("271.50"), f.disposedKg());
        assertNull(f.returnedKg());
        assertNull(f.heldAtEndKg());
        assertDifferences(f, "collectedNotReceivedKg", "collectedKg - receivedKg - refusedKg", "22.30",
                "receivedNotDisposedKg", "receivedKg - disposedKg", "19.50");
    }

    @Test
    void collectorCountsReturnedContainersBackIntoWhatItHolds() {
        Figures f = MassBalance.of(Kind.COLLECTOR, FLOWS);
        assertEquals(kg("160.00"), f.returnedKg());
        assertNull(f.heldAtEndKg());
        assertDifferences(f, "heldNetKg", "collectedKg + returnedKg - shippedKg", "182.00",
                "transitNetKg", "shippedKg - receivedKg - refusedKg", "0.30");
    }

    @Test
    void storagePointShowsStaysOnly() {
        Figures f = MassBalance.of(Kind.STORAGE_POINT, new Flows(kg("0"), kg("478.30"), kg("318.30"), kg("0"), kg("0"), kg("0"), kg("0"), kg("160.00")));
        assertNull(f.collectedKg());
        assertNull(f.receivedKg());
        assertNull(f.refusedKg());
        assertNull(f.disposedKg());
        assertEquals(kg("160.00"), f.heldAtEndKg());
        assertDifferences(f, "heldNetKg", "storedKg - shippedKg", "160.00");
    }

    @Test
    void receiverShowsWhatWasSentToIt() {
        Figures f = MassBalance.of(Kind.RECEIVER, FLOWS);
        assertNull(f.collectedKg());
        assertNull(f.storedKg());
        assertEquals(kg("478.30"), f.shippedKg());
        assertDifferences(f, "transitNetKg", "shippedKg - receivedKg - refusedKg", "0.30",
                "receivedNotDisposedKg", "receivedKg - disposedKg", "19.50");
    }

    @Test
    void nothingMovedIsZeroToTwoDecimals() {
        for (Kind k : Kind.values()) {
            Figures f = MassBalance.of(k, Flows.NONE);
            for (BigDecimal v : java.util.stream.Stream.of(f.collectedKg(), f.storedKg(), f.shippedKg(), f.receivedKg(), f.refusedKg(),
                    f.returnedKg(), f.disposedKg(), f.heldAtEndKg()).filter(java.util.Objects::nonNull).toList()) {
                assertEquals(kg("0.00"), v);
            }
            f.differences().forEach(d -> assertEquals(kg("0.00"), d.kg()));
        }
    }

    @Test
    void aNegativeDifferenceIsShownAsSuch() {
        // received more than was shipped in the period (shipped in the previous one)
        Flows f = new Flows(kg("0"), kg("0"), kg("10"), kg("50"), kg("0"), kg("0"), kg("0"), kg("0"));
        assertEquals(List.of(kg("-40.00"), kg("50.00")), MassBalance.of(Kind.RECEIVER, f).differences().stream().map(MassBalance.Difference::kg).toList());
    }
}
