package cn.hazchain.alert;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A party's webhooks for the alerts that concern it (issue #18, point 4). Its operators (collector, receiver,
 * generator staff) and regulators manage their own party's; administrators any party's. A subscription is ended,
 * never deleted: its deliveries stay readable. The secret is taken once and never shown again.
 */
@ApplicationScoped
@Transactional
public class NotificationSubscriptions {

    static final Role[] MANAGERS = {Role.ADMIN, Role.REGULATOR, Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR, Role.GENERATOR_STAFF};
    static final int MAX_PER_PARTY = 10;

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    public record NewSubscription(@NotNull UUID commandId, @NotBlank @Size(max = 2000) String url, @NotBlank @Size(min = 16, max = 200) String secret,
                                  @Size(max = 20) List<String> rules, String minSeverity, Long partyId, @Size(max = 200) String description) {
    }

    public record SubscriptionView(long id, long partyId, String partyName, String url, List<String> rules, String minSeverity, String description,
                                   Instant createdAt, String createdBy, Instant endedAt, boolean active, long delivered, long waiting,
                                   String lastError) {
    }

    public record DeliveryView(long id, long alertId, String topic, Instant createdAt, int attempts, Instant lastAttemptAt, Instant nextAttemptAt,
                               Instant deliveredAt, Integer lastStatus, String lastError) {
    }

    public SubscriptionView create(NewSubscription body) {
        current.require(MANAGERS);
        long party = party(body.partyId());
        List<String> rules = rules(body.rules());
        AlertRule.Severity min = body.minSeverity() == null || body.minSeverity().isBlank() ? AlertRule.Severity.LOW
                : cn.hazchain.common.Params.enumValue("minSeverity", body.minSeverity(), AlertRule.Severity.class);
        String url = body.url().strip();
        WebhookTarget.problem(url, config.notifications().allowPrivateAddresses()).ifPresent(p -> {
            throw ProblemException.badRequest(p);
        });
        Optional<SubscriptionView> earlier = byRequest(body.commandId());
        if (earlier.isPresent()) {
            if (earlier.get().partyId() != party || !earlier.get().url().equals(url)) {
                throw ProblemException.conflict("commandId " + body.commandId() + " was used for another subscription: send a new one");
            }
            return earlier.get();
        }
        long active = ((Number) em.createNativeQuery("SELECT count(*) FROM notification_subscription WHERE party_id = ?1 AND ended_at IS NULL")
                .setParameter(1, party).getSingleResult()).longValue();
        if (active >= MAX_PER_PARTY) {
            throw ProblemException.conflict("party " + party + " already has " + MAX_PER_PARTY + " active subscriptions: end one first");
        }
        em.createNativeQuery("INSERT INTO notification_subscription (party_id, url, secret, rules, min_severity, description, created_by, request_id)"
                        + " VALUES (?1, ?2, ?3, string_to_array(?4, ','), ?5, ?6, ?7, ?8) ON CONFLICT (request_id) DO NOTHING")
                .setParameter(1, party).setParameter(2, url).setParameter(3, body.secret()).setParameter(4, String.join(",", rules))
                .setParameter(5, min.name()).setParameter(6, Text.trimToNull(body.description())).setParameter(7, current.userId())
                .setParameter(8, body.commandId()).executeUpdate();
        return byRequest(body.commandId()).orElseThrow();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SubscriptionView> list(Long partyId, Paging paging) {
        current.require(MANAGERS);
        Long party = current.has(Role.ADMIN) ? partyId : Long.valueOf(party(partyId));
        String where = party == null ? "" : " WHERE s.party_id = " + party;
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM notification_subscription s" + where).getSingleResult()).longValue();
        Query q = em.createNativeQuery(COLUMNS + where + " ORDER BY s.id DESC LIMIT ?1 OFFSET ?2")
                .setParameter(1, paging.size()).setParameter(2, paging.offset());
        return Page.of(rows(q).stream().map(NotificationSubscriptions::view).toList(), paging, total);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SubscriptionView get(long id) {
        return visible(id);
    }

    /** Ends it (idempotent): nothing more is sent, waiting deliveries stay as they are. */
    public SubscriptionView end(long id) {
        SubscriptionView s = visible(id);
        em.createNativeQuery("UPDATE notification_subscription SET ended_at = now(), ended_by = ?2 WHERE id = ?1 AND ended_at IS NULL")
                .setParameter(1, s.id()).setParameter(2, current.userId()).executeUpdate();
        return visible(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeliveryView> deliveries(long id, Paging paging) {
        SubscriptionView s = visible(id);
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM notification WHERE subscription_id = ?1").setParameter(1, s.id())
                .getSingleResult()).longValue();
        List<DeliveryView> items = rows(em.createNativeQuery("SELECT id, alert_id, topic, created_at, attempts, last_attempt_at, next_attempt_at,"
                        + " delivered_at, last_status, last_error FROM notification WHERE subscription_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3")
                .setParameter(1, s.id()).setParameter(2, paging.size()).setParameter(3, paging.offset())).stream()
                .map(r -> new DeliveryView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], SqlValues.instant(r[3]),
                        ((Number) r[4]).intValue(), r[5] == null ? null : SqlValues.instant(r[5]), r[7] != null ? null : SqlValues.instant(r[6]),
                        r[7] == null ? null : SqlValues.instant(r[7]), r[8] == null ? null : ((Number) r[8]).intValue(), (String) r[9]))
                .toList();
        return Page.of(items, paging, total);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static final String COLUMNS = "SELECT s.id, s.party_id, p.name, s.url, array_to_string(s.rules, ','), s.min_severity, s.description,"
            + " s.created_at, u.username, s.ended_at,"
            + " (SELECT count(*) FROM notification n WHERE n.subscription_id = s.id AND n.delivered_at IS NOT NULL),"
            + " (SELECT count(*) FROM notification n WHERE n.subscription_id = s.id AND n.delivered_at IS NULL),"
            + " (SELECT n.last_error FROM notification n WHERE n.subscription_id = s.id AND n.delivered_at IS NULL AND n.attempts > 0"
            + "   ORDER BY n.last_attempt_at DESC LIMIT 1)"
            + " FROM notification_subscription s JOIN party p ON p.id = s.party_id JOIN app_user u ON u.id = s.created_by";

    private static SubscriptionView view(Object[] r) {
        String rules = (String) r[4];
        return new SubscriptionView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                rules == null || rules.isEmpty() ? List.of() : List.of(rules.split(",")), (String) r[5], (String) r[6], SqlValues.instant(r[7]),
                (String) r[8], r[9] == null ? null : SqlValues.instant(r[9]), r[9] == null, ((Number) r[10]).longValue(), ((Number) r[11]).longValue(),
                (String) r[12]);
    }

    private Optional<SubscriptionView> byRequest(UUID requestId) {
        return rows(em.createNativeQuery(COLUMNS + " WHERE s.request_id = ?1").setParameter(1, requestId)).stream().findFirst()
                .map(NotificationSubscriptions::view);
    }

    /** The subscription if the caller may manage it (their own party's; an administrator any), else 404. */
    private SubscriptionView visible(long id) {
        current.require(MANAGERS);
        SubscriptionView s = rows(em.createNativeQuery(COLUMNS + " WHERE s.id = ?1").setParameter(1, id)).stream().findFirst()
                .map(NotificationSubscriptions::view).orElseThrow(() -> ProblemException.notFound("notification subscription", id));
        if (!current.has(Role.ADMIN) && s.partyId() != current.partyId()) {
            throw ProblemException.notFound("notification subscription", id);
        }
        return s;
    }

    /** The party a caller acts for: their own; an administrator may name another. */
    private long party(Long requested) {
        if (requested == null || requested == current.partyId()) {
            return current.partyId();
        }
        if (!current.has(Role.ADMIN)) {
            throw ProblemException.forbidden("you may manage only your own party's subscriptions (party " + current.partyId() + ")");
        }
        if (em.createNativeQuery("SELECT 1 FROM party WHERE id = ?1").setParameter(1, requested).getResultList().isEmpty()) {
            throw ProblemException.badRequest("partyId " + requested + " is not a party");
        }
        return requested;
    }

    private static List<String> rules(List<String> given) {
        if (given == null) {
            return List.of();
        }
        LinkedHashSet<String> rules = new LinkedHashSet<>();
        for (String r : given) {
            String name = r == null ? "" : r.strip();
            if (Arrays.stream(AlertRule.values()).noneMatch(x -> x.name().equals(name))) {
                throw ProblemException.badRequest("rules: unknown alert rule '" + Text.clip(name, 60) + "'; one of "
                        + Arrays.stream(AlertRule.values()).map(Enum::name).toList());
            }
            rules.add(name);
        }
        return new ArrayList<>(rules);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }
}
