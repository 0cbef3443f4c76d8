package cn.hazchain.custody.rest;

import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.TransferDocuments;
import cn.hazchain.custody.TransferService;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.trail.TrailService;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/transfers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Transfers", description = "Transfer manifests: one vehicle trip to one receiver")
public class TransferResource {

    @Inject
    TransferService transfers;

    @Inject
    IdempotentCommands commands;

    @Inject
    ContainerCommands containerCommands;

    @Inject
    TrailService trails;

    @Inject
    TransferDocuments documents;

    @POST
    @Operation(summary = "Open a transfer manifest", description = "Collector operators; declares the lots and labels it will carry; the receiver's licence must cover them (422 naming the code).")
    public Response create(@Valid @NotNull CustodyDtos.CreateTransfer body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "TRANSFER", null, body, 201, () -> new IdempotentCommands.Answer.Done(
                transfers.create(new TransferService.NewTransfer(body.originPartyId(), body.receiverPartyId(), body.carrierPartyId(),
                        body.vehicleId(), body.driverUserId(), body.plannedDate(), body.lotIds(), body.labelIds())))));
    }

    @POST
    @Path("/{number}/load")
    @Operation(summary = "Load a declared container (COLLECTED or IN_STORAGE → IN_TRANSIT)", description = "A label not declared on the transfer is refused (422).")
    public Response load(@PathParam("number") String number, @Valid @NotNull CustodyDtos.Load body) {
        return containerCommands.run(body.commandId(), "LOAD", number + " " + body.labelId(), body, body.labelId(),
                new CustodyCommand.Load(number), body.expectedVersion(), body.scan());
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "A transfer with its state derived from its containers", description = "OPEN, IN_TRANSIT, RECEIVED or CLOSED (every container disposed or refused back).")
    public TransferService.TransferState get(@PathParam("number") String number) {
        return transfers.state(number);
    }

    @GET
    @Path("/{number}/pdf")
    @Produces("application/pdf")
    @Operation(summary = "The transfer manifest (危险废物转移联单) as a PDF", description = "The parties as the transfer was created, vehicle "
            + "and permit, driver, one line per waste code with totals, the signature lines filled from the recorded confirmations, and a QR "
            + "code opening the public road-check page (/v/t/{token}). Whoever may GET the transfer; anyone else 404.")
    public Response pdf(@PathParam("number") String number) {
        return ContainerResource.pdf(documents.pdf(number), number.strip() + ".pdf");
    }

    @GET
    @Path("/{number}/trail")
    public List<TrailService.TrailEvent> trail(@PathParam("number") String number) {
        return trails.transferTrail(number);
    }

    @GET
    @Path("/{number}/lineage")
    @Operation(summary = "Backward lineage: every container and generator behind the transfer, with weights")
    public TrailService.Backward lineage(@PathParam("number") String number) {
        return trails.backwardFromTransfer(number);
    }
}
