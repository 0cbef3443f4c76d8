package cn.hazchain.custody.rest;

import cn.hazchain.custody.log.AuditService;

import cn.hazchain.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Tamper evidence of the custody log")
public class AuditResource {

    @Inject
    AuditService audit;

    @GET
    @Path("/verify")
    @RolesAllowed({Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "Recompute every hash chain and check every signed checkpoint", description = "intact=false names the first broken event.")
    public AuditService.Report verify() {
        return audit.verify();
    }

    @POST
    @Path("/checkpoints")
    @RolesAllowed({Role.ADMIN_})
    @Operation(summary = "Sign the heads of all chains now (also done on a schedule)")
    public Response checkpoint() {
        AuditService.Checkpoint cp = audit.checkpoint();
        return cp == null ? Response.noContent().build() : Response.status(201).entity(cp).build();
    }
}
