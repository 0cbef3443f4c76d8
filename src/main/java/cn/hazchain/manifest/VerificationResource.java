package cn.hazchain.manifest;

import cn.hazchain.label.Hazard;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public page a label's QR code opens: is this label genuine, what is in the container, where is it now.
 * Shows nothing private (no weights, people or addresses).
 */
@Path("/v")
@PermitAll
@Tag(name = "Label verification", description = "Public: what a phone sees when it scans a label")
public class VerificationResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    @Inject
    LabelChecks checks;

    @Inject
    Template verification;


    @GET
    @Path("/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Verify a label token (JSON)", description = "200 when genuine; 400 when the token is malformed; 404 when it is not a label HazChain signed.")
    public Response json(@PathParam("token") String token) {
        LabelChecks.Verified v = checks.verify(token);
        return Response.status(status(v)).entity(v).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "Verify a label token (HTML page, Chinese with English)")
    public Response html(@PathParam("token") String token) {
        LabelChecks.Verified v = checks.verify(token);
        String page = verification.data("v", v).data("hazards", hazardText(v.hazards()))
                .data("lastEvent", v.lastEventAt() == null ? "" : TIME.format(v.lastEventAt()))
                .data("stateZh", stateZh(v.state())).render();
        return page(status(v), page);
    }

    /** A public page: HTML, nothing loaded from elsewhere, never framed, no referrer, not cached (the state changes). */
    static Response page(int status, String html) {
        return Response.status(status).entity(html).type("text/html; charset=UTF-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store").build();
    }

    private static int status(LabelChecks.Verified v) {
        if (v.genuine()) {
            return 200;
        }
        return "MALFORMED".equals(v.reason()) ? 400 : 404;
    }

    static String hazardText(List<String> hazards) {
        return String.join("、", hazards.stream().map(Hazard::bilingualOf).toList());
    }

    static String stateZh(String state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case "ISSUED" -> "已赋码，待收集 Issued, awaiting pickup";
            case "COLLECTED" -> "已收集 Collected";
            case "IN_STORAGE" -> "贮存中 In storage";
            case "IN_TRANSIT" -> "转移运输中 In transit";
            case "RECEIVED" -> "已接收 Received";
            case "DISPOSED" -> "已利用处置 Disposed";
            case "CANCELLED" -> "已作废 Cancelled";
            default -> state;
        };
    }
}
