package cn.hazchain.security;

import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, read from the verified access token. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public boolean authenticated() {
        return jwt != null && jwt.getSubject() != null;
    }

    public long userId() {
        requireAuthenticated();
        return Long.parseLong(jwt.getSubject());
    }

    public String username() {
        requireAuthenticated();
        return jwt.getName();
    }

    public long partyId() {
        requireAuthenticated();
        Object party = jwt.getClaim(Claims.PARTY);
        return party instanceof JsonNumber n ? n.longValue() : Long.parseLong(String.valueOf(party));
    }

    public Set<String> roles() {
        return authenticated() ? jwt.getGroups() : Set.of();
    }

    public boolean has(Role role) {
        return roles().contains(role.name());
    }

    /** Whether the caller holds any of the roles. */
    public boolean has(Role first, Role... more) {
        if (has(first)) {
            return true;
        }
        for (Role r : more) {
            if (has(r)) {
                return true;
            }
        }
        return false;
    }

    /** Regulators and administrators see every party's records. */
    public boolean seesAll() {
        return has(Role.REGULATOR) || has(Role.ADMIN);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    private void requireAuthenticated() {
        if (!authenticated()) {
            throw new io.quarkus.security.UnauthorizedException();
        }
    }

    /** Fails with 403 unless the caller holds one of the roles. */
    public void require(Role... anyOf) {
        for (Role r : anyOf) {
            if (has(r)) {
                return;
            }
        }
        throw ProblemException.forbidden("this needs one of the roles " + java.util.Arrays.toString(anyOf));
    }
}
