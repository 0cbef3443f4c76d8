package cn.hazchain.mobile;

import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Devices", description = "Enrolled handhelds and their shift sessions")
public class DeviceResource {

    @Inject
    DeviceService devices;

    @POST
    @RolesAllowed(Role.ADMIN_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrol a handheld for a party (administrators)", description = "serial: 3-64 letters, digits, '.', '_' or '-' (stored upper-case).")
    public Response enrol(@Valid @NotNull MobileDtos.Enrol body) {
        DeviceService.DeviceView d = devices.enrol(body);
        return Response.status(201).entity(d).header("Location", "/api/devices/" + d.id()).build();
    }

    @GET
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_, Role.COLLECTOR_OPERATOR_, Role.RECEIVER_OPERATOR_})
    @Operation(summary = "List devices", description = "Administrators and regulators see all; operators the devices of their organisation.")
    public Page<DeviceService.DeviceView> list(@QueryParam("ownerPartyId") String owner, @QueryParam("revoked") String revoked,
                                               @QueryParam("page") String page, @QueryParam("size") String size) {
        return devices.list(Params.id("ownerPartyId", owner), bool("revoked", revoked), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_, Role.COLLECTOR_OPERATOR_, Role.RECEIVER_OPERATOR_})
    public DeviceService.DeviceView get(@PathParam("id") String id) {
        return devices.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed({Role.ADMIN_, Role.COLLECTOR_OPERATOR_, Role.RECEIVER_OPERATOR_})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a lost or retired handheld: its sessions end at once", description = "Administrators, or operators of the owning party. A repeat changes nothing.")
    public DeviceService.DeviceView revoke(@PathParam("id") String id, @Valid @NotNull MobileDtos.Reason body) {
        return devices.revoke(Params.requiredId("id", id), body);
    }

    @GET
    @Path("/{id}/sessions")
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_, Role.COLLECTOR_OPERATOR_, Role.RECEIVER_OPERATOR_})
    @Operation(summary = "Shift sessions on a device, newest first")
    public Page<DeviceService.SessionView> sessions(@PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        return devices.sessions(Params.requiredId("id", id), Paging.of(page, size));
    }

    @POST
    @Path("/{id}/sessions/{sessionId}/end")
    @RolesAllowed({Role.ADMIN_, Role.COLLECTOR_OPERATOR_, Role.RECEIVER_OPERATOR_})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End one shift session: its token is refused from now on")
    public DeviceService.SessionView endSession(@PathParam("id") String id, @PathParam("sessionId") String sessionId,
                                                @Valid @NotNull MobileDtos.Reason body) {
        UUID sid;
        try {
            sid = UUID.fromString(sessionId.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("sessionId must be a UUID");
        }
        return devices.endSession(Params.requiredId("id", id), sid, body);
    }

    static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name + " must be true or false");
        };
    }
}
