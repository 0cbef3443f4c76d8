package cn.hazchain.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The national export document, version 1 ({@value #SCHEMA}): one manifest as it stands at {@code generatedAt}.
 * Every field is always present (null when it has no value); weights are kilograms with two decimals. Each field
 * is described in docs/regulator.md ("National export"). A change that would alter the meaning of a field gets a
 * new schema name; new fields may be added within v1, so receivers should ignore fields they do not know.
 */
public record ManifestDocument(
        String schema,
        String manifestNumber,
        String kind,
        String state,
        String catalogueEdition,
        Party generator,
        Party collector,
        LocalDate pickupDate,
        String emergencyMeasures,
        String note,
        List<Line> lines,
        List<Container> containers,
        Custody custody,
        Cancellation cancellation,
        Instant issuedAt,
        Instant lastEventAt,
        Instant generatedAt) {

    public static final String SCHEMA = "hazchain.manifest.v1";

    /** A party by its unified social credit code (USCC) and registered name. */
    public record Party(String uscc, String name, String town) {
    }

    /** One waste code on the manifest, with the quantities of its containers. */
    public record Line(int lineNo, String wasteCode, String category, String categoryName, String wasteName,
                       String physicalForm, List<String> hazards, String mainComponents, int containerCount,
                       Quantities quantities) {
    }

    /** Kilograms of a line or of the whole manifest. */
    public record Quantities(BigDecimal estimatedKg, BigDecimal collectedKg, BigDecimal receivedKg, BigDecimal refusedKg,
                             BigDecimal disposedKg) {
    }

    /** One labelled container and where its custody stands. */
    public record Container(String labelId, int lineNo, String wasteCode, String containerType, int volumeLitres,
                            LocalDate generationDate, String state, BigDecimal estimatedKg, BigDecimal collectedKg,
                            BigDecimal receivedKg, BigDecimal refusedKg, String acceptance, String disposalMethod,
                            boolean weightFlag, String transferNumber, String receiverUscc, Instant lastEventAt) {
    }

    /** The custody summary: where the manifest's waste went and how much of it. */
    public record Custody(int containerCount, Map<String, Integer> containersByState, Quantities quantities,
                          List<Party> receivers, List<Disposal> disposal) {
    }

    /** Kilograms disposed of (or utilised) by one method code (R1–R15, D1–D16, C1–C3, Y10–Y16). */
    public record Disposal(String method, String methodName, BigDecimal kg) {
    }

    public record Cancellation(Instant cancelledAt, String reason) {
    }
}
