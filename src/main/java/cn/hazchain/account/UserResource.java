package cn.hazchain.account;

import cn.hazchain.security.Role;
import cn.hazchain.account.UserService.CreateUser;
import cn.hazchain.account.UserService.UpdateUser;
import cn.hazchain.account.UserService.UserView;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/users")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "Accounts (administrators)")
public class UserResource {

    @Inject
    UserService users;

    @GET
    public Page<UserView> list(@QueryParam("partyId") String party, @QueryParam("page") String page, @QueryParam("size") String size) {
        return users.list(Params.id("partyId", party), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    public UserView get(@PathParam("id") String id) {
        return users.get(Params.requiredId("id", id));
    }

    @POST
    public Response create(@Valid @NotNull CreateUser body) {
        UserView u = users.create(body);
        return Response.created(URI.create("/api/users/" + u.id())).entity(u).build();
    }

    @PATCH
    @Path("/{id}")
    public UserView update(@PathParam("id") String id, @Valid @NotNull UpdateUser body) {
        return users.update(Params.requiredId("id", id), body);
    }
}
