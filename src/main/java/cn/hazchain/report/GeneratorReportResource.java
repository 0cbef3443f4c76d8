package cn.hazchain.report;

import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.custody.rest.ContainerResource;
import cn.hazchain.custody.trail.TrailService.TrailEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/generators")
@RolesAllowed({Role.REGULATOR_, Role.ADMIN_, Role.GENERATOR_STAFF_, Role.COLLECTOR_OPERATOR_})
@Tag(name = "Audit reports", description = "A generator's audit trail and printable audit report")
public class GeneratorReportResource {

    @Inject
    GeneratorAuditService audits;

    @GET
    @Path("/{partyId}/trail")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every custody event of a generator's containers in time order, one page",
            description = "from/to (optional, dates, both included) filter by server time in the configured zone. Regulators, the generator's "
                    + "staff, and operators of a collector that picked up from it (their own pickups only); others 404.")
    public Page<TrailEvent> trail(@PathParam("partyId") String partyId, @QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("page") String page, @QueryParam("size") String size) {
        return audits.trail(Params.requiredId("partyId", partyId), Period.optional(from, to), Paging.of(page, size));
    }

    @GET
    @Path("/{partyId}/audit-report.pdf")
    @Produces("application/pdf")
    @Operation(summary = "Printable audit report of a generator over a period (A4 PDF, Chinese and English)",
            description = "from and to are required. Manifests whose pickup date falls in the period, their containers and events, "
                    + "a summary by waste code, the period's mass balance and each container's hash-chain check.")
    public Response auditReport(@PathParam("partyId") String partyId, @QueryParam("from") String from, @QueryParam("to") String to) {
        long id = Params.requiredId("partyId", partyId);
        Period period = Period.required(from, to);
        return ContainerResource.pdf(audits.auditReport(id, period), "audit-report-" + id + "-" + period.from() + "-" + period.to() + ".pdf");
    }
}
