package cn.hazchain.feed;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The feed device registry (docs/feeds.md): vehicle trackers and smart scales, each with its own MQTT account. An
 * administrator registers any device; a collector's operator the trackers of its own vehicles and the scales of its
 * storage points; a receiver's operator the scales of its own weighbridge. The secret is shown once, when it is
 * made (at registration or rotation); the registry keeps only its hash. A device is ended, never deleted: its
 * positions and weighings stay readable. Every change rewrites the broker's files after the commit
 * ({@link BrokerFileWriter}).
 */
@ApplicationScoped
@Transactional
public class FeedDevices {

    static final Role[] MANAGERS = {Role.ADMIN, Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR};
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    Event<BrokerAccountsChanged> changed;

    public enum Kind { VEHICLE_TRACKER, SCALE }

    /** A device to register: a tracker names its vehicle, a scale its site (a storage point or a receiver). */
    public record NewDevice(@NotNull UUID commandId, @NotNull Kind kind, Long vehicleId, Long sitePartyId, @Size(max = 200) String description) {
    }

    public record EndDevice(@NotNull @Size(min = 1, max = 500) String reason) {
    }

    /**
     * A device as the registry holds it. {@code username} and {@code topic} are what to configure on the device;
     * {@code secret} is its MQTT password, present only in the answer that made it (registration, rotation).
     */
    public record DeviceView(long id, String code, Kind kind, long ownerPartyId, Long vehicleId, String plate, Long sitePartyId, String siteName,
                             String description, boolean active, long lastSeq, Instant lastSeen, Instant createdAt, Instant endedAt,
                             String endReason, String username, String topic, String secret) {

        DeviceView withSecret(String s) {
            return new DeviceView(id, code, kind, ownerPartyId, vehicleId, plate, sitePartyId, siteName, description, active, lastSeq,
                    lastSeen, createdAt, endedAt, endReason, username, topic, s);
        }
    }

    /** Fired when the accounts the broker should know changed; written to its files after the commit. */
    public record BrokerAccountsChanged() {
    }

    public DeviceView register(NewDevice body) {
        current.require(MANAGERS);
        Optional<DeviceView> earlier = byRequest(body.commandId());
        if (earlier.isPresent()) {
            return retried(earlier.get(), body);
        }
        long owner = switch (body.kind()) {
            case VEHICLE_TRACKER -> trackerOwner(body);
            case SCALE -> scaleOwner(body);
        };
        String secret = BrokerFiles.newSecret();
        String code = (body.kind() == Kind.VEHICLE_TRACKER ? "vt-" : "sc-") + randomCode();
        if (em.createNativeQuery("INSERT INTO feed_device (code, kind, owner_party_id, vehicle_id, site_party_id, description, secret_hash,"
                        + " created_by, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (request_id) DO NOTHING")
                .setParameter(1, code).setParameter(2, body.kind().name()).setParameter(3, owner)
                .setParameter(4, body.kind() == Kind.VEHICLE_TRACKER ? body.vehicleId() : null)
                .setParameter(5, body.kind() == Kind.SCALE ? body.sitePartyId() : null)
                .setParameter(6, Text.trimToNull(body.description())).setParameter(7, BrokerFiles.hash(secret))
                .setParameter(8, current.userId()).setParameter(9, body.commandId()).executeUpdate() == 0) {
            // a simultaneous request with the same commandId inserted first (this INSERT waited for its commit): that
            // device is the one, and this secret's hash was never stored, so it must not be handed out
            return retried(byRequest(body.commandId()).orElseThrow(), body);
        }
        changed.fire(new BrokerAccountsChanged());
        return byRequest(body.commandId()).orElseThrow().withSecret(secret);
    }

    /** The answer to a resent registration: the device it made, without a secret (the secret is not kept). */
    private static DeviceView retried(DeviceView d, NewDevice body) {
        if (d.kind() != body.kind() || !java.util.Objects.equals(d.vehicleId(), body.vehicleId())
                || !java.util.Objects.equals(d.sitePartyId(), body.sitePartyId())) {
            throw ProblemException.conflict("commandId " + body.commandId() + " was used for another device: send a new one");
        }
        // a client that lost the first answer rotates it (POST /api/feed-devices/{id}/secret)
        return d;
    }

    /** A new secret; the old one stops working when the broker reloads its files. */
    public DeviceView rotateSecret(long id) {
        DeviceView d = manageable(id);
        if (!d.active()) {
            throw ProblemException.conflict("device " + d.code() + " was ended on " + d.endedAt() + ": register a new one");
        }
        String secret = BrokerFiles.newSecret();
        em.createNativeQuery("UPDATE feed_device SET secret_hash = ?2, version = version + 1 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, BrokerFiles.hash(secret)).executeUpdate();
        changed.fire(new BrokerAccountsChanged());
        return find(id).orElseThrow().withSecret(secret);
    }

    /** Ends it (idempotent): its account leaves the broker's files, and its messages are dropped as INACTIVE_DEVICE. */
    public DeviceView end(long id, EndDevice body) {
        DeviceView d = manageable(id);
        em.createNativeQuery("UPDATE feed_device SET ended_at = now(), ended_by = ?2, end_reason = ?3, version = version + 1"
                        + " WHERE id = ?1 AND ended_at IS NULL")
                .setParameter(1, d.id()).setParameter(2, current.userId()).setParameter(3, body.reason().strip()).executeUpdate();
        changed.fire(new BrokerAccountsChanged());
        return find(id).orElseThrow();
    }

    /** Who may read devices: their own party's, regulators and administrators all. */
    static final Role[] READERS = {Role.ADMIN, Role.REGULATOR, Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR, Role.STORAGE_KEEPER, Role.DRIVER};

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeviceView> list(Kind kind, Long vehicleId, Paging paging) {
        current.require(READERS);
        StringBuilder where = new StringBuilder(" WHERE true");
        if (!current.seesAll()) {
            where.append(" AND d.owner_party_id = ").append(ownParty());
        }
        if (kind != null) {
            where.append(" AND d.kind = '").append(kind.name()).append("'");
        }
        if (vehicleId != null) {
            where.append(" AND d.vehicle_id = ").append(vehicleId.longValue());
        }
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM feed_device d" + where).getSingleResult()).longValue();
        List<DeviceView> items = rows(em.createNativeQuery(COLUMNS + where + " ORDER BY d.id DESC LIMIT ?1 OFFSET ?2")
                .setParameter(1, paging.size()).setParameter(2, paging.offset())).stream().map(FeedDevices::view).toList();
        return Page.of(items, paging, total);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeviceView get(long id) {
        current.require(READERS);
        DeviceView d = find(id).orElseThrow(() -> ProblemException.notFound("feed device", id));
        if (!current.seesAll() && d.ownerPartyId() != ownParty()) {
            throw ProblemException.notFound("feed device", id);
        }
        return d;
    }

    // ---- who may register what -----------------------------------------------------------------------------

    private long trackerOwner(NewDevice body) {
        if (body.vehicleId() == null || body.sitePartyId() != null) {
            throw ProblemException.badRequest("a VEHICLE_TRACKER names vehicleId (and no sitePartyId)");
        }
        List<?> owner = em.createNativeQuery("SELECT owner_party_id FROM vehicle WHERE id = ?1").setParameter(1, body.vehicleId()).getResultList();
        if (owner.isEmpty()) {
            throw ProblemException.unprocessable("unknown-vehicle", "vehicleId " + body.vehicleId() + " is not a vehicle on file");
        }
        long party = ((Number) owner.get(0)).longValue();
        if (!current.has(Role.ADMIN) && !(current.has(Role.COLLECTOR_OPERATOR) && party == current.partyId())) {
            throw ProblemException.forbidden("a tracker is registered by the vehicle owner's collector operators or an administrator");
        }
        return party;
    }

    private long scaleOwner(NewDevice body) {
        if (body.sitePartyId() == null || body.vehicleId() != null) {
            throw ProblemException.badRequest("a SCALE names sitePartyId, a storage point or a receiver (and no vehicleId)");
        }
        List<Object[]> site = rows(em.createNativeQuery("SELECT kind, parent_id FROM party WHERE id = ?1").setParameter(1, body.sitePartyId()));
        if (site.isEmpty() || !("STORAGE_POINT".equals(site.get(0)[0]) || "RECEIVER".equals(site.get(0)[0]))) {
            throw ProblemException.unprocessable("not-a-weighing-site", "sitePartyId " + body.sitePartyId()
                    + " is not a storage point or a receiver: a scale stands at one of them");
        }
        long owner = "STORAGE_POINT".equals(site.get(0)[0]) ? ((Number) site.get(0)[1]).longValue() : body.sitePartyId();
        boolean own = owner == current.partyId() && ("STORAGE_POINT".equals(site.get(0)[0])
                ? current.has(Role.COLLECTOR_OPERATOR) : current.has(Role.RECEIVER_OPERATOR));
        if (!current.has(Role.ADMIN) && !own) {
            throw ProblemException.forbidden("a scale is registered by its site's operators (the collector's for a storage point) or an administrator");
        }
        return owner;
    }

    private DeviceView manageable(long id) {
        current.require(MANAGERS);
        DeviceView d = get(id);
        if (!current.has(Role.ADMIN) && d.ownerPartyId() != current.partyId()) {
            throw ProblemException.notFound("feed device", id);
        }
        return d;
    }

    private long ownParty() {
        return current.partyId();
    }

    private static String randomCode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return b.toString();
    }

    // ---- rows ---------------------------------------------------------------------------------------------------

    private static final String COLUMNS = "SELECT d.id, d.code, d.kind, d.owner_party_id, d.vehicle_id, v.plate, d.site_party_id, s.name,"
            + " d.description, d.last_seq, d.last_seen, d.created_at, d.ended_at, d.end_reason"
            + " FROM feed_device d LEFT JOIN vehicle v ON v.id = d.vehicle_id LEFT JOIN party s ON s.id = d.site_party_id";

    private static DeviceView view(Object[] r) {
        Kind kind = Kind.valueOf((String) r[2]);
        String code = (String) r[1];
        String topic = FeedMessages.PREFIX + (kind == Kind.VEHICLE_TRACKER ? "vehicles/" + code + "/positions" : "scales/" + code + "/weighings");
        return new DeviceView(((Number) r[0]).longValue(), code, kind, ((Number) r[3]).longValue(), r[4] == null ? null : ((Number) r[4]).longValue(),
                (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(), (String) r[7], (String) r[8], r[12] == null,
                ((Number) r[9]).longValue(), r[10] == null ? null : SqlValues.instant(r[10]), SqlValues.instant(r[11]),
                r[12] == null ? null : SqlValues.instant(r[12]), (String) r[13], code, topic, null);
    }

    private Optional<DeviceView> find(long id) {
        return rows(em.createNativeQuery(COLUMNS + " WHERE d.id = ?1").setParameter(1, id)).stream().findFirst().map(FeedDevices::view);
    }

    /**
     * The device an earlier registration with this commandId made, when the caller made it; a commandId someone else
     * used answers 409 without the device (a replay never shows another user's device).
     */
    private Optional<DeviceView> byRequest(UUID requestId) {
        Object by = rows(em.createNativeQuery("SELECT created_by, 0 FROM feed_device WHERE request_id = ?1").setParameter(1, requestId)).stream()
                .findFirst().map(r -> r[0]).orElse(null);
        if (by == null) {
            return Optional.empty();
        }
        if (((Number) by).longValue() != current.userId()) {
            throw ProblemException.conflict("commandId " + requestId + " was used for another request: send a new one");
        }
        return rows(em.createNativeQuery(COLUMNS + " WHERE d.request_id = ?1").setParameter(1, requestId)).stream().findFirst().map(FeedDevices::view);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }
}
