package cn.hazchain.pickup;

import cn.hazchain.custody.Container;
import cn.hazchain.manifest.ManifestDtos.PhysicalForm;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response shapes of the pickup request API. */
public final class PickupDtos {

    private PickupDtos() {
    }

    static final String TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    @Schema(description = "A generator asks its collector for a pickup. requestId makes a resend safe.")
    public record NewRequest(
            @NotNull UUID requestId,
            @NotNull @Schema(description = "The collector asked to come.") Long collectorPartyId,
            @NotNull @Schema(description = "First day the waste may be picked up.") LocalDate earliestDate,
            @NotNull @Schema(description = "Last day (at most 90 days ahead).") LocalDate latestDate,
            @Pattern(regexp = TIME) @Schema(description = "Opening hours start, HH:mm (default 08:30).", examples = "08:30") String windowStart,
            @Pattern(regexp = TIME) @Schema(description = "Opening hours end, HH:mm (default 17:00).", examples = "17:00") String windowEnd,
            @Size(max = 300) String note,
            @NotEmpty @Size(max = 20) List<@Valid @NotNull NewLine> lines) {
    }

    @Schema(description = "One waste code: its containers and their estimated total weight.")
    public record NewLine(
            @NotBlank @Size(max = 10) String wasteCode,
            @NotNull PhysicalForm physicalForm,
            @NotBlank @Size(max = 24) String mainComponents,
            @NotNull Container.Type containerType,
            @NotNull @Min(1) @Max(200) Integer containers,
            @NotNull @Min(1) @Max(5000) @Schema(description = "Volume of each container, litres.") Integer volumeLitres,
            @NotNull @DecimalMin("0.01") @DecimalMax("99999") @Digits(integer = 5, fraction = 2)
            @Schema(description = "Estimated weight of all the line's containers, kg.") BigDecimal estimatedKg) {
    }

    public record Decline(@NotBlank @Size(max = 300) @Schema(description = "Why not: told to the generator.") String reason) {
    }

    public record Withdraw(@NotBlank @Size(max = 300) String reason) {
    }

    public record Schedule(@NotNull @Schema(description = "The day of the pickup, within the request's dates.") LocalDate date) {
    }

    public record LineView(int lineNo, String wasteCode, String physicalForm, String mainComponents, String containerType, int containers,
                           int volumeLitres, BigDecimal estimatedKg) {
    }

    public record RequestView(long id, UUID requestId, String status, long generatorPartyId, String generatorName, long collectorPartyId,
                              String collectorName, LocalDate earliestDate, LocalDate latestDate, String windowStart, String windowEnd,
                              String note, @Schema(description = "Why it was declined or withdrawn.") String reason, LocalDate scheduledDate,
                              Long roundId, @Schema(description = "The pickup manifest issued from it, once issued.") String manifestNumber,
                              BigDecimal estimatedKg, int litres, List<LineView> lines, Instant createdAt, Instant decidedAt, int version) {
    }
}
