package cn.hazchain.search;

/**
 * Conditions on one container (alias {@code c}), shared by the three kinds of search: the container search
 * selects them, the manifest and transfer searches aggregate them over their containers.
 */
final class ContainerSql {

    private ContainerSql() {
    }

    static final String WEIGHT_DEVIATION = "c.weight_flag";

    static final String REFUSED = "coalesce(c.acceptance IN ('REFUSED', 'PARTIALLY_REFUSED'), false)";

    /**
     * OVERDUE: ISSUED and generated (or, without a generation date, issued) before the generator-storage cutoff;
     * IN_STORAGE and last stored before the storage-point cutoff; IN_TRANSIT and last loaded on a day after which
     * more than receipt-working-days working days have passed. Cutoffs come from {@link Cutoffs}.
     */
    static final String OVERDUE = "coalesce(CASE c.state"
            + " WHEN 'ISSUED' THEN (c.generation_date < :issuedBefore OR (c.generation_date IS NULL AND c.created_at < :issuedBeforeStart))"
            + " WHEN 'IN_STORAGE' THEN (SELECT max(oe.server_time) FROM custody_event oe WHERE oe.container_id = c.id"
            + "   AND oe.type = 'CONTAINER_STORED') < :storedBefore"
            + " WHEN 'IN_TRANSIT' THEN (SELECT max(oe.server_time) FROM custody_event oe WHERE oe.container_id = c.id"
            + "   AND oe.type = 'CONTAINER_LOADED') < :loadedBefore"
            + " ELSE false END, false)";

    /**
     * The container involves party :party: its generator, its manifest's collector, its custodian, the storage
     * point holding it or holding its lot, or any party (shipper, origin, carrier, receiver) of a transfer it is
     * declared on.
     */
    static final String INVOLVES = "(c.generator_party_id = :party OR c.custodian_party_id = :party OR c.storage_point_id = :party"
            + " OR EXISTS (SELECT 1 FROM manifest pm WHERE pm.id = c.manifest_id AND pm.collector_party_id = :party)"
            + " OR EXISTS (SELECT 1 FROM lot pl WHERE pl.id = c.lot_id AND pl.storage_point_id = :party)"
            + " OR EXISTS (SELECT 1 FROM transfer_item pti JOIN transfer pt ON pt.id = pti.transfer_id WHERE pti.container_id = c.id"
            + "   AND (pt.shipper_party_id = :party OR pt.origin_party_id = :party OR pt.carrier_party_id = :party"
            + "   OR pt.receiver_party_id = :party)))";

    static String flag(Flag flag) {
        return switch (flag) {
            case WEIGHT_DEVIATION -> WEIGHT_DEVIATION;
            case OVERDUE -> OVERDUE;
            case REFUSED -> REFUSED;
        };
    }
}
