package cn.hazchain.custody.domain;

import cn.hazchain.custody.domain.CustodyCommand.AddToLot;
import cn.hazchain.custody.domain.CustodyCommand.Cancel;
import cn.hazchain.custody.domain.CustodyCommand.Collect;
import cn.hazchain.custody.domain.CustodyCommand.ConfirmPickup;
import cn.hazchain.custody.domain.CustodyCommand.Arrive;
import cn.hazchain.custody.domain.CustodyCommand.Depart;
import cn.hazchain.custody.domain.CustodyCommand.CommandKind;
import cn.hazchain.custody.domain.CustodyCommand.Dispose;
import cn.hazchain.custody.domain.CustodyCommand.Load;
import cn.hazchain.custody.domain.CustodyCommand.Receive;
import cn.hazchain.custody.domain.CustodyCommand.Store;
import cn.hazchain.custody.domain.CustodyEvent.ContainerAddedToLot;
import cn.hazchain.custody.domain.CustodyEvent.ContainerCancelled;
import cn.hazchain.custody.domain.CustodyEvent.ContainerCollected;
import cn.hazchain.custody.domain.CustodyEvent.ContainerDisposed;
import cn.hazchain.custody.domain.CustodyEvent.ContainerLoaded;
import cn.hazchain.custody.domain.CustodyEvent.ContainerReceived;
import cn.hazchain.custody.domain.CustodyEvent.ContainerRefused;
import cn.hazchain.custody.domain.CustodyEvent.ContainerStored;
import cn.hazchain.custody.domain.CustodyEvent.LabelIssued;
import cn.hazchain.custody.domain.CustodyEvent.PickupConfirmed;
import cn.hazchain.custody.domain.CustodyEvent.PickupDisputed;
import cn.hazchain.custody.domain.CustodyEvent.TransferArrived;
import cn.hazchain.custody.domain.CustodyEvent.TransferDeparted;
import cn.hazchain.custody.domain.Situation.ManifestRef;
import cn.hazchain.custody.domain.Situation.PartyRef;
import cn.hazchain.custody.domain.Situation.TransferRef;
import cn.hazchain.licence.LicenceRules;
import cn.hazchain.security.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custody rules in one place, as pure functions:
 * <ul>
 *   <li>{@link #transition}: the state machine, {@code (state, command) → (from, to)} or the states it needs;</li>
 *   <li>{@link #decide}: a command on a container in a {@link Situation} → the events it causes, or a
 *       {@link Rejection} saying why not (who may act, what the records say, licences, the state machine);</li>
 *   <li>{@link #evolve}: a container and one of its events → the container after it.</li>
 * </ul>
 * No framework imports: the whole table and every rule are unit-tested without a database.
 *
 * <pre>
 * ISSUED ──collect──▶ COLLECTED ──store──▶ IN_STORAGE ──load──▶ IN_TRANSIT ──receive──▶ RECEIVED ──dispose──▶ DISPOSED
 *   │                     └─────────────────load─────────────────▶┘      └──refuse──▶ REFUSED ──store──▶ IN_STORAGE
 *   └──cancel──▶ CANCELLED
 * </pre>
 */
public final class CustodyRules {

    private CustodyRules() {
    }

    // ---- the state machine -------------------------------------------------------------------------------------

    /** The states from which a command may be applied. */
    public static Set<ContainerState> allowedFrom(CommandKind command) {
        return switch (command) {
            case COLLECT, CANCEL -> EnumSet.of(ContainerState.ISSUED);
            case STORE -> EnumSet.of(ContainerState.COLLECTED, ContainerState.REFUSED);
            case ADD_TO_LOT -> EnumSet.of(ContainerState.IN_STORAGE);
            // a refused container goes back into storage, or on to another licensed receiver under a new transfer
            case LOAD -> EnumSet.of(ContainerState.COLLECTED, ContainerState.IN_STORAGE, ContainerState.REFUSED);
            case RECEIVE, REFUSE -> EnumSet.of(ContainerState.IN_TRANSIT);
            case DISPOSE -> EnumSet.of(ContainerState.RECEIVED);
            case DEPART, ARRIVE -> EnumSet.of(ContainerState.IN_TRANSIT);
            case CORRECT -> EnumSet.of(ContainerState.COLLECTED, ContainerState.IN_STORAGE, ContainerState.IN_TRANSIT, ContainerState.RECEIVED,
                    ContainerState.REFUSED, ContainerState.DISPOSED);
            case ACKNOWLEDGE_DISCREPANCY -> EnumSet.of(ContainerState.RECEIVED, ContainerState.REFUSED, ContainerState.IN_STORAGE,
                    ContainerState.IN_TRANSIT, ContainerState.DISPOSED);
            case CONFIRM_PICKUP -> EnumSet.of(ContainerState.COLLECTED, ContainerState.IN_STORAGE, ContainerState.IN_TRANSIT,
                    ContainerState.RECEIVED, ContainerState.REFUSED, ContainerState.DISPOSED);
        };
    }

    /** The state a command leads to; null for a command that records a fact without moving the container. */
    public static ContainerState target(CommandKind command) {
        return switch (command) {
            case COLLECT -> ContainerState.COLLECTED;
            case STORE, ADD_TO_LOT -> ContainerState.IN_STORAGE;
            case LOAD -> ContainerState.IN_TRANSIT;
            case RECEIVE -> ContainerState.RECEIVED;
            case REFUSE -> ContainerState.REFUSED;
            case DISPOSE -> ContainerState.DISPOSED;
            case CANCEL -> ContainerState.CANCELLED;
            case CONFIRM_PICKUP, DEPART, ARRIVE, ACKNOWLEDGE_DISCREPANCY, CORRECT -> null;
        };
    }

    /** Whether a command may be applied in a state. */
    public static boolean allows(ContainerState state, CommandKind command) {
        return allowedFrom(command).contains(state);
    }

    // ---- deciding ------------------------------------------------------------------------------------------------

    /**
     * The events a command causes on a container, or why it may not. {@code expectedVersion} (optional) is the
     * version the caller last saw. Checks run in this order: version, who may act, what the records say, the state
     * machine, licences — so a caller is told first what it can fix itself.
     */
    public static Decision decide(ContainerSnapshot c, CustodyCommand command, Integer expectedVersion, Situation s) {
        if (expectedVersion != null && expectedVersion != c.version()) {
            return new Decision.Rejected(Rejection.staleVersion(c, expectedVersion));
        }
        if (command instanceof Collect collect) {
            return collect(c, collect, s);
        } else if (command instanceof Store store) {
            return store(c, store, s);
        } else if (command instanceof AddToLot add) {
            return addToLot(c, add, s);
        } else if (command instanceof Load load) {
            return load(c, load, s);
        } else if (command instanceof Receive receive) {
            return receive(c, receive, s);
        } else if (command instanceof Dispose dispose) {
            return dispose(c, dispose, s);
        } else if (command instanceof Cancel cancel) {
            return cancel(c, cancel, s);
        } else if (command instanceof ConfirmPickup confirm) {
            return confirmPickup(c, confirm, s);
        } else if (command instanceof Depart depart) {
            return depart(c, depart, s);
        } else if (command instanceof Arrive arrive) {
            return arrive(c, arrive, s);
        } else if (command instanceof CustodyCommand.AcknowledgeDiscrepancy ack) {
            return acknowledge(c, ack, s);
        } else if (command instanceof CustodyCommand.ApplyCorrection correction) {
            return correct(c, correction, s);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static Decision collect(ContainerSnapshot c, Collect cmd, Situation s) {
        ManifestRef m = s.lookup().manifest(c.manifestId());
        Rejection who = requireRole(s, m.collectorPartyId(), "the manifest's collector", Role.DRIVER, Role.COLLECTOR_OPERATOR);
        if (who != null) {
            return new Decision.Rejected(who);
        }
        String named = cmd.manifestNumber() == null ? "" : cmd.manifestNumber().strip();
        if (!m.number().equals(named)) {
            return rejected(Rejection.unprocessable("label-mismatch", "label " + c.labelId() + " is on manifest " + m.number()
                    + ", not on " + named + ": do not load it with this pickup"));
        }
        Long round = cmd.roundId() != null ? cmd.roundId() : m.roundId();
        Long vehicle = cmd.vehicleId();
        if (cmd.roundId() != null) {
            Situation.RoundRef r = s.lookup().round(cmd.roundId());
            if (r == null || r.collectorPartyId() != m.collectorPartyId()) {
                return rejected(Rejection.unprocessable("round", "round " + cmd.roundId() + " is not a round of the manifest's collector"));
            }
            if (m.generatorPartyId() == null || !r.generators().contains(m.generatorPartyId())) {
                return rejected(Rejection.unprocessable("round", "round " + r.id() + " has no stop at the generator of manifest " + m.number()));
            }
            if (vehicle == null) {
                vehicle = r.vehicleId();
            } else if (vehicle != r.vehicleId()) {
                return rejected(Rejection.unprocessable("vehicle", "vehicle " + vehicle + " is not the vehicle of round " + r.id() + " ("
                        + r.vehicleId() + ")"));
            }
            if (m.roundId() != null && m.roundId() != r.id()) {
                return rejected(Rejection.unprocessable("trip", "manifest " + m.number() + " was collected on round " + m.roundId()
                        + ": a manifest is collected on one trip; issue a new manifest for this one"));
            }
            Long other = s.lookup().manifestOnRound(r.id(), m.generatorPartyId());
            if (other != null && other != m.id()) {
                return rejected(Rejection.unprocessable("one-manifest-per-trip", "another manifest of this generator was already collected on round "
                        + r.id() + ": one manifest per generator per trip; collect this container with that manifest"));
            }
        }
        if (vehicle == null) {
            vehicle = m.vehicleId();
        } else {
            Long owner = s.lookup().vehicleOwner(vehicle);
            if (owner == null || owner != m.collectorPartyId()) {
                return rejected(Rejection.unprocessable("vehicle", "vehicle " + vehicle + " is not a vehicle of the collector"));
            }
            if (m.vehicleId() != null && !m.vehicleId().equals(vehicle)) {
                return rejected(Rejection.unprocessable("vehicle", "manifest " + m.number() + " was collected by vehicle " + m.vehicleId()
                        + ", not " + vehicle + ": a manifest is collected on one trip"));
            }
        }
        if (!allows(c.state(), CommandKind.COLLECT)) {
            return illegal(c, CommandKind.COLLECT);
        }
        if (round != null) {
            Rejection mixed = coLoaded(s, c, s.lookup().codesOnRound(round), "the vehicle of round " + round);
            if (mixed != null) {
                return rejected(mixed);
            }
        }
        // only a collection that will be recorded checks the code (and counts a wrong one against the lock-out)
        PickupConfirmation.Checked confirmation = cmd.confirmation() == null || blank(cmd.confirmation().username())
                || blank(cmd.confirmation().code()) ? PickupConfirmation.Checked.MISSING
                : s.lookup().checkConfirmation(m.generatorPartyId(), cmd.confirmation());
        return accepted(new ContainerCollected(m.collectorPartyId(), vehicle, round, cmd.weightKg(),
                weightDeviates(c.estimatedKg(), cmd.weightKg(), s.weightTolerance()), confirmation.check(), confirmation.userId()));
    }

    /** The generator's staff confirm or dispute, from their own account, a pickup that was not confirmed at the stop. */
    private static Decision confirmPickup(ContainerSnapshot c, ConfirmPickup cmd, Situation s) {
        ManifestRef m = s.lookup().manifest(c.manifestId());
        Rejection who = requireRole(s, m.generatorPartyId() == null ? -1 : m.generatorPartyId(), "the manifest's generator", Role.GENERATOR_STAFF);
        if (who != null) {
            return rejected(who);
        }
        if (!allows(c.state(), CommandKind.CONFIRM_PICKUP)) {
            return illegal(c, CommandKind.CONFIRM_PICKUP);
        }
        if (c.pickupConfirmation() == null) {
            return rejected(Rejection.unprocessable("nothing-to-confirm", "container " + c.labelId()
                    + " was collected before pickups were confirmed: there is nothing to confirm"));
        }
        if (c.pickupConfirmation() != PickupConfirmation.Status.UNCONFIRMED) {
            return rejected(Rejection.conflict("the pickup of container " + c.labelId() + " is already " + c.pickupConfirmation()));
        }
        if (cmd.decision() == PickupConfirmation.Decision.CONFIRM) {
            return accepted(new PickupConfirmed(s.actor().userId()));
        }
        if (blank(cmd.reason())) {
            return rejected(Rejection.unprocessable("dispute-reason", "a dispute needs a reason: say what was not handed over as recorded"));
        }
        return accepted(new PickupDisputed(s.actor().userId(), cmd.reason().strip()));
    }

    private static Decision store(ContainerSnapshot c, Store cmd, Situation s) {
        PartyRef point = s.lookup().party(cmd.storagePointId());
        ManifestRef m = s.lookup().manifest(c.manifestId());
        if (point == null || !point.isStoragePoint() || point.parentId() == null || point.parentId() != m.collectorPartyId()) {
            return rejected(Rejection.unprocessable("storage-point", "party " + cmd.storagePointId()
                    + " is not a storage point of the collector holding " + c.labelId()));
        }
        Rejection who = requireStorageKeeper(s, point);
        if (who != null) {
            return rejected(who);
        }
        return transition(c, CommandKind.STORE, () -> new ContainerStored(point.id(), point.parentId(), cmd.weightKg(),
                weightDeviates(c.lastWeightKg(), cmd.weightKg(), s.weightTolerance())));
    }

    private static Decision addToLot(ContainerSnapshot c, AddToLot cmd, Situation s) {
        Situation.LotRef lot = s.lookup().lot(cmd.lotId());
        PartyRef point = s.lookup().party(lot.storagePointId());
        Rejection who = requireStorageKeeper(s, point);
        if (who != null) {
            return rejected(who);
        }
        if (!lot.wasteCode().equals(c.wasteCode())) {
            return rejected(Rejection.unprocessable("lot-code", "label " + c.labelId() + " holds " + c.wasteCode() + "; lot is for "
                    + lot.wasteCode() + " only"));
        }
        if (c.storagePointId() == null || c.storagePointId() != point.id()) {
            return rejected(Rejection.unprocessable("lot-place", "label " + c.labelId() + " is not stored at storage point " + point.id()));
        }
        if (c.lotId() != null) {
            return rejected(Rejection.conflict("label " + c.labelId() + " is already in lot " + c.lotId()));
        }
        return transition(c, CommandKind.ADD_TO_LOT, () -> new ContainerAddedToLot(lot.id()));
    }

    private static Decision load(ContainerSnapshot c, Load cmd, Situation s) {
        TransferRef t = s.lookup().transferByNumber(cmd.transferNumber());
        if (t == null) {
            return rejected(Rejection.notFound("transfer", clip(String.valueOf(cmd.transferNumber()), 20)));
        }
        Situation.Actor me = s.actor();
        if (!me.has(Role.DRIVER, Role.COLLECTOR_OPERATOR, Role.STORAGE_KEEPER)) {
            return rejected(Rejection.forbidden("this needs one of the roles [DRIVER, COLLECTOR_OPERATOR, STORAGE_KEEPER]"));
        }
        // the shipper's people, or the keepers of the storage point the transfer leaves from
        if (me.partyId() != t.shipperPartyId() && !(me.has(Role.STORAGE_KEEPER) && me.partyId() == t.originPartyId())) {
            return rejected(Rejection.forbidden("only users of the transfer's shipper (or keepers of its origin storage point) may load it"));
        }
        if (!s.lookup().declared(t.id(), c.id())) {
            return rejected(Rejection.unprocessable("label-mismatch", "label " + c.labelId() + " is not declared on transfer " + t.number()
                    + ": do not load it"));
        }
        if (t.departedAt() != null) {
            return rejected(Rejection.conflict("transfer " + t.number() + " left at " + t.departedAt() + ": nothing is loaded on it after"
                    + " departure; declare this container on another transfer"));
        }
        if (!allows(c.state(), CommandKind.LOAD)) {
            return illegal(c, CommandKind.LOAD);
        }
        Rejection mixed = coLoaded(s, c, s.lookup().codesOnTransfer(t.id()), "the vehicle of transfer " + t.number());
        if (mixed != null) {
            return rejected(mixed);
        }
        Rejection licence = licence(s, t.receiverPartyId(), c.wasteCode(), c.weightKg());
        if (licence != null) {
            return rejected(licence);
        }
        return accepted(new ContainerLoaded(t.id(), c.lotId()));
    }

    private static Decision receive(ContainerSnapshot c, Receive cmd, Situation s) {
        TransferRef t = s.lookup().transferByNumber(cmd.transferNumber());
        if (t == null) {
            return rejected(Rejection.notFound("transfer", clip(String.valueOf(cmd.transferNumber()), 20)));
        }
        Rejection who = requireRole(s, t.receiverPartyId(), "the transfer's receiver", Role.RECEIVER_OPERATOR);
        if (who != null) {
            return rejected(who);
        }
        if (c.transferId() == null || c.transferId() != t.id()) {
            return rejected(Rejection.unprocessable("label-mismatch", "label " + c.labelId() + " is not on transfer " + t.number()));
        }
        BigDecimal refused;
        switch (cmd.acceptance()) {
            case ACCEPTED -> refused = BigDecimal.ZERO;
            case REFUSED -> refused = cmd.weightKg();
            default -> {
                if (cmd.refusedKg() == null || cmd.refusedKg().signum() <= 0 || cmd.refusedKg().compareTo(cmd.weightKg()) >= 0) {
                    return rejected(Rejection.unprocessable("refused-kg", "a partial refusal needs refusedKg above 0 and below the weighed "
                            + cmd.weightKg() + " kg"));
                }
                refused = cmd.refusedKg();
            }
        }
        String reason = cmd.reason() == null ? null : cmd.reason().strip();
        if (cmd.acceptance() != Acceptance.ACCEPTED && (reason == null || reason.isEmpty())) {
            return rejected(Rejection.unprocessable("refusal-reason", "a refusal needs a reason"));
        }
        if (cmd.discrepancies() != null && !cmd.discrepancies().isEmpty() && (reason == null || reason.isEmpty())) {
            return rejected(Rejection.unprocessable("discrepancy-reason", "a discrepancy needs a reason: say what differs from the manifest"));
        }
        CommandKind kind = cmd.kind();
        if (!allows(c.state(), kind)) {
            return illegal(c, kind);
        }
        boolean deviates = weightDeviates(c.lastWeightKg(), cmd.weightKg(), s.weightTolerance());
        // a weight beyond the tolerance is a quantity discrepancy, whether the receiver said so or not
        java.util.List<Discrepancy> found = new java.util.ArrayList<>(cmd.discrepancies() == null ? java.util.List.of() : cmd.discrepancies());
        if (deviates) {
            found.add(Discrepancy.QUANTITY);
        }
        java.util.List<Discrepancy> discrepancies = Discrepancy.sorted(found);
        if (cmd.acceptance() == Acceptance.REFUSED) {
            return accepted(new ContainerRefused(t.id(), c.lotId(), t.shipperPartyId(), cmd.weightKg(), deviates, reason, discrepancies));
        }
        BigDecimal accepted = cmd.weightKg().subtract(refused);
        LicenceRules.Decision licence = s.lookup().licence(t.receiverPartyId(), c.wasteCode(), s.today(), accepted.movePointLeft(3));
        if (!licence.allowed()) {
            return rejected(licenceRefusal(t.receiverPartyId(), c.wasteCode(), s.today(), licence));
        }
        return accepted(new ContainerReceived(t.id(), c.lotId(), t.receiverPartyId(), cmd.weightKg(), deviates, cmd.acceptance(), refused,
                cmd.acceptance() == Acceptance.ACCEPTED && discrepancies.isEmpty() ? null : reason, licence.licenceNumber(), discrepancies));
    }

    private static Decision dispose(ContainerSnapshot c, Dispose cmd, Situation s) {
        TransferRef t = c.transferId() == null ? null : s.lookup().transfer(c.transferId());
        Rejection who = requireRole(s, t == null ? -1 : t.receiverPartyId(), "the receiver holding it", Role.RECEIVER_OPERATOR);
        if (who != null) {
            return rejected(who);
        }
        String method = cmd.method() == null ? "" : cmd.method().strip();
        if (!s.lookup().isTreatmentMethod(method)) {
            return rejected(Rejection.unprocessable("disposal-method", "method " + clip(method, 5)
                    + " is not a utilisation/disposal code; see GET /api/treatment-methods"));
        }
        java.util.Set<String> licensed = s.lookup().licensedMethods(t.receiverPartyId(), c.wasteCode(), cmd.disposedOn());
        if (!licensed.isEmpty() && !licensed.contains(method)) {
            return rejected(Rejection.unprocessable("disposal-method-licence", "the receiver's licence for " + c.wasteCode() + " permits "
                    + String.join(", ", new java.util.TreeSet<>(licensed)) + ", not " + method + ": dispose of it by a licensed method"));
        }
        if (cmd.disposedOn().isAfter(s.today())) {
            return rejected(Rejection.unprocessable("disposal-date", "disposedOn " + cmd.disposedOn() + " is in the future"));
        }
        if (!allows(c.state(), CommandKind.DISPOSE)) {
            return illegal(c, CommandKind.DISPOSE);
        }
        LocalDate received = c.lastEventAt() == null ? null : LocalDate.ofInstant(c.lastEventAt(), s.zone());
        if (received != null && cmd.disposedOn().isBefore(received)) {
            return rejected(Rejection.unprocessable("disposal-date", "disposedOn " + cmd.disposedOn() + " is before the container was received ("
                    + received + "): a container is disposed of after it arrives"));
        }
        return accepted(new ContainerDisposed(c.transferId(), c.lotId(), method, cmd.certificateNumber().strip(), cmd.disposedOn()));
    }

    private static Decision cancel(ContainerSnapshot c, Cancel cmd, Situation s) {
        ManifestRef m = s.lookup().manifest(c.manifestId());
        Situation.Actor me = s.actor();
        boolean collectorSide = me.has(Role.COLLECTOR_OPERATOR) && m.collectorPartyId() == me.partyId();
        boolean generatorSide = me.has(Role.GENERATOR_STAFF) && m.generatorPartyId() != null && m.generatorPartyId() == me.partyId();
        if (!collectorSide && !generatorSide) {
            return rejected(Rejection.forbidden("only the manifest's collector operators or generator staff may cancel it"));
        }
        return transition(c, CommandKind.CANCEL, () -> new ContainerCancelled(cmd.reason().strip()));
    }

    /**
     * The transfer the container is loaded on leaves (issue #15, point 3): the transfer's driver, or a driver or
     * operator of its carrier or shipper, records it; once. The vehicle's permit was checked by the caller (it is
     * the transfer's, not the container's).
     */
    private static Decision depart(ContainerSnapshot c, Depart cmd, Situation s) {
        TransferRef t = s.lookup().transferByNumber(cmd.transferNumber());
        if (t == null) {
            return rejected(Rejection.notFound("transfer", clip(String.valueOf(cmd.transferNumber()), 20)));
        }
        if (!carrierSide(s.actor(), t)) {
            return rejected(Rejection.forbidden("only the transfer's driver, or a driver or operator of its carrier or shipper, records its departure"));
        }
        if (!loadedOn(c, t)) {
            return rejected(notLoadedOn(c, t));
        }
        if (t.departedAt() != null) {
            return rejected(Rejection.conflict("transfer " + t.number() + " already left at " + t.departedAt()));
        }
        return transitionless(c, CommandKind.DEPART, new TransferDeparted(t.id(), t.vehicleId(), t.vehiclePermitNo(), t.driverUserId()));
    }

    /** The transfer's own driver, or a driver or operator of its carrier or shipper. */
    private static boolean carrierSide(Situation.Actor me, TransferRef t) {
        boolean driver = t.driverUserId() != null && t.driverUserId() == me.userId();
        return driver || me.has(Role.DRIVER, Role.COLLECTOR_OPERATOR) && (me.partyId() == t.carrierPartyId() || me.partyId() == t.shipperPartyId());
    }

    private static boolean loadedOn(ContainerSnapshot c, TransferRef t) {
        return c.transferId() != null && c.transferId() == t.id();
    }

    private static Rejection notLoadedOn(ContainerSnapshot c, TransferRef t) {
        return Rejection.unprocessable("label-mismatch", "label " + c.labelId() + " is not loaded on transfer " + t.number());
    }

    /** The transfer arrives at its receiver: its driver, or the receiver's operators, record it; once, after it left. */
    private static Decision arrive(ContainerSnapshot c, Arrive cmd, Situation s) {
        TransferRef t = s.lookup().transferByNumber(cmd.transferNumber());
        if (t == null) {
            return rejected(Rejection.notFound("transfer", clip(String.valueOf(cmd.transferNumber()), 20)));
        }
        Situation.Actor me = s.actor();
        boolean receiverSide = me.has(Role.RECEIVER_OPERATOR) && me.partyId() == t.receiverPartyId();
        if (!carrierSide(me, t) && !receiverSide) {
            return rejected(Rejection.forbidden("only the transfer's driver or carrier, or the receiver's operators, record its arrival"));
        }
        if (!loadedOn(c, t)) {
            return rejected(notLoadedOn(c, t));
        }
        if (t.departedAt() == null) {
            return rejected(Rejection.conflict("transfer " + t.number() + " has not left yet: record its departure first"));
        }
        if (t.arrivedAt() != null) {
            return rejected(Rejection.conflict("transfer " + t.number() + " already arrived at " + t.arrivedAt()));
        }
        return transitionless(c, CommandKind.ARRIVE, new TransferArrived(t.id()));
    }

    /** The shipper's operators acknowledge a discrepancy the receiver recorded: a fact in the container's chain. */
    private static Decision acknowledge(ContainerSnapshot c, CustodyCommand.AcknowledgeDiscrepancy cmd, Situation s) {
        Rejection who = requireRole(s, cmd.shipperPartyId(), "the transfer's shipper", Role.COLLECTOR_OPERATOR);
        if (who != null) {
            return rejected(who);
        }
        return transitionless(c, CommandKind.ACKNOWLEDGE_DISCREPANCY, new CustodyEvent.DiscrepancyAcknowledged(cmd.transferId(), cmd.discrepancyId(),
                s.actor().userId(), cmd.note() == null || cmd.note().isBlank() ? null : cmd.note().strip()));
    }

    /**
     * An approved revision's correction (issue #15, point 6), appended by the approving party: the revision was checked
     * when it was asked for (the field is one the event records, the value well-formed); here, that the approver acts.
     */
    private static Decision correct(ContainerSnapshot c, CustodyCommand.ApplyCorrection cmd, Situation s) {
        if (s.actor().partyId() != cmd.approverPartyId()) {
            return rejected(Rejection.forbidden("only the other party of the hand-over approves a correction"));
        }
        if (!cmd.field().recordedBy(cmd.correctedType())) {
            return rejected(Rejection.unprocessable("revision-field", cmd.correctedType() + " does not record " + cmd.field()));
        }
        return transitionless(c, CommandKind.CORRECT, new CustodyEvent.FactCorrected(cmd.revisionId(), cmd.correctedSeq(), cmd.correctedType(),
                cmd.field(), cmd.from(), cmd.to(), cmd.refusedKg(), cmd.reason()));
    }

    // ---- evolving ------------------------------------------------------------------------------------------------

    /** The container after one of its events, recorded at {@code at}. */
    public static ContainerSnapshot evolve(ContainerSnapshot c, CustodyEvent e, Instant at) {
        Long custodian = e.custodianPartyId() != null ? e.custodianPartyId() : c.custodianPartyId();
        BigDecimal lastWeight = e.weightKg() != null ? e.weightKg() : c.lastWeightKg();
        boolean flag = c.weightFlag() || e.weightDeviation();
        int version = e instanceof LabelIssued ? 0 : c.version() + 1;
        Long storagePoint = c.storagePointId();
        Long lastStoragePoint = c.lastStoragePointId();
        Long lot = c.lotId();
        Long transfer = c.transferId();
        BigDecimal collected = c.collectedKg();
        BigDecimal received = c.receivedKg();
        BigDecimal refused = c.refusedKg();
        Acceptance acceptance = c.acceptance();
        String method = c.disposalMethod();
        String wasteCode = c.wasteCode();
        PickupConfirmation.Status confirmation = c.pickupConfirmation();
        if (e instanceof ContainerCollected collect) {
            collected = collect.weightKg();
            if (collect.confirmation() != null) {
                confirmation = collect.confirmation() == PickupConfirmation.Check.CONFIRMED ? PickupConfirmation.Status.CONFIRMED
                        : PickupConfirmation.Status.UNCONFIRMED;
            }
        } else if (e instanceof CustodyEvent.FactCorrected f) {
            switch (f.field()) {
                case WEIGHT -> {
                    BigDecimal to = new BigDecimal(f.newValue());
                    if (f.correctedType() == EventType.CONTAINER_COLLECTED) {
                        collected = to;
                    } else if (f.correctedType() == EventType.CONTAINER_RECEIVED) {
                        received = to.subtract(refused == null ? BigDecimal.ZERO : refused);
                    } else {
                        refused = to;
                    }
                    if (lastWeight != null && lastWeight.compareTo(new BigDecimal(f.oldValue())) == 0) {
                        lastWeight = to;
                    }
                }
                case ACCEPTANCE -> {
                    BigDecimal weighed = (received == null ? BigDecimal.ZERO : received).add(refused == null ? BigDecimal.ZERO : refused);
                    acceptance = Acceptance.valueOf(f.newValue());
                    refused = f.refusedKg() == null ? BigDecimal.ZERO : f.refusedKg();
                    received = weighed.subtract(refused);
                }
                case METHOD -> method = f.newValue();
                case WASTE_CODE -> wasteCode = f.newValue();
                case CERTIFICATE -> {
                    // named by the disposal event and this correction; the snapshot keeps no certificate
                }
            }
        } else if (e instanceof PickupConfirmed) {
            confirmation = PickupConfirmation.Status.CONFIRMED;
        } else if (e instanceof PickupDisputed) {
            confirmation = PickupConfirmation.Status.DISPUTED;
        } else if (e instanceof ContainerStored store) {
            storagePoint = store.storagePointId();
            lastStoragePoint = store.storagePointId();
            transfer = null;
        } else if (e instanceof ContainerAddedToLot add) {
            lot = add.lotId();
        } else if (e instanceof ContainerLoaded load) {
            transfer = load.transferId();
            storagePoint = null;
        } else if (e instanceof ContainerReceived receipt) {
            acceptance = receipt.acceptance();
            received = receipt.acceptedKg();
            refused = receipt.refusedKg();
        } else if (e instanceof ContainerRefused refusal) {
            acceptance = Acceptance.REFUSED;
            received = BigDecimal.ZERO.setScale(Math.max(0, refusal.weightKg().scale()));
            refused = refusal.weightKg();
        } else if (e instanceof ContainerDisposed disposal) {
            method = disposal.method();
        }
        // a fact that does not move the container (a confirmation) leaves its state and the time it last moved
        boolean moves = e.to() != null;
        return new ContainerSnapshot(c.id(), c.labelId(), c.manifestId(), c.generatorPartyId(), wasteCode, c.estimatedKg(),
                moves ? e.to() : c.state(), version, custodian, storagePoint, lastStoragePoint, lot, transfer, lastWeight, collected, received,
                refused, acceptance, method, flag, moves ? at : c.lastEventAt(), confirmation);
    }

    // ---- weights -------------------------------------------------------------------------------------------------

    /**
     * Whether two weighings of one container differ by more than the tolerance (a fraction, e.g. 0.05).
     * The first weighing has nothing to differ from.
     */
    public static boolean weightDeviates(BigDecimal previousKg, BigDecimal newKg, BigDecimal tolerance) {
        if (previousKg == null || newKg == null || previousKg.signum() == 0) {
            return false;
        }
        BigDecimal change = newKg.subtract(previousKg).abs().divide(previousKg, 6, RoundingMode.HALF_UP);
        return change.compareTo(tolerance) > 0;
    }

    // ---- the shared steps ----------------------------------------------------------------------------------------

    private static Decision transition(ContainerSnapshot c, CommandKind kind, java.util.function.Supplier<CustodyEvent> event) {
        return allows(c.state(), kind) ? accepted(event.get()) : illegal(c, kind);
    }

    /** A fact recorded in the states that allow it, without moving the container. */
    private static Decision transitionless(ContainerSnapshot c, CommandKind kind, CustodyEvent e) {
        return allows(c.state(), kind) ? accepted(e) : illegal(c, kind);
    }

    private static Decision illegal(ContainerSnapshot c, CommandKind kind) {
        return rejected(Rejection.illegalTransition(c, kind, List.copyOf(allowedFrom(kind))));
    }

    private static Decision accepted(CustodyEvent e) {
        return new Decision.Accepted(List.of(e));
    }

    private static Decision rejected(Rejection r) {
        return new Decision.Rejected(r);
    }

    private static Rejection requireRole(Situation s, long partyId, String whose, Role... roles) {
        if (!s.actor().has(roles)) {
            return Rejection.forbidden("this needs one of the roles " + java.util.Arrays.toString(roles));
        }
        if (s.actor().partyId() != partyId) {
            return Rejection.forbidden("only users of " + whose + " may do this");
        }
        return null;
    }

    /** Why the container may not join the wastes already on a vehicle (issue #17), or null. */
    private static Rejection coLoaded(Situation s, ContainerSnapshot c, Set<String> aboard, String where) {
        return s.lookup().coLoading().conflictWith(c.wasteCode(), aboard).map(x -> Rejection.incompatible(x, where)).orElse(null);
    }

    private static Rejection requireStorageKeeper(Situation s, PartyRef point) {
        if (!s.actor().has(Role.STORAGE_KEEPER)) {
            return Rejection.forbidden("this needs one of the roles [STORAGE_KEEPER]");
        }
        long me = s.actor().partyId();
        if (me != point.id() && (point.parentId() == null || me != point.parentId())) {
            return Rejection.forbidden("only keepers of storage point " + point.id() + " (or its collector) scan containers in there");
        }
        return null;
    }

    private static Rejection licence(Situation s, long partyId, String wasteCode, BigDecimal kg) {
        LicenceRules.Decision d = s.lookup().licence(partyId, wasteCode, s.today(), kg.movePointLeft(3));
        return d.allowed() ? null : licenceRefusal(partyId, wasteCode, s.today(), d);
    }

    private static Rejection licenceRefusal(long partyId, String wasteCode, LocalDate day, LicenceRules.Decision d) {
        return Rejection.unprocessable("licence-refused", "party " + partyId + " may not take " + wasteCode + " on " + day + ": "
                + d.reason().en + " / " + d.reason().zh, Map.of("reason", d.reason().name(), "wasteCode", wasteCode));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
