package cn.hazchain.custody.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What someone asks to happen to one container: an intent, named as an imperative. */
public sealed interface CustodyCommand {

    /** The row of the transition table this command is decided by. */
    CommandKind kind();

    /**
     * Collect at the generator: the label must be on the manifest named; weighed; optionally with the vehicle, the
     * round (trip) it is collected on and the generator's confirmation entered at the stop.
     */
    record Collect(String manifestNumber, BigDecimal weightKg, Long vehicleId, Long roundId, PickupConfirmation.Attempt confirmation)
            implements CustodyCommand {
        public Collect(String manifestNumber, BigDecimal weightKg, Long vehicleId) {
            this(manifestNumber, weightKg, vehicleId, null, null);
        }

        public CommandKind kind() {
            return CommandKind.COLLECT;
        }
    }

    /** The generator confirms or disputes, from its own account, a pickup it did not confirm at the stop. */
    record ConfirmPickup(PickupConfirmation.Decision decision, String reason) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.CONFIRM_PICKUP;
        }
    }

    /** Scan into a storage point of the collector holding it, weighed. */
    record Store(long storagePointId, BigDecimal weightKg) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.STORE;
        }
    }

    /** Consolidate into a lot (created by the same request) at the storage point where it is stored. */
    record AddToLot(long lotId) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.ADD_TO_LOT;
        }
    }

    /** Load onto a transfer (by its number) that declares it. */
    record Load(String transferNumber) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.LOAD;
        }
    }

    /**
     * Weigh at the receiver and accept, partly refuse ({@code refusedKg}, reason) or refuse (reason), with the
     * discrepancies found (a reason then too).
     */
    record Receive(String transferNumber, BigDecimal weightKg, Acceptance acceptance, BigDecimal refusedKg, String reason,
                   java.util.List<Discrepancy> discrepancies) implements CustodyCommand {
        public Receive(String transferNumber, BigDecimal weightKg, Acceptance acceptance, BigDecimal refusedKg, String reason) {
            this(transferNumber, weightKg, acceptance, refusedKg, reason, null);
        }

        public CommandKind kind() {
            return acceptance == Acceptance.REFUSED ? CommandKind.REFUSE : CommandKind.RECEIVE;
        }
    }

    /** Record its utilisation or disposal: method code, certificate number, date. */
    record Dispose(String method, String certificateNumber, LocalDate disposedOn) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.DISPOSE;
        }
    }

    /** The vehicle leaves with it, on the transfer it is loaded on (the whole transfer leaves at once). */
    record Depart(String transferNumber) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.DEPART;
        }
    }

    /** The vehicle arrives with it at the transfer's receiver (before the receipt). */
    record Arrive(String transferNumber) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.ARRIVE;
        }
    }

    /** The shipper acknowledges a discrepancy the receiver recorded for it (the shipper's party is the discrepancy's transfer's). */
    record AcknowledgeDiscrepancy(long discrepancyId, long transferId, long shipperPartyId, String note) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.ACKNOWLEDGE_DISCREPANCY;
        }
    }

    /**
     * Append the correction an approved revision makes to a fact of one of its events ({@code correctedSeq}, of type
     * {@code correctedType}): the value was {@code from}, is {@code to} (for an acceptance, with {@code refusedKg}).
     */
    record ApplyCorrection(long revisionId, int correctedSeq, EventType correctedType, CorrectedField field, String from, String to,
                           BigDecimal refusedKg, String reason, long approverPartyId) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.CORRECT;
        }
    }

    /** Withdraw it with its manifest, before it was collected. */
    record Cancel(String reason) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.CANCEL;
        }
    }

    /** The commands as the transition table knows them (a receipt that refuses the whole container is REFUSE). */
    enum CommandKind {
        COLLECT, STORE, ADD_TO_LOT, LOAD, RECEIVE, REFUSE, DISPOSE, CANCEL, CONFIRM_PICKUP, DEPART, ARRIVE, ACKNOWLEDGE_DISCREPANCY, CORRECT
    }
}
