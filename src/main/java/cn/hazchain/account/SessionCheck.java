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
 * every route, although its signature and expiry are still good.
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
        return context.runBlocking(() -> {
            String refusal = sidClaim == null ? userRefusal(subject) : refusal(String.valueOf(sidClaim));
            if (refusal != null) {
                throw TokenRevokedException.of(refusal);
            }
            return identity;
        });
    }

    /** Why a web token's user no longer counts (unknown or disabled), or null when it does. */
    String userRefusal(String subject) {
        long id;
        try {
            id = Long.parseLong(subject);
        } catch (NumberFormatException | NullPointerException e) {
            return "the token names no valid user";
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT enabled FROM app_user WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "the token's user does not exist";
                }
                return rs.getBoolean(1) ? null : "the account is disabled";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the user of a token", e);
        }
    }

    /** Why the session no longer counts, or null when it does. */
    public String refusal(String sid) {
        UUID id;
        try {
            id = UUID.fromString(sid.replace("\"", ""));
        } catch (IllegalArgumentException e) {
            return "the token names no valid session";
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s.ended_at, s.end_reason, s.expires_at, d.serial, d.revoked_at,"
                     + " d.revoke_reason, u.enabled FROM device_session s JOIN device d ON d.id = s.device_id"
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
