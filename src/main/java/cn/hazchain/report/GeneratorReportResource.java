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

    @Inject
    GeneratorLedgerService ledgers;

    @GET
    @Path("/{partyId}/management-plan-draft")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "A draft of next year's management plan 危险废物管理计划（草稿）",
            description = "Prefilled from the last twelve months: per waste code what was generated, by whom it was collected, a planned quantity."
                    + " format=json (default) or csv (UTF-8 with a byte-order mark, to correct in a spreadsheet before filing)."
                    + " The generator's own staff and regulators; others 404.")
    public Response managementPlanDraft(@PathParam("partyId") String partyId, @QueryParam("format") String format) {
        long id = Params.requiredId("partyId", partyId);
        String f = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            throw cn.hazchain.common.ProblemException.badRequest("format must be json or csv, got '" + cn.hazchain.common.Text.clip(f, 10) + "'");
        }
        GeneratorLedgerService.ManagementPlanDraft d = ledgers.managementPlanDraft(id);
        return f.equals("json") ? Response.ok(d, MediaType.APPLICATION_JSON).build()
                : Response.ok(GeneratorLedgerService.csv(d), "text/csv; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"management-plan-draft-" + id + "-" + d.planYear() + ".csv\"").build();
    }

    @GET
    @Path("/{partyId}/ledger")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    @Operation(summary = "A generator's ledger 危险废物管理台账, by month and waste code",
            description = "Generated (labelled, estimated kg), handed over (collected, weighed kg) and in storage at the month's end, for one year"
                    + " (default this one). format=json (default), csv or xlsx. The generator's own staff and regulators; others 404.")
    public Response ledger(@PathParam("partyId") String partyId, @QueryParam("year") String year, @QueryParam("format") String format) {
        long id = Params.requiredId("partyId", partyId);
        GeneratorLedgerService.Ledger l = ledgers.ledger(id, year == null || year.isBlank() ? null : Params.id("year", year));
        long y = l.year();
        String f = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "json" -> Response.ok(l, MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(GeneratorLedgerService.csv(l), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"ledger-" + id + "-" + y + ".csv\"").build();
            case "xlsx" -> Response.ok(GeneratorLedgerService.xlsx(l), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .header("Content-Disposition", "attachment; filename=\"ledger-" + id + "-" + y + ".xlsx\"").build();
            default -> throw cn.hazchain.common.ProblemException.badRequest("format must be json, csv or xlsx, got '"
                    + cn.hazchain.common.Text.clip(f, 10) + "'");
        };
    }

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
