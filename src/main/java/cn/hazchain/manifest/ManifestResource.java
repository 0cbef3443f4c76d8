package cn.hazchain.manifest;

import cn.hazchain.common.Page;
import cn.hazchain.custody.rest.ContainerResource;
import cn.hazchain.manifest.LabelPrinting;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.manifest.ManifestDtos.Cancel;
import cn.hazchain.manifest.ManifestDtos.ManifestSummary;
import cn.hazchain.manifest.ManifestDtos.ManifestView;
import cn.hazchain.manifest.ManifestDtos.OpenPickup;
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
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/manifests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Manifests", description = "Pickup manifests (one per generator per pickup) and their labelled containers")
public class ManifestResource {

    @Inject
    ManifestService manifests;

    @Inject
    LabelPrinting printing;

    @Inject
    cn.hazchain.custody.IdempotentCommands commands;

    @Inject
    cn.hazchain.custody.trail.TrailService trails;

    @POST
    @Operation(summary = "Open a pickup manifest", description = "Collector operators (for their collector) or generator staff (for their generator). "
            + "Every code must be in the catalogue and covered by the collector's licence (else 422 naming the code). "
            + "Each container gets a 37-character label ID and a signed QR URL. Send a requestId (UUID) to make retries safe: "
            + "the same requestId returns the manifest first created (200).")
    public Response open(@Valid @NotNull OpenPickup body) {
        ManifestService.Opened opened = manifests.open(body);
        if (!opened.created()) {
            return Response.ok(opened.manifest()).build();
        }
        return Response.created(URI.create("/api/manifests/" + opened.manifest().number())).entity(opened.manifest()).build();
    }

    @GET
    @Operation(summary = "List pickup manifests you may see", description = "Filters: state (OPEN, IN_PROGRESS, CLOSED, CANCELLED), generatorPartyId, from/to (pickup date).")
    public Page<ManifestSummary> list(@QueryParam("state") String state, @QueryParam("generatorPartyId") String generator,
                                      @QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("page") String page, @QueryParam("size") String size) {
        return manifests.list(Params.enumValue("state", state, ManifestState.class), Params.id("generatorPartyId", generator),
                Params.date("from", from), Params.date("to", to), Paging.of(page, size));
    }

    @GET
    @Path("/{number}")
    public ManifestView get(@PathParam("number") String number) {
        return manifests.get(number);
    }

    @GET
    @Path("/{number}/labels.pdf")
    @Produces("application/pdf")
    @Operation(summary = "All labels of a manifest on A4 sheets, ready to print and cut")
    public Response labels(@PathParam("number") String number) {
        return ContainerResource.pdf(printing.sheetPdf(manifests.visible(number)), number + "-labels.pdf");
    }

    @GET
    @Path("/{number}/manifest.pdf")
    @Produces("application/pdf")
    @Operation(summary = "The manifest (危险废物转移联单) as a PDF with its own QR code")
    public Response pdf(@PathParam("number") String number) {
        return ContainerResource.pdf(printing.manifestPdf(manifests.visible(number)), number + ".pdf");
    }

    @GET
    @Path("/{number}/trail")
    @Operation(summary = "Every custody event of the manifest's containers, in order")
    public java.util.List<cn.hazchain.custody.trail.TrailService.TrailEvent> trail(@PathParam("number") String number) {
        return trails.manifestTrail(number);
    }

    @POST
    @Path("/{number}/pickup-confirmation")
    @Operation(summary = "Confirm or dispute a pickup not confirmed at the stop", description = "Generator staff of the manifest's generator, "
            + "within 5 working days of the pickup (after that an alert is raised, and it can still be confirmed). decision CONFIRM or "
            + "DISPUTE (with a reason); labelIds limits it to some containers. Every unconfirmed container gets a PICKUP_CONFIRMED or "
            + "PICKUP_DISPUTED event. commandId makes a retry safe. 409 when nothing awaits confirmation.")
    public Response decidePickup(@PathParam("number") String number, @Valid @NotNull cn.hazchain.manifest.ManifestDtos.PickupDecision body) {
        return cn.hazchain.custody.IdempotentCommands.respond(commands.run(body.commandId(), "PICKUP_DECISION", number, body, 200,
                () -> new cn.hazchain.custody.IdempotentCommands.Answer.Done(manifests.decidePickup(number, body))));
    }

    @POST
    @Path("/{number}/cancel")
    @Operation(summary = "Cancel a manifest whose containers are all still ISSUED")
    public ManifestView cancel(@PathParam("number") String number, @Valid @NotNull Cancel body) {
        return manifests.cancel(number, body);
    }
}
