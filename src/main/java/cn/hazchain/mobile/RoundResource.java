package cn.hazchain.mobile;

import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rounds", description = "Collection rounds planned by the collector's operator")
public class RoundResource {

    @Inject
    RoundService rounds;

    @POST
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Plan a round: date, vehicle, driver, ordered stops", description = "Stops default their address and position to the "
            + "generator's. requestId makes a retry safe: the same requestId returns the round already planned (200, Idempotent-Replay).")
    public Response create(@Valid @NotNull MobileDtos.NewRound body) {
        RoundService.Created c = rounds.create(body);
        Response.ResponseBuilder b = Response.status(c.created() ? 201 : 200).entity(c.round()).header("Location", "/api/rounds/" + c.round().id());
        return c.created() ? b.build() : b.header("Idempotent-Replay", "true").build();
    }

    @GET
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.DRIVER_, Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "List rounds", description = "Filters: date, driverUserId. Operators see their collector's rounds, drivers their own.")
    public Page<RoundService.RoundView> list(@QueryParam("date") String date, @QueryParam("driverUserId") String driver,
                                             @QueryParam("page") String page, @QueryParam("size") String size) {
        return rounds.list(Params.date("date", date), Params.id("driverUserId", driver), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.DRIVER_, Role.REGULATOR_, Role.ADMIN_})
    public RoundService.RoundView get(@PathParam("id") String id) {
        return rounds.get(Params.requiredId("id", id));
    }
}
