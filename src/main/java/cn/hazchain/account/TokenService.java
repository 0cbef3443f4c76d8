package cn.hazchain.account;

import cn.hazchain.common.HazChainConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;

/** Issues signed access tokens (RS256) carrying the user id, party and roles. */
@ApplicationScoped
public class TokenService {

    public static final String PARTY_CLAIM = "party";

    @Inject
    HazChainConfig config;

    public record AccessToken(String access_token, String token_type, long expires_in) {
    }

    /** Claims of a handheld shift token: the session and the device it is bound to. */
    public static final String SESSION_CLAIM = "sid";
    public static final String DEVICE_CLAIM = "dev";
    public static final String DEVICE_SERIAL_CLAIM = "dsn";

    public AccessToken issue(AppUser user) {
        long lifespan = config.jwt().lifespanSeconds();
        return new AccessToken(builder(user).expiresIn(lifespan).sign(), "Bearer", lifespan);
    }

    /** A shift token: bound to one device session, which the server checks on every request. */
    public AccessToken issueShift(AppUser user, java.util.UUID sessionId, long deviceId, String deviceSerial, long lifespan) {
        String token = builder(user).claim(SESSION_CLAIM, sessionId.toString()).claim(DEVICE_CLAIM, deviceId)
                .claim(DEVICE_SERIAL_CLAIM, deviceSerial).expiresIn(lifespan).sign();
        return new AccessToken(token, "Bearer", lifespan);
    }

    private io.smallrye.jwt.build.JwtClaimsBuilder builder(AppUser user) {
        return Jwt.issuer(config.jwt().issuer())
                .subject(String.valueOf(user.id))
                .upn(user.username)
                .groups(new HashSet<>(user.roles))
                .claim(PARTY_CLAIM, user.partyId);
    }
}
