package cn.hazchain.custody.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happened to a container, as a fact in the past tense, with the data readers need as fields (never free
 * text). The envelope of every event (container, sequence, actor, device, times, place, photos, hash) is the event
 * log's; this is the part that differs by type. Ids that have a column of their own ({@link #lotId()},
 * {@link #transferId()}, {@link #storagePointId()}, {@link #weightKg()}) are stored there; the rest are
 * {@link #facts()}, stored as text in {@code custody_event.facts} and hashed (hash version 2).
 */
public sealed interface CustodyEvent {

    EventType type();

    /** The container's state once this event happened; null when the event does not move it (a confirmation). */
    ContainerState to();

    default Long lotId() {
        return null;
    }

    default Long transferId() {
        return null;
    }

    default Long storagePointId() {
        return null;
    }

    /** The weight this event weighed, or null when it weighed nothing. */
    default BigDecimal weightKg() {
        return null;
    }

    /** Whether {@link #weightKg()} differed from the weighing before by more than the tolerance. */
    default boolean weightDeviation() {
        return false;
    }

    /** Who holds the container after this event, when the event hands it over (else null: unchanged). */
    default Long custodianPartyId() {
        return null;
    }

    /** The facts without a column of their own, by name, as text; absent when null. */
    SortedMap<String, String> facts();

    /** A label was signed and printed for a container of a manifest: the chain of custody starts here. */
    record LabelIssued(long generatorPartyId, String wasteCode, BigDecimal estimatedKg, List<String> hazards, String labelKeyId)
            implements CustodyEvent {
        public EventType type() {
            return EventType.LABEL_ISSUED;
        }

        public ContainerState to() {
            return ContainerState.ISSUED;
        }

        public Long custodianPartyId() {
            return generatorPartyId;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("estimatedKg", estimatedKg, "hazards", String.join(",", hazards), "labelKeyId", labelKeyId,
                    "wasteCode", wasteCode);
        }
    }

    /**
     * Picked up and weighed at the generator by the manifest's collector, with the vehicle and the round (trip) when
     * known, and the generator's confirmation as the server checked it (null: collected before confirmations existed).
     */
    record ContainerCollected(long collectorPartyId, Long vehicleId, Long roundId, BigDecimal weightKg, boolean weightDeviation,
                              PickupConfirmation.Check confirmation, Long confirmedByUserId) implements CustodyEvent {
        public ContainerCollected(long collectorPartyId, Long vehicleId, BigDecimal weightKg, boolean weightDeviation) {
            this(collectorPartyId, vehicleId, null, weightKg, weightDeviation, null, null);
        }

        public EventType type() {
            return EventType.CONTAINER_COLLECTED;
        }

        public ContainerState to() {
            return ContainerState.COLLECTED;
        }

        public Long custodianPartyId() {
            return collectorPartyId;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("collectorPartyId", collectorPartyId, "vehicleId", vehicleId, "roundId", roundId, "confirmation", confirmation,
                    "confirmedByUserId", confirmedByUserId, "confirmedVia", confirmation == PickupConfirmation.Check.CONFIRMED ? "HANDHELD_CODE" : null);
        }
    }

    /** Scanned into a storage point (of the collector holding it) and weighed. */
    record ContainerStored(Long storagePointId, long collectorPartyId, BigDecimal weightKg, boolean weightDeviation) implements CustodyEvent {
        public EventType type() {
            return EventType.CONTAINER_STORED;
        }

        public ContainerState to() {
            return ContainerState.IN_STORAGE;
        }

        public Long custodianPartyId() {
            return collectorPartyId;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("collectorPartyId", collectorPartyId);
        }
    }

    /** Consolidated into a lot of its waste code at its storage point. */
    record ContainerAddedToLot(Long lotId) implements CustodyEvent {
        public EventType type() {
            return EventType.CONTAINER_ADDED_TO_LOT;
        }

        public ContainerState to() {
            return ContainerState.IN_STORAGE;
        }

        public SortedMap<String, String> facts() {
            return Facts.of();
        }
    }

    /** Loaded on a transfer it was declared on. */
    record ContainerLoaded(Long transferId, Long lotId) implements CustodyEvent {
        public EventType type() {
            return EventType.CONTAINER_LOADED;
        }

        public ContainerState to() {
            return ContainerState.IN_TRANSIT;
        }

        public SortedMap<String, String> facts() {
            return Facts.of();
        }
    }

    /**
     * Weighed and taken by the transfer's receiver, in whole ({@link Acceptance#ACCEPTED}) or but for
     * {@code refusedKg} ({@link Acceptance#PARTIALLY_REFUSED}, with a reason), under the licence named.
     */
    record ContainerReceived(Long transferId, Long lotId, long receiverPartyId, BigDecimal weightKg, boolean weightDeviation,
                             Acceptance acceptance, BigDecimal refusedKg, String reason, String licenceNumber, List<Discrepancy> discrepancies)
            implements CustodyEvent {
        public ContainerReceived(Long transferId, Long lotId, long receiverPartyId, BigDecimal weightKg, boolean weightDeviation,
                                 Acceptance acceptance, BigDecimal refusedKg, String reason, String licenceNumber) {
            this(transferId, lotId, receiverPartyId, weightKg, weightDeviation, acceptance, refusedKg, reason, licenceNumber, List.of());
        }

        public EventType type() {
            return EventType.CONTAINER_RECEIVED;
        }

        public ContainerState to() {
            return ContainerState.RECEIVED;
        }

        public Long custodianPartyId() {
            return receiverPartyId;
        }

        /** Kilograms taken: weighed less refused. */
        public BigDecimal acceptedKg() {
            return weightKg.subtract(refusedKg);
        }

        public SortedMap<String, String> facts() {
            return Facts.of("acceptance", acceptance, "licenceNumber", licenceNumber, "reason", reason, "receiverPartyId", receiverPartyId,
                    "refusedKg", refusedKg, "discrepancies", Discrepancy.fact(discrepancies));
        }
    }

    /** Weighed and refused in whole by the transfer's receiver: custody goes back to the shipper. */
    record ContainerRefused(Long transferId, Long lotId, long shipperPartyId, BigDecimal weightKg, boolean weightDeviation,
                            String reason, List<Discrepancy> discrepancies) implements CustodyEvent {
        public ContainerRefused(Long transferId, Long lotId, long shipperPartyId, BigDecimal weightKg, boolean weightDeviation, String reason) {
            this(transferId, lotId, shipperPartyId, weightKg, weightDeviation, reason, List.of());
        }

        public EventType type() {
            return EventType.CONTAINER_REFUSED;
        }

        public ContainerState to() {
            return ContainerState.REFUSED;
        }

        public Long custodianPartyId() {
            return shipperPartyId;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("acceptance", Acceptance.REFUSED, "reason", reason, "refusedKg", weightKg, "shipperPartyId", shipperPartyId,
                    "discrepancies", Discrepancy.fact(discrepancies));
        }
    }

    /** Utilised or disposed of by the receiver holding it: method code, certificate and date. */
    record ContainerDisposed(Long transferId, Long lotId, String method, String certificateNumber, LocalDate disposedOn)
            implements CustodyEvent {
        public EventType type() {
            return EventType.CONTAINER_DISPOSED;
        }

        public ContainerState to() {
            return ContainerState.DISPOSED;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("certificate", certificateNumber, "disposedOn", disposedOn, "method", method);
        }
    }

    /** Withdrawn with its manifest before it was collected. */
    record ContainerCancelled(String reason) implements CustodyEvent {
        public EventType type() {
            return EventType.CONTAINER_CANCELLED;
        }

        public ContainerState to() {
            return ContainerState.CANCELLED;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("reason", reason);
        }
    }

    /** The generator's staff confirmed, from their own account, a pickup not confirmed at the stop. */
    record PickupConfirmed(long confirmedByUserId) implements CustodyEvent {
        public EventType type() {
            return EventType.PICKUP_CONFIRMED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("confirmedByUserId", confirmedByUserId, "confirmedVia", "ACCOUNT");
        }
    }

    /** The generator's staff disputed a pickup (the containers or weights are not what was handed over), with a reason. */
    record PickupDisputed(long disputedByUserId, String reason) implements CustodyEvent {
        public EventType type() {
            return EventType.PICKUP_DISPUTED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("disputedByUserId", disputedByUserId, "reason", reason);
        }
    }

    /** The transfer it is loaded on left: the vehicle (with its dangerous-goods permit) and driver that took it. */
    record TransferDeparted(Long transferId, Long vehicleId, String vehiclePermitNo, Long driverUserId) implements CustodyEvent {
        public EventType type() {
            return EventType.TRANSFER_DEPARTED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("driverUserId", driverUserId, "vehicleId", vehicleId, "vehiclePermitNo", vehiclePermitNo);
        }
    }

    /** The transfer it is loaded on arrived at its receiver. */
    record TransferArrived(Long transferId) implements CustodyEvent {
        public EventType type() {
            return EventType.TRANSFER_ARRIVED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of();
        }
    }

    /** The shipper acknowledged a discrepancy the receiver recorded (the discrepancy's id), with a note. */
    record DiscrepancyAcknowledged(Long transferId, long discrepancyId, long acknowledgedByUserId, String note) implements CustodyEvent {
        public EventType type() {
            return EventType.DISCREPANCY_ACKNOWLEDGED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("acknowledgedByUserId", acknowledgedByUserId, "discrepancyId", discrepancyId, "note", note);
        }
    }

    /**
     * A fact of an earlier event of this container corrected by an approved revision: the event (by its sequence),
     * the field, the value it had and the value it has now (an acceptance with its refused kg). The event corrected
     * stays as it was written; readers apply this on top.
     */
    record FactCorrected(long revisionId, int correctedSeq, EventType correctedType, CorrectedField field, String oldValue, String newValue,
                         BigDecimal refusedKg, String reason) implements CustodyEvent {
        public EventType type() {
            return EventType.FACT_CORRECTED;
        }

        public ContainerState to() {
            return null;
        }

        public SortedMap<String, String> facts() {
            return Facts.of("correctedSeq", correctedSeq, "correctedType", correctedType, "field", field, "from", oldValue, "reason", reason,
                    "refusedKg", refusedKg, "revisionId", revisionId, "to", newValue);
        }
    }

    /**
     * The event of a stored row: its type, the columns and the facts as written. Rows written before events were
     * typed (hash version 1) had their facts derived once from their text by migration V12, so they read the same.
     */
    static CustodyEvent read(EventType type, Long generatorPartyId, Long lotId, Long transferId, Long storagePointId, BigDecimal weightKg,
                             boolean weightDeviation, Map<String, String> facts) {
        Facts f = new Facts(facts);
        return switch (type) {
            case LABEL_ISSUED -> new LabelIssued(generatorPartyId == null ? 0 : generatorPartyId, f.text("wasteCode"), f.decimal("estimatedKg"),
                    f.text("hazards") == null || f.text("hazards").isEmpty() ? List.of() : Arrays.asList(f.text("hazards").split(",")),
                    f.text("labelKeyId"));
            case CONTAINER_COLLECTED -> new ContainerCollected(f.id("collectorPartyId", 0L), f.id("vehicleId", null), f.id("roundId", null), weightKg,
                    weightDeviation, f.text("confirmation") == null ? null : PickupConfirmation.Check.valueOf(f.text("confirmation")),
                    f.id("confirmedByUserId", null));
            case CONTAINER_STORED -> new ContainerStored(storagePointId, f.id("collectorPartyId", 0L), weightKg,
                    weightDeviation);
            case CONTAINER_ADDED_TO_LOT -> new ContainerAddedToLot(lotId);
            case CONTAINER_LOADED -> new ContainerLoaded(transferId, lotId);
            case CONTAINER_RECEIVED -> new ContainerReceived(transferId, lotId, f.id("receiverPartyId", 0L), weightKg,
                    weightDeviation, f.text("acceptance") == null ? Acceptance.ACCEPTED : Acceptance.valueOf(f.text("acceptance")),
                    f.decimal("refusedKg") == null ? BigDecimal.ZERO : f.decimal("refusedKg"), f.text("reason"), f.text("licenceNumber"),
                    Discrepancy.parse(f.text("discrepancies")));
            case CONTAINER_REFUSED -> new ContainerRefused(transferId, lotId, f.id("shipperPartyId", 0L), weightKg,
                    weightDeviation, f.text("reason"), Discrepancy.parse(f.text("discrepancies")));
            case CONTAINER_DISPOSED -> new ContainerDisposed(transferId, lotId, f.text("method"), f.text("certificate"),
                    f.text("disposedOn") == null ? null : LocalDate.parse(f.text("disposedOn")));
            case CONTAINER_CANCELLED -> new ContainerCancelled(f.text("reason"));
            case PICKUP_CONFIRMED -> new PickupConfirmed(f.id("confirmedByUserId", 0L));
            case PICKUP_DISPUTED -> new PickupDisputed(f.id("disputedByUserId", 0L), f.text("reason"));
            case TRANSFER_DEPARTED -> new TransferDeparted(transferId, f.id("vehicleId", null), f.text("vehiclePermitNo"), f.id("driverUserId", null));
            case TRANSFER_ARRIVED -> new TransferArrived(transferId);
            case FACT_CORRECTED -> new FactCorrected(f.id("revisionId", 0L), Integer.parseInt(f.text("correctedSeq")),
                    EventType.valueOf(f.text("correctedType")), CorrectedField.valueOf(f.text("field")), f.text("from"), f.text("to"),
                    f.decimal("refusedKg"), f.text("reason"));
            case DISCREPANCY_ACKNOWLEDGED -> new DiscrepancyAcknowledged(transferId, f.id("discrepancyId", 0L), f.id("acknowledgedByUserId", 0L),
                    f.text("note"));
        };
    }

    /** Facts as text: written in a canonical form (plain decimals, ISO dates), read back the same way. */
    final class Facts {
        private final Map<String, String> values;

        Facts(Map<String, String> values) {
            this.values = values == null ? Map.of() : values;
        }

        static SortedMap<String, String> of(Object... nameValue) {
            SortedMap<String, String> m = new TreeMap<>();
            for (int i = 0; i < nameValue.length; i += 2) {
                Object v = nameValue[i + 1];
                if (v != null) {
                    m.put((String) nameValue[i], v instanceof BigDecimal b ? b.toPlainString() : v.toString());
                }
            }
            return m;
        }

        String text(String name) {
            return values.get(name);
        }

        BigDecimal decimal(String name) {
            String v = values.get(name);
            return v == null ? null : new BigDecimal(v);
        }

        Long id(String name, Long orElse) {
            String v = values.get(name);
            return v == null ? orElse : Long.valueOf(v);
        }
    }
}
