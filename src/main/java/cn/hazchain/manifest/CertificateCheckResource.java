package cn.hazchain.manifest;

import cn.hazchain.custody.CertificateDocuments;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public page a disposal certificate's QR code opens ({@code /v/c/{token}}): genuine or not, and what it
 * certifies, without a login; Chinese with English; JSON with {@code Accept: application/json}. 200 when genuine, 400
 * when the token is malformed, 404 when HazChain did not sign it or issued no such certificate.
 */
@Path("/v/c")
@PermitAll
@Tag(name = "Road check", description = "Public: what an inspector's phone sees when it scans a manifest's QR code")
public class CertificateCheckResource {

    @Inject
    CertificateDocuments documents;

    @Location("certificate-check.html")
    Template page;

    @GET
    @Path("/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a disposal certificate's QR token (JSON)", description = "200 when genuine; 400 when the token is malformed; "
            + "404 when HazChain did not sign it.")
    public Response json(@PathParam("token") String token) {
        CertificateDocuments.CertificateCheck c = documents.check(token);
        return Response.status(status(c)).entity(c).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check a disposal certificate's QR token (HTML page, Chinese with English)")
    public Response html(@PathParam("token") String token) {
        CertificateDocuments.CertificateCheck c = documents.check(token);
        return VerificationResource.page(status(c), page.data("c", c).render());
    }

    private static int status(CertificateDocuments.CertificateCheck c) {
        if (c.genuine()) {
            return 200;
        }
        return "MALFORMED".equals(c.reason()) ? 400 : 404;
    }
}
