package cn.hazchain.mobile;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The handheld API, version 1: what the collectors' Android scanners use. Its contract for app builders is
 * {@code mobile-api/openapi.yaml}; a test fails when this class and that file disagree.
 */
@Path("/api/mobile/v1")
@Tag(name = "Handheld API v1", description = "Offline-first collection rounds on enrolled handhelds (see mobile-api/README.md)")
public class MobileResource {

    static final String PROBLEM = "application/problem+json";

    @Inject
    DeviceService devices;

    @Inject
    MobileSession session;

    @Inject
    RoundService rounds;

    @Inject
    OfflineKitService kits;

    @Inject
    ScanService scans;

    @Inject
    SyncService sync;

    @Inject
    PhotoService photos;

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @POST
    @Path("/sessions")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startShift", summary = "Sign in on an enrolled handheld: a shift token bound to user, device and session",
            description = "The token lasts one shift (hazchain.mobile.shift-seconds, 12 h by default) unless the session is ended "
                    + "or the device revoked earlier. Send it as Authorization: Bearer on every other call.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MobileDtos.SignIn.class),
            examples = @ExampleObject(name = "driver", value = "{\"deviceSerial\":\"HH-JY-0001\",\"username\":\"driver\",\"password\":\"demo-driver\"}")))
    @APIResponse(responseCode = "201", description = "Signed in", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeviceService.ShiftToken.class)))
    @APIResponse(responseCode = "401", description = "invalid-credentials: wrong username or password", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "403", description = "device-unknown, device-revoked, device-not-yours, or no handheld role", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "429", description = "login-locked (this account) or login-throttled (this network address): wait retryAfterSeconds", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    public Response startShift(@Valid @NotNull MobileDtos.SignIn body) {
        return Response.status(201).entity(devices.startShift(body)).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/sessions/current")
    @Authenticated
    @Operation(operationId = "endShift", summary = "Sign out: the shift token stops working", description = "Sync first: events still queued are sent with a new sign-in.")
    @APIResponse(responseCode = "204", description = "Signed out. A repeat with the same token answers 401 session-ended: it is signed out too.")
    public Response endShift() {
        devices.endShift(session.require().sessionId());
        return Response.noContent().build();
    }

    @GET
    @Path("/rounds")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "myRounds", summary = "The rounds this driver drives on a day (default today), stops in order, with each stop's open manifests and labels")
    @APIResponse(responseCode = "200", description = "The rounds", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = RoundService.RoundView.class)))
    public List<RoundService.RoundView> myRounds(@QueryParam("date") @Schema(format = "date", examples = "2026-11-29") String date) {
        session.require();
        return rounds.forDriver(current.userId(), day(date));
    }

    @GET
    @Path("/offline-kit")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "offlineKit", summary = "Everything a shift needs without network",
            description = "Label public keys, the day's rounds, the catalogue entries they involve, receivers with their licences, "
                    + "the organisation's storage points and the sync limits. Send the ETag back in If-None-Match: 304 when unchanged.")
    @APIResponse(responseCode = "200", description = "The kit; header ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OfflineKitService.Kit.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    public Response offlineKit(@QueryParam("date") @Schema(format = "date") String date, @HeaderParam("If-None-Match") String ifNoneMatch) {
        OfflineKitService.Tagged tagged = kits.kit(session.require(), day(date));
        if (ifNoneMatch != null && List.of(ifNoneMatch.split(",")).stream().map(String::strip)
                .anyMatch(t -> t.equals(tagged.etag()) || t.equals("W/" + tagged.etag()) || t.equals("*"))) {
            return Response.notModified().tag(tagged.etag().replace("\"", "")).header("Cache-Control", "private, no-cache").build();
        }
        return Response.ok(tagged.kit(), MediaType.APPLICATION_JSON).tag(tagged.etag().replace("\"", ""))
                .header("Cache-Control", "private, no-cache").build();
    }

    @POST
    @Path("/scan")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "scan", summary = "Check a scanned QR token online: genuine?, the container's state now, and what you may record next",
            description = "Always 200 for a token that could be read: genuine=false with reason MALFORMED, UNKNOWN_KEY or BAD_SIGNATURE for "
                    + "a label HazChain did not sign; reason NOT_YOURS when it is genuine but not your organisation's.")
    @APIResponse(responseCode = "200", description = "What the scan found", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScanService.ScanResult.class)))
    public ScanService.ScanResult scan(@Valid @NotNull MobileDtos.ScanRequest body) {
        session.require();
        return scans.scan(body.token());
    }

    @POST
    @Path("/sync")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sync", summary = "Send up to 500 events recorded offline; each is answered on its own",
            description = "Events are applied in the order sent and answered one by one, each only once it is committed: APPLIED, DUPLICATE (sent before; the first "
                    + "answer is in original), REJECTED (reason, detail) or CONFLICT (currentState). One bad event does not sink the batch; "
                    + "resending a batch changes nothing. Client time is kept; events dated in the future or before the container's "
                    + "previous event are flagged in clockFlags, never reordered.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MobileDtos.SyncRequest.class),
            examples = @ExampleObject(name = "two scans", value = "{\"events\":[{\"clientEventId\":\"0b7f6c1e-4d7a-4f7e-9a51-2f0c9d1e5a01\","
                    + "\"type\":\"COLLECT\",\"labelId\":\"91320281MA1Y4B2X3Q2026112900000000012\",\"clientTime\":\"2026-11-29T01:42:10Z\","
                    + "\"latitude\":31.905,\"longitude\":120.271,\"weightKg\":158.5,\"manifestNumber\":\"20263202000123\",\"vehicleId\":1,"
                    + "\"photoSha256\":[\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"]},"
                    + "{\"clientEventId\":\"5c1d1a4e-1b0e-4a43-8f0e-7d1c2b3a4f52\",\"type\":\"LOAD\","
                    + "\"labelId\":\"91320281MA1Y4B2X3Q2026112900000000013\",\"clientTime\":\"2026-11-29T03:10:00Z\","
                    + "\"transferNumber\":\"20263202000131\"}]}")))
    @APIResponse(responseCode = "200", description = "One result per event, in the order sent", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MobileDtos.SyncResponse.class)))
    @APIResponse(responseCode = "413", description = "batch-too-large: more than 500 events; split the queue", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "400", description = "malformed-body or validation: the envelope is not {\"events\": [...]}", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "401", description = "unauthenticated or session-ended: sign in again (keep the queue)", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "403", description = "shift-token-required: a web token was sent", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    public MobileDtos.SyncResponse sync(@Valid @NotNull MobileDtos.SyncRequest body) {
        return sync.sync(session.require(), body);
    }

    @PUT
    @Path("/photos/{sha256}")
    @Authenticated
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "uploadPhoto", summary = "Upload a photo named in an event, addressed by the SHA-256 of its bytes",
            description = "JPEG, PNG or WebP, at most hazchain.mobile.photo-max-bytes (4 MiB). Uploading the same photo again is harmless.")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MobileDtos.PhotoView.class)))
    @APIResponse(responseCode = "200", description = "Already stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MobileDtos.PhotoView.class)))
    @APIResponse(responseCode = "413", description = "photo-too-large", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "415", description = "photo-type: not JPEG, PNG or WebP, or the bytes do not match the Content-Type", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    @APIResponse(responseCode = "422", description = "photo-hash-mismatch: the bytes do not hash to the address", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    public Response uploadPhoto(@PathParam("sha256") String sha256, @HeaderParam("Content-Type") String contentType, byte[] body) {
        MobileSession.Shift shift = session.require();
        PhotoService.Stored stored = photos.put(sha256, contentType, body, shift.deviceId());
        return Response.status(stored.created() ? 201 : 200).entity(stored.photo()).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/photos/{sha256}")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "photoStatus", summary = "Whether a photo has been uploaded (its size and type), to resume uploads after a lost connection")
    @APIResponse(responseCode = "200", description = "Uploaded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MobileDtos.PhotoView.class)))
    @APIResponse(responseCode = "404", description = "Not uploaded yet", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = MobileDtos.ProblemDoc.class)))
    public MobileDtos.PhotoView photoStatus(@PathParam("sha256") String sha256) {
        session.require();
        return photos.meta(sha256).orElseThrow(() -> ProblemException.notFound("photo", PhotoService.requireSha(sha256)));
    }

    private LocalDate day(String date) {
        LocalDate d = Params.date("date", date);
        return d == null ? LocalDate.now(config.zone()) : d;
    }
}
