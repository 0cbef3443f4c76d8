package cn.hazchain.report;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plan's indicators over containers collected in a period (by the server time of their CONTAINER_COLLECTED
 * event, in the configured zone): the safe disposal rate (accepted kg of those now DISPOSED ÷ collected kg) and
 * the tonnage collected, grouped by the generator's town, the waste category and/or the month of collection.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class IndicatorService {

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    /** What indicators are grouped by, and the SQL that gives each group's key. */
    public enum Dimension {
        TOWN, CATEGORY, MONTH;

        String sql(String zone) {
            return switch (this) {
                case TOWN -> "g.town";
                case CATEGORY -> "coalesce(w.category, 'HW' || substr(c.waste_code, 9, 2))";
                // the zone is a validated ZoneId (letters, digits, '/', '_', '+', '-'), safe to inline
                case MONTH -> "to_char(e.server_time AT TIME ZONE '" + zone + "', 'YYYY-MM')";
            };
        }

        /** One dimension, case-insensitive; 400 naming the allowed ones. */
        static Dimension parse(String name, String value) {
            return Params.enumValue(name, value, Dimension.class);
        }

        /** A comma-separated list such as {@code category,month}, each at most once. */
        static List<Dimension> parseList(String name, String value) {
            List<Dimension> dims = new ArrayList<>();
            if (value == null || value.isBlank()) {
                return dims;
            }
            for (String part : value.split(",", -1)) {
                Dimension d = parse(name, part);
                if (d == null) {
                    throw ProblemException.badRequest(name + " has an empty item: use e.g. category,month");
                }
                if (dims.contains(d)) {
                    throw ProblemException.badRequest(name + " names " + d.name().toLowerCase(Locale.ROOT) + " twice");
                }
                dims.add(d);
            }
            return dims;
        }
    }

    public record RateRow(String key, String label, long containers, BigDecimal collectedKg, BigDecimal disposedKg, BigDecimal rate) {
    }

    public record SafeDisposalRate(LocalDate from, LocalDate to, String zone, String groupBy, String town, List<RateRow> groups,
                                   RateRow total) {
    }

    public record TonnageRow(String town, String category, String categoryName, String month, long containers, BigDecimal collectedKg) {
    }

    public record Tonnage(LocalDate from, LocalDate to, String zone, List<String> groupBy, String town, List<TonnageRow> rows,
                          long containers, BigDecimal collectedKg) {
    }

    public SafeDisposalRate safeDisposalRate(Period period, String groupBy, String town) {
        Dimension dim = Dimension.parse("groupBy", groupBy);
        String t = town(town);
        List<Object[]> rows = grouped(period, dim == null ? List.of() : List.of(dim), t);
        List<RateRow> groups = new ArrayList<>();
        long containers = 0;
        BigDecimal collected = BigDecimal.ZERO;
        BigDecimal disposed = BigDecimal.ZERO;
        for (Object[] r : rows) {
            long n = ((Number) r[r.length - 4]).longValue();
            BigDecimal kg = (BigDecimal) r[r.length - 3];
            BigDecimal out = (BigDecimal) r[r.length - 2];
            containers += n;
            collected = collected.add(kg);
            disposed = disposed.add(out);
            if (dim != null) {
                String key = (String) r[0];
                groups.add(new RateRow(key, dim == Dimension.CATEGORY ? (String) r[r.length - 1] : key, n, kg, out, rate(out, kg)));
            }
        }
        return new SafeDisposalRate(period.from(), period.to(), config.zone().getId(), dim == null ? null : dim.name().toLowerCase(Locale.ROOT),
                t, groups, new RateRow(null, "合计 Total", containers, collected, disposed, rate(disposed, collected)));
    }

    public Tonnage tonnage(Period period, String groupBy, String town) {
        List<Dimension> dims = Dimension.parseList("groupBy", groupBy);
        if (dims.isEmpty()) {
            dims = List.of(Dimension.CATEGORY, Dimension.MONTH);
        }
        String t = town(town);
        List<TonnageRow> rows = new ArrayList<>();
        long containers = 0;
        BigDecimal collected = BigDecimal.ZERO;
        for (Object[] r : grouped(period, dims, t)) {
            Map<Dimension, String> key = new HashMap<>();
            for (int i = 0; i < dims.size(); i++) {
                key.put(dims.get(i), (String) r[i]);
            }
            long n = ((Number) r[r.length - 4]).longValue();
            BigDecimal kg = (BigDecimal) r[r.length - 3];
            containers += n;
            collected = collected.add(kg);
            rows.add(new TonnageRow(key.get(Dimension.TOWN), key.get(Dimension.CATEGORY),
                    dims.contains(Dimension.CATEGORY) ? (String) r[r.length - 1] : null, key.get(Dimension.MONTH), n, kg));
        }
        return new Tonnage(period.from(), period.to(), config.zone().getId(), dims.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList(),
                t, rows, containers, collected);
    }

    /**
     * Per group of the dimensions: containers collected in the period, their collected kg, the accepted kg of
     * those now DISPOSED, and a category name (the same for every code of a category).
     */
    @SuppressWarnings("unchecked")
    private List<Object[]> grouped(Period period, List<Dimension> dims, String town) {
        String zone = config.zone().getId();
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            select.append(dims.get(i).sql(zone)).append(", ");
            group.append(i == 0 ? " GROUP BY " : ", ").append(i + 1);
        }
        // the collected kg as corrected by approved revisions (the container's column; the event keeps what was weighed)
        select.append("count(*), coalesce(sum(c.collected_weight_kg), 0),"
                + " coalesce(sum(c.received_weight_kg) FILTER (WHERE c.state = 'DISPOSED'), 0), min(w.category_name)"
                + " FROM custody_event e JOIN container c ON c.id = e.container_id JOIN manifest m ON m.id = c.manifest_id"
                + " JOIN party g ON g.id = c.generator_party_id"
                + " LEFT JOIN waste_code w ON w.edition = m.catalogue_edition AND w.code = c.waste_code"
                + " WHERE e.type = 'CONTAINER_COLLECTED' AND e.server_time >= :start AND e.server_time < :end");
        if (town != null) {
            select.append(" AND g.town = :town");
        }
        select.append(group);
        if (!dims.isEmpty()) {
            select.append(group.toString().replace("GROUP BY", "ORDER BY"));
        }
        var query = em.createNativeQuery(select.toString()).setParameter("start", period.start(config.zone()))
                .setParameter("end", period.end(config.zone()));
        if (town != null) {
            query.setParameter("town", town);
        }
        return query.getResultList();
    }

    /** disposed ÷ collected to four decimals; null when nothing was collected. */
    static BigDecimal rate(BigDecimal disposed, BigDecimal collected) {
        return collected.signum() == 0 ? null : disposed.divide(collected, 4, RoundingMode.HALF_UP);
    }

    private static String town(String town) {
        String t = Text.trimToNull(town);
        if (t != null && t.length() > 40) {
            throw ProblemException.badRequest("town is limited to 40 characters");
        }
        return t;
    }
}
