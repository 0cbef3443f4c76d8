package cn.hazchain.label;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.container.Container;
import cn.hazchain.manifest.ManifestLine;
import cn.hazchain.common.PlainText;
import cn.hazchain.manifest.Manifest;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
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
    LabelSigner signer;

    @Inject
    CatalogueService catalogue;

    @Inject
    Template verification;

    public record Verified(boolean genuine, String reason, String message, String messageZh, String labelId, String keyId,
                           String wasteCode, String wasteName, String category, String categoryName, List<String> hazards,
                           String generatorName, String state, Instant lastEventAt) {
    }

    @GET
    @Path("/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Verify a label token (JSON)", description = "200 when genuine; 400 when the token is malformed; 404 when it is not a label HazChain signed.")
    public Response json(@PathParam("token") String token) {
        Verified v = verify(token);
        return Response.status(status(v)).entity(v).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "Verify a label token (HTML page, Chinese with English)")
    public Response html(@PathParam("token") String token) {
        Verified v = verify(token);
        String page = verification.data("v", v).data("hazards", hazardText(v.hazards()))
                .data("lastEvent", v.lastEventAt() == null ? "" : TIME.format(v.lastEventAt()))
                .data("stateZh", stateZh(v.state())).render();
        return Response.status(status(v)).entity(page).type("text/html; charset=UTF-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store").build();
    }

    private static int status(Verified v) {
        if (v.genuine()) {
            return 200;
        }
        return "MALFORMED".equals(v.reason()) ? 400 : 404;
    }

    Verified verify(String token) {
        LabelVerification result = signer.verify(token);
        if (result instanceof LabelVerification.Invalid invalid) {
            return notGenuine(invalid.reason().name());
        }
        LabelVerification.Valid valid = (LabelVerification.Valid) result;
        Optional<Container> container = Container.byLabelId(valid.labelId().format());
        if (container.isEmpty()) {
            return notGenuine("NOT_ISSUED");
        }
        Container c = container.get();
        ManifestLine line = ManifestLine.findById(c.lineId);
        // the generator as the label was issued (issue #19), shown without control or bidirectional characters, which
        // records stored before names were checked may hold
        String generatorName = Manifest.<Manifest>findById(c.manifestId).generatorAtIssue().name;
        String categoryName = catalogue.find(c.wasteCode).map(w -> w.categoryName).orElse("");
        return new Verified(true, "GENUINE", "Genuine label issued by HazChain", "经平台签发的真实标签", c.labelId, valid.kid(),
                c.wasteCode, PlainText.strip(line.wasteName), line.category, categoryName, line.hazards, PlainText.strip(generatorName),
                c.state, c.updatedAt);
    }

    private static Verified notGenuine(String reason) {
        String en = switch (reason) {
            case "MALFORMED" -> "This is not a HazChain label code (damaged or incomplete).";
            case "NOT_ISSUED" -> "The signature is valid but no such container was issued.";
            default -> "Not genuine: the label was not signed by HazChain or has been altered.";
        };
        String zh = switch (reason) {
            case "MALFORMED" -> "该二维码不是有效的平台标签（损坏或不完整）。";
            case "NOT_ISSUED" -> "签名有效，但平台未签发该容器。";
            default -> "非真实标签：该标签未经平台签发或已被篡改。";
        };
        return new Verified(false, reason, en, zh, null, null, null, null, null, null, List.of(), null, null, null);
    }

    static String hazardText(List<String> hazards) {
        return String.join("、", hazards.stream().map(h -> switch (h) {
            case "T" -> "毒性 Toxic (T)";
            case "C" -> "腐蚀性 Corrosive (C)";
            case "I" -> "易燃性 Ignitable (I)";
            case "R" -> "反应性 Reactive (R)";
            case "In" -> "感染性 Infectious (In)";
            default -> h;
        }).toList());
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
