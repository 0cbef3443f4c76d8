package cn.hazchain.account;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.security.Claims;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;

/** Issues signed access tokens (RS256) carrying the user id, party and roles. */
@ApplicationScoped
public class TokenService {


    @Inject
    HazChainConfig config;

    public record AccessToken(String access_token, String token_type, long expires_in) {
    }


    public AccessToken issue(AppUser user) {
        long lifespan = config.jwt().lifespanSeconds();
        return new AccessToken(builder(user).expiresIn(lifespan).sign(), "Bearer", lifespan);
    }

    /** A shift token: bound to one device session, which the server checks on every request. */
    public AccessToken issueShift(AppUser user, java.util.UUID sessionId, long deviceId, String deviceSerial, long lifespan) {
        String token = builder(user).claim(Claims.SESSION, sessionId.toString()).claim(Claims.DEVICE, deviceId)
                .claim(Claims.DEVICE_SERIAL, deviceSerial).expiresIn(lifespan).sign();
        return new AccessToken(token, "Bearer", lifespan);
    }

    private io.smallrye.jwt.build.JwtClaimsBuilder builder(AppUser user) {
        return Jwt.issuer(config.jwt().issuer())
                .subject(String.valueOf(user.id))
                .upn(user.username)
                .groups(new HashSet<>(user.roles))
                .claim(Claims.PARTY, user.partyId)
                .claim(Claims.TOKEN_EPOCH, user.tokenEpoch);
    }
}
