package cn.hazchain.mobile;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Photos taken with scans, stored in the database under the SHA-256 of their bytes. The address is checked
 * against the bytes, the type against their first bytes, the size against {@code hazchain.mobile.photo-max-bytes}.
 * Uploading the same photo again changes nothing.
 */
@ApplicationScoped
@Transactional
public class PhotoService {

    /** Types a handheld may upload. */
    public static final List<String> TYPES = List.of("image/jpeg", "image/png", "image/webp");

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    cn.hazchain.custody.ContainerService containers;

    @Inject
    cn.hazchain.custody.Visibility visibility;

    public record Stored(MobileDtos.PhotoView photo, boolean created) {
    }

    public record Content(String contentType, byte[] bytes, long uploadedBy) {
    }

    public Stored put(String sha256, String contentType, byte[] bytes, Long deviceId) {
        String sha = requireSha(sha256);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!TYPES.contains(type)) {
            throw new ProblemException(new Problem("photo-type", "Unsupported photo type / 不支持的照片格式", 415,
                    "send the photo as one of " + TYPES + " (Content-Type), not " + (type.isEmpty() ? "nothing" : type)));
        }
        if (bytes == null || bytes.length == 0) {
            throw ProblemException.unprocessable("photo-empty", "the body is empty: send the photo's bytes");
        }
        int max = config.mobile().photoMaxBytes();
        if (bytes.length > max) {
            throw new ProblemException(new Problem("photo-too-large", "Photo too large / 照片过大", 413,
                    "a photo may have at most " + max + " bytes; this one has " + bytes.length + ": compress it")
                    .with("maxBytes", max));
        }
        if (!type.equals(sniff(bytes))) {
            throw new ProblemException(new Problem("photo-type", "Unsupported photo type / 不支持的照片格式", 415,
                    "the bytes are not a " + type + " image" + (sniff(bytes) == null ? "" : " (they look like " + sniff(bytes) + ")")));
        }
        String actual = sha256(bytes);
        if (!actual.equals(sha)) {
            throw ProblemException.unprocessable("photo-hash-mismatch", "the bytes hash to " + actual + ", not to " + sha
                    + ": the photo was damaged on the way or the address is wrong; send it again");
        }
        int inserted = em.createNativeQuery("INSERT INTO photo (sha256, content_type, size_bytes, content, uploaded_by, device_id)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (sha256) DO NOTHING")
                .setParameter(1, sha).setParameter(2, type).setParameter(3, bytes.length).setParameter(4, bytes)
                .setParameter(5, current.userId()).setParameter(6, deviceId).executeUpdate();
        // Whoever sends the very bytes already has the photo: no visibility check on this answer.
        Instant uploadedAt = SqlValues.instant(em.createNativeQuery("SELECT uploaded_at FROM photo WHERE sha256 = ?1")
                .setParameter(1, sha).getSingleResult());
        return new Stored(new MobileDtos.PhotoView(sha, type, bytes.length, uploadedAt), inserted == 1);
    }

    /** The photo's size and type, if it was uploaded and the caller may see it. */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<MobileDtos.PhotoView> meta(String sha256) {
        return em.createNativeQuery("SELECT sha256, content_type, size_bytes, uploaded_at, uploaded_by FROM photo WHERE sha256 = ?1")
                .setParameter(1, requireSha(sha256)).getResultStream().findFirst()
                .filter(r -> mayView(sha256, ((Number) ((Object[]) r)[4]).longValue()))
                .map(r -> {
                    Object[] row = (Object[]) r;
                    return new MobileDtos.PhotoView(((String) row[0]).strip(), (String) row[1], ((Number) row[2]).intValue(),
                            SqlValues.instant(row[3]));
                });
    }

    /** The photo, if it was uploaded and the caller may see it. */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Content> content(String sha256) {
        return em.createNativeQuery("SELECT content_type, content, uploaded_by FROM photo WHERE sha256 = ?1")
                .setParameter(1, requireSha(sha256)).getResultStream().findFirst()
                .map(r -> {
                    Object[] row = (Object[]) r;
                    return new Content((String) row[0], (byte[]) row[1], ((Number) row[2]).longValue());
                })
                .filter(c -> mayView(sha256, ((Content) c).uploadedBy()));
    }

    /** Which of these hashes have no photo uploaded yet, in the order given. */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> missing(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        List<String> present = em.createNativeQuery("SELECT sha256 FROM photo WHERE sha256 = ANY(string_to_array(?1, ','))")
                .setParameter(1, String.join(",", hashes)).getResultList();
        var have = present.stream().map(String::strip).collect(java.util.stream.Collectors.toSet());
        return hashes.stream().filter(h -> !have.contains(h)).distinct().toList();
    }

    /**
     * Who may see a photo: regulators and administrators, the organisation that uploaded it, and whoever may see
     * a container whose custody events name it (the receiver and generator on the trail, for instance).
     */
    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean mayView(String sha256, long uploadedBy) {
        if (current.seesAll()) {
            return true;
        }
        cn.hazchain.account.AppUser uploader = cn.hazchain.account.AppUser.findById(uploadedBy);
        if (uploader != null && uploader.partyId == current.partyId()) {
            return true;
        }
        List<Object[]> events = em.createNativeQuery("SELECT c.label_id, c.id, e.seq FROM custody_event e JOIN container c ON c.id = e.container_id"
                        + " WHERE e.photo_sha256 @> ARRAY[CAST(?1 AS varchar)] AND cardinality(e.photo_sha256) > 0 LIMIT 20") // the partial index (V10); no ORDER BY, which may walk the primary key instead
                .setParameter(1, requireSha(sha256)).getResultList();
        for (Object[] e : events) {
            try {
                containers.visible(((String) e[0]).strip());
            } catch (ProblemException notVisible) {
                continue; // try the next container
            }
            // and the event is one the caller's trail shows: not one after its custody of the container ended
            Integer horizon = visibility.horizon(((Number) e[1]).longValue());
            if (horizon == null || ((Number) e[2]).intValue() <= horizon) {
                return true;
            }
        }
        return false;
    }

    static String requireSha(String sha256) {
        String sha = sha256 == null ? "" : sha256.strip();
        if (!SHA256.matcher(sha).matches()) {
            throw ProblemException.badRequest("a photo is addressed by the SHA-256 of its bytes: 64 lower-case hex digits");
        }
        return sha;
    }

    /** The image type the first bytes show, or null. */
    static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D && b[5] == 0x0A
                && b[6] == 0x1A && b[7] == 0x0A) {
            return "image/png";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
