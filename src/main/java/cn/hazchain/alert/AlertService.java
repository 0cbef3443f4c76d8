package cn.hazchain.alert;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.alert.AlertDtos.AlertDetail;
import cn.hazchain.alert.AlertDtos.AlertEventView;
import cn.hazchain.alert.AlertDtos.AlertView;
import cn.hazchain.alert.AlertDtos.Count;
import cn.hazchain.alert.AlertDtos.Summary;
import cn.hazchain.alert.AlertDtos.TownRuleCount;
import cn.hazchain.alert.AlertLifecycle.Action;
import cn.hazchain.alert.AlertLifecycle.Refused;
import cn.hazchain.alert.AlertLifecycle.State;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.party.Party;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads alerts (regulators and administrators all of them, everyone else the alerts that concern their party or
 * its owning collector) and moves them through their lifecycle (regulators and administrators, with a note).
 */
@ApplicationScoped
@Transactional
public class AlertService {

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    AlertNotifications notifications;

    public record Filter(AlertRule rule, State state, String town, Long partyId, LocalDate from, LocalDate to) {
    }

    private static final String COLUMNS = "SELECT a.id, a.rule, a.subject_kind, a.subject_id, a.subject_key, a.town, a.severity, a.state,"
            + " a.measure, a.unit, a.threshold, a.details, a.first_seen, a.last_seen, a.acknowledged_at, a.closed_at, a.closed_reason,"
            + " (SELECT string_agg(CAST(ap.party_id AS text), ',' ORDER BY ap.party_id) FROM alert_party ap WHERE ap.alert_id = a.id),"
            + " CAST(a.evidence AS text)";

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AlertView> list(Filter f, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM alert a WHERE ").append(visibilityClause(params));
        if (f.rule() != null) {
            where.append(" AND a.rule = :rule");
            params.put("rule", f.rule().name());
        }
        if (f.state() != null) {
            where.append(" AND a.state = :state");
            params.put("state", f.state().name());
        }
        if (Text.trimToNull(f.town()) != null) {
            where.append(" AND a.town = :town");
            params.put("town", Text.clip(f.town().strip(), 40));
        }
        if (f.partyId() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM alert_party fp WHERE fp.alert_id = a.id AND fp.party_id = :party)");
            params.put("party", f.partyId());
        }
        if (f.from() != null) {
            where.append(" AND a.first_seen >= :from");
            params.put("from", f.from().atStartOfDay(config.zone()).toInstant());
        }
        if (f.to() != null) {
            where.append(" AND a.first_seen < :to");
            params.put("to", f.to().plusDays(1).atStartOfDay(config.zone()).toInstant());
        }
        Query count = em.createNativeQuery("SELECT count(*)" + where);
        Query select = em.createNativeQuery(COLUMNS + where + " ORDER BY a.first_seen DESC, a.id DESC");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        List<AlertView> items = rows(select.setFirstResult(paging.offset()).setMaxResults(paging.size())).stream().map(AlertService::view).toList();
        return Page.of(items, paging, total);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AlertDetail get(long id) {
        return detail(visible(id, false));
    }

    public AlertDetail acknowledge(long id, String note) {
        return move(id, Action.ACKNOWLEDGE, note);
    }

    public AlertDetail close(long id, String note) {
        return move(id, Action.CLOSE, note);
    }

    private AlertDetail move(long id, Action action, String note) {
        current.require(Role.REGULATOR, Role.ADMIN);
        String text = Text.trimToNull(note);
        if (text == null) {
            throw ProblemException.badRequest("note is required: say what was checked or done");
        }
        AlertView alert = visible(id, true); // locked: the evaluator resolving it at this moment waits, then sees it closed
        var outcome = AlertLifecycle.decide(alert.state(), action);
        if (outcome instanceof Refused r) {
            throw new ProblemException(new Problem("illegal-alert-transition", "Not allowed in this state / 当前状态不允许此操作", 409,
                    r.message(id, action)).with("currentState", r.current().name())
                    .with("requiredStates", r.needs().stream().map(Enum::name).sorted().toList()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long user = current.userId();
        Object step;
        if (action == Action.ACKNOWLEDGE) {
            em.createNativeQuery("UPDATE alert SET state = 'ACKNOWLEDGED', acknowledged_at = ?2, acknowledged_by = ?3, version = version + 1 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, now).setParameter(3, user).executeUpdate();
            step = em.createNativeQuery("INSERT INTO alert_event (alert_id, type, at, actor_user_id, note) VALUES (?1, 'ACKNOWLEDGED', ?2, ?3, ?4)"
                            + " RETURNING id")
                    .setParameter(1, id).setParameter(2, now).setParameter(3, user).setParameter(4, text).getSingleResult();
        } else {
            em.createNativeQuery("UPDATE alert SET state = 'CLOSED', closed_at = ?2, closed_by = ?3, closed_reason = 'BY_USER', version = version + 1 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, now).setParameter(3, user).executeUpdate();
            step = em.createNativeQuery("INSERT INTO alert_event (alert_id, type, at, actor_user_id, reason, note) VALUES (?1, 'CLOSED', ?2, ?3, 'BY_USER', ?4)"
                            + " RETURNING id")
                    .setParameter(1, id).setParameter(2, now).setParameter(3, user).setParameter(4, text).getSingleResult();
        }
        notifications.step(((Number) step).longValue(), alert.rule());
        return detail(visible(id, false));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Summary summary() {
        Map<String, Object> params = new LinkedHashMap<>();
        Query q = em.createNativeQuery("SELECT a.town, a.rule, count(*) FILTER (WHERE a.state = 'OPEN'),"
                + " count(*) FILTER (WHERE a.state = 'ACKNOWLEDGED') FROM alert a WHERE a.state <> 'CLOSED' AND "
                + visibilityClause(params) + " GROUP BY a.town, a.rule");
        params.forEach(q::setParameter);
        List<TownRuleCount> cells = rows(q).stream().map(r -> {
            long open = ((Number) r[2]).longValue();
            long ack = ((Number) r[3]).longValue();
            return new TownRuleCount((String) r[0], AlertRule.valueOf((String) r[1]), open, ack, open + ack);
        }).sorted(Comparator.comparing(TownRuleCount::total).reversed()
                .thenComparing(c -> c.town() == null ? "" : c.town()).thenComparing(TownRuleCount::rule)).toList();
        return new Summary(cells.stream().mapToLong(TownRuleCount::total).sum(),
                counts(cells, TownRuleCount::town), counts(cells, c -> c.rule().name()), cells);
    }

    private static List<Count> counts(List<TownRuleCount> cells, Function<TownRuleCount, String> key) {
        Map<String, long[]> byKey = new LinkedHashMap<>();
        for (TownRuleCount c : cells) {
            long[] n = byKey.computeIfAbsent(key.apply(c), k -> new long[2]);
            n[0] += c.open();
            n[1] += c.acknowledged();
        }
        List<Count> result = new ArrayList<>();
        byKey.forEach((k, n) -> result.add(new Count(k, n[0], n[1], n[0] + n[1])));
        result.sort(Comparator.comparing(Count::total).reversed().thenComparing(c -> c.key() == null ? "" : c.key()));
        return result;
    }

    // ---- visibility --------------------------------------------------------------------------------------------

    /**
     * SQL condition (on alias a): regulators and administrators see every alert; anyone else the alerts that
     * concern their party or the collector owning it (as with manifests). Binds :me and :myParent.
     */
    String visibilityClause(Map<String, Object> params) {
        if (current.seesAll()) {
            return "true";
        }
        Party mine = Party.findById(current.partyId());
        params.put("me", mine.id);
        params.put("myParent", mine.parentId == null ? -1L : mine.parentId);
        return "EXISTS (SELECT 1 FROM alert_party vp WHERE vp.alert_id = a.id AND vp.party_id IN (:me, :myParent))";
    }

    /** The alert if the caller may see it (else 404), optionally locked for update. */
    private AlertView visible(long id, boolean lock) {
        Map<String, Object> params = new LinkedHashMap<>();
        Query q = em.createNativeQuery(COLUMNS + " FROM alert a WHERE a.id = :id AND " + visibilityClause(params)
                + (lock ? " FOR UPDATE OF a" : ""));
        q.setParameter("id", id);
        params.forEach(q::setParameter);
        List<Object[]> rows = rows(q);
        if (rows.isEmpty()) {
            throw ProblemException.notFound("alert", id);
        }
        return view(rows.get(0));
    }

    private AlertDetail detail(AlertView alert) {
        List<AlertEventView> history = rows(em.createNativeQuery("SELECT e.id, e.type, e.at, e.actor_user_id, u.username, e.reason, e.note,"
                + " e.measure, e.details, CAST(e.evidence AS text) FROM alert_event e LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.alert_id = ?1 ORDER BY e.id")
                .setParameter(1, alert.id())).stream()
                .map(r -> new AlertEventView(((Number) r[0]).longValue(), (String) r[1], SqlValues.instant(r[2]),
                        r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], (String) r[5], (String) r[6],
                        (BigDecimal) r[7], (String) r[8], AlertDtos.json((String) r[9]))).toList();
        return new AlertDetail(alert, history);
    }

    private static AlertView view(Object[] r) {
        AlertRule rule = AlertRule.valueOf((String) r[1]);
        List<Long> parties = r[17] == null ? List.of() : Arrays.stream(((String) r[17]).split(",")).map(Long::valueOf).toList();
        return new AlertView(((Number) r[0]).longValue(), rule, rule.title(), AlertRule.SubjectKind.valueOf((String) r[2]),
                ((Number) r[3]).longValue(), (String) r[4], (String) r[5], AlertRule.Severity.valueOf((String) r[6]),
                State.valueOf((String) r[7]), (BigDecimal) r[8], (String) r[9], (BigDecimal) r[10], (String) r[11],
                SqlValues.instant(r[12]), SqlValues.instant(r[13]), SqlValues.instant(r[14]), SqlValues.instant(r[15]),
                (String) r[16], parties, AlertDtos.json((String) r[18]));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }
}
