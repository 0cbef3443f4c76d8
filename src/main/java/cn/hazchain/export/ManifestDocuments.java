package cn.hazchain.export;

import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.export.ManifestDocument.Cancellation;
import cn.hazchain.export.ManifestDocument.Container;
import cn.hazchain.export.ManifestDocument.Custody;
import cn.hazchain.export.ManifestDocument.Disposal;
import cn.hazchain.export.ManifestDocument.Line;
import cn.hazchain.export.ManifestDocument.Party;
import cn.hazchain.export.ManifestDocument.Quantities;
import cn.hazchain.manifest.ManifestState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds the {@link ManifestDocument} of a manifest from the database, in the caller's transaction. Reads with
 * native SQL, not entities, so the document shows the rows as they are now (including changes other transactions
 * committed since this one loaded an entity), as the outbox needs.
 */
@ApplicationScoped
public class ManifestDocuments {

    @Inject
    EntityManager em;

    private static final String HEAD = "SELECT m.number, m.kind, m.catalogue_edition, m.pickup_date, m.emergency_measures, m.note,"
            // the parties as the manifest was issued (V31), as its PDF and labels print them (issue #19)
            + " m.created_at, m.cancelled_at, m.cancel_reason, coalesce(m.generator_uscc, g.uscc), coalesce(m.generator_name, g.name),"
            + " coalesce(m.generator_town, g.town), coalesce(m.collector_uscc, c.uscc), coalesce(m.collector_name, c.name),"
            + " coalesce(m.collector_town, c.town), m.id"
            + " FROM manifest m LEFT JOIN party g ON g.id = m.generator_party_id JOIN party c ON c.id = m.collector_party_id"
            + " WHERE m.id IN (:ids)";

    private static final String LINES = "SELECT l.line_no, l.waste_code, l.category, w.category_name, l.waste_name, l.physical_form,"
            + " array_to_string(l.hazards, ','), l.main_components, l.manifest_id"
            + " FROM manifest_line l JOIN manifest m ON m.id = l.manifest_id"
            + " LEFT JOIN waste_code w ON w.edition = m.catalogue_edition AND w.code = l.waste_code"
            + " WHERE l.manifest_id IN (:ids) ORDER BY l.manifest_id, l.line_no";

    private static final String CONTAINERS = "SELECT c.label_id, l.line_no, c.waste_code, c.container_type, c.volume_litres,"
            + " c.generation_date, c.state, c.estimated_weight_kg, c.collected_weight_kg, c.received_weight_kg,"
            + " c.refused_weight_kg, c.acceptance, c.disposal_method, tm.name_zh, c.weight_flag, t.number,"
            + " r.uscc, r.name, r.town, c.last_event_at, c.manifest_id"
            + " FROM container c JOIN manifest_line l ON l.id = c.line_id"
            + " LEFT JOIN transfer t ON t.id = c.transfer_id LEFT JOIN party r ON r.id = t.receiver_party_id"
            + " LEFT JOIN treatment_method tm ON tm.code = c.disposal_method"
            + " WHERE c.manifest_id IN (:ids) ORDER BY c.manifest_id, l.line_no, c.id";

    /** A container row with what the summary needs besides the exported fields. */
    private record Row(Container container, Party receiver, String methodName) {
    }

    /** The document of manifest {@code manifestId} as it stands now. */
    public ManifestDocument build(long manifestId) {
        ManifestDocument doc = buildAll(List.of(manifestId)).get(manifestId);
        if (doc == null) {
            throw ProblemException.notFound("manifest", manifestId);
        }
        return doc;
    }

    /**
     * The documents of these manifests as they stand now, by manifest id (those that do not exist are absent): four
     * statements however many (a handheld sync's chunk, or the demo's history, refreshes tens or hundreds at commit).
     */
    @SuppressWarnings("unchecked")
    public Map<Long, ManifestDocument> buildAll(java.util.Collection<Long> manifestIds) {
        Map<Long, ManifestDocument> docs = new LinkedHashMap<>();
        if (manifestIds.isEmpty()) {
            return docs;
        }
        java.util.Set<Long> ids = new java.util.TreeSet<>(manifestIds);
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        for (Object[] h : (List<Object[]>) em.createNativeQuery(HEAD).setParameter("ids", ids).getResultList()) {
            heads.put(((Number) h[15]).longValue(), h);
        }
        Map<Long, List<Row>> rowsOf = new java.util.HashMap<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery(CONTAINERS).setParameter("ids", ids).getResultList()) {
            rowsOf.computeIfAbsent(((Number) r[20]).longValue(), k -> new ArrayList<>()).add(row(r));
        }
        Map<Long, List<Object[]>> linesOf = new java.util.HashMap<>();
        for (Object[] l : (List<Object[]>) em.createNativeQuery(LINES).setParameter("ids", ids).getResultList()) {
            linesOf.computeIfAbsent(((Number) l[8]).longValue(), k -> new ArrayList<>()).add(l);
        }
        // the one definition of a manifest's state (V9), read in this transaction: it sees the change being exported
        Map<Long, String> states = new java.util.HashMap<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT manifest_id, state FROM manifest_progress_derived WHERE manifest_id IN (:ids)")
                .setParameter("ids", ids).getResultList()) {
            states.put(((Number) r[0]).longValue(), (String) r[1]);
        }
        Instant now = Instant.now();
        heads.forEach((id, h) -> docs.put(id, document(h, rowsOf.getOrDefault(id, List.of()), linesOf.getOrDefault(id, List.of()),
                ManifestState.valueOf(states.get(id)), now)));
        return docs;
    }

    private static ManifestDocument document(Object[] h, List<Row> rows, List<Object[]> lineRows, ManifestState state, Instant now) {
        List<Container> containers = rows.stream().map(Row::container).toList();
        List<Line> lines = new ArrayList<>();
        for (Object[] l : lineRows) {
            int lineNo = ((Number) l[0]).intValue();
            List<Container> ofLine = containers.stream().filter(c -> c.lineNo() == lineNo).toList();
            String hazards = (String) l[6];
            lines.add(new Line(lineNo, strip(l[1]), strip(l[2]), (String) l[3], (String) l[4], (String) l[5],
                    hazards == null || hazards.isEmpty() ? List.of() : Arrays.asList(hazards.split(",")), (String) l[7],
                    ofLine.size(), quantities(ofLine)));
        }

        Map<String, Integer> byState = new LinkedHashMap<>();
        for (ContainerState s : ContainerState.values()) {
            int n = (int) containers.stream().filter(c -> c.state().equals(s.name())).count();
            if (n > 0) {
                byState.put(s.name(), n);
            }
        }
        List<Party> receivers = rows.stream().map(Row::receiver).filter(Objects::nonNull).distinct().toList();
        Map<String, Disposal> disposal = new LinkedHashMap<>();
        rows.stream().filter(r -> ContainerState.DISPOSED.name().equals(r.container().state()) && r.container().disposalMethod() != null)
                .sorted(Comparator.comparing(r -> r.container().disposalMethod()))
                .forEach(r -> disposal.merge(r.container().disposalMethod(),
                        new Disposal(r.container().disposalMethod(), r.methodName(), kg(r.container().receivedKg())),
                        (a, b) -> new Disposal(a.method(), a.methodName(), a.kg().add(b.kg()))));
        Custody custody = new Custody(containers.size(), byState, quantities(containers), receivers, List.copyOf(disposal.values()));

        Instant cancelledAt = SqlValues.instant(h[7]);
        Instant lastEventAt = containers.stream().map(Container::lastEventAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        return new ManifestDocument(ManifestDocument.SCHEMA, strip(h[0]), (String) h[1], state.name(), (String) h[2],
                h[9] == null ? null : new Party(strip(h[9]), (String) h[10], (String) h[11]),
                new Party(strip(h[12]), (String) h[13], (String) h[14]),
                SqlValues.localDate(h[3]), (String) h[4], (String) h[5], lines, containers, custody,
                cancelledAt == null ? null : new Cancellation(cancelledAt, (String) h[8]),
                SqlValues.instant(h[6]), lastEventAt, now);
    }

    private static Row row(Object[] r) {
        Party receiver = r[16] == null ? null : new Party(strip(r[16]), (String) r[17], (String) r[18]);
        Container c = new Container(strip(r[0]), ((Number) r[1]).intValue(), strip(r[2]), (String) r[3], ((Number) r[4]).intValue(),
                SqlValues.localDate(r[5]), (String) r[6], (BigDecimal) r[7], (BigDecimal) r[8], (BigDecimal) r[9], (BigDecimal) r[10],
                (String) r[11], (String) r[12], (Boolean) r[14], strip(r[15]), receiver == null ? null : receiver.uscc(),
                SqlValues.instant(r[19]));
        return new Row(c, receiver, (String) r[13]);
    }

    /** Sums of the containers' weights; disposed = accepted kilograms of the containers already disposed of. */
    static Quantities quantities(List<Container> cs) {
        Predicate<Container> disposed = c -> ContainerState.DISPOSED.name().equals(c.state());
        return new Quantities(sum(cs, Container::estimatedKg, c -> true), sum(cs, Container::collectedKg, c -> true),
                sum(cs, Container::receivedKg, c -> true), sum(cs, Container::refusedKg, c -> true),
                sum(cs, Container::receivedKg, disposed));
    }

    private static BigDecimal sum(List<Container> cs, java.util.function.Function<Container, BigDecimal> weight, Predicate<Container> which) {
        return cs.stream().filter(which).map(weight).filter(Objects::nonNull).reduce(kg(BigDecimal.ZERO), BigDecimal::add);
    }

    private static BigDecimal kg(BigDecimal value) {
        return (value == null ? BigDecimal.ZERO : value).setScale(2, RoundingMode.HALF_UP);
    }

    private static String strip(Object o) {
        return o == null ? null : ((String) o).strip();
    }
}
