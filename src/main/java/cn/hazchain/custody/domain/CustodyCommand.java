package cn.hazchain.custody.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What someone asks to happen to one container: an intent, named as an imperative. */
public sealed interface CustodyCommand {

    /** The row of the transition table this command is decided by. */
    CommandKind kind();

    /** Collect at the generator: the label must be on the manifest named; weighed; optionally with the vehicle. */
    record Collect(String manifestNumber, BigDecimal weightKg, Long vehicleId) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.COLLECT;
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

    /** Weigh at the receiver and accept, partly refuse ({@code refusedKg}, reason) or refuse (reason). */
    record Receive(String transferNumber, BigDecimal weightKg, Acceptance acceptance, BigDecimal refusedKg, String reason) implements CustodyCommand {
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

    /** Withdraw it with its manifest, before it was collected. */
    record Cancel(String reason) implements CustodyCommand {
        public CommandKind kind() {
            return CommandKind.CANCEL;
        }
    }

    /** The commands as the transition table knows them (a receipt that refuses the whole container is REFUSE). */
    enum CommandKind {
        COLLECT, STORE, ADD_TO_LOT, LOAD, RECEIVE, REFUSE, DISPOSE, CANCEL
    }
}
