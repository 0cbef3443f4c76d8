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
    cn.hazchain.custody.ReceiptService receipts;

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

    @POST
    @Path("/{number}/departure")
    @Operation(summary = "The vehicle leaves with the transfer", description = "The transfer's driver, or a driver or operator of its carrier or "
            + "shipper. Every declared container still with the shipper must be loaded (422 transfer-not-loaded), the vehicle's dangerous-goods "
            + "permit valid today (422 vehicle-permit). Appends TRANSFER_DEPARTED (vehicle, permit, driver) to every loaded container; the "
            + "receipt is due 5 working days from today. Nothing is loaded after. Once (409 transfer-departed); commandId makes a retry safe.")
    public Response depart(@PathParam("number") String number, @Valid @NotNull CustodyDtos.Movement body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "DEPART", number, body, 200, () -> answer(
                transfers.depart(number, body.commandId(), ContainerCommands.context(body.scan())))));
    }

    @POST
    @Path("/{number}/arrival")
    @Operation(summary = "The vehicle arrives at the receiver", description = "The transfer's driver or carrier, or the receiver's operators, "
            + "after its departure (409 transfer-not-departed). Appends TRANSFER_ARRIVED to every container still on it. Once.")
    public Response arrive(@PathParam("number") String number, @Valid @NotNull CustodyDtos.Movement body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "ARRIVE", number, body, 200, () -> answer(
                transfers.arrive(number, body.commandId(), ContainerCommands.context(body.scan())))));
    }

    @POST
    @Path("/{number}/receipt")
    @Operation(summary = "The receiver confirms the whole transfer", description = "The transfer's receiver, in one action: one line per container "
            + "still on it (422 receipt-lines names what is missing or extra), each ACCEPTED, PARTIALLY_REFUSED (refusedKg) or REFUSED, with the "
            + "discrepancies found (QUANTITY, WASTE_CODE, PHYSICAL_FORM, PACKAGING, HAZARDS) and a reason. A weight beyond the tolerance is a "
            + "QUANTITY discrepancy whether named or not. All lines or none (the first refused line is the problem). Each discrepancy is recorded "
            + "for the shipper to acknowledge (GET /api/discrepancies).")
    public Response receive(@PathParam("number") String number, @Valid @NotNull CustodyDtos.Receipt body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "RECEIPT", number, body, 200, () -> {
            cn.hazchain.custody.ReceiptService.Outcome o = receipts.receiveAll(number, body.lines().stream().map(l -> new cn.hazchain.custody.ReceiptService.Line(
                    l.labelId(), l.weightKg(), l.acceptance(), l.refusedKg(), l.discrepancies(), l.reason())).toList(), body.commandId(),
                    ContainerCommands.context(body.scan()));
            return o.refusal() != null ? cn.hazchain.custody.Rejections.refused(o.refusal()) : new IdempotentCommands.Answer.Done(o.received());
        }));
    }

    private static IdempotentCommands.Answer answer(TransferService.Moved moved) {
        return moved.refusal() != null ? cn.hazchain.custody.Rejections.refused(moved.refusal())
                : new IdempotentCommands.Answer.Done(moved.transfer());
    }

    @GET
    @Path("/{number}")
    @Operation(summary = "A transfer with its state derived from its containers", description = "OPEN, IN_TRANSIT, RECEIVED or CLOSED (every container disposed or refused back), with the declared"
            + " containers counted by their state on this transfer (a drum refused here and shipped on counts as refused).")
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
