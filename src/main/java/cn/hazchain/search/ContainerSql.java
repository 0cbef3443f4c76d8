package cn.hazchain.search;

import cn.hazchain.custody.domain.ContainerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    static final String OVERDUE = overdue("");

    private static String overdue(String eventLimit) {
        return "coalesce(CASE c.state"
                + " WHEN 'ISSUED' THEN (c.generation_date < :issuedBefore OR (c.generation_date IS NULL AND c.created_at < :issuedBeforeStart))"
                + " WHEN 'IN_STORAGE' THEN (SELECT max(oe.server_time) FROM custody_event oe WHERE oe.container_id = c.id"
                + "   AND oe.type = 'CONTAINER_STORED'" + eventLimit + ") < :storedBefore"
                + " WHEN 'IN_TRANSIT' THEN (SELECT max(oe.server_time) FROM custody_event oe WHERE oe.container_id = c.id"
                + "   AND oe.type = 'CONTAINER_LOADED'" + eventLimit + ") < :loadedBefore"
                + " ELSE false END, false)";
    }

    /**
     * The container involves party :party: its generator, its manifest's collector, its custodian, the storage
     * point holding it or holding its lot, or any party (shipper, origin, carrier, receiver) of a transfer it is
     * declared on.
     */
    static final String INVOLVES = involves("");

    private static String involves(String transferLimit) {
        return "(c.generator_party_id = :party OR c.custodian_party_id = :party OR c.storage_point_id = :party"
                + " OR EXISTS (SELECT 1 FROM manifest pm WHERE pm.id = c.manifest_id AND pm.collector_party_id = :party)"
                + " OR EXISTS (SELECT 1 FROM lot pl WHERE pl.id = c.lot_id AND pl.storage_point_id = :party)"
                + " OR EXISTS (SELECT 1 FROM transfer_item pti JOIN transfer pt ON pt.id = pti.transfer_id WHERE pti.container_id = c.id"
                + "   AND (pt.shipper_party_id = :party OR pt.origin_party_id = :party OR pt.carrier_party_id = :party"
                + "   OR pt.receiver_party_id = :party)" + transferLimit + "))";
    }

    // ---- the container search: each row as the caller may see it ----------------------------------------------------

    /*
     * A party that sees a container only through a transfer it receives or carries sees it as it stood when its own
     * custody ended (Visibility#horizon). The container search reads its containers from a source whose columns are
     * those values: the containers as they are, except the ones that went on since, whose values come from their
     * fold at the horizon (CustodyRules#evolve over the events up to it, bound as arrays), with the horizon as
     * seen_seq (null for the others). Filters, sorts, flags, counts and exports then all read the same values, and
     * the conditions that look at events or transfers look only as far as seen_seq.
     */

    /** The containers as they are (for everyone who sees them whole, and anyone with nothing past a horizon). */
    static final String CURRENT = "(SELECT c0.*, CAST(NULL AS integer) AS seen_seq FROM container c0)";

    /** The container search's source when some containers are seen as they stood at a horizon: binds the :seen* arrays. */
    static final String SEEN = "(SELECT c0.id, c0.label_id, c0.manifest_id, c0.line_id, c0.generator_party_id, c0.waste_code,"
            + " c0.estimated_weight_kg, c0.generation_date, c0.created_at,"
            + " CASE WHEN s.id IS NULL THEN c0.state ELSE s.state END AS state,"
            + " CASE WHEN s.id IS NULL THEN c0.custodian_party_id ELSE s.custodian END AS custodian_party_id,"
            + " CASE WHEN s.id IS NULL THEN c0.storage_point_id ELSE s.point END AS storage_point_id,"
            + " CASE WHEN s.id IS NULL THEN c0.lot_id ELSE s.lot END AS lot_id,"
            + " CASE WHEN s.id IS NULL THEN c0.transfer_id ELSE s.transfer END AS transfer_id,"
            + " CASE WHEN s.id IS NULL THEN c0.last_weight_kg ELSE s.last_kg END AS last_weight_kg,"
            + " CASE WHEN s.id IS NULL THEN c0.collected_weight_kg ELSE s.collected_kg END AS collected_weight_kg,"
            + " CASE WHEN s.id IS NULL THEN c0.received_weight_kg ELSE s.received_kg END AS received_weight_kg,"
            + " CASE WHEN s.id IS NULL THEN c0.refused_weight_kg ELSE s.refused_kg END AS refused_weight_kg,"
            + " CASE WHEN s.id IS NULL THEN c0.acceptance ELSE s.acceptance END AS acceptance,"
            + " CASE WHEN s.id IS NULL THEN c0.weight_flag ELSE s.flag END AS weight_flag,"
            + " CASE WHEN s.id IS NULL THEN c0.last_event_at ELSE s.at END AS last_event_at,"
            + " s.seq AS seen_seq"
            + " FROM container c0 LEFT JOIN unnest(CAST(:seenId AS bigint[]), CAST(:seenSeq AS integer[]), CAST(:seenState AS text[]),"
            + " CAST(:seenCustodian AS bigint[]), CAST(:seenPoint AS bigint[]), CAST(:seenLot AS bigint[]), CAST(:seenTransfer AS bigint[]),"
            + " CAST(:seenLastKg AS numeric[]), CAST(:seenCollectedKg AS numeric[]), CAST(:seenReceivedKg AS numeric[]),"
            + " CAST(:seenRefusedKg AS numeric[]), CAST(:seenAcceptance AS text[]), CAST(:seenFlag AS boolean[]), CAST(:seenAt AS timestamptz[]))"
            + " AS s(id, seq, state, custodian, point, lot, transfer, last_kg, collected_kg, received_kg, refused_kg, acceptance, flag, at)"
            + " ON s.id = c0.id)";

    /** The :seen* parameters of {@link #SEEN}: each container's horizon and its values then. */
    static Map<String, Object> seen(Map<Long, Integer> horizons, Map<Long, ContainerSnapshot> then) {
        return arrays(new ArrayList<>(then.values()), Map.ofEntries(
                Map.entry("seenId", ContainerSnapshot::id),
                Map.entry("seenSeq", s -> horizons.get(s.id())),
                Map.entry("seenState", ContainerSnapshot::state),
                Map.entry("seenCustodian", ContainerSnapshot::custodianPartyId),
                Map.entry("seenPoint", ContainerSnapshot::storagePointId),
                Map.entry("seenLot", ContainerSnapshot::lotId),
                Map.entry("seenTransfer", ContainerSnapshot::transferId),
                Map.entry("seenLastKg", ContainerSnapshot::lastWeightKg),
                Map.entry("seenCollectedKg", ContainerSnapshot::collectedKg),
                Map.entry("seenReceivedKg", ContainerSnapshot::receivedKg),
                Map.entry("seenRefusedKg", ContainerSnapshot::refusedKg),
                Map.entry("seenAcceptance", ContainerSnapshot::acceptance),
                Map.entry("seenFlag", ContainerSnapshot::weightFlag),
                Map.entry("seenAt", ContainerSnapshot::lastEventAt)));
    }

    /**
     * Array parameters, one per named column, a value per row, as text (null stays null): the SQL casts each to its
     * type ({@code CAST(:name AS bigint[])}) and unnests them together.
     */
    static <T> Map<String, Object> arrays(List<T> rows, Map<String, Function<T, Object>> columns) {
        Map<String, Object> params = new LinkedHashMap<>();
        columns.forEach((name, value) -> params.put(name, rows.stream().map(value).map(v -> v == null ? null : v.toString()).toArray(String[]::new)));
        return params;
    }

    /** Events of a row seen up to its horizon are read up to it (seen_seq); all of them for the others. */
    private static final String SEEN_EVENTS = " AND (c.seen_seq IS NULL OR oe.seq <= c.seen_seq)";

    static final String OVERDUE_SEEN = overdue(SEEN_EVENTS);

    /** A row seen up to its horizon involves the parties of the transfers it had moved on by then, not of later ones. */
    static final String INVOLVES_SEEN = involves(" AND (c.seen_seq IS NULL OR EXISTS (SELECT 1 FROM custody_event pe WHERE pe.container_id = c.id"
            + " AND pe.transfer_id = pt.id AND pe.seq <= c.seen_seq))");

    static String seenFlag(Flag flag) {
        return flag == Flag.OVERDUE ? OVERDUE_SEEN : flag(flag);
    }

    static String flag(Flag flag) {
        return switch (flag) {
            case WEIGHT_DEVIATION -> WEIGHT_DEVIATION;
            case OVERDUE -> OVERDUE;
            case REFUSED -> REFUSED;
        };
    }
}
