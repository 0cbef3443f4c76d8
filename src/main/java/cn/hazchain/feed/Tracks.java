package cn.hazchain.feed;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.custody.Visibility;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The track of a transfer or a round: its vehicle's positions stored while it was on it, oldest first, paged and
 * bounded in time. One index range scan each ({@code vehicle_position_transfer_idx}, {@code …_round_idx}). Who sees
 * the transfer (custody's {@link Visibility}) or the round (its collector's operators, its driver, regulators) sees
 * its track; anyone else is told it does not exist.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Tracks {

    @Inject
    EntityManager em;

    @Inject
    Visibility visibility;

    @Inject
    CurrentUser current;

    public record Point(long seq, Instant time, double lat, double lon, Float speedKmh, String deviceCode) {
    }

    /** A track page: what it is the track of, and its points. */
    public record Track(String subject, String plate, Instant from, Instant to, Page<Point> points) {
    }

    public Track ofTransfer(String number, Instant from, Instant to, Paging paging) {
        List<Object[]> t = rows(em.createNativeQuery("SELECT t.id, v.plate FROM transfer t JOIN vehicle v ON v.id = t.vehicle_id WHERE t.number = ?1")
                .setParameter(1, number));
        if (t.isEmpty() || !visibility.seesTransfer(((Number) t.get(0)[0]).longValue())) {
            throw ProblemException.notFound("transfer", number);
        }
        return track("transfer " + number, (String) t.get(0)[1], "transfer_id", ((Number) t.get(0)[0]).longValue(), from, to, paging);
    }

    public Track ofRound(long id, Instant from, Instant to, Paging paging) {
        List<Object[]> r = rows(em.createNativeQuery("SELECT r.collector_party_id, r.driver_user_id, v.plate, r.round_date FROM collection_round r"
                + " JOIN vehicle v ON v.id = r.vehicle_id WHERE r.id = ?1").setParameter(1, id));
        if (r.isEmpty() || !mayReadRound(((Number) r.get(0)[0]).longValue(), ((Number) r.get(0)[1]).longValue())) {
            throw ProblemException.notFound("round", id);
        }
        LocalDate day = SqlValues.localDate(r.get(0)[3]);
        return track("round " + id + " of " + day, (String) r.get(0)[2], "round_id", id, from, to, paging);
    }

    private Track track(String subject, String plate, String column, long id, Instant from, Instant to, Paging paging) {
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("from " + from + " is after to " + to);
        }
        Instant lo = from == null ? Instant.parse("1970-01-01T00:00:00Z") : from;
        Instant hi = to == null ? Instant.parse("9999-01-01T00:00:00Z") : to;
        String where = " FROM vehicle_position p JOIN feed_device d ON d.id = p.device_id WHERE p." + column + " = ?1"
                + " AND p.device_time >= ?2 AND p.device_time <= ?3";
        long total = ((Number) em.createNativeQuery("SELECT count(*)" + where).setParameter(1, id).setParameter(2, lo).setParameter(3, hi)
                .getSingleResult()).longValue();
        List<Point> points = rows(em.createNativeQuery("SELECT p.seq, p.device_time, p.latitude, p.longitude, p.speed_kmh, d.code" + where
                        + " ORDER BY p.device_time, p.device_id, p.seq LIMIT ?4 OFFSET ?5")
                .setParameter(1, id).setParameter(2, lo).setParameter(3, hi).setParameter(4, paging.size()).setParameter(5, paging.offset()))
                .stream().map(r -> new Point(((Number) r[0]).longValue(), SqlValues.instant(r[1]), ((Number) r[2]).doubleValue(),
                        ((Number) r[3]).doubleValue(), r[4] == null ? null : ((Number) r[4]).floatValue(), (String) r[5])).toList();
        return new Track(subject, plate, from, to, Page.of(points, paging, total));
    }

    private boolean mayReadRound(long collectorPartyId, long driverUserId) {
        return current.seesAll() || (current.has(Role.COLLECTOR_OPERATOR) && current.partyId() == collectorPartyId)
                || current.userId() == driverUserId;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }
}
