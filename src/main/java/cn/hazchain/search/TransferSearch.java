package cn.hazchain.search;

import static cn.hazchain.search.Column.Type.COUNT;
import static cn.hazchain.search.Column.Type.DATE;
import static cn.hazchain.search.Column.Type.DECIMAL;
import static cn.hazchain.search.Column.Type.ID;
import static cn.hazchain.search.Column.Type.TEXT;
import static cn.hazchain.search.Column.Type.TIME;

import cn.hazchain.custody.domain.ContainerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transfer manifests, one row each, with totals and flags over their declared containers and the state
 * {@code GET /api/transfers/{number}} derives (custody/TrailService.transfer), computed in SQL.
 */
final class TransferSearch implements SearchSpec {

    /**
     * OPEN until something is loaded, IN_TRANSIT while anything is on the road, CLOSED once every declared container
     * is disposed or refused back (or moved on to another transfer), else RECEIVED: as TrailService.transfer derives
     * it, stored by the read model (V9: transfer_progress, kept by triggers).
     */
    static final String STATE = "tp.state";

    private static final String ITEMS = "SELECT 1 FROM transfer_item fti JOIN container c ON c.id = fti.container_id WHERE fti.transfer_id = t.id AND ";

    private static final List<Column> COLUMNS = List.of(
            Column.of("number", "转移联单编号", "Transfer number", "t.number", TEXT),
            Column.of("state", "状态", "State", STATE, TEXT),
            Column.unsorted("shipperPartyId", "移出人编号", "Shipper ID", "t.shipper_party_id", ID),
            Column.of("shipperName", "移出人", "Shipper", "sh.name", TEXT),
            Column.of("originName", "起运地", "Origin", "og.name", TEXT),
            Column.of("carrierName", "承运人", "Carrier", "ca.name", TEXT),
            Column.unsorted("receiverPartyId", "接受人编号", "Receiver ID", "t.receiver_party_id", ID),
            Column.of("receiverName", "接受人", "Receiver", "rc.name", TEXT),
            Column.of("vehiclePlate", "车牌号", "Vehicle", "v.plate", TEXT),
            Column.of("plannedDate", "计划转移日期", "Planned date", "t.planned_date", DATE),
            Column.unsorted("wasteCodes", "废物代码", "Waste codes", "agg.codes", TEXT),
            Column.unsorted("categories", "废物类别", "Categories", "agg.cats", TEXT),
            Column.of("generators", "产废单位数", "Generators", "cardinality(tp.generators)", COUNT),
            Column.of("containers", "容器数", "Containers", "agg.n", COUNT),
            Column.of("collectedWeightKg", "收集重量(kg)", "Collected weight (kg)", "agg.collected_kg", DECIMAL),
            Column.of("receivedWeightKg", "接收重量(kg)", "Received weight (kg)", "agg.received_kg", DECIMAL),
            Column.of("refusedWeightKg", "拒收重量(kg)", "Refused weight (kg)", "agg.refused_kg", DECIMAL),
            Column.of("issuedAt", "开具时间", "Issued at", "t.created_at", TIME));

    @Override
    public String core() {
        return " FROM transfer t JOIN transfer_progress tp ON tp.transfer_id = t.id";
    }

    @Override
    public String details() {
        return " JOIN party sh ON sh.id = t.shipper_party_id JOIN party og ON og.id = t.origin_party_id"
                + " JOIN party ca ON ca.id = t.carrier_party_id JOIN party rc ON rc.id = t.receiver_party_id JOIN vehicle v ON v.id = t.vehicle_id"
                + " LEFT JOIN LATERAL (SELECT count(*) AS n,"
                + "   string_agg(DISTINCT CAST(c.waste_code AS text), ',') AS codes, string_agg(DISTINCT CAST(l.category AS text), ',') AS cats,"
                + "   sum(c.collected_weight_kg) AS collected_kg,"
                + "   sum(CASE WHEN so.c IS NULL THEN c.received_weight_kg ELSE so.received_kg END) AS received_kg,"
                + "   sum(CASE WHEN so.c IS NULL THEN c.refused_weight_kg ELSE so.refused_kg END) AS refused_kg,"
                + "   coalesce(bool_or(CASE WHEN so.c IS NULL THEN " + ContainerSql.WEIGHT_DEVIATION + " ELSE so.flag END), false) AS f_weight,"
                // a container moved on is REFUSED here, which is never overdue (ContainerSql.OVERDUE)
                + "   coalesce(bool_or(CASE WHEN so.c IS NULL THEN " + ContainerSql.OVERDUE + " ELSE false END), false) AS f_overdue,"
                + "   coalesce(bool_or(CASE WHEN so.c IS NULL THEN " + ContainerSql.REFUSED + " ELSE so.acceptance IN ('REFUSED', 'PARTIALLY_REFUSED') END),"
                + "     false) AS f_refused"
                + "   FROM transfer_item ti JOIN container c ON c.id = ti.container_id JOIN manifest_line l ON l.id = c.line_id"
                + "   LEFT JOIN unnest(CAST(:movedOnTransfer AS bigint[]), CAST(:movedOnContainer AS bigint[]), CAST(:movedOnReceivedKg AS numeric[]),"
                + "     CAST(:movedOnRefusedKg AS numeric[]), CAST(:movedOnAcceptance AS text[]), CAST(:movedOnFlag AS boolean[]))"
                + "     AS so(t, c, received_kg, refused_kg, acceptance, flag) ON so.t = ti.transfer_id AND so.c = c.id"
                + "   WHERE ti.transfer_id = t.id) agg ON true";
    }

    /**
     * Containers wholly refused on a transfer and moved on since (stored again, shipped on): the transfer's totals and
     * flags count each as it stood on that transfer (refused there), not as its next transfer left it, as the
     * transfer's lineage shows it. The search binds them as arrays (:movedOn*); none by default.
     */
    static final String MOVED_ON = "SELECT DISTINCT e.transfer_id, e.container_id, (SELECT max(x.seq) FROM custody_event x WHERE x.container_id = e.container_id"
            + " AND x.transfer_id = e.transfer_id) FROM custody_event e JOIN container c ON c.id = e.container_id JOIN transfer t ON t.id = e.transfer_id"
            + " WHERE e.type = 'CONTAINER_REFUSED' AND c.transfer_id IS DISTINCT FROM e.transfer_id AND %s ORDER BY e.transfer_id, e.container_id";

    /** The :movedOn* parameters: each (transfer, container) with the container as it stood after its last event on that transfer. */
    static Map<String, Object> movedOn(List<long[]> pairs, Map<Long, Map<Long, ContainerSnapshot>> thenByTransfer) {
        record Row(long transferId, ContainerSnapshot then) {
        }
        List<Row> rows = new ArrayList<>();
        for (long[] p : pairs) {
            ContainerSnapshot s = thenByTransfer.getOrDefault(p[0], Map.of()).get(p[1]);
            if (s != null) {
                rows.add(new Row(p[0], s));
            }
        }
        return ContainerSql.arrays(rows, Map.of(
                "movedOnTransfer", Row::transferId,
                "movedOnContainer", r -> r.then().id(),
                "movedOnReceivedKg", r -> r.then().receivedKg(),
                "movedOnRefusedKg", r -> r.then().refusedKg(),
                "movedOnAcceptance", r -> r.then().acceptance(),
                "movedOnFlag", r -> r.then().weightFlag()));
    }

    @Override
    public Map<String, Object> defaults() {
        return movedOn(List.of(), Map.of());
    }

    @Override
    public List<String> detailAliases() {
        return List.of("sh", "og", "ca", "rc", "v", "agg");
    }

    @Override
    public String base() {
        return "true";
    }

    @Override
    public String idColumn() {
        return "t.id";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public String defaultSort() {
        return "-plannedDate,-number";
    }

    @Override
    public List<String> states() {
        return List.of("OPEN", "IN_TRANSIT", "RECEIVED", "CLOSED");
    }

    @Override
    public String stateExpr() {
        return STATE;
    }

    @Override
    public String generator() {
        return "tp.generators @> ARRAY[CAST(:generator AS bigint)]";
    }

    @Override
    public String town() {
        return "tp.generators && ARRAY(SELECT fg.id FROM party fg WHERE fg.town = :town)";
    }

    @Override
    public String party() {
        // a container still on the transfer involves whoever ContainerSql.INVOLVES names; one moved on since (wholly
        // refused, shipped on) only its generator and collector: later custody never finds this transfer
        return "(t.shipper_party_id = :party OR t.origin_party_id = :party OR t.carrier_party_id = :party OR t.receiver_party_id = :party"
                + " OR EXISTS (" + ITEMS + "(CASE WHEN c.transfer_id = t.id THEN " + ContainerSql.INVOLVES + " ELSE c.generator_party_id = :party"
                + " OR EXISTS (SELECT 1 FROM manifest mm WHERE mm.id = c.manifest_id AND mm.collector_party_id = :party) END)))";
    }

    @Override
    public String wasteCode() {
        return "EXISTS (" + ITEMS + "c.waste_code = :wasteCode)";
    }

    @Override
    public String category() {
        return "EXISTS (" + ITEMS + "EXISTS (SELECT 1 FROM manifest_line fl WHERE fl.id = c.line_id AND fl.category = :category))";
    }

    @Override
    public String manifest() {
        return "EXISTS (" + ITEMS + "EXISTS (SELECT 1 FROM manifest fm WHERE fm.id = c.manifest_id AND fm.number = :manifest))";
    }

    @Override
    public String transfer() {
        return "t.number = :transfer";
    }

    @Override
    public String dateColumn() {
        return "t.planned_date";
    }

    @Override
    public boolean dateIsTime() {
        return false;
    }

    @Override
    public String flag(Flag flag) {
        return switch (flag) {
            case WEIGHT_DEVIATION -> "agg.f_weight";
            case OVERDUE -> "agg.f_overdue";
            case REFUSED -> "agg.f_refused";
        };
    }
}
