package cn.hazchain.feed;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dropped feed messages, counted per day, reason and device, for administrators and regulators. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FeedRejections {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    FeedConsumer consumer;

    public record Row(LocalDate day, String reason, String deviceCode, long count, Instant lastAt, String lastDetail) {
    }

    /**
     * Totals per reason over the days asked (every reason, 0 when none), the rows newest first, and this process's
     * consumer: whether it is subscribed and what it stored and dropped since it started.
     */
    public record Report(LocalDate from, LocalDate to, Map<String, Long> totals, boolean consumerConnected, long storedSinceStart,
                         long droppedSinceStart, Page<Row> rows) {
    }

    public Report report(LocalDate from, LocalDate to, Paging paging) {
        current.require(Role.ADMIN, Role.REGULATOR);
        LocalDate hi = to == null ? LocalDate.of(9999, 1, 1) : to;
        LocalDate lo = from == null ? LocalDate.of(1970, 1, 1) : from;
        if (lo.isAfter(hi)) {
            throw ProblemException.badRequest("from " + from + " is after to " + to);
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Rejection r : Rejection.values()) {
            totals.put(r.name(), 0L);
        }
        for (Object[] r : rows(em.createNativeQuery("SELECT reason, sum(count) FROM feed_rejection WHERE day BETWEEN ?1 AND ?2 GROUP BY reason")
                .setParameter(1, lo).setParameter(2, hi))) {
            totals.put((String) r[0], ((Number) r[1]).longValue());
        }
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM feed_rejection WHERE day BETWEEN ?1 AND ?2")
                .setParameter(1, lo).setParameter(2, hi).getSingleResult()).longValue();
        List<Row> items = rows(em.createNativeQuery("SELECT day, reason, device_code, count, last_at, last_detail FROM feed_rejection"
                        + " WHERE day BETWEEN ?1 AND ?2 ORDER BY day DESC, count DESC, reason, device_code LIMIT ?3 OFFSET ?4")
                .setParameter(1, lo).setParameter(2, hi).setParameter(3, paging.size()).setParameter(4, paging.offset())).stream()
                .map(r -> new Row(SqlValues.localDate(r[0]), (String) r[1], (String) r[2], ((Number) r[3]).longValue(), SqlValues.instant(r[4]),
                        (String) r[5])).toList();
        return new Report(from, to, totals, consumer.connected(), consumer.stored(), consumer.dropped(), Page.of(items, paging, total));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }
}
