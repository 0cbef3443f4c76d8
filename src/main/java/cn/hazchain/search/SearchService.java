package cn.hazchain.search;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.WorkingDays;
import cn.hazchain.custody.Visibility;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regulator's search over containers, manifests and transfers, as pages or as streamed exports.
 * Regulators and administrators see every row; anyone else sees the rows {@link Visibility} gives them, the same
 * rules the single-record routes apply.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SearchService {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");

    @Inject
    CurrentUser current;

    @Inject
    Visibility visibility;

    @Inject
    HazChainConfig config;

    @Inject
    WorkingDays workingDays;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    cn.hazchain.custody.ContainerStore containers;

    @Inject
    jakarta.persistence.EntityManager em;

    public Page<Map<String, Object>> search(SearchKind kind, Criteria criteria, Paging paging) {
        SearchQuery query = query(kind, criteria);
        try (Connection c = dataSource.getConnection()) {
            var pageIds = query.pageIds(paging.offset(), paging.size());
            if (pageIds.isPresent()) {
                return byIds(c, query, pageIds.get(), paging);
            }
            long total = count(c, query);
            return Page.of(rows(c, query, query.page(paging.offset(), paging.size())), paging, total);
        } catch (SQLException e) {
            throw new IllegalStateException("search of " + kind.path() + " failed", e);
        }
    }

    /** The page's ids and the total in one pass, then the rows of those ids (the total by count past the last page). */
    private static Page<Map<String, Object>> byIds(Connection c, SearchQuery query, NamedSql.Jdbc pageIds, Paging paging) throws SQLException {
        List<Long> ids = new ArrayList<>();
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(pageIds.sql())) {
            Rows.bind(ps, pageIds.values());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    total = rs.getLong(2);
                }
            }
        }
        if (ids.isEmpty()) {
            return Page.of(List.of(), paging, count(c, query));
        }
        return Page.of(rows(c, query, query.rowsOf(ids)), paging, total);
    }

    private static long count(Connection c, SearchQuery query) throws SQLException {
        NamedSql.Jdbc count = query.count();
        try (PreparedStatement ps = c.prepareStatement(count.sql())) {
            Rows.bind(ps, count.values());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The rows a statement selects, as the search's JSON rows (columns in order, then the flags). */
    private static List<Map<String, Object>> rows(Connection c, SearchQuery query, NamedSql.Jdbc sql) throws SQLException {
        List<Map<String, Object>> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
            Rows.bind(ps, sql.values());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(Rows.json(query.columns(), Rows.values(rs, query.columns()), Rows.flags(rs, query.columns().size())));
                }
            }
        }
        return items;
    }

    /** Resolves visibility and filters now (while the caller is known); the rows are read when the body is written. */
    public SearchExport export(SearchKind kind, Criteria criteria, ExportFormat format) {
        String stamp = LocalDateTime.now(config.zone()).format(STAMP);
        return new SearchExport(dataSource, query(kind, criteria), format, config.zone(), kind,
                "hazchain-" + kind.path() + "-" + stamp + "." + format.extension());
    }

    SearchQuery query(SearchKind kind, Criteria criteria) {
        Map<String, Object> params = new LinkedHashMap<>();
        String visibility = visibility(kind, params);
        String transfers = visibility.equals("true") ? "true" : this.visibility.transfers("t");
        this.visibility.bind(params, transfers);
        Instant now = Instant.now();
        HazChainConfig.Alerts a = config.alerts();
        Cutoffs cutoffs = Cutoffs.at(now, config.zone(), a.generatorStorageDays(), a.storagePointDays(), a.receiptWorkingDays(), workingDays);
        if (kind == SearchKind.TRANSFERS) {
            params.putAll(movedOn(transfers));
        }
        Map<Long, Integer> horizons = kind == SearchKind.CONTAINERS ? this.visibility.pastCustodies() : Map.of();
        return SearchQuery.build(kind, criteria, visibility, transfers, params, horizons, containers.foldAll(horizons), cutoffs, config.zone());
    }

    /**
     * The containers wholly refused on a transfer the caller sees and moved on since, each as it stood after its last
     * event on that transfer ({@link TransferSearch#MOVED_ON}): a few rows (whole refusals), folded in a statement or
     * two per round of containers refused more than once.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> movedOn(String transferVisibility) {
        String sql = String.format(TransferSearch.MOVED_ON, transferVisibility);
        var q = em.createNativeQuery(sql);
        visibility.bind(new LinkedHashMap<>(), sql).forEach(q::setParameter);
        List<long[]> pairs = new ArrayList<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            pairs.add(new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue()});
        }
        // a container refused on two transfers is folded once per transfer: one round of folds per refusal it had
        Map<Long, Map<Long, cn.hazchain.custody.domain.ContainerSnapshot>> then = new java.util.HashMap<>();
        List<long[]> left = pairs;
        while (!left.isEmpty()) {
            Map<Long, Integer> upTo = new LinkedHashMap<>();
            Map<Long, Long> transferOf = new java.util.HashMap<>();
            List<long[]> later = new ArrayList<>();
            for (long[] p : left) {
                if (upTo.putIfAbsent(p[1], (int) p[2]) == null) {
                    transferOf.put(p[1], p[0]);
                } else {
                    later.add(p);
                }
            }
            containers.foldAll(upTo).forEach((id, snapshot) -> then.computeIfAbsent(transferOf.get(id), t -> new java.util.HashMap<>()).put(id, snapshot));
            left = later;
        }
        return TransferSearch.movedOn(pairs, then);
    }

    private String visibility(SearchKind kind, Map<String, Object> params) {
        if (current.seesAll()) {
            return "true";
        }
        String rule = switch (kind) {
            case MANIFESTS -> visibility.manifests("m");
            case CONTAINERS -> visibility.containers("c");
            case TRANSFERS -> visibility.transfers("t");
        };
        visibility.bind(params, rule);
        return rule;
    }
}
