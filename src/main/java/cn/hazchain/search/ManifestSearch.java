package cn.hazchain.search;

import static cn.hazchain.search.Column.Type.COUNT;
import static cn.hazchain.search.Column.Type.DATE;
import static cn.hazchain.search.Column.Type.DECIMAL;
import static cn.hazchain.search.Column.Type.ID;
import static cn.hazchain.search.Column.Type.TEXT;
import static cn.hazchain.search.Column.Type.TIME;

import cn.hazchain.manifest.ManifestState;
import java.util.Arrays;
import java.util.List;

/**
 * Pickup manifests, one row each, with the state derived from their containers ({@link ManifestState}; stored in
 * {@code manifest_progress}) and totals and flags aggregated over their containers.
 */
final class ManifestSearch implements SearchSpec {

    /** The state {@link ManifestState} derives, as stored by the read model (V9: manifest_progress, kept by triggers). */
    static final String STATE = "mp.state";

    private static final List<Column> COLUMNS = List.of(
            Column.of("number", "联单编号", "Manifest number", "m.number", TEXT),
            Column.of("state", "状态", "State", STATE, TEXT),
            Column.unsorted("generatorPartyId", "产废单位编号", "Generator ID", "m.generator_party_id", ID),
            Column.of("generatorName", "产废单位", "Generator", "g.name", TEXT),
            Column.of("generatorTown", "镇街", "Town", "g.town", TEXT),
            Column.of("collectorName", "收集单位", "Collector", "co.name", TEXT),
            Column.of("pickupDate", "收集日期", "Pickup date", "m.pickup_date", DATE),
            Column.unsorted("wasteCodes", "废物代码", "Waste codes", "lines.codes", TEXT),
            Column.unsorted("categories", "废物类别", "Categories", "lines.cats", TEXT),
            Column.of("containers", "容器数", "Containers", "agg.n", COUNT),
            Column.of("estimatedWeightKg", "预估重量(kg)", "Estimated weight (kg)", "agg.estimated_kg", DECIMAL),
            Column.of("collectedWeightKg", "收集重量(kg)", "Collected weight (kg)", "agg.collected_kg", DECIMAL),
            Column.of("receivedWeightKg", "接收重量(kg)", "Received weight (kg)", "agg.received_kg", DECIMAL),
            Column.of("refusedWeightKg", "拒收重量(kg)", "Refused weight (kg)", "agg.refused_kg", DECIMAL),
            Column.of("issuedAt", "开具时间", "Issued at", "m.created_at", TIME),
            Column.of("cancelledAt", "作废时间", "Cancelled at", "m.cancelled_at", TIME));

    @Override
    public String core() {
        return " FROM manifest m JOIN party g ON g.id = m.generator_party_id JOIN manifest_progress mp ON mp.manifest_id = m.id";
    }

    @Override
    public String details() {
        return " JOIN party co ON co.id = m.collector_party_id LEFT JOIN LATERAL (SELECT count(*) AS n,"
                + "   coalesce(sum(c.estimated_weight_kg), 0) AS estimated_kg, sum(c.collected_weight_kg) AS collected_kg,"
                + "   sum(c.received_weight_kg) AS received_kg, sum(c.refused_weight_kg) AS refused_kg,"
                + "   coalesce(bool_or(" + ContainerSql.WEIGHT_DEVIATION + "), false) AS f_weight,"
                + "   coalesce(bool_or(" + ContainerSql.OVERDUE + "), false) AS f_overdue,"
                + "   coalesce(bool_or(" + ContainerSql.REFUSED + "), false) AS f_refused"
                + "   FROM container c WHERE c.manifest_id = m.id) agg ON true"
                + " LEFT JOIN LATERAL (SELECT string_agg(CAST(ml.waste_code AS text), ',' ORDER BY ml.line_no) AS codes,"
                + "   string_agg(DISTINCT CAST(ml.category AS text), ',') AS cats FROM manifest_line ml WHERE ml.manifest_id = m.id) lines ON true";
    }

    @Override
    public List<String> detailAliases() {
        return List.of("co", "agg", "lines");
    }

    @Override
    public String base() {
        return "m.kind = 'PICKUP'";
    }

    @Override
    public String idColumn() {
        return "m.id";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public String defaultSort() {
        return "-pickupDate,-number";
    }

    @Override
    public List<String> states() {
        return Arrays.stream(ManifestState.values()).map(Enum::name).toList();
    }

    @Override
    public String stateExpr() {
        return STATE;
    }

    @Override
    public String generator() {
        return "m.generator_party_id = :generator";
    }

    @Override
    public String town() {
        return "g.town = :town";
    }

    @Override
    public String party() {
        return "(m.generator_party_id = :party OR m.collector_party_id = :party"
                + " OR EXISTS (SELECT 1 FROM container c WHERE c.manifest_id = m.id AND " + ContainerSql.INVOLVES + "))";
    }

    @Override
    public String wasteCode() {
        return "EXISTS (SELECT 1 FROM manifest_line fl WHERE fl.manifest_id = m.id AND fl.waste_code = :wasteCode)";
    }

    @Override
    public String category() {
        return "EXISTS (SELECT 1 FROM manifest_line fl WHERE fl.manifest_id = m.id AND fl.category = :category)";
    }

    @Override
    public String manifest() {
        return "m.number = :manifest";
    }

    @Override
    public String transfer() {
        return "EXISTS (SELECT 1 FROM container c JOIN transfer_item fti ON fti.container_id = c.id JOIN transfer ft ON ft.id = fti.transfer_id"
                + " WHERE c.manifest_id = m.id AND ft.number = :transfer)";
    }

    @Override
    public String dateColumn() {
        return "m.pickup_date";
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
