package cn.hazchain.container;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.container.ContainerService.ContainerView;
import cn.hazchain.label.QrCodes;
import io.quarkus.security.Authenticated;
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

@Path("/api/containers")
@Authenticated
@Tag(name = "Containers", description = "Labelled containers: the unit of custody")
public class ContainerResource {

    static final int MIN_QR_PX = 100;
    static final int MAX_QR_PX = 2000;

    @Inject
    ContainerService containers;

    @Inject
    ContainerLabels labels;

    @Inject
    LabelPrinting printing;

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
        Container c = containers.visible(labelId);
        return Response.ok(QrCodes.png(labels.qrUrl(c), pixels(size))).type("image/png").build();
    }

    @GET
    @Path("/{labelId}/qr.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "The label's QR code as SVG (scales to any size)")
    public Response svg(@PathParam("labelId") String labelId) {
        Container c = containers.visible(labelId);
        return Response.ok(QrCodes.svg(labels.qrUrl(c))).type("image/svg+xml").build();
    }

    @GET
    @Path("/{labelId}/label.pdf")
    @Produces("application/pdf")
    @Operation(summary = "The printable label (HJ 1276-2022)", description = "100, 150 or 200 mm square by container volume (<=50 L, <450 L, >=450 L).")
    public Response labelPdf(@PathParam("labelId") String labelId) {
        Container c = containers.visible(labelId);
        return pdf(printing.labelPdf(c), c.labelId + ".pdf");
    }

    public static Response pdf(byte[] bytes, String filename) {
        return Response.ok(bytes).type("application/pdf")
                .header("Content-Disposition", "inline; filename=\"" + filename + "\"").build();
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
