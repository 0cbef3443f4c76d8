package cn.hazchain.export;

import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/exports/national")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "National export", description = "Manifest documents (hazchain.manifest.v1) for the national hazardous-waste information system, "
        + "their outbox and signed webhook delivery")
public class ExportResource {

    @Inject
    OutboxService outbox;

    @Inject
    Dispatcher dispatcher;

    @GET
    @Path("/manifests/{number}")
    @Authenticated
    @Operation(summary = "The export document of a manifest as it would be sent now",
            description = "Regulators, administrators and the parties who may see the manifest (else 404).")
    public ManifestDocument document(@PathParam("number") String number) {
        return outbox.document(number);
    }

    @GET
    @Path("/transfers/{number}")
    @Authenticated
    @Operation(summary = "The export document of a transfer manifest as it would be sent now (hazchain.transfer.v1)",
            description = "Its parties, vehicle and driver, departure and arrival, containers with receipts and disposals, discrepancies and "
                    + "certificates. Regulators, administrators and the transfer's parties (else 404).")
    public TransferDocument transferDocument(@PathParam("number") String number) {
        return transferDocuments.forCaller(number);
    }

    @Inject
    TransferDocuments transferDocuments;

    @GET
    @Path("/outbox")
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_})
    @Operation(summary = "Outbox rows, newest first", description = "Filters: status (PENDING, FAILING, DELIVERED, SUPERSEDED), "
            + "manifest (a manifest number). Payloads are left out; GET /outbox/{id} has one.")
    public Page<OutboxService.Entry> list(@QueryParam("status") String status, @QueryParam("manifest") String manifest,
                                          @QueryParam("page") String page, @QueryParam("size") String size) {
        return outbox.list(Params.enumValue("status", status, OutboxService.Status.class), manifestParam(manifest), Paging.of(page, size));
    }

    @GET
    @Path("/outbox/stats")
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_})
    @Operation(summary = "Rows by status, the oldest undelivered row and the last delivery: what to watch")
    public OutboxService.Stats stats() {
        return outbox.stats();
    }

    @GET
    @Path("/outbox/{id}")
    @RolesAllowed({Role.ADMIN_, Role.REGULATOR_})
    @Operation(summary = "One outbox row with the document it carries")
    public OutboxService.Detail get(@PathParam("id") String id) {
        return outbox.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/outbox/{id}/retry")
    @RolesAllowed(Role.ADMIN_)
    @Operation(summary = "Make an undelivered row due now", description = "It is sent by the next dispatcher run, still after any "
            + "earlier undelivered row of its manifest. 409 when delivered, superseded or being sent.")
    public OutboxService.Entry retry(@PathParam("id") String id) {
        return outbox.retry(Params.requiredId("id", id));
    }

    @POST
    @Path("/dispatch")
    @RolesAllowed(Role.ADMIN_)
    @Operation(summary = "Run the dispatcher now and report what it did", description = "Optionally only the rows of one manifest "
            + "(manifest=number). 409 when the export is off.")
    public Dispatcher.Result dispatch(@QueryParam("manifest") String manifest) {
        return dispatcher.run(manifestParam(manifest));
    }

    /** A manifest number (14 digits), or null when absent. */
    static String manifestParam(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String number = value.strip();
        if (!number.matches("[0-9]{14}")) {
            throw ProblemException.badRequest("manifest must be a 14-digit manifest number, got '" + Text.clip(number, 30) + "'");
        }
        return number;
    }
}
