package cn.hazchain.alert;

import static cn.hazchain.alert.RuleQueries.id;
import static cn.hazchain.alert.RuleQueries.key;
import static cn.hazchain.alert.RuleQueries.parties;
import static cn.hazchain.alert.RuleQueries.rows;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;


/**
 * Candidates of the four rules over the vehicle and scale feeds (issue #18, point 3; docs/feeds.md, "Alerts"). Each
 * candidate carries its evidence as JSON: the positions that show it, or the weighing and the scan. Distances are
 * great-circle, from the one SQL definition {@code hz_segment_metres} (V52).
 */
@ApplicationScoped
public class FeedRuleQueries {

    /** Positions kept as evidence at most (the farthest, or the newest). */
    static final int EVIDENCE_POSITIONS = 20;

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    private static final String PARTIES = "t.shipper_party_id, t.origin_party_id, t.carrier_party_id, t.receiver_party_id";

    /**
     * A transfer not yet received in full (a container of it still IN_TRANSIT) with a position farther than
     * corridorMetres from the straight segment origin → receiver. The measure is the farthest distance; the evidence
     * the positions beyond the corridor, farthest first.
     */
    List<Candidate> offCorridor() {
        double limit = config.alerts().corridorMetres();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT t.id, t.number, o.town, " + PARTIES + ", x.farthest, x.beyond, x.evidence,"
                        + " CAST(extract(epoch FROM ep.since) AS bigint)"
                        + " FROM transfer t JOIN party o ON o.id = t.origin_party_id JOIN party r ON r.id = t.receiver_party_id"
                        + " JOIN LATERAL (SELECT max(d.m) AS farthest, count(*) AS beyond, max(d.device_time) AS newest,"
                        + "     CAST(jsonb_build_object('origin', jsonb_build_object('lat', o.latitude, 'lon', o.longitude),"
                        + "       'receiver', jsonb_build_object('lat', r.latitude, 'lon', r.longitude), 'corridorMetres', CAST(?1 AS float8),"
                        + "       'positions', (array_agg(jsonb_build_object('seq', d.seq, 'time', d.device_time, 'lat', d.latitude, 'lon', d.longitude,"
                        + "         'metres', round(CAST(d.m AS numeric), 0)) ORDER BY d.m DESC))[1:" + EVIDENCE_POSITIONS + "]) AS text) AS evidence"
                        + "   FROM (SELECT p.seq, p.device_time, p.latitude, p.longitude,"
                        + "           hz_segment_metres(p.latitude, p.longitude, o.latitude, o.longitude, r.latitude, r.longitude) AS m"
                        + "         FROM vehicle_position p WHERE p.transfer_id = t.id) d WHERE d.m > ?1) x ON x.beyond > 0"
                        // the episode: the first position beyond after the last one inside the corridor before the newest beyond
                        + " JOIN LATERAL (SELECT min(p.device_time) AS since FROM vehicle_position p WHERE p.transfer_id = t.id AND p.device_time <= x.newest"
                        + "   AND hz_segment_metres(p.latitude, p.longitude, o.latitude, o.longitude, r.latitude, r.longitude) > ?1"
                        + "   AND p.device_time > coalesce((SELECT max(i.device_time) FROM vehicle_position i WHERE i.transfer_id = t.id"
                        + "     AND i.device_time < x.newest AND hz_segment_metres(i.latitude, i.longitude, o.latitude, o.longitude, r.latitude, r.longitude) <= ?1),"
                        + "     CAST('-infinity' AS timestamptz))) ep ON true"
                        + " WHERE t.departed_at IS NOT NULL AND o.latitude IS NOT NULL AND r.latitude IS NOT NULL"
                        + "   AND EXISTS (SELECT 1 FROM container c WHERE c.transfer_id = t.id AND c.state = 'IN_TRANSIT')")
                .setParameter(1, limit));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal metres = BigDecimal.valueOf(((Number) r[7]).doubleValue()).setScale(0, RoundingMode.HALF_UP);
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], metres, BigDecimal.valueOf(limit).setScale(0, RoundingMode.HALF_UP),
                    ((Number) r[8]).longValue() + " position(s) off the corridor, the farthest " + metres + " m from the line origin → receiver"
                            + " (limit " + Math.round(limit) + " m) / " + ((Number) r[8]).longValue() + " 个定位点偏离路线，最远 " + metres + " 米",
                    parties(r[3], r[4], r[5], r[6]), episode(r[10]), (String) r[9]));
        }
        return result;
    }

    /**
     * The trigger reference of the three position rules: the start of the episode (the detour, the stop, the silence) in
     * epoch seconds. It grows from one episode to the next, so an alert a regulator closed stays closed while its
     * episode goes on, and a new episode of the same transfer opens a new one (Reconciliation).
     */
    private static long episode(Object epochSeconds) {
        return epochSeconds == null ? 0 : ((Number) epochSeconds).longValue();
    }

    /**
     * A transfer departed and not arrived whose vehicle has stayed within stoppedRadiusMetres of its newest position for
     * stoppedMinutes or more, farther than endRadiusMetres from both the origin and the receiver. Only the stop going
     * on now: once the vehicle moves on, the alert resolves (its history keeps it).
     */
    List<Candidate> stoppedTooLong(Instant now) {
        HazChainConfig.Alerts a = config.alerts();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT t.id, t.number, o.town, " + PARTIES + ", s.since, l.device_time,"
                        + " CAST(jsonb_build_object('stoppedSince', s.since, 'lastPosition', jsonb_build_object('seq', l.seq, 'time', l.device_time,"
                        + "   'lat', l.latitude, 'lon', l.longitude), 'radiusMetres', CAST(?1 AS float8),"
                        + "   'metresFromOrigin', round(CAST(hz_segment_metres(l.latitude, l.longitude, o.latitude, o.longitude, o.latitude, o.longitude) AS numeric), 0),"
                        + "   'metresFromReceiver', round(CAST(hz_segment_metres(l.latitude, l.longitude, r.latitude, r.longitude, r.latitude, r.longitude) AS numeric), 0))"
                        + "   AS text)"
                        + " FROM transfer t JOIN party o ON o.id = t.origin_party_id JOIN party r ON r.id = t.receiver_party_id"
                        + " JOIN LATERAL (SELECT p.seq, p.device_time, p.latitude, p.longitude FROM vehicle_position p WHERE p.transfer_id = t.id"
                        + "   ORDER BY p.device_time DESC LIMIT 1) l ON true"
                        // the newest position farther than the radius from where it stands now: it was moving until then
                        + " LEFT JOIN LATERAL (SELECT max(p.device_time) AS at FROM vehicle_position p WHERE p.transfer_id = t.id"
                        + "   AND hz_segment_metres(p.latitude, p.longitude, l.latitude, l.longitude, l.latitude, l.longitude) > ?1) mv ON true"
                        + " JOIN LATERAL (SELECT min(p.device_time) AS since FROM vehicle_position p WHERE p.transfer_id = t.id"
                        + "   AND (mv.at IS NULL OR p.device_time > mv.at)) s ON true"
                        + " WHERE t.departed_at IS NOT NULL AND t.arrived_at IS NULL AND o.latitude IS NOT NULL AND r.latitude IS NOT NULL"
                        + "   AND l.device_time - s.since >= make_interval(mins => ?2)"
                        + "   AND hz_segment_metres(l.latitude, l.longitude, o.latitude, o.longitude, o.latitude, o.longitude) > ?3"
                        + "   AND hz_segment_metres(l.latitude, l.longitude, r.latitude, r.longitude, r.latitude, r.longitude) > ?3")
                .setParameter(1, a.stoppedRadiusMetres()).setParameter(2, a.stoppedMinutes()).setParameter(3, a.endRadiusMetres()));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant since = SqlValues.instant(r[7]);
            long minutes = Duration.between(since, SqlValues.instant(r[8])).toMinutes();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(minutes), BigDecimal.valueOf(a.stoppedMinutes()),
                    "stopped since " + since + " for " + minutes + " minutes away from both ends (limit " + a.stoppedMinutes() + ") / 途中停留 "
                            + minutes + " 分钟", parties(r[3], r[4], r[5], r[6]), since.getEpochSecond(), (String) r[9]));
        }
        return result;
    }

    /**
     * A transfer departed and not arrived whose vehicle has an active tracker and sent no position for silentMinutes:
     * measured from its newest position on the transfer, else from the departure.
     */
    List<Candidate> silentInTransit(Instant now) {
        int limit = config.alerts().silentMinutes();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT t.id, t.number, o.town, " + PARTIES + ", coalesce(l.device_time, t.departed_at),"
                        + " CAST(jsonb_build_object('departedAt', t.departed_at, 'trackers', (SELECT jsonb_agg(d.code ORDER BY d.code) FROM feed_device d"
                        + "   WHERE d.vehicle_id = t.vehicle_id AND d.ended_at IS NULL), 'lastPosition', CASE WHEN l.seq IS NULL THEN NULL ELSE"
                        + "   jsonb_build_object('seq', l.seq, 'time', l.device_time, 'lat', l.latitude, 'lon', l.longitude) END) AS text)"
                        + " FROM transfer t JOIN party o ON o.id = t.origin_party_id"
                        + " LEFT JOIN LATERAL (SELECT p.seq, p.device_time, p.latitude, p.longitude FROM vehicle_position p WHERE p.transfer_id = t.id"
                        + "   ORDER BY p.device_time DESC LIMIT 1) l ON true"
                        + " WHERE t.departed_at IS NOT NULL AND t.arrived_at IS NULL AND " + cn.hazchain.feed.FeedIngest.CARRIED
                        + "   AND EXISTS (SELECT 1 FROM feed_device d WHERE d.vehicle_id = t.vehicle_id AND d.ended_at IS NULL AND d.created_at <= ?1)"
                        + "   AND coalesce(l.device_time, t.departed_at) < ?1")
                .setParameter(1, now.minus(Duration.ofMinutes(limit))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            Instant last = SqlValues.instant(r[7]);
            long minutes = Duration.between(last, now).toMinutes();
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], BigDecimal.valueOf(minutes), BigDecimal.valueOf(limit),
                    "no position for " + minutes + " minutes since " + last + " while in transit (limit " + limit + ") / 运输途中 " + minutes
                            + " 分钟无定位", parties(r[3], r[4], r[5], r[6]), last.getEpochSecond(), (String) r[8]));
        }
        return result;
    }

    /**
     * A container whose weighing on a smart scale differs from the scan that weighed it by more than
     * max(scaleToleranceKg, scaleToleranceFraction × the scan's weight). The scan is the custody event of the same
     * container with a weight, recorded at the scale's site (by its party, or into it as a storage point), that is closest
     * in time (device time, else server time) within scaleMatchMinutes. A weighing of a container never scanned at the
     * scale's site matches nothing: a scale's owner could otherwise weigh any label and, through the alert it is a party
     * of, follow a container it may not see. The alert's parties are the generator, the collector, the party that made
     * that scan and the scale's site — not whoever holds the container now, which a weighing dated back to an old scan
     * would otherwise tell the site.
     * Measured by the largest difference of the container's weighings; evidence: that weighing and its scan. Only the
     * weighings of scaleRecentDays back are read, and those of containers whose alert is open (so it is not resolved by
     * its weighing growing old: a regulator closes it); the threshold reported is the one applied to that weighing.
     */
    List<Candidate> scaleScanMismatch(Instant now) {
        HazChainConfig.Alerts a = config.alerts();
        List<Object[]> rows = rows(em.createNativeQuery("SELECT DISTINCT ON (c.id) c.id, c.label_id, s.town, c.generator_party_id, m.collector_party_id,"
                        + " e.actor_party_id, w.site_party_id, abs(w.weight_kg - e.weight_kg), e.id,"
                        + " greatest(CAST(?1 AS numeric), CAST(?2 AS numeric) * e.weight_kg),"
                        + " CAST(jsonb_build_object('weighing', jsonb_build_object('device', d.code, 'seq', w.seq, 'time', w.device_time,"
                        + "   'weightKg', w.weight_kg, 'sitePartyId', w.site_party_id), 'scan', jsonb_build_object('eventId', e.id, 'type', e.type,"
                        + "   'time', coalesce(e.client_time, e.server_time), 'weightKg', e.weight_kg), 'toleranceKg',"
                        + "   greatest(CAST(?1 AS numeric), CAST(?2 AS numeric) * e.weight_kg)) AS text)"
                        + " FROM (SELECT * FROM scale_weighing WHERE device_time >= ?4 AND container_id IS NOT NULL"
                        + "   UNION SELECT sw.* FROM alert al JOIN scale_weighing sw ON sw.container_id = al.subject_id"
                        + "   WHERE al.rule = 'SCALE_SCAN_MISMATCH' AND al.state <> 'CLOSED') w"
                        + " JOIN feed_device d ON d.id = w.device_id JOIN container c ON c.id = w.container_id"
                        + " JOIN manifest m ON m.id = c.manifest_id JOIN party s ON s.id = w.site_party_id"
                        + " JOIN LATERAL (SELECT ev.id, ev.type, ev.client_time, ev.server_time, ev.weight_kg, ev.actor_party_id FROM custody_event ev"
                        + "   WHERE ev.container_id = c.id AND ev.weight_kg IS NOT NULL"
                        // a scan at the scale's own site: a scale weighs what is there, and its owner sees the alert
                        + "   AND (ev.actor_party_id = w.site_party_id OR ev.storage_point_id = w.site_party_id)"
                        + "   AND abs(extract(epoch FROM coalesce(ev.client_time, ev.server_time) - w.device_time)) <= ?3 * 60"
                        + "   ORDER BY abs(extract(epoch FROM coalesce(ev.client_time, ev.server_time) - w.device_time)), ev.id LIMIT 1) e ON true"
                        + " WHERE abs(w.weight_kg - e.weight_kg) > greatest(CAST(?1 AS numeric), CAST(?2 AS numeric) * e.weight_kg)"
                        + " ORDER BY c.id, abs(w.weight_kg - e.weight_kg) DESC, w.device_time DESC")
                .setParameter(1, a.scaleToleranceKg()).setParameter(2, a.scaleToleranceFraction()).setParameter(3, a.scaleMatchMinutes())
                .setParameter(4, now.minus(Duration.ofDays(a.scaleRecentDays()))));
        List<Candidate> result = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal diff = ((BigDecimal) r[7]).setScale(2, RoundingMode.HALF_UP);
            BigDecimal applied = ((BigDecimal) r[9]).setScale(2, RoundingMode.HALF_UP);
            result.add(new Candidate(id(r[0]), key(r[1]), (String) r[2], diff, applied,
                    "the scale and the scan differ by " + diff + " kg (tolerance " + applied + " kg = max(" + a.scaleToleranceKg() + " kg, "
                            + a.scaleToleranceFraction().movePointRight(2).stripTrailingZeros().toPlainString() + " % of the scan)) / 称重与扫码重量相差 "
                            + diff + " 千克（容差 " + applied + " 千克）",
                    parties(r[3], r[4], r[5], r[6]), id(r[8]), (String) r[10]));
        }
        return result;
    }
}
