package cn.hazchain.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The national export document of a transfer manifest (转移联单), version 1 ({@value #SCHEMA}), as it stands at
 * {@code generatedAt}: the parties, vehicle and driver, departure and arrival, every container with its receipt and
 * disposal, the discrepancies the receiver found (and the shipper's acknowledgements) and the disposal certificates.
 * Weights are kilograms. Fields may be added within v1; receivers ignore what they do not know.
 */
public record TransferDocument(
        String schema,
        String transferNumber,
        String state,
        ManifestDocument.Party shipper,
        ManifestDocument.Party origin,
        ManifestDocument.Party carrier,
        ManifestDocument.Party receiver,
        Vehicle vehicle,
        String driverName,
        LocalDate plannedDate,
        Instant createdAt,
        Instant departedAt,
        Instant arrivedAt,
        List<Item> containers,
        List<Discrepancy> discrepancies,
        List<Certificate> certificates,
        List<Correction> corrections,
        Instant generatedAt) {

    public static final String SCHEMA = "hazchain.transfer.v1";

    public record Vehicle(String plate, String dgPermitNo, LocalDate dgPermitValidTo) {
    }

    /** A container declared on the transfer, where it came from and what became of it. */
    public record Item(String labelId, String manifestNumber, String generatorUscc, String wasteCode, String state, BigDecimal collectedKg,
                       String acceptance, BigDecimal receivedKg, BigDecimal refusedKg, List<String> discrepancies, String disposalMethod,
                       String disposalCertificate, boolean onThisTransfer) {
    }

    public record Discrepancy(String labelId, List<String> types, String acceptance, BigDecimal refusedKg, String reason, Instant recordedAt,
                              Instant acknowledgedAt, String acknowledgement) {
    }

    public record Certificate(String number, String method, LocalDate disposedOn, Instant issuedAt, int containers) {
    }

    /** An approved revision of a fact recorded on one of its containers (the corrected value is in the fields above). */
    public record Correction(String labelId, int correctedSeq, String correctedType, String field, String from, String to, String reason,
                             Instant correctedAt) {
    }
}
