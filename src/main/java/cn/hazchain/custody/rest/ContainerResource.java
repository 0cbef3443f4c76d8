package cn.hazchain.custody.rest;

import cn.hazchain.custody.ContainerService;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.trail.TrailService;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.custody.ContainerService.ContainerView;
import cn.hazchain.label.QrCodes;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.util.List;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/containers")
@Authenticated
@Tag(name = "Containers", description = "Labelled containers: the unit of custody")
public class ContainerResource {

    static final int MIN_QR_PX = 100;
    static final int MAX_QR_PX = 2000;

    @Inject
    ContainerService containers;

    @Inject
    ContainerCommands commands;

    @Inject
    TrailService trails;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List containers you may see", description = "Filters: state, generatorPartyId, manifest (number), wasteCode, from/to (issue date).")
    public Page<ContainerView> list(@QueryParam("state") String state, @QueryParam("generatorPartyId") String generator,
                                    @QueryParam("manifest") String manifest, @QueryParam("wasteCode") String code,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("page") String page, @QueryParam("size") String size) {
        return containers.list(Params.enumValue("state", state, ContainerState.class), Params.id("generatorPartyId", generator),
                manifest, code, Params.date("from", from), Params.date("to", to), Paging.of(page, size));
    }

    @GET
    @Path("/{labelId}")
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerView get(@PathParam("labelId") String labelId) {
        return containers.get(labelId);
    }

    @GET
    @Path("/{labelId}/qr.png")
    @Produces("image/png")
    @Operation(summary = "The label's QR code as PNG", description = "size: pixels, 100-2000 (default 300).")
    public Response png(@PathParam("labelId") String labelId, @QueryParam("size") String size) {
        return Response.ok(QrCodes.png(containers.qrUrl(labelId), pixels(size))).type("image/png").build();
    }

    @GET
    @Path("/{labelId}/qr.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The label's QR code as SVG (scales to any size)")
    public Response svg(@PathParam("labelId") String labelId) {
        return Response.ok(QrCodes.svg(containers.qrUrl(labelId))).type("image/svg+xml").build();
    }

    public static Response pdf(byte[] bytes, String filename) {
        return Response.ok(bytes).type("application/pdf")
                .header("Content-Disposition", "inline; filename=\"" + filename + "\"").build();
    }

    // ---- custody commands on one container (see CustodyService) -------------------------------------------

    @POST
    @Path("/{labelId}/collect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Collect a container at the generator (ISSUED → COLLECTED)", description = "Drivers or operators of the manifest's collector; "
            + "the label must be on the manifest named. Every command carries a client-generated commandId: a repeat returns the first "
            + "result with Idempotent-Replay: true. An illegal transition is 409 naming currentState and requiredStates.")
    public Response collect(@PathParam("labelId") String labelId, @Valid @NotNull CustodyDtos.Collect body) {
        return commands.run(body.commandId(), "COLLECT", labelId, body,
                new CustodyCommand.Collect(body.manifestNumber(), body.weightKg(), body.vehicleId(), body.roundId(),
                        body.confirmation() == null ? null : new cn.hazchain.custody.domain.PickupConfirmation.Attempt(body.confirmation().username(),
                                body.confirmation().code())), body.expectedVersion(), body.scan());
    }

    @POST
    @Path("/{labelId}/store")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scan a container into a storage point (COLLECTED or REFUSED → IN_STORAGE)")
    public Response store(@PathParam("labelId") String labelId, @Valid @NotNull CustodyDtos.Store body) {
        return commands.run(body.commandId(), "STORE", labelId, body, new CustodyCommand.Store(body.storagePointId(), body.weightKg()),
                body.expectedVersion(), body.scan());
    }

    @POST
    @Path("/{labelId}/receive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a container (→ RECEIVED, or REFUSED back to the shipper)", description = "acceptance ACCEPTED, PARTIALLY_REFUSED (refusedKg, reason) or REFUSED (reason).")
    public Response receive(@PathParam("labelId") String labelId, @Valid @NotNull CustodyDtos.Receive body) {
        return commands.run(body.commandId(), "RECEIVE", labelId, body, new CustodyCommand.Receive(body.transferNumber(), body.weightKg(),
                body.acceptance(), body.refusedKg(), body.reason()), body.expectedVersion(), body.scan());
    }

    @POST
    @Path("/{labelId}/dispose")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record utilisation/disposal (RECEIVED → DISPOSED)", description = "method from GET /api/treatment-methods, certificate number and date.")
    public Response dispose(@PathParam("labelId") String labelId, @Valid @NotNull CustodyDtos.Dispose body) {
        if (cn.hazchain.custody.DisposalCertificates.isPlatformNumber(body.certificateNumber())) {
            // the platform's numbers are its certificates': naming one here would add a container to a certificate already
            // issued (another receiver's, or one's own after it was signed), or claim one not issued yet
            throw cn.hazchain.common.ProblemException.unprocessable("certificate-number", "certificate numbers of the form CZ + 12 digits are"
                    + " the platform's own: to have the platform number a certificate, use POST /api/disposal-certificates; here give your"
                    + " own certificate's number / 平台编号（CZ+12位数字）的处置证明请通过 POST /api/disposal-certificates 签发");
        }
        return commands.run(body.commandId(), "DISPOSE", labelId, body,
                new CustodyCommand.Dispose(body.method(), body.certificateNumber(), body.disposedOn()), body.expectedVersion(), body.scan());
    }

    @GET
    @Path("/{labelId}/trail")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every event of the container in order, with actors, places and weights")
    public List<TrailService.TrailEvent> trail(@PathParam("labelId") String labelId) {
        return trails.containerTrail(labelId);
    }

    @GET
    @Path("/{labelId}/lineage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forward lineage: from the generator to the receiver and disposal, with weights")
    public TrailService.Lineage lineage(@PathParam("labelId") String labelId) {
        return trails.forward(labelId);
    }

    static int pixels(String size) {
        if (size == null || size.isBlank()) {
            return 300;
        }
        try {
            int px = Integer.parseInt(size.strip());
            if (px >= MIN_QR_PX && px <= MAX_QR_PX) {
                return px;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ProblemException.badRequest("size must be a whole number of pixels between " + MIN_QR_PX + " and " + MAX_QR_PX);
    }
}
