package cn.hazchain.party;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/** Request and response shapes of the party API. */
public final class PartyDtos {

    private PartyDtos() {
    }

    public record CreateParty(
            @NotBlank @Size(max = 18) String uscc,
            @NotNull PartyKind kind,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 40) String town,
            @Size(max = 300) String address,
            @Size(max = 60) String contactName,
            @Size(max = 30) @Pattern(regexp = "[0-9+() -]{5,30}", message = "must be a phone number (digits, +, -, spaces, parentheses)") String contactPhone,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Size(max = 100) String industry,
            @DecimalMin("0") @Digits(integer = 9, fraction = 3) BigDecimal annualGenerationTonnes,
            Long parentId) {
    }

    /** Fields left out (null) stay as they are; {@code version} must be the one you read. */
    public record UpdateParty(
            @NotNull Integer version,
            @Size(min = 1, max = 200) String name,
            @Size(max = 40) String town,
            @Size(max = 300) String address,
            @Size(max = 60) String contactName,
            @Size(max = 30) @Pattern(regexp = "[0-9+() -]{5,30}", message = "must be a phone number (digits, +, -, spaces, parentheses)") String contactPhone,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Size(max = 100) String industry,
            @DecimalMin("0") @Digits(integer = 9, fraction = 3) BigDecimal annualGenerationTonnes) {
    }

    public record PartyView(long id, String uscc, PartyKind kind, String name, String town, String address,
                            String contactName, String contactPhone, Double latitude, Double longitude, String industry,
                            BigDecimal annualGenerationTonnes, Long parentId, int version, Instant createdAt, Instant updatedAt) {
        public static PartyView of(Party p) {
            return new PartyView(p.id, p.uscc, p.kind, p.name, p.town, p.address, p.contactName, p.contactPhone,
                    p.latitude, p.longitude, p.industry, p.annualGenerationTonnes, p.parentId, p.version, p.createdAt, p.updatedAt);
        }
    }

    /** A renewed permit: its number and validity (the version read, for optimistic locking). */
    public record UpdateVehicle(@NotNull Integer version, @Size(max = 40) String dgPermitNo, @NotNull java.time.LocalDate dgPermitValidTo) {
    }

    public record CreateVehicle(
            @NotNull Long ownerPartyId,
            @NotBlank @Size(max = 16) String plate,
            @NotBlank @Size(max = 40) String dgPermitNo,
            @NotNull @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100000) Integer capacityKg,
            @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100000)
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Volume the vehicle carries, litres (the planner's limit; none: not limited).")
            Integer capacityLitres,
            @NotNull @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Last day the dangerous-goods road transport permit is valid.")
            java.time.LocalDate dgPermitValidTo) {
    }

    public record VehicleView(long id, long ownerPartyId, String plate, String dgPermitNo, int capacityKg, int version,
                              java.time.LocalDate dgPermitValidTo, Integer capacityLitres) {
        public static VehicleView of(Vehicle v) {
            return new VehicleView(v.id, v.ownerPartyId, v.plate, v.dgPermitNo, v.capacityKg, v.version, v.dgPermitValidTo, v.capacityLitres);
        }
    }
}
