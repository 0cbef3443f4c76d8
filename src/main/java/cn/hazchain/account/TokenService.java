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

    public AccessToken issue(AppUser user) {
        long lifespan = config.jwt().lifespanSeconds();
        String token = Jwt.issuer(config.jwt().issuer())
                .subject(String.valueOf(user.id))
                .upn(user.username)
                .groups(new HashSet<>(user.roles))
                .claim(PARTY_CLAIM, user.partyId)
                .expiresIn(lifespan)
                .sign();
        return new AccessToken(token, "Bearer", lifespan);
    }
}
