package cn.hazchain.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Turns one step of an alert (its {@code alert_event}: opened, acknowledged, closed) into one delivery per subscription
 * that wants it, in the same transaction as the step: nothing is announced that did not happen, and nothing that
 * happened is lost. A subscription wants a step when it is not ended, its rules (none: all) include the alert's, the
 * alert is at least as severe as it asks, and its party may see the alert — the reach of {@link AlertService}: a
 * regulator's party every alert, any other party the alerts that concern it or the collector that owns it. The
 * document ({@code hazchain.alert.v1}) is written with the row: a retry sends the same bytes.
 */
@ApplicationScoped
public class AlertNotifications {

    static final String SCHEMA = "hazchain.alert.v1";

    @Inject
    EntityManager em;

    /** Writes the deliveries of the alert step {@code alertEventId} of an alert of {@code rule}; how many. */
    public int step(long alertEventId, AlertRule rule) {
        return em.createNativeQuery("INSERT INTO notification (subscription_id, alert_id, alert_event_id, topic, payload)"
                        + " SELECT s.id, a.id, ev.id, 'alert.' || lower(ev.type), jsonb_build_object('schema', CAST(?2 AS text),"
                        + "   'subscriptionId', s.id, 'partyId', s.party_id,"
                        + "   'step', jsonb_build_object('id', ev.id, 'type', ev.type, 'at', ev.at, 'reason', ev.reason, 'note', ev.note),"
                        + "   'alert', jsonb_build_object('id', a.id, 'rule', a.rule, 'title', CAST(?3 AS text), 'titleZh', CAST(?4 AS text),"
                        + "     'subjectKind', a.subject_kind, 'subjectId', a.subject_id, 'subjectKey', a.subject_key, 'town', a.town,"
                        + "     'severity', a.severity, 'state', a.state, 'measure', a.measure, 'unit', a.unit, 'threshold', a.threshold,"
                        + "     'details', a.details, 'firstSeen', a.first_seen, 'lastSeen', a.last_seen, 'href', '/api/alerts/' || a.id))"
                        + " FROM alert_event ev JOIN alert a ON a.id = ev.alert_id"
                        + " JOIN notification_subscription s ON s.ended_at IS NULL"
                        + " JOIN party p ON p.id = s.party_id"
                        + " WHERE ev.id = ?1"
                        + " AND (cardinality(s.rules) = 0 OR a.rule = ANY (s.rules))"
                        + " AND " + rank("a.severity") + " >= " + rank("s.min_severity")
                        + " AND (p.kind = 'REGULATOR' OR EXISTS (SELECT 1 FROM alert_party ap WHERE ap.alert_id = a.id"
                        + "   AND ap.party_id IN (p.id, coalesce(p.parent_id, -1))))"
                        + " ON CONFLICT (subscription_id, alert_event_id) DO NOTHING")
                .setParameter(1, alertEventId).setParameter(2, SCHEMA).setParameter(3, rule.en).setParameter(4, rule.zh).executeUpdate();
    }

    private static String rank(String severity) {
        return "(CASE " + severity + " WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END)";
    }
}
