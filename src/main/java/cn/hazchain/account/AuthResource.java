package cn.hazchain.account;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.party.PartyService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Auth", description = "Sign in and who am I")
public class AuthResource {

    @Inject
    AuthService auth;

    @Inject
    CurrentUser current;

    @Inject
    PartyService parties;

    @Inject
    UserService users;

    public record Credentials(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 256) String password) {
    }

    public record Me(long userId, String username, long partyId, String partyName, String partyKind, Set<String> roles) {
    }

    @POST
    @Path("/token")
    @PermitAll
    @Operation(summary = "Sign in", description = "Returns a signed JWT to send as 'Authorization: Bearer …'. Repeated failures lock the account for a while (429 login-locked); many failures from one network address refuse every sign-in from it for a while (429 login-throttled, Retry-After).")
    public TokenService.AccessToken token(@Valid @NotNull Credentials credentials) {
        return auth.login(credentials.username(), credentials.password());
    }

    public record ConfirmationCode(@NotBlank @Size(max = 256) String password, @NotBlank @Size(max = 12) String code) {
    }

    @jakarta.ws.rs.PUT
    @Path("/me/confirmation-code")
    @Authenticated
    @Operation(summary = "Set your pickup confirmation code (generator staff)", description = "Six digits, entered on the driver's handheld "
            + "at a pickup to confirm the containers and weights taken. Give your sign-in password again. 204 when set.")
    public jakarta.ws.rs.core.Response confirmationCode(@Valid @NotNull ConfirmationCode body) {
        users.setConfirmationCode(body.password(), body.code());
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The signed-in user, party and roles")
    public Me me() {
        var party = parties.get(current.partyId());
        return new Me(current.userId(), current.username(), current.partyId(), party.name(), party.kind().name(), current.roles());
    }
}
