package cn.hazchain.feed;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Jdbc;
import cn.hazchain.feed.FeedMessages.Bad;
import cn.hazchain.feed.FeedMessages.Parsed;
import cn.hazchain.feed.FeedMessages.Position;
import cn.hazchain.feed.FeedMessages.Weighing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a batch of feed messages in one transaction: each is parsed ({@link FeedMessages}), checked against its
 * device (known, active, of the topic's kind) and its sequence, then the accepted ones are written set-based, the
 * devices' newest sequence moved on and the rejections counted. The answer says, per message in order, whether it
 * was stored or why it was dropped; nothing is acknowledged to the broker before this transaction committed.
 *
 * <p>Sequence: a device numbers its messages 1, 2, 3… The newest accepted number is kept per device (its row is
 * locked for the batch, so replicas never race). A number at or below it is a {@link Rejection#REPLAYED} when that
 * message is stored (a resend), else {@link Rejection#OUT_OF_ORDER} (it arrived after a newer one: a track is kept
 * in the order it was driven, and the alerts read it so). Gaps are allowed: a lost message is not waited for.
 */
@ApplicationScoped
public class FeedIngest {

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    /** A message as received from the broker. */
    public record Received(String topic, byte[] payload, Instant receivedAt) {
    }

    /** What became of one message: stored, or dropped with a reason and a detail for the operator. */
    public record Outcome(boolean stored, Rejection reason, String deviceCode, String detail) {
        static Outcome ok(String device) {
            return new Outcome(true, null, device, null);
        }
    }

    private record Device(long id, String code, boolean tracker, Long vehicleId, Long siteId, boolean active, long lastSeq) {
    }

    @Transactional
    public List<Outcome> store(List<Received> batch) {
        Instant now = Instant.now();
        List<Parsed> parsed = new ArrayList<>(batch.size());
        for (Received r : batch) {
            parsed.add(FeedMessages.parse(r.topic(), r.payload(), r.receivedAt() == null ? now : r.receivedAt(), config.feeds().clockSkew()));
        }
        Map<String, Device> devices = lockDevices(parsed);
        Map<String, Long> lastSeq = new HashMap<>();
        devices.values().forEach(d -> lastSeq.put(d.code(), d.lastSeq()));
        Map<String, Set<Long>> acceptedSeqs = new HashMap<>();
        Outcome[] outcomes = new Outcome[parsed.size()];
        List<Integer> late = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        List<Weighing> weighings = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p instanceof Bad bad) {
                outcomes[i] = new Outcome(false, bad.reason(), bad.deviceCode(), bad.detail());
                continue;
            }
            String code = p instanceof Position pos ? pos.deviceCode() : ((Weighing) p).deviceCode();
            long seq = p instanceof Position pos ? pos.seq() : ((Weighing) p).seq();
            Device d = devices.get(code);
            if (d == null) {
                outcomes[i] = new Outcome(false, Rejection.UNKNOWN_DEVICE, null, "no feed device " + code);
            } else if (!d.active()) {
                outcomes[i] = new Outcome(false, Rejection.INACTIVE_DEVICE, code, "device " + code + " was ended");
            } else if (d.tracker() != (p instanceof Position)) {
                outcomes[i] = new Outcome(false, Rejection.WRONG_TOPIC, code, "device " + code + " is a " + (d.tracker() ? "vehicle tracker" : "scale")
                        + " and published on the other kind's topic");
            } else if (seq <= lastSeq.get(code)) {
                late.add(i);
            } else {
                lastSeq.put(code, seq);
                acceptedSeqs.computeIfAbsent(code, k -> new HashSet<>()).add(seq);
                outcomes[i] = Outcome.ok(code);
                if (p instanceof Position pos) {
                    positions.add(pos);
                } else {
                    weighings.add((Weighing) p);
                }
            }
        }
        if (!late.isEmpty()) {
            Set<String> stored = storedSeqs(late.stream().map(parsed::get).toList(), devices);
            for (int i : late) {
                Parsed p = parsed.get(i);
                String code = p instanceof Position pos ? pos.deviceCode() : ((Weighing) p).deviceCode();
                long seq = p instanceof Position pos ? pos.seq() : ((Weighing) p).seq();
                boolean replay = stored.contains(code + "/" + seq) || acceptedSeqs.getOrDefault(code, Set.of()).contains(seq);
                outcomes[i] = new Outcome(false, replay ? Rejection.REPLAYED : Rejection.OUT_OF_ORDER, code, replay
                        ? "seq " + seq + " of " + code + " is stored already"
                        : "seq " + seq + " of " + code + " came after seq " + lastSeq.get(code));
            }
        }
        insertPositions(positions, devices);
        insertWeighings(weighings, devices);
        moveDevices(devices, lastSeq, acceptedSeqs.keySet(), now);
        countRejections(outcomes, now);
        return List.of(outcomes);
    }

    /**
     * Counts a message the database refused to store as {@link Rejection#UNSTORABLE} (FeedConsumer), in a transaction
     * of its own; the message itself is not kept.
     */
    @Transactional
    public Outcome unstorable(Received r, String detail) {
        FeedMessages.Topic topic = FeedMessages.topic(r.topic());
        Outcome o = new Outcome(false, Rejection.UNSTORABLE, topic == null ? null : topic.deviceCode(), detail);
        countRejections(new Outcome[] {o}, Instant.now());
        return o;
    }

    private Map<String, Device> lockDevices(List<Parsed> parsed) {
        Set<String> codes = new HashSet<>();
        for (Parsed p : parsed) {
            if (p instanceof Position pos) {
                codes.add(pos.deviceCode());
            } else if (p instanceof Weighing w) {
                codes.add(w.deviceCode());
            }
        }
        Map<String, Device> devices = new HashMap<>();
        if (codes.isEmpty()) {
            return devices;
        }
        return Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, code, kind, vehicle_id, site_party_id, ended_at IS NULL, last_seq"
                    + " FROM feed_device WHERE code = ANY(CAST(? AS text[])) ORDER BY id FOR UPDATE")) {
                ps.setArray(1, Jdbc.texts(c, codes));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Device d = new Device(rs.getLong(1), rs.getString(2), "VEHICLE_TRACKER".equals(rs.getString(3)),
                                (Long) rs.getObject(4), (Long) rs.getObject(5), rs.getBoolean(6), rs.getLong(7));
                        devices.put(d.code(), d);
                    }
                }
            }
            return devices;
        });
    }

    /** "code/seq" of the late messages that are stored already. */
    private Set<String> storedSeqs(List<Parsed> late, Map<String, Device> devices) {
        List<Long> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (Parsed p : late) {
            String code = p instanceof Position pos ? pos.deviceCode() : ((Weighing) p).deviceCode();
            ids.add(devices.get(code).id());
            seqs.add(p instanceof Position pos ? pos.seq() : ((Weighing) p).seq());
        }
        return Jdbc.work(em, c -> {
            Set<String> found = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.code, u.seq FROM unnest(CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[])"
                    + " AS u(device_id, seq) JOIN feed_device d ON d.id = u.device_id"
                    + " WHERE EXISTS (SELECT 1 FROM vehicle_position p WHERE p.device_id = u.device_id AND p.seq = u.seq)"
                    + "    OR EXISTS (SELECT 1 FROM scale_weighing w WHERE w.device_id = u.device_id AND w.seq = u.seq)")) {
                Jdbc.bindTexts(ps, List.of(ids, seqs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + "/" + rs.getLong(2));
                    }
                }
            }
            return found;
        });
    }

    private void insertPositions(List<Position> positions, Map<String, Device> devices) {
        if (positions.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>(), seqs = new ArrayList<>(), vehicles = new ArrayList<>(), times = new ArrayList<>(),
                lats = new ArrayList<>(), lons = new ArrayList<>(), speeds = new ArrayList<>();
        for (Position p : positions) {
            Device d = devices.get(p.deviceCode());
            ids.add(d.id());
            seqs.add(p.seq());
            vehicles.add(d.vehicleId());
            times.add(p.time());
            lats.add(p.lat());
            lons.add(p.lon());
            speeds.add(p.speedKmh());
        }
        Jdbc.work(em, c -> {
            // the transfer the vehicle was on at the device's time (departed, not yet arrived); else its round of that day
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vehicle_position (device_id, seq, vehicle_id, transfer_id, round_id,"
                    + " device_time, latitude, longitude, speed_kmh)"
                    + " SELECT u.device_id, u.seq, u.vehicle_id, tr.id, CASE WHEN tr.id IS NULL THEN rd.id END, u.t, u.lat, u.lon, u.speed"
                    + " FROM unnest(CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[],"
                    + "   CAST(? AS text[])::timestamptz[], CAST(? AS text[])::float8[], CAST(? AS text[])::float8[], CAST(? AS text[])::real[])"
                    + "   AS u(device_id, seq, vehicle_id, t, lat, lon, speed)"
                    + " LEFT JOIN LATERAL (SELECT t.id FROM transfer t WHERE t.vehicle_id = u.vehicle_id AND t.departed_at IS NOT NULL"
                    + "   AND t.departed_at <= u.t AND (t.arrived_at IS NULL OR t.arrived_at >= u.t) AND " + CARRIED + " ORDER BY t.departed_at DESC LIMIT 1) tr"
                    + " ON true"
                    + " LEFT JOIN LATERAL (SELECT r.id FROM collection_round r WHERE r.vehicle_id = u.vehicle_id"
                    + "   AND r.round_date = CAST((u.t AT TIME ZONE ?) AS date) ORDER BY r.id DESC LIMIT 1) rd ON true"
                    + " ON CONFLICT (device_id, seq) DO NOTHING")) {
                Jdbc.bindTexts(ps, List.of(ids, seqs, vehicles, times, lats, lons, speeds));
                ps.setString(8, config.zone().getId());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The container a weighing's label names. container.label_id is char(37): compared with the text label as text,
     * PostgreSQL casts the column and cannot use its unique index (a scan of every container per weighing); the label is
     * cast instead, after its length is checked (a cast to char(37) would cut a longer one to a real label's prefix).
     */
    static final String CONTAINER_OF_LABEL = "(SELECT ct.id FROM container ct WHERE length(u.label) = 37 AND ct.label_id = CAST(u.label AS char(37)))";

    /**
     * A transfer (alias {@code t}) the vehicle is really on: carried by its shipper, or, on another party's vehicle,
     * departed by that carrier's side (its named driver or one of its users). A shipper that names another company's
     * truck and records the departure itself gets no track of it: the truck's positions are that company's to share.
     */
    public static final String CARRIED = "(t.carrier_party_id = t.shipper_party_id OR t.departed_by = t.driver_user_id"
            + " OR EXISTS (SELECT 1 FROM app_user du WHERE du.id = t.departed_by AND du.party_id = t.carrier_party_id))";

    private void insertWeighings(List<Weighing> weighings, Map<String, Device> devices) {
        if (weighings.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>(), seqs = new ArrayList<>(), sites = new ArrayList<>(), labels = new ArrayList<>(),
                kgs = new ArrayList<>(), times = new ArrayList<>();
        for (Weighing w : weighings) {
            Device d = devices.get(w.deviceCode());
            ids.add(d.id());
            seqs.add(w.seq());
            sites.add(d.siteId());
            labels.add(w.labelId());
            kgs.add(w.weightKg().toPlainString());
            times.add(w.time());
        }
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scale_weighing (device_id, seq, site_party_id, label_id, container_id,"
                    + " weight_kg, device_time)"
                    + " SELECT u.device_id, u.seq, u.site, u.label, " + CONTAINER_OF_LABEL + ", u.kg, u.t"
                    + " FROM unnest(CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[], CAST(? AS text[]),"
                    + "   CAST(? AS text[])::numeric[], CAST(? AS text[])::timestamptz[]) AS u(device_id, seq, site, label, kg, t)"
                    + " ON CONFLICT (device_id, seq) DO NOTHING")) {
                Jdbc.bindTexts(ps, List.of(ids, seqs, sites, labels, kgs, times));
                return ps.executeUpdate();
            }
        });
    }

    private void moveDevices(Map<String, Device> devices, Map<String, Long> lastSeq, Set<String> moved, Instant now) {
        if (moved.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>(), seqs = new ArrayList<>();
        for (String code : moved) {
            ids.add(devices.get(code).id());
            seqs.add(lastSeq.get(code));
        }
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE feed_device d SET last_seq = greatest(d.last_seq, u.seq), last_seen = ?"
                    + " FROM unnest(CAST(? AS text[])::bigint[], CAST(? AS text[])::bigint[]) AS u(id, seq) WHERE d.id = u.id")) {
                ps.setObject(1, java.sql.Timestamp.from(now));
                Jdbc.bindTexts(ps, 2, List.of(ids, seqs));
                return ps.executeUpdate();
            }
        });
    }

    private void countRejections(Outcome[] outcomes, Instant now) {
        record Key(Rejection reason, String device) {
        }
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, String> details = new HashMap<>();
        for (Outcome o : outcomes) {
            if (!o.stored()) {
                Key k = new Key(o.reason(), o.deviceCode() == null ? "" : o.deviceCode());
                counts.computeIfAbsent(k, x -> new long[1])[0]++;
                details.put(k, o.detail());
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(now, config.zone());
        List<Object> reasons = new ArrayList<>(), codes = new ArrayList<>(), ns = new ArrayList<>(), texts = new ArrayList<>();
        counts.forEach((k, n) -> {
            reasons.add(k.reason().name());
            codes.add(FeedMessages.shorten(k.device()));
            ns.add(n[0]);
            texts.add(details.get(k));
        });
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_rejection (day, reason, device_code, count, last_at, last_detail)"
                    + " SELECT ?, u.reason, u.code, u.n, ?, u.detail FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])::bigint[],"
                    + "   CAST(? AS text[])) AS u(reason, code, n, detail)"
                    + " ON CONFLICT (day, reason, device_code) DO UPDATE SET count = feed_rejection.count + EXCLUDED.count,"
                    + "   last_at = EXCLUDED.last_at, last_detail = EXCLUDED.last_detail")) {
                ps.setObject(1, day);
                ps.setObject(2, java.sql.Timestamp.from(now));
                Jdbc.bindTexts(ps, 3, List.of(reasons, codes, ns, texts));
                return ps.executeUpdate();
            }
        });
    }
}
