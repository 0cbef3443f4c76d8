package cn.hazchain.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * Which figures of a mass balance apply to which kind of party, and the differences between them. Pure: the
 * flows come from {@link MassBalanceService}, which sums custody events of the period; this class only decides
 * what is shown and computes the differences, so each definition lives in one place (see docs/regulator.md).
 */
public final class MassBalance {

    /** The kinds of party a mass balance is drawn for. */
    public enum Kind { GENERATOR, COLLECTOR, STORAGE_POINT, RECEIVER }

    /**
     * The kg that moved in the period for one party (zero when nothing moved).
     *
     * @param collected weights of CONTAINER_COLLECTED events
     * @param stored    weights of CONTAINER_STORED events
     * @param shipped   weights carried by CONTAINER_LOADED events (the last weight recorded before the load)
     * @param received  accepted kg of CONTAINER_RECEIVED events (weighed minus refused)
     * @param refused   refused kg of CONTAINER_RECEIVED (partial) and CONTAINER_REFUSED events
     * @param returned  weights of CONTAINER_REFUSED events: whole containers handed back to the shipper
     * @param disposed  accepted kg of the containers of CONTAINER_DISPOSED events
     * @param heldAtEnd kg stored at a storage point at the end of the period (stays not ended by a load)
     */
    public record Flows(BigDecimal collected, BigDecimal stored, BigDecimal shipped, BigDecimal received, BigDecimal refused,
                        BigDecimal returned, BigDecimal disposed, BigDecimal heldAtEnd) {

        public static final Flows NONE = new Flows(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** A named difference, its formula over the figures' JSON names, and its value. */
    public record Difference(String name, String formula, BigDecimal kg) {
    }

    /** The figures that apply to the kind (null where a figure does not apply) and its differences. */
    public record Figures(BigDecimal collectedKg, BigDecimal storedKg, BigDecimal shippedKg, BigDecimal receivedKg,
                          BigDecimal refusedKg, BigDecimal returnedKg, BigDecimal disposedKg, BigDecimal heldAtEndKg,
                          List<Difference> differences) {
    }

    private MassBalance() {
    }

    public static Figures of(Kind kind, Flows f) {
        return switch (kind) {
            // Everything that happened to the generator's containers, wherever they were.
            case GENERATOR -> new Figures(kg(f.collected()), kg(f.stored()), kg(f.shipped()), kg(f.received()), kg(f.refused()),
                    null, kg(f.disposed()), null, List.of(
                    new Difference("collectedNotReceivedKg", "collectedKg - receivedKg - refusedKg",
                            kg(f.collected().subtract(f.received()).subtract(f.refused()))),
                    new Difference("receivedNotDisposedKg", "receivedKg - disposedKg", kg(f.received().subtract(f.disposed())))));
            // Its pickups, its storage points, the transfers it ships and what became of them.
            case COLLECTOR -> new Figures(kg(f.collected()), kg(f.stored()), kg(f.shipped()), kg(f.received()), kg(f.refused()),
                    kg(f.returned()), kg(f.disposed()), null, List.of(
                    new Difference("heldNetKg", "collectedKg + returnedKg - shippedKg",
                            kg(f.collected().add(f.returned()).subtract(f.shipped()))),
                    new Difference("transitNetKg", "shippedKg - receivedKg - refusedKg",
                            kg(f.shipped().subtract(f.received()).subtract(f.refused())))));
            // Stays at the point: stored in, loaded out, still there at the end.
            case STORAGE_POINT -> new Figures(null, kg(f.stored()), kg(f.shipped()), null, null, null, null, kg(f.heldAtEnd()), List.of(
                    new Difference("heldNetKg", "storedKg - shippedKg", kg(f.stored().subtract(f.shipped())))));
            // Transfers addressed to it: sent, accepted, refused, disposed.
            case RECEIVER -> new Figures(null, null, kg(f.shipped()), kg(f.received()), kg(f.refused()), null, kg(f.disposed()), null, List.of(
                    new Difference("transitNetKg", "shippedKg - receivedKg - refusedKg",
                            kg(f.shipped().subtract(f.received()).subtract(f.refused()))),
                    new Difference("receivedNotDisposedKg", "receivedKg - disposedKg", kg(f.received().subtract(f.disposed())))));
        };
    }

    /** Kilograms to two decimals, as weighed. */
    static BigDecimal kg(BigDecimal v) {
        return (v == null ? BigDecimal.ZERO : v).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
