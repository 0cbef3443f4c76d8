package cn.hazchain.manifest;

import cn.hazchain.custody.rest.ContainerResource;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A container's printable label: what the manifest line says about it, laid out as HJ 1276-2022 asks. */
@Path("/api/containers/{labelId}/label.pdf")
@Authenticated
@Tag(name = "Containers", description = "Labelled containers: the unit of custody")
public class ContainerLabelResource {

    @Inject
    LabelPrinting printing;

    @GET
    @Produces("application/pdf")
    @Operation(summary = "The printable label (HJ 1276-2022)", description = "100, 150 or 200 mm square by container volume (<=50 L, <450 L, >=450 L).")
    public Response labelPdf(@PathParam("labelId") String labelId) {
        return ContainerResource.pdf(printing.labelPdf(labelId), labelId.strip().toUpperCase(java.util.Locale.ROOT) + ".pdf");
    }
}
