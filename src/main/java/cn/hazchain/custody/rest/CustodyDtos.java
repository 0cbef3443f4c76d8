package cn.hazchain.custody.rest;

import cn.hazchain.custody.domain.Discrepancy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
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
import cn.hazchain.custody.domain.Acceptance;

/** Custody commands as sent over HTTP. Every command carries a client-generated {@code commandId}. */
public final class CustodyDtos {

    private CustodyDtos() {
    }

    /** Where and how a scan was made. All optional; photos are SHA-256 hex of pictures uploaded separately. */
    public record Scan(@Size(max = 64) String deviceId, Instant clientTime,
                       @DecimalMin("-90") @DecimalMax("90") Double latitude, @DecimalMin("-180") @DecimalMax("180") Double longitude,
                       @Size(max = 10) List<@Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in lower-case hex") String> photoSha256,
                       @Size(max = 500) String note) {
    }

    public record Collect(@NotNull UUID commandId, @NotBlank @Size(max = 14) String manifestNumber,
                          @NotNull @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal weightKg,
                          Long vehicleId, Integer expectedVersion, @Valid Scan scan,
                          @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The round (trip) collecting it.") Long roundId,
                          @Valid @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The generator's confirmation entered at the stop.")
                          Confirmation confirmation) {
    }

    public record Confirmation(@Size(max = 64) String username, @Size(max = 12) String code) {
    }

    public record Store(@NotNull UUID commandId, @NotNull Long storagePointId,
                        @NotNull @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal weightKg,
                        Integer expectedVersion, @Valid Scan scan) {
    }

    public record CreateLot(@NotNull UUID commandId, @NotNull Long storagePointId, @NotBlank @Size(max = 10) String wasteCode,
                            @NotEmpty @Size(max = 500) List<@NotBlank @Size(max = 37) String> labelIds, @Valid Scan scan) {
    }

    public record CreateTransfer(@NotNull UUID commandId, @NotNull Long originPartyId, @NotNull Long receiverPartyId,
                                 Long carrierPartyId, @NotNull Long vehicleId, Long driverUserId, LocalDate plannedDate,
                                 @Size(max = 100) List<@NotNull Long> lotIds,
                                 @Size(max = 500) List<@NotBlank @Size(max = 37) String> labelIds) {
    }

    /** One container of a whole-transfer receipt. */
    public record ReceiptLine(@NotBlank @Size(max = 40) String labelId,
                              @NotNull @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal weightKg,
                              @NotNull cn.hazchain.custody.domain.Acceptance acceptance,
                              @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal refusedKg,
                              @Size(max = 5) List<@NotNull Discrepancy> discrepancies,
                              @Size(max = 300) String reason) {
    }

    /** The receiver confirms a whole transfer: one line per container on it. */
    public record Receipt(@NotNull UUID commandId, @jakarta.validation.constraints.NotEmpty @Size(max = 1000) List<@NotNull @Valid ReceiptLine> lines,
                          @Valid Scan scan) {
    }

    public record Acknowledgement(@NotNull UUID commandId, @Size(max = 500) String note) {
    }

    /** A departure or arrival of a whole transfer. */
    public record Movement(@NotNull UUID commandId, @Valid Scan scan) {
    }

    public record Load(@NotNull UUID commandId, @NotBlank @Size(max = 37) String labelId, Integer expectedVersion, @Valid Scan scan) {
    }

    public record Receive(@NotNull UUID commandId, @NotBlank @Size(max = 14) String transferNumber,
                          @NotNull @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal weightKg,
                          @NotNull Acceptance acceptance,
                          @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal refusedKg,
                          @Size(max = 300) String reason, Integer expectedVersion, @Valid Scan scan) {
    }

    public record Dispose(@NotNull UUID commandId, @NotBlank @Size(max = 4) String method,
                          @NotBlank @Size(max = 60) String certificateNumber, @NotNull LocalDate disposedOn,
                          Integer expectedVersion, @Valid Scan scan) {
    }
}
