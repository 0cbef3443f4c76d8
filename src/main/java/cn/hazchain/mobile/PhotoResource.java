package cn.hazchain.mobile;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/photos")
@Authenticated
@Tag(name = "Photos", description = "Photos taken with scans")
public class PhotoResource {

    @Inject
    PhotoService photos;

    @Inject
    CurrentUser current;

    @GET
    @Path("/{sha256}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @Operation(summary = "A scan photo", description = "Regulators and administrators, the organisation that uploaded it, and whoever "
            + "may see a container whose custody events name the photo.")
    public Response get(@PathParam("sha256") String sha256) {
        PhotoService.Content c = photos.content(sha256).orElseThrow(() -> ProblemException.notFound("photo", PhotoService.requireSha(sha256)));
        return Response.ok(c.bytes()).type(c.contentType()).header("Cache-Control", "private, max-age=31536000, immutable")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
