package cn.hazchain.pickup;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.security.Role;
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

@Path("/api/pickup-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Pickup requests", description = "Generators ask their collector for a pickup; the collector accepts, declines or schedules it")
public class PickupRequestResource {

    @Inject
    PickupRequestService requests;

    @POST
    @RolesAllowed(Role.GENERATOR_STAFF_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask a collector for a pickup 申请收运", description = "Waste codes with their containers and estimated weight, the days "
            + "and opening hours the waste may be picked up. The same requestId again answers the request already made (200, Idempotent-Replay).")
    public Response create(@Valid @NotNull PickupDtos.NewRequest body) {
        return answer(requests.create(body), true);
    }

    @GET
    @RolesAllowed({Role.GENERATOR_STAFF_, Role.COLLECTOR_OPERATOR_, Role.DRIVER_, Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "List pickup requests", description = "A generator's own, a collector's incoming, all for regulators; newest first."
            + " Filters: status, on (a day the pickup may happen).")
    public Page<PickupDtos.RequestView> list(@QueryParam("status") String status, @QueryParam("on") String on,
                                             @QueryParam("page") String page, @QueryParam("size") String size) {
        return requests.list(Params.enumValue("status", status, PickupRules.Status.class), Params.date("on", on), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.GENERATOR_STAFF_, Role.COLLECTOR_OPERATOR_, Role.DRIVER_, Role.REGULATOR_, Role.ADMIN_})
    public PickupDtos.RequestView get(@PathParam("id") String id) {
        return requests.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Operation(summary = "Accept a pickup request 接受", description = "Accepting again answers the request as it is.")
    public Response accept(@PathParam("id") String id) {
        return answer(requests.accept(Params.requiredId("id", id)), false);
    }

    @POST
    @Path("/{id}/decline")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decline a pickup request with a reason 拒绝（说明理由）")
    public Response decline(@PathParam("id") String id, @Valid @NotNull PickupDtos.Decline body) {
        return answer(requests.decline(Params.requiredId("id", id), body.reason()), false);
    }

    @POST
    @Path("/{id}/schedule")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Schedule a pickup on a day within the request's dates 排期", description = "Accepts it if it was not yet.")
    public Response schedule(@PathParam("id") String id, @Valid @NotNull PickupDtos.Schedule body) {
        return answer(requests.schedule(Params.requiredId("id", id), body.date()), false);
    }

    @POST
    @Path("/{id}/withdraw")
    @RolesAllowed(Role.GENERATOR_STAFF_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Withdraw one's own pickup request 撤回", description = "Before a manifest is issued from it.")
    public Response withdraw(@PathParam("id") String id, @Valid @NotNull PickupDtos.Withdraw body) {
        return answer(requests.withdraw(Params.requiredId("id", id), body.reason()), false);
    }

    @POST
    @Path("/{id}/manifest")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Operation(summary = "Issue the pickup manifest of an accepted request 生成联单", description = "Its lines and containers are the request's;"
            + " the pickup date its scheduled day. Once: again answers the manifest issued (200). Then GET /api/manifests/{manifestNumber}.")
    public Response manifest(@PathParam("id") String id) {
        return answer(requests.issueManifest(Params.requiredId("id", id)), true);
    }

    private static Response answer(PickupRequestService.Outcome o, boolean creates) {
        Response.ResponseBuilder b = Response.status(creates && o.changed() ? 201 : 200).entity(o.request());
        if (creates) {
            b.header("Location", "/api/pickup-requests/" + o.request().id());
        }
        return o.changed() ? b.build() : b.header("Idempotent-Replay", "true").build();
    }
}
