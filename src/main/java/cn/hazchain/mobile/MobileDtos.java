package cn.hazchain.mobile;

import cn.hazchain.custody.domain.Acceptance;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Requests and answers of the handheld API and of device and round administration. */
public final class MobileDtos {

    private MobileDtos() {
    }

    // ---- devices and shifts ----------------------------------------------------------------------------------------

    public record Enrol(@NotBlank @Pattern(regexp = "\\s*[A-Za-z0-9][A-Za-z0-9._-]{2,63}\\s*",
                                message = "must be 3-64 letters, digits, '.', '_' or '-'") String serial,
                        @NotNull Long ownerPartyId, @Size(max = 100) String model, @Size(max = 300) String note) {
    }

    public record Reason(@NotBlank @Size(max = 300) String reason) {
    }

    @Schema(description = "Sign in on an enrolled handheld.")
    public record SignIn(@NotBlank @Size(max = 64) @Schema(examples = "HH-JY-0001") String deviceSerial,
                         @NotBlank @Size(max = 64) @Schema(examples = "driver") String username,
                         @NotBlank @Size(max = 200) @Schema(examples = "demo-driver") String password) {
    }

    // ---- rounds --------------------------------------------------------------------------------------------------

    public record NewStop(@NotNull Long generatorPartyId, @Size(max = 200) String address,
                          @DecimalMin("-90") @DecimalMax("90") Double latitude, @DecimalMin("-180") @DecimalMax("180") Double longitude,
                          @Size(max = 20) List<@NotBlank @Size(max = 10) String> expectedCodes,
                          @NotNull @Min(0) @Max(500) Integer expectedContainers, @Size(max = 300) String note) {
    }

    public record NewRound(@NotNull UUID requestId, @NotNull LocalDate date, @NotNull Long vehicleId, @NotNull Long driverUserId,
                           @Size(max = 300) String note, @NotEmpty @Size(max = 100) List<@NotNull @Valid NewStop> stops) {
    }

    // ---- scan ----------------------------------------------------------------------------------------------------

    public record ScanRequest(@NotBlank @Size(max = 300) @Schema(description = "The QR token as scanned (or the whole verification URL).",
            examples = "RZDM7KQX2P9WH3JT.k1.MEUCIQ...") String token) {
    }

    // ---- sync ----------------------------------------------------------------------------------------------------

    /** What a handheld records offline: a scan of a container, or the outcome of a stop of its round. */
    public enum EventType { COLLECT, STORE, LOAD, RECEIVE, STOP_OUTCOME, DEPART, ARRIVE }

    /** How a stop of a round ended. */
    public enum StopOutcome { COLLECTED, NOTHING_TO_COLLECT, CLOSED, REFUSED_BY_GENERATOR }

    @Schema(description = "The generator's confirmation of a pickup, entered on the handheld at the stop by a member of the generator's staff.")
    public record Confirmation(@Size(max = 64) @Schema(examples = "generator") String username,
                               @Size(max = 12) @Schema(description = "The user's personal confirmation code (6 digits).", examples = "246810") String code) {
    }

    @Schema(description = "One scan (or stop outcome) recorded on the handheld. Fields needed depend on type: COLLECT needs labelId, "
            + "manifestNumber and weightKg (roundId and confirmation when the round and the generator's code are known); STORE needs labelId, "
            + "storagePointId and weightKg; LOAD needs labelId and transferNumber; RECEIVE needs labelId, transferNumber, weightKg and acceptance; "
            + "STOP_OUTCOME needs roundId, stopSeq and outcome (and reason for REFUSED_BY_GENERATOR); DEPART and ARRIVE (the whole transfer "
            + "leaves or arrives) need transferNumber.")
    public record SyncEvent(
            @NotNull @Schema(description = "A UUID the handheld generates once per scan and keeps with it; a resend with the same id is a duplicate.")
            UUID clientEventId,
            @NotNull EventType type,
            @Size(max = 40) @Schema(description = "The label scanned; required for every type but STOP_OUTCOME, DEPART and ARRIVE.",
                    examples = "RZDM7KQX2P9WH3JT")
            String labelId,
            @NotNull @Schema(description = "When the scan was made, by the handheld's clock (kept as sent; the server records its own time too).")
            Instant clientTime,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal weightKg,
            @Size(max = 10) List<@Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in lower-case hex") String> photoSha256,
            @Size(max = 500) String note,
            @Size(max = 14) String manifestNumber,
            Long vehicleId,
            Long storagePointId,
            @Size(max = 14) String transferNumber,
            Acceptance acceptance,
            @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal refusedKg,
            @Size(max = 300) String reason,
            @Schema(description = "Optional: the container version the handheld last saw; a different one is a conflict.")
            Integer expectedVersion,
            @Schema(description = "COLLECT: the round (trip) collecting it; STOP_OUTCOME: the round of the stop.") Long roundId,
            @Valid @Schema(description = "COLLECT: the generator's confirmation entered at the stop.") Confirmation confirmation,
            @Min(1) @Max(1000) @Schema(description = "STOP_OUTCOME: the stop's position in the round.") Integer stopSeq,
            @Schema(description = "STOP_OUTCOME: how the stop ended.") StopOutcome outcome,
            @Size(max = 5) @Schema(description = "RECEIVE: what differs from the transfer manifest (a reason is then needed); a weight beyond the "
                    + "tolerance is a QUANTITY discrepancy whether listed or not.") List<cn.hazchain.custody.domain.Discrepancy> discrepancies) {
    }

    @Schema(description = "Up to 500 events in the order they were recorded. Each is answered on its own.")
    public record SyncRequest(
            @NotNull @Schema(type = SchemaType.ARRAY, implementation = SyncEvent.class, maxItems = 500,
                    description = "Events are parsed one by one: a malformed event is rejected without sinking the others.")
            List<JsonNode> events) {
    }

    public enum Outcome { APPLIED, DUPLICATE, REJECTED, CONFLICT }

    /** Clock flags: the event is kept as dated by the handheld, and flagged. */
    public enum ClockFlag { CLIENT_TIME_IN_FUTURE, CLIENT_TIME_BEFORE_PREVIOUS_EVENT }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The answer for one event, in the order sent.")
    public record SyncResult(
            @Schema(description = "Position of the event in the request (0-based).") int index,
            UUID clientEventId,
            String labelId,
            EventType type,
            @NotNull Outcome result,
            @Schema(description = "For DUPLICATE: what the first copy of this event got.") Outcome original,
            @Schema(description = "APPLIED: the container's state after the event.") String state,
            Integer version,
            @Schema(description = "APPLIED: the event's position in the container's chain.") Integer eventSeq,
            Instant serverTime,
            List<ClockFlag> clockFlags,
            @Schema(description = "REJECTED or CONFLICT: a stable code, e.g. label-mismatch, illegal-transition, invalid-event.") String reason,
            @Schema(description = "REJECTED or CONFLICT: what went wrong, for the person holding the handheld.") String detail,
            @Schema(description = "CONFLICT: the container's state now.") String currentState,
            Integer currentVersion,
            @Schema(description = "true only when the server failed for a reason of its own: send the event again later.") Boolean retryable) {
    }

    public record SyncCounts(int applied, int duplicate, int rejected, int conflict) {
    }

    public record SyncResponse(int received, SyncCounts counts, List<SyncResult> results,
                               @Schema(description = "Photos referenced by these events that have not been uploaded yet.") List<String> missingPhotos,
                               Instant serverTime) {
    }

    public record PhotoView(String sha256, String contentType, int sizeBytes, Instant uploadedAt) {
    }

    /** How every error looks (RFC 9457), for the contract; the service writes {@link cn.hazchain.common.Problem}. */
    @Schema(name = "Problem", description = "An error, as application/problem+json. The last segment of type is a stable code "
            + "(e.g. device-revoked); title is bilingual; detail says what to do. Some codes add members, e.g. currentState.")
    public record ProblemDoc(@Schema(examples = "https://hazchain.example/problems/device-revoked") String type,
                             @Schema(examples = "Device revoked / 设备已停用") String title,
                             @Schema(examples = "403") int status,
                             @Schema(examples = "device HH-JY-0001 was revoked on 2026-11-29T08:00:00Z: lost on the round") String detail,
                             @Schema(examples = "/api/mobile/v1/sessions") String instance) {
    }
}
