package cn.hazchain.custody.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A container as the custody rules see it: what it is (fixed at issue) and where its custody stands (the fold of
 * its events, {@link CustodyRules#evolve}). The {@code container} row holds exactly this; nothing else writes it.
 */
public record ContainerSnapshot(
        long id, String labelId, long manifestId, long generatorPartyId, String wasteCode, BigDecimal estimatedKg,
        ContainerState state, int version, Long custodianPartyId, Long storagePointId, Long lastStoragePointId, Long lotId,
        Long transferId, BigDecimal lastWeightKg, BigDecimal collectedKg, BigDecimal receivedKg, BigDecimal refusedKg,
        Acceptance acceptance, String disposalMethod, boolean weightFlag, Instant lastEventAt,
        PickupConfirmation.Status pickupConfirmation) {

    /** A container about to be issued: nothing has happened to it yet. */
    public static ContainerSnapshot blank(long id, String labelId, long manifestId, long generatorPartyId, String wasteCode,
                                          BigDecimal estimatedKg) {
        return new ContainerSnapshot(id, labelId, manifestId, generatorPartyId, wasteCode, estimatedKg, null, -1, null, null, null, null,
                null, null, null, null, null, null, null, false, null, null);
    }

    /** The best known weight: the last weighing, else the estimate. */
    public BigDecimal weightKg() {
        return lastWeightKg != null ? lastWeightKg : estimatedKg;
    }
}
