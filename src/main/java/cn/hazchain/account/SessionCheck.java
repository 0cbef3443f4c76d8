package cn.hazchain.account;

import cn.hazchain.security.Claims;
import cn.hazchain.common.TokenRevokedException;
import cn.hazchain.account.TokenService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every authenticated request is checked against the database, one primary-key lookup: a web token whose user
 * was disabled (or does not exist) is refused at once; a shift token (with a {@code sid} claim) is checked
 * against its session, so an ended session, a revoked device or a disabled user makes it useless at once, on
 * every route, although its signature and expiry are still good. Either token is refused once its user's roles,
 * party or password changed: it carries the user's token epoch ({@code tep}), which such a change moves on
 * (issue #19, finding 2).
 */
@ApplicationScoped
public class SessionCheck implements SecurityIdentityAugmentor {

    @Inject
    AgroalDataSource db;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Object sidClaim = jwt.getClaim(Claims.SESSION);
        String subject = jwt.getSubject();
        long epoch = epoch(jwt.getClaim(Claims.TOKEN_EPOCH));
        return context.runBlocking(() -> {
            String refusal = sidClaim == null ? userRefusal(subject, epoch) : refusal(String.valueOf(sidClaim), epoch);
            if (refusal != null) {
                throw TokenRevokedException.of(refusal);
            }
            return identity;
        });
    }

    /** The token's epoch; a token issued before epochs existed carries none and counts as 0. */
    static long epoch(Object claim) {
        if (claim == null) {
            return 0;
        }
        if (claim instanceof jakarta.json.JsonNumber n) {
            return n.longValue();
        }
        if (claim instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(claim).replace("\"", ""));
        } catch (NumberFormatException e) {
            return -1; // matches no user's epoch
        }
    }

    static final String RIGHTS_CHANGED = "the account's roles, party or password changed after this token was issued";

    /** Why a web token's user no longer counts (unknown, disabled, or changed since), or null when it does. */
    String userRefusal(String subject, long epoch) {
        long id;
        try {
            id = Long.parseLong(subject);
        } catch (NumberFormatException | NullPointerException e) {
            return "the token names no valid user";
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT enabled, token_epoch FROM app_user WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "the token's user does not exist";
                }
                if (!rs.getBoolean(1)) {
                    return "the account is disabled";
                }
                return rs.getLong(2) == epoch ? null : RIGHTS_CHANGED;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the user of a token", e);
        }
    }

    /**
     * Why the session no longer counts, or null when it does (a sync re-checks its session with this). A change of the
     * user's rights ends its sessions too (UserService), so this sees it without the token's epoch.
     */
    public String refusal(String sid) {
        return refusal(sid, null);
    }

    /** The same, and the shift token's epoch must still be its user's ({@code null}: not checked). */
    String refusal(String sid, Long epoch) {
        UUID id;
        try {
            id = UUID.fromString(sid.replace("\"", ""));
        } catch (IllegalArgumentException e) {
            return "the token names no valid session";
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s.ended_at, s.end_reason, s.expires_at, d.serial, d.revoked_at,"
                     + " d.revoke_reason, u.enabled, u.token_epoch FROM device_session s JOIN device d ON d.id = s.device_id"
                     + " JOIN app_user u ON u.id = s.user_id WHERE s.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "shift session " + id + " does not exist";
                }
                Timestamp revokedAt = rs.getTimestamp("revoked_at");
                if (revokedAt != null) {
                    return "device " + rs.getString("serial") + " was revoked: " + rs.getString("revoke_reason");
                }
                if (rs.getTimestamp("ended_at") != null) {
                    return "shift session ended (" + rs.getString("end_reason") + ")";
                }
                if (!rs.getBoolean("enabled")) {
                    return "the account is disabled";
                }
                if (epoch != null && rs.getLong("token_epoch") != epoch) {
                    return RIGHTS_CHANGED;
                }
                if (rs.getTimestamp("expires_at").toInstant().isBefore(Instant.now())) {
                    return "the shift is over";
                }
                return null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check shift session " + id, e);
        }
    }
}
