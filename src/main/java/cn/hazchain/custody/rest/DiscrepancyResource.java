package cn.hazchain.custody.rest;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.ReceiptService;
import cn.hazchain.custody.Rejections;
import io.quarkus.security.Authenticated;
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

@Path("/api/discrepancies")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Discrepancies", description = "What receivers found that differs from the transfer manifest, and the shippers' acknowledgements")
public class DiscrepancyResource {

    @Inject
    ReceiptService receipts;

    @Inject
    IdempotentCommands commands;

    @GET
    @Operation(summary = "Discrepancies of the transfers you may see", description = "status OPEN (not acknowledged by the shipper) or "
            + "ACKNOWLEDGED; transfer (number). Regulators see all; the shipper, carrier, origin and receiver of a transfer see its own. Newest first.")
    public Page<ReceiptService.DiscrepancyView> list(@QueryParam("status") String status, @QueryParam("transfer") String transfer,
                                                     @QueryParam("page") String page, @QueryParam("size") String size) {
        Status s = Params.enumValue("status", status, Status.class);
        return receipts.list(s == null ? null : s == Status.OPEN, transfer == null || transfer.isBlank() ? null : transfer, Paging.of(page, size));
    }

    public enum Status { OPEN, ACKNOWLEDGED }

    @POST
    @Path("/{id}/acknowledgement")
    @Operation(summary = "The shipper acknowledges a discrepancy", description = "Collector operators of the transfer's shipper; once (409). "
            + "Appends DISCREPANCY_ACKNOWLEDGED to the container's chain. commandId makes a retry safe.")
    public Response acknowledge(@PathParam("id") String id, @Valid @NotNull CustodyDtos.Acknowledgement body) {
        long discrepancy = Params.requiredId("id", id);
        return IdempotentCommands.respond(commands.run(body.commandId(), "ACKNOWLEDGE", String.valueOf(discrepancy), body, 200, () -> {
            ReceiptService.Acknowledged a = receipts.acknowledge(discrepancy, body.note(), body.commandId());
            return a.refusal() != null ? Rejections.refused(a.refusal()) : new IdempotentCommands.Answer.Done(a.discrepancy());
        }));
    }
}
