package cn.hazchain.search;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a search's SQL from its kind, criteria and the caller's visibility condition. Filters become fixed
 * predicates with bound parameters; the sort comes from the kind's whitelist. Pure: unit-tested alone.
 *
 * <p>Every row selects the kind's columns in order, then one boolean per {@link Flag} (in enum order).
 */
public final class SearchQuery {

    private final SearchSpec spec;
    private final String where;
    private final Map<String, Object> params;
    private final Sort sort;
    /** The spec's tables and joins, with the caller's transfer visibility in the joins that name a transfer. */
    private final String from;
    /** The spec's core tables, over the containers as the caller sees them. */
    private final String core;

    private SearchQuery(SearchSpec spec, String core, String where, Map<String, Object> params, Sort sort, String transferVisibility) {
        this.spec = spec;
        this.core = core;
        this.from = core + spec.details(transferVisibility);
        this.where = where;
        this.params = params;
        this.sort = sort;
    }

    /**
     * @param visibility a condition on the kind's aliases limiting rows to what the caller may see ("true" for
     *                   regulators), with its parameters in {@code visibilityParams}
     */
    public static SearchQuery build(SearchKind kind, Criteria c, String visibility, Map<String, Object> visibilityParams,
                                    Cutoffs cutoffs, ZoneId zone) {
        return build(kind, c, visibility, "true", visibilityParams, cutoffs, zone);
    }

    /**
     * @param transferVisibility the caller's transfer visibility (alias t, "true" for regulators): a row shows a
     *                           transfer it names only when the caller may see that transfer
     */
    public static SearchQuery build(SearchKind kind, Criteria c, String visibility, String transferVisibility,
                                    Map<String, Object> visibilityParams, Cutoffs cutoffs, ZoneId zone) {
        return build(kind, c, visibility, transferVisibility, visibilityParams, Map.of(), Map.of(), cutoffs, zone);
    }

    /**
     * @param horizons the containers the caller sees only as they stood at a horizon (id to its last event the caller
     *                 may see), with {@code then} their values at it: the container search shows, filters and sorts
     *                 them by those ({@link ContainerSql#SEEN})
     */
    public static SearchQuery build(SearchKind kind, Criteria c, String visibility, String transferVisibility,
                                    Map<String, Object> visibilityParams, Map<Long, Integer> horizons,
                                    Map<Long, cn.hazchain.custody.domain.ContainerSnapshot> then, Cutoffs cutoffs, ZoneId zone) {
        SearchSpec spec = kind.spec();
        Map<String, Object> params = new LinkedHashMap<>(visibilityParams);
        spec.defaults().forEach(params::putIfAbsent);
        String core = spec.core();
        if (!then.isEmpty()) {
            core = spec.core(ContainerSql.SEEN);
            params.putAll(ContainerSql.seen(horizons, then));
        }
        params.put("issuedBefore", cutoffs.issuedBefore());
        params.put("issuedBeforeStart", cutoffs.issuedBeforeStart());
        params.put("storedBefore", cutoffs.storedBefore());
        params.put("loadedBefore", cutoffs.loadedBefore());
        List<String> conditions = new ArrayList<>(List.of(spec.base(), "(" + visibility + ")"));
        add(conditions, params, spec.generator(), "generator", c.generatorPartyId());
        add(conditions, params, spec.town(), "town", c.town());
        add(conditions, params, spec.party(), "party", c.partyId());
        add(conditions, params, spec.wasteCode(), "wasteCode", c.wasteCode());
        add(conditions, params, spec.category(), "category", c.category());
        add(conditions, params, spec.manifest(), "manifest", c.manifestNumber());
        add(conditions, params, spec.transfer(), "transfer", c.transferNumber());
        if (c.states() != null && !c.states().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < c.states().size(); i++) {
                params.put("state" + i, c.states().get(i));
                names.add(":state" + i);
            }
            conditions.add(spec.stateExpr() + " IN (" + String.join(", ", names) + ")");
        }
        if (c.from() != null) {
            conditions.add(spec.dateColumn() + " >= :from");
            params.put("from", spec.dateIsTime() ? c.from().atStartOfDay(zone).toInstant() : c.from());
        }
        if (c.to() != null) {
            if (spec.dateIsTime()) {
                conditions.add(spec.dateColumn() + " < :to");
                params.put("to", c.to().plusDays(1).atStartOfDay(zone).toInstant());
            } else {
                conditions.add(spec.dateColumn() + " <= :to");
                params.put("to", c.to());
            }
        }
        if (c.flags() != null) {
            c.flags().forEach(f -> conditions.add(spec.flag(f)));
        }
        return new SearchQuery(spec, core, " WHERE " + String.join(" AND ", conditions), params, c.sort(), transferVisibility);
    }

    private static void add(List<String> conditions, Map<String, Object> params, String predicate, String name, Object value) {
        if (value != null) {
            conditions.add(predicate);
            params.put(name, value);
        }
    }

    public List<Column> columns() {
        return spec.columns();
    }

    /** Counts with the core tables alone unless a filter needs the details (a flag of a manifest or transfer). */
    public NamedSql.Jdbc count() {
        return NamedSql.toJdbc("SELECT count(*)" + (needsDetails(where) ? from : core) + where, params);
    }

    /** Whether the SQL names a details alias ({@code m.number}; not {@code pm.number}): a false yes only costs speed. */
    private boolean needsDetails(String sql) {
        return spec.detailAliases().stream().anyMatch(alias -> Pattern.compile("(?<![\\w])" + Pattern.quote(alias) + "\\.").matcher(sql).find());
    }

    /** Every matching row in order (exports). */
    public NamedSql.Jdbc select() {
        return NamedSql.toJdbc(selectText(), params);
    }

    /**
     * When the filters and the sort need only the core tables: the page's ids with the total of matching rows in
     * the same pass ({@code count(*) OVER ()}: the rows are read once, not once to count and once to page). Binds
     * :limit and :offset. Empty when the details are needed (then {@link #count()} and {@link #page}).
     */
    public java.util.Optional<NamedSql.Jdbc> pageIds(int offset, int limit) {
        String orderBy = sort.orderBy(spec.sortFields(), spec.idColumn());
        if (!pagesByIds(orderBy)) {
            return java.util.Optional.empty();
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put("limit", limit);
        p.put("offset", offset);
        return java.util.Optional.of(NamedSql.toJdbc("SELECT " + spec.idColumn() + ", count(*) OVER ()" + core + where + orderBy
                + " LIMIT :limit OFFSET :offset", p));
    }

    /** The rows of the ids {@link #pageIds} chose, in the page's order. */
    public NamedSql.Jdbc rowsOf(List<Long> ids) {
        Map<String, Object> p = new LinkedHashMap<>(params); // the flags' cutoffs
        p.put("ids", ids.toArray(Long[]::new));
        return NamedSql.toJdbc(selectList() + from + " WHERE " + spec.idColumn() + " = ANY (:ids)"
                + sort.orderBy(spec.sortFields(), spec.idColumn()), p);
    }

    private boolean pagesByIds(String orderBy) {
        return !spec.details().isEmpty() && !needsDetails(where) && !needsDetails(orderBy);
    }

    /** One page over every table joined, when {@link #pageIds} does not apply: binds :limit and :offset. */
    public NamedSql.Jdbc page(int offset, int limit) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put("limit", limit);
        p.put("offset", offset);
        return NamedSql.toJdbc(selectText() + " LIMIT :limit OFFSET :offset", p);
    }

    private String selectText() {
        return selectList() + from + where + sort.orderBy(spec.sortFields(), spec.idColumn());
    }

    private String selectList() {
        String columns = spec.columns().stream().map(Column::sql).collect(Collectors.joining(", "));
        String flags = java.util.Arrays.stream(Flag.values()).map(spec::flag).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", " + flags;
    }
}
