package cn.hazchain.custody;

import cn.hazchain.custody.CustodyRules.Accepted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Appends custody events. Each event's hash covers its canonical content and the previous event's hash of the
 * same container, so changing, removing or reordering any event breaks that container's chain.
 */
@ApplicationScoped
public class EventLog {

    @Inject
    EntityManager em;

    /** Everything an event records; ids may be null where they do not apply. */
    public record NewEvent(long containerId, Accepted transition, UUID commandId, Long manifestId, Long lotId, Long transferId,
                           long actorUserId, long actorPartyId, Context context, BigDecimal weightKg, boolean weightDeviation,
                           String details) {
    }

    /** Where and how a scan was made: device, its clock, GPS, photos, a note. All optional. */
    public record Context(String deviceId, Instant clientTime, Double latitude, Double longitude, List<String> photoSha256, String note,
                          List<String> clockFlags) {
        public static final Context NONE = new Context(null, null, null, null, List.of(), null, List.of());

        public Context(String deviceId, Instant clientTime, Double latitude, Double longitude, List<String> photoSha256, String note) {
            this(deviceId, clientTime, latitude, longitude, photoSha256, note, List.of());
        }
    }

    /** A stored event as the hash sees it. */
    public record Row(long id, long containerId, int seq, String type, String fromState, String toState, UUID commandId,
                      Long manifestId, Long lotId, Long transferId, long actorUserId, long actorPartyId, String deviceId,
                      Instant clientTime, Instant serverTime, Double latitude, Double longitude, BigDecimal weightKg,
                      boolean weightDeviation, List<String> photoSha256, String note, String details, String prevHash, String hash,
                      List<String> clockFlags) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long append(NewEvent e) {
        Object[] head = (Object[]) em.createNativeQuery("SELECT coalesce(max(seq), 0), (SELECT hash FROM custody_event"
                        + " WHERE container_id = ?1 ORDER BY seq DESC LIMIT 1) FROM custody_event WHERE container_id = ?1")
                .setParameter(1, e.containerId()).getSingleResult();
        int seq = ((Number) head[0]).intValue() + 1;
        String prev = head[1] == null ? null : ((String) head[1]).strip();
        Context c = e.context() == null ? Context.NONE : e.context();
        Instant serverTime = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant clientTime = c.clientTime() == null ? null : c.clientTime().truncatedTo(ChronoUnit.MICROS);
        BigDecimal weight = e.weightKg() == null ? null : e.weightKg().setScale(2, RoundingMode.UNNECESSARY);
        List<String> photos = c.photoSha256() == null ? List.of() : c.photoSha256();
        List<String> flags = c.clockFlags() == null ? List.of() : c.clockFlags();
        Row row = new Row(0, e.containerId(), seq, e.transition().event().name(), e.transition().from().name(),
                e.transition().to().name(), e.commandId(), e.manifestId(), e.lotId(), e.transferId(), e.actorUserId(),
                e.actorPartyId(), c.deviceId(), clientTime, serverTime, c.latitude(), c.longitude(), weight,
                e.weightDeviation(), photos, c.note(), e.details(), prev, null, flags);
        String hash = hash(row);
        Number id = (Number) em.createNativeQuery("INSERT INTO custody_event (container_id, seq, type, from_state, to_state,"
                        + " command_id, manifest_id, lot_id, transfer_id, actor_user_id, actor_party_id, device_id, client_time,"
                        + " server_time, latitude, longitude, weight_kg, weight_deviation, photo_sha256, note, details, prev_hash, hash, clock_flags)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                        + " string_to_array(?19, ',')::varchar[], ?20, ?21, ?22, ?23, string_to_array(?24, ',')::varchar[]) RETURNING id")
                .setParameter(1, row.containerId()).setParameter(2, seq).setParameter(3, row.type())
                .setParameter(4, row.fromState()).setParameter(5, row.toState()).setParameter(6, row.commandId())
                .setParameter(7, row.manifestId()).setParameter(8, row.lotId()).setParameter(9, row.transferId())
                .setParameter(10, row.actorUserId()).setParameter(11, row.actorPartyId()).setParameter(12, row.deviceId())
                .setParameter(13, clientTime).setParameter(14, serverTime).setParameter(15, row.latitude())
                .setParameter(16, row.longitude()).setParameter(17, weight).setParameter(18, row.weightDeviation())
                .setParameter(19, String.join(",", photos)).setParameter(20, row.note()).setParameter(21, row.details())
                .setParameter(22, prev).setParameter(23, hash).setParameter(24, String.join(",", flags))
                .getSingleResult();
        return id.longValue();
    }

    /**
     * SHA-256 over the canonical (length-prefixed) content and the previous hash, in lower-case hex. Clock flags
     * (added with the handheld API) are appended only when present, so events written before them hash as before.
     */
    public static String hash(Row r) {
        StringBuilder canonical = new StringBuilder();
        List<String> fields = new java.util.ArrayList<>(List.of(
                "v1", String.valueOf(r.containerId()), String.valueOf(r.seq()), r.type(), r.fromState(), r.toState(),
                String.valueOf(r.commandId()), str(r.manifestId()), str(r.lotId()), str(r.transferId()),
                String.valueOf(r.actorUserId()), String.valueOf(r.actorPartyId()), str(r.deviceId()), str(r.clientTime()),
                String.valueOf(r.serverTime()), str(r.latitude()), str(r.longitude()),
                r.weightKg() == null ? "" : r.weightKg().setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
                String.valueOf(r.weightDeviation()), String.join(",", r.photoSha256()), str(r.note()), str(r.details()),
                str(r.prevHash())));
        if (r.clockFlags() != null && !r.clockFlags().isEmpty()) {
            fields.add("clock:" + String.join(",", r.clockFlags()));
        }
        for (String field : fields) {
            // Length-prefixed, so no choice of field values can make two different events read the same.
            canonical.append(field.length()).append(':').append(field).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
