package cn.hazchain.mobile;

import cn.hazchain.account.AppUser;
import cn.hazchain.account.AuthService;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.account.TokenService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Enrolled handhelds and their shift sessions. An administrator enrols a device for a party; a person of that
 * party (or of its parent or child party) signs in on it and gets a shift token bound to user, device and session.
 * Revoking the device or ending the session makes that token useless at once (see {@link SessionCheck}).
 */
@ApplicationScoped
@Transactional
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);

    /** Who may own a handheld. */
    static final Set<PartyKind> OWNER_KINDS = EnumSet.of(PartyKind.COLLECTOR, PartyKind.STORAGE_POINT, PartyKind.CARRIER, PartyKind.RECEIVER);

    /** Who may start a shift on a handheld. */
    static final Set<Role> HANDHELD_ROLES = EnumSet.of(Role.DRIVER, Role.STORAGE_KEEPER, Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR);

    @Inject
    CurrentUser current;

    @Inject
    AuthService auth;

    @Inject
    TokenService tokens;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    public record DeviceView(long id, String serial, long ownerPartyId, String ownerName, String model, String note,
                             Instant enrolledAt, boolean revoked, Instant revokedAt, String revokeReason, Instant lastSeenAt,
                             long activeSessions) {
    }

    public record SessionView(UUID id, long deviceId, String deviceSerial, long userId, String username, Instant startedAt,
                              Instant expiresAt, Instant endedAt, String endReason, boolean active) {
    }

    public record ShiftToken(String access_token, String token_type, long expires_in, UUID sessionId, long deviceId,
                             String deviceSerial, long userId, String username, String displayName, long partyId,
                             List<String> roles, Instant expiresAt) {
    }

    // ---- enrolment (administrators) ----------------------------------------------------------------------------

    public DeviceView enrol(MobileDtos.Enrol req) {
        current.require(Role.ADMIN);
        String serial = Device.normalize(req.serial());
        Party owner = Party.findById(req.ownerPartyId());
        if (owner == null || !OWNER_KINDS.contains(owner.kind)) {
            throw ProblemException.unprocessable("device-owner", "ownerPartyId " + req.ownerPartyId() + " must be a party of kind " + OWNER_KINDS);
        }
        if (Device.bySerial(serial).isPresent()) {
            throw ProblemException.conflict("device " + serial + " is already enrolled; revoked serials cannot be enrolled again");
        }
        Device d = new Device();
        d.serial = serial;
        d.ownerPartyId = owner.id;
        d.model = blankToNull(req.model());
        d.note = blankToNull(req.note());
        d.enrolledBy = current.userId();
        d.persistAndFlush();
        em.refresh(d);
        LOG.infof("device %s enrolled for party %d by user %d", d.serial, owner.id, current.userId());
        return view(d);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeviceView get(long id) {
        return view(visible(id));
    }

    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeviceView> list(Long ownerPartyId, Boolean revoked, Paging paging) {
        StringBuilder where = new StringBuilder(" FROM device d WHERE true");
        java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
        if (!current.seesAll()) {
            where.append(" AND d.owner_party_id IN (SELECT id FROM party WHERE id = :mine OR parent_id = :mine"
                    + " OR id = (SELECT parent_id FROM party WHERE id = :mine))");
            params.put("mine", current.partyId());
        }
        if (ownerPartyId != null) {
            where.append(" AND d.owner_party_id = :owner");
            params.put("owner", ownerPartyId);
        }
        if (revoked != null) {
            where.append(revoked ? " AND d.revoked_at IS NOT NULL" : " AND d.revoked_at IS NULL");
        }
        return Page.ofIds(em, "d.id", where, "d.serial", params, paging, id -> view(Device.findById(id)));
    }

    /** Revokes a device (a repeat changes nothing): every session on it ends now. */
    public DeviceView revoke(long id, MobileDtos.Reason req) {
        Device d = manageable(id);
        if (!d.revoked()) {
            d.revokedAt = Instant.now();
            d.revokedBy = current.userId();
            d.revokeReason = req.reason().strip();
            endSessions(d.id, null, "device revoked: " + d.revokeReason);
            LOG.warnf("device %s revoked by user %d: %s", d.serial, current.userId(), d.revokeReason);
        }
        em.flush();
        return view(d);
    }

    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SessionView> sessions(long deviceId, Paging paging) {
        Device d = visible(deviceId);
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM device_session WHERE device_id = ?1")
                .setParameter(1, d.id).getSingleResult()).longValue();
        List<Object[]> rows = em.createNativeQuery(SESSION_SELECT + " WHERE s.device_id = ?1 ORDER BY s.started_at DESC, s.id")
                .setParameter(1, d.id).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return Page.of(rows.stream().map(DeviceService::session).toList(), paging, total);
    }

    /** Ends one session (a lost handheld, a driver who left): its token is refused from now on. */
    public SessionView endSession(long deviceId, UUID sessionId, MobileDtos.Reason req) {
        Device d = manageable(deviceId);
        sessionView(d.id, sessionId); // 404 unless it is a session of this device
        endSessions(d.id, sessionId, "ended by " + current.username() + ": " + req.reason().strip());
        return sessionView(d.id, sessionId);
    }

    // ---- shifts (the handheld) ---------------------------------------------------------------------------------

    /** Signs a person in on an enrolled device: a shift token bound to user, device and a new session. */
    public ShiftToken startShift(MobileDtos.SignIn req) {
        AppUser user = auth.authenticate(req.username(), req.password());
        Device d = Device.bySerial(req.deviceSerial()).orElseThrow(() -> new ProblemException(new Problem("device-unknown",
                "Device not enrolled / 设备未登记", 403, "device " + Device.normalize(req.deviceSerial())
                + " is not enrolled; ask an administrator to enrol it (POST /api/devices)")));
        if (d.revoked()) {
            throw new ProblemException(new Problem("device-revoked", "Device revoked / 设备已停用", 403,
                    "device " + d.serial + " was revoked on " + d.revokedAt + ": " + d.revokeReason));
        }
        if (user.roles.stream().noneMatch(r -> HANDHELD_ROLES.stream().anyMatch(h -> h.name().equals(r)))) {
            throw ProblemException.forbidden("a handheld shift needs one of the roles " + HANDHELD_ROLES);
        }
        Party mine = Party.findById(user.partyId);
        Party owner = Party.findById(d.ownerPartyId);
        if (!(mine.id.equals(owner.id) || owner.id.equals(mine.parentId) || mine.id.equals(owner.parentId))) {
            throw new ProblemException(new Problem("device-not-yours", "Device of another party / 非本单位设备", 403,
                    "device " + d.serial + " belongs to " + owner.name + "; sign in on a device of your own organisation"));
        }
        UUID sessionId = UUID.randomUUID();
        long lifespan = config.mobile().shiftSeconds();
        Instant expires = Instant.now().plusSeconds(lifespan).truncatedTo(ChronoUnit.SECONDS);
        em.createNativeQuery("INSERT INTO device_session (id, device_id, user_id, expires_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, sessionId).setParameter(2, d.id).setParameter(3, user.id).setParameter(4, expires).executeUpdate();
        touch(d.id); // not through the entity: its version would make two sign-ins at once conflict
        TokenService.AccessToken token = tokens.issueShift(user, sessionId, d.id, d.serial, lifespan);
        LOG.infof("shift %s started: user %s on device %s", sessionId, user.username, d.serial);
        return new ShiftToken(token.access_token(), token.token_type(), token.expires_in(), sessionId, d.id, d.serial, user.id,
                user.username, user.displayName, user.partyId, user.roles.stream().sorted().toList(), expires);
    }

    /** The handheld signs out: its session ends (a repeat changes nothing). */
    public void endShift(UUID sessionId) {
        em.createNativeQuery("UPDATE device_session SET ended_at = now(), ended_by = ?2, end_reason = 'signed out'"
                + " WHERE id = ?1 AND ended_at IS NULL").setParameter(1, sessionId).setParameter(2, current.userId()).executeUpdate();
    }

    public void touch(long deviceId) {
        em.createNativeQuery("UPDATE device SET last_seen_at = now() WHERE id = ?1").setParameter(1, deviceId).executeUpdate();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Ends the open sessions of a device (all of them, or just one). */
    private void endSessions(long deviceId, UUID sessionId, String reason) {
        var update = em.createNativeQuery("UPDATE device_session SET ended_at = now(), ended_by = ?2, end_reason = ?3"
                        + " WHERE device_id = ?1 AND ended_at IS NULL" + (sessionId == null ? "" : " AND id = ?4"))
                .setParameter(1, deviceId).setParameter(2, current.userId()).setParameter(3, reason);
        if (sessionId != null) {
            update.setParameter(4, sessionId);
        }
        update.executeUpdate();
    }

    private Device visible(long id) {
        Device d = Device.findById(id);
        if (d == null || !(current.seesAll() || related(d.ownerPartyId))) {
            throw ProblemException.notFound("device", id);
        }
        return d;
    }

    /** Administrators, and operators of the owning party, may revoke a device and end its sessions. */
    private Device manageable(long id) {
        Device d = visible(id);
        if (!current.isAdmin()) {
            current.require(Role.COLLECTOR_OPERATOR, Role.RECEIVER_OPERATOR);
            if (current.partyId() != d.ownerPartyId) {
                throw ProblemException.forbidden("only administrators and operators of the owning party manage device " + d.serial);
            }
        }
        return em.find(Device.class, d.id, LockModeType.PESSIMISTIC_WRITE);
    }

    private boolean related(long partyId) {
        Party mine = Party.findById(current.partyId());
        Party other = Party.findById(partyId);
        return mine.id.equals(other.id) || mine.id.equals(other.parentId) || other.id.equals(mine.parentId);
    }

    DeviceView view(Device d) {
        long active = ((Number) em.createNativeQuery("SELECT count(*) FROM device_session WHERE device_id = ?1 AND ended_at IS NULL"
                + " AND expires_at > now()").setParameter(1, d.id).getSingleResult()).longValue();
        Party owner = Party.findById(d.ownerPartyId);
        return new DeviceView(d.id, d.serial, d.ownerPartyId, owner.name, d.model, d.note, d.enrolledAt, d.revoked(), d.revokedAt,
                d.revokeReason, d.lastSeenAt, active);
    }

    private static final String SESSION_SELECT = "SELECT s.id, s.device_id, d.serial, s.user_id, u.username, s.started_at,"
            + " s.expires_at, s.ended_at, s.end_reason FROM device_session s JOIN device d ON d.id = s.device_id"
            + " JOIN app_user u ON u.id = s.user_id";

    @SuppressWarnings("unchecked")
    private SessionView sessionView(long deviceId, UUID sessionId) {
        List<Object[]> rows = em.createNativeQuery(SESSION_SELECT + " WHERE s.device_id = ?1 AND s.id = ?2")
                .setParameter(1, deviceId).setParameter(2, sessionId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("session", sessionId);
        }
        return session(rows.get(0));
    }

    private static SessionView session(Object[] r) {
        Instant expires = SqlValues.instant(r[6]);
        Instant ended = SqlValues.instant(r[7]);
        return new SessionView((UUID) r[0], ((Number) r[1]).longValue(), (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                SqlValues.instant(r[5]), expires, ended, (String) r[8], ended == null && expires.isAfter(Instant.now()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
