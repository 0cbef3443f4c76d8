package cn.hazchain.manifest;

import cn.hazchain.label.Hazard;
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
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public road-check pages a printed manifest's QR code opens, for an inspector at the roadside: {@code /v/t/{token}}
 * for a transfer manifest, {@code /v/m/{token}} for a pickup manifest. No login; Chinese with English; JSON with
 * {@code Accept: application/json}, as the label page ({@code /v/{token}}) answers. 200 when genuine, 400 when the
 * token is malformed, 404 when it was not signed by HazChain or names no document.
 */
@Path("/v")
@PermitAll
@Tag(name = "Road check", description = "Public: what an inspector's phone sees when it scans a manifest's QR code")
public class RoadCheckResource {

    @Inject
    RoadChecks checks;

    @Location("roadcheck-transfer.html")
    Template transferPage;

    @Location("roadcheck-manifest.html")
    Template manifestPage;

    @GET
    @Path("/t/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a transfer manifest's QR token (JSON)", description = "200 when genuine; 400 when the token is malformed; "
            + "404 when HazChain did not sign it.")
    public Response transferJson(@PathParam("token") String token) {
        RoadChecks.TransferCheck c = checks.transfer(token);
        return Response.status(status(c.genuine(), c.reason())).entity(c).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/t/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check a transfer manifest's QR token (HTML page, Chinese with English)")
    public Response transferHtml(@PathParam("token") String token) {
        RoadChecks.TransferCheck c = checks.transfer(token);
        return VerificationResource.page(status(c.genuine(), c.reason()), transferPage.data("c", c).data("stateText", transferState(c.state()))
                .data("hazardNames", HAZARD_NAMES).render());
    }

    @GET
    @Path("/m/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a pickup manifest's QR token (JSON)", description = "200 when genuine; 400 when the token is malformed; "
            + "404 when HazChain did not sign it.")
    public Response manifestJson(@PathParam("token") String token) {
        RoadChecks.ManifestCheck c = checks.manifest(token);
        return Response.status(status(c.genuine(), c.reason())).entity(c).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/m/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Check a pickup manifest's QR token (HTML page, Chinese with English)")
    public Response manifestHtml(@PathParam("token") String token) {
        RoadChecks.ManifestCheck c = checks.manifest(token);
        return VerificationResource.page(status(c.genuine(), c.reason()), manifestPage.data("c", c).data("stateText", manifestState(c.state()))
                .data("hazardNames", HAZARD_NAMES).render());
    }

    private static int status(boolean genuine, String reason) {
        if (genuine) {
            return 200;
        }
        return "MALFORMED".equals(reason) ? 400 : 404;
    }

    /** {@code T} → {@code 毒性 Toxic (T)}, for each hazard characteristic. */
    static final Map<String, String> HAZARD_NAMES = Arrays.stream(Hazard.values()).collect(Collectors.toMap(Hazard::code, Hazard::bilingual));

    static String transferState(String state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case "OPEN" -> "已开具，尚未装车 Issued, not loaded yet";
            case "IN_TRANSIT" -> "运输中 In transit";
            case "RECEIVED" -> "已接收 Received";
            case "CLOSED" -> "已完结 Closed (received and disposed)";
            default -> state;
        };
    }

    static String manifestState(String state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case "OPEN" -> "已开具，待收集 Issued, awaiting pickup";
            case "IN_PROGRESS" -> "收集转移中 In progress (collected)";
            case "CLOSED" -> "已完结 Closed (disposed)";
            case "CANCELLED" -> "已作废 Cancelled";
            default -> state;
        };
    }
}
