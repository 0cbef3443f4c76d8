package cn.hazchain.manifest;

import cn.hazchain.custody.Container;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Request and response shapes of the manifest API. */
public final class ManifestDtos {

    private ManifestDtos() {
    }

    /** Physical form on the label (废物形态). */
    public enum PhysicalForm { SOLID, SEMI_SOLID, LIQUID, GAS }

    public record OpenPickup(
            UUID requestId,
            @NotNull Long generatorPartyId,
            Long collectorPartyId,
            LocalDate pickupDate,
            @Size(max = 500) String emergencyMeasures,
            @Size(max = 500) String note,
            @NotEmpty @Size(max = 20) List<@Valid @NotNull Line> lines) {
    }

    public record Line(
            @NotBlank @Size(max = 10) String wasteCode,
            @Size(max = 24) String wasteName,
            @NotNull PhysicalForm physicalForm,
            @NotBlank @Size(max = 24) String mainComponents,
            @Size(max = 5) List<@NotBlank @Size(max = 2) String> hazards,
            @NotEmpty @Size(max = 200) List<@Valid @NotNull NewContainer> containers) {
    }

    public record NewContainer(
            @NotNull Container.Type type,
            @NotNull @Min(1) @Max(5000) Integer volumeLitres,
            @NotNull @DecimalMin(value = "0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal estimatedWeightKg,
            LocalDate generationDate) {
    }

    public record Cancel(@NotBlank @Size(max = 300) String reason) {
    }

    public record ContainerSummary(String labelId, String state, String wasteCode, String containerType, int volumeLitres,
                                   BigDecimal estimatedWeightKg, String qrUrl,
                                   @Schema(description = "CONFIRMED, UNCONFIRMED or DISPUTED by the generator once collected; null before.")
                                   String pickupConfirmation) {
    }

    public record LineView(int lineNo, String wasteCode, String wasteName, String category, List<String> hazards,
                           String physicalForm, String mainComponents, List<ContainerSummary> containers) {
    }

    public record ManifestView(String number, String kind, String state, long generatorPartyId, String generatorName,
                               String generatorUscc, long collectorPartyId, String collectorName, LocalDate pickupDate,
                               String emergencyMeasures, String note, String catalogueEdition, Instant createdAt,
                               Instant cancelledAt, String cancelReason, int containerCount, BigDecimal estimatedWeightKg,
                               String qrUrl, List<LineView> lines, int version,
                               @Schema(description = "The round (trip) that collected it, once a collection named one.") Long roundId,
                               @Schema(description = "The vehicle that collected it, once a collection named one.") Long vehicleId) {
    }

    @Schema(description = "The generator's answer to pickups it did not confirm at the stop.")
    public record PickupDecision(@jakarta.validation.constraints.NotNull java.util.UUID commandId,
                                 @jakarta.validation.constraints.NotNull cn.hazchain.custody.domain.PickupConfirmation.Decision decision,
                                 @jakarta.validation.constraints.Size(max = 300) String reason,
                                 @Schema(description = "Only these containers (default: every unconfirmed one of the manifest).")
                                 @jakarta.validation.constraints.Size(max = 500) List<@jakarta.validation.constraints.NotBlank
                                 @jakarta.validation.constraints.Size(max = 40) String> labelIds) {
    }

    public record PickupDecided(String manifestNumber, String decision, List<String> labelIds, Instant at) {
    }

    public record ManifestSummary(String number, String state, long generatorPartyId, String generatorName, String town,
                                  long collectorPartyId, LocalDate pickupDate, int containerCount,
                                  BigDecimal estimatedWeightKg, Instant createdAt) {
    }
}
