package cn.hazchain.search;

import static cn.hazchain.search.Column.Type.DATE;
import static cn.hazchain.search.Column.Type.DECIMAL;
import static cn.hazchain.search.Column.Type.ID;
import static cn.hazchain.search.Column.Type.TEXT;
import static cn.hazchain.search.Column.Type.TIME;

import cn.hazchain.custody.domain.ContainerState;
import java.util.Arrays;
import java.util.List;

/**
 * Containers, one row each: label, state, code, generator, custodian, weights, dates, flags. Each row as the caller
 * may see it: a container seen only up to where the caller's custody ended shows, filters and sorts by its values then
 * ({@link ContainerSql#SEEN}).
 */
final class ContainerSearch implements SearchSpec {

    private static final List<Column> COLUMNS = List.of(
            Column.of("labelId", "标签编号", "Label ID", "c.label_id", TEXT),
            Column.of("state", "状态", "State", "c.state", TEXT),
            Column.of("wasteCode", "废物代码", "Waste code", "c.waste_code", TEXT),
            Column.of("category", "废物类别", "Category", "l.category", TEXT),
            Column.of("wasteName", "废物名称", "Waste name", "l.waste_name", TEXT),
            Column.of("manifestNumber", "联单编号", "Manifest number", "m.number", TEXT),
            Column.unsorted("generatorPartyId", "产废单位编号", "Generator ID", "c.generator_party_id", ID),
            Column.of("generatorName", "产废单位", "Generator", "g.name", TEXT),
            Column.of("generatorTown", "镇街", "Town", "g.town", TEXT),
            Column.of("custodianName", "当前保管单位", "Custodian", "coalesce(cu.name, g.name)", TEXT),
            Column.of("storagePointName", "贮存点", "Storage point", "sp.name", TEXT),
            Column.of("transferNumber", "转移联单编号", "Transfer number", "t.number", TEXT),
            Column.of("acceptance", "接收结果", "Acceptance", "c.acceptance", TEXT),
            Column.of("estimatedWeightKg", "预估重量(kg)", "Estimated weight (kg)", "c.estimated_weight_kg", DECIMAL),
            Column.of("collectedWeightKg", "收集重量(kg)", "Collected weight (kg)", "c.collected_weight_kg", DECIMAL),
            Column.of("lastWeightKg", "最近称重(kg)", "Last weight (kg)", "c.last_weight_kg", DECIMAL),
            Column.of("receivedWeightKg", "接收重量(kg)", "Received weight (kg)", "c.received_weight_kg", DECIMAL),
            Column.of("refusedWeightKg", "拒收重量(kg)", "Refused weight (kg)", "c.refused_weight_kg", DECIMAL),
            Column.of("generationDate", "产生日期", "Generation date", "c.generation_date", DATE),
            Column.of("issuedAt", "开具时间", "Issued at", "c.created_at", TIME),
            Column.of("lastEventAt", "最近事件时间", "Last event at", "c.last_event_at", TIME));

    /** The container and its generator: what the common filters (town, generator, code, state, dates) and the counts need. */
    @Override
    public String core() {
        return core(ContainerSql.CURRENT);
    }

    /** The same over {@code containers}: {@link ContainerSql#CURRENT} or {@link ContainerSql#SEEN}. */
    @Override
    public String core(String containers) {
        return " FROM " + containers + " c JOIN party g ON g.id = c.generator_party_id";
    }

    @Override
    public String details() {
        return details("true");
    }

    @Override
    public String details(String transferVisibility) {
        return " JOIN manifest m ON m.id = c.manifest_id JOIN manifest_line l ON l.id = c.line_id"
                + " LEFT JOIN party cu ON cu.id = c.custodian_party_id"
                + " LEFT JOIN party sp ON sp.id = c.storage_point_id LEFT JOIN transfer t ON t.id = c.transfer_id AND " + transferVisibility;
    }

    @Override
    public List<String> detailAliases() {
        return List.of("m", "l", "cu", "sp", "t");
    }

    @Override
    public String base() {
        return "true";
    }

    @Override
    public String idColumn() {
        return "c.id";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public String defaultSort() {
        return "-issuedAt";
    }

    @Override
    public List<String> states() {
        return Arrays.stream(ContainerState.values()).map(Enum::name).toList();
    }

    @Override
    public String stateExpr() {
        return "c.state";
    }

    @Override
    public String generator() {
        return "c.generator_party_id = :generator";
    }

    @Override
    public String town() {
        return "g.town = :town";
    }

    @Override
    public String party() {
        return ContainerSql.INVOLVES_SEEN;
    }

    @Override
    public String wasteCode() {
        return "c.waste_code = :wasteCode";
    }

    @Override
    public String category() {
        return "l.category = :category";
    }

    @Override
    public String manifest() {
        return "m.number = :manifest";
    }

    @Override
    public String transfer() {
        return "EXISTS (SELECT 1 FROM transfer_item fti JOIN transfer ft ON ft.id = fti.transfer_id"
                + " WHERE fti.container_id = c.id AND ft.number = :transfer AND (c.seen_seq IS NULL OR EXISTS (SELECT 1 FROM custody_event fe"
                + " WHERE fe.container_id = c.id AND fe.transfer_id = ft.id AND fe.seq <= c.seen_seq)))";
    }

    @Override
    public String dateColumn() {
        return "c.created_at";
    }

    @Override
    public boolean dateIsTime() {
        return true;
    }

    @Override
    public String flag(Flag flag) {
        return ContainerSql.seenFlag(flag);
    }
}
