package cn.hazchain.custody;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.container.Container;
import cn.hazchain.container.ContainerService;
import cn.hazchain.container.ContainerState;
import cn.hazchain.custody.CustodyDtos.Acceptance;
import cn.hazchain.custody.CustodyRules.Accepted;
import cn.hazchain.custody.CustodyRules.Command;
import cn.hazchain.custody.CustodyRules.Outcome;
import cn.hazchain.custody.CustodyRules.Rejected;
import cn.hazchain.custody.EventLog.Context;
import cn.hazchain.licence.LicenceService;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestNumbers;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.Vehicle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies custody commands. Each command locks its containers, asks {@link CustodyRules} whether the transition
 * is allowed, checks who may do it and the licence where waste changes hands, appends one event per container
 * (hash-chained) and updates the container — all in one transaction.
 */
@ApplicationScoped
@Transactional
public class CustodyService {

    @Inject
    CurrentUser current;

    @Inject
    EventLog events;

    @Inject
    LicenceService licences;

    @Inject
    CatalogueService catalogue;

    @Inject
    ManifestNumbers numbers;

    @Inject
    ContainerService containers;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    jakarta.enterprise.event.Event<ContainerChanged> changed;

    /** The party the caller acts for, and who they are. */
    record Actor(long userId, long partyId) {
    }

    Actor actor() {
        return new Actor(current.userId(), current.partyId());
    }

    // ---- commands --------------------------------------------------------------------------------------------

    public ContainerService.ContainerView collect(String labelId, CustodyDtos.Collect cmd) {
        return collect(labelId, cmd, context(cmd.scan()));
    }

    /** The same, with the scan context given (a handheld sync supplies the device and clock flags). */
    public ContainerService.ContainerView collect(String labelId, CustodyDtos.Collect cmd, Context ctx) {
        Container c = lockVisible(labelId, cmd.expectedVersion());
        Manifest m = Manifest.findById(c.manifestId);
        requireRole(m.collectorPartyId, "the manifest's collector", Role.DRIVER, Role.COLLECTOR_OPERATOR);
        if (!m.number.equals(cmd.manifestNumber().strip())) {
            throw ProblemException.unprocessable("label-mismatch", "label " + c.labelId + " is on manifest " + m.number
                    + ", not on " + cmd.manifestNumber().strip() + ": do not load it with this pickup");
        }
        if (cmd.vehicleId() != null) {
            Vehicle v = Vehicle.findById(cmd.vehicleId());
            if (v == null || !v.ownerPartyId.equals(m.collectorPartyId)) {
                throw ProblemException.unprocessable("vehicle", "vehicle " + cmd.vehicleId() + " is not a vehicle of the collector");
            }
        }
        Accepted t = allow(c, Command.COLLECT);
        boolean deviates = CustodyRules.weightDeviates(c.estimatedWeightKg, cmd.weightKg(), config.custody().weightTolerance());
        apply(c, t, cmd.commandId(), m.id, null, null, ctx, cmd.weightKg(), deviates,
                deviates ? "weighed " + cmd.weightKg() + " kg against " + c.estimatedWeightKg + " kg estimated" : null, x -> {
                    x.collectedWeightKg = cmd.weightKg();
                    x.custodianPartyId = m.collectorPartyId;
                });
        return containers.view(c);
    }

    public ContainerService.ContainerView store(String labelId, CustodyDtos.Store cmd) {
        return store(labelId, cmd, context(cmd.scan()));
    }

    /** The same, with the scan context given (a handheld sync supplies the device and clock flags). */
    public ContainerService.ContainerView store(String labelId, CustodyDtos.Store cmd, Context ctx) {
        Container c = lockVisible(labelId, cmd.expectedVersion());
        Party point = Party.findById(cmd.storagePointId());
        Manifest m = Manifest.findById(c.manifestId);
        if (point == null || point.kind != PartyKind.STORAGE_POINT || !point.parentId.equals(m.collectorPartyId)) {
            throw ProblemException.unprocessable("storage-point", "party " + cmd.storagePointId() + " is not a storage point of the collector holding " + c.labelId);
        }
        requireStorageKeeper(point);
        Accepted t = allow(c, Command.STORE);
        boolean deviates = CustodyRules.weightDeviates(c.lastWeightKg, cmd.weightKg(), config.custody().weightTolerance());
        apply(c, t, cmd.commandId(), null, null, null, ctx, cmd.weightKg(), deviates,
                deviates ? "weighed " + cmd.weightKg() + " kg against " + c.lastWeightKg + " kg before" : null, x -> {
                    x.storagePointId = point.id;
                    x.custodianPartyId = point.parentId;
                    x.transferId = null;
                });
        return containers.view(c);
    }

    public record LotView(long id, long storagePointId, String wasteCode, List<String> labelIds, BigDecimal weightKg) {
    }

    public LotView createLot(CustodyDtos.CreateLot cmd) {
        Party point = Party.findById(cmd.storagePointId());
        if (point == null || point.kind != PartyKind.STORAGE_POINT) {
            throw ProblemException.unprocessable("storage-point", "party " + cmd.storagePointId() + " is not a storage point");
        }
        requireStorageKeeper(point);
        String code = catalogue.require(cmd.wasteCode()).code;
        Lot lot = new Lot();
        lot.storagePointId = point.id;
        lot.wasteCode = code;
        lot.createdBy = current.userId();
        lot.persist();
        BigDecimal total = BigDecimal.ZERO;
        List<String> ids = new ArrayList<>();
        for (String labelId : new LinkedHashSet<>(cmd.labelIds())) {
            Container c = lockVisible(labelId, null);
            if (!code.equals(c.wasteCode)) {
                throw ProblemException.unprocessable("lot-code", "label " + c.labelId + " holds " + c.wasteCode + "; lot is for " + code + " only");
            }
            if (!point.id.equals(c.storagePointId)) {
                throw ProblemException.unprocessable("lot-place", "label " + c.labelId + " is not stored at storage point " + point.id);
            }
            if (c.lotId != null) {
                throw ProblemException.conflict("label " + c.labelId + " is already in lot " + c.lotId);
            }
            Accepted t = allow(c, Command.ADD_TO_LOT);
            apply(c, t, cmd.commandId(), null, lot.id, null, context(cmd.scan()), null, false, null, x -> x.lotId = lot.id);
            total = total.add(c.lastWeightKg);
            ids.add(c.labelId);
        }
        return new LotView(lot.id, point.id, code, ids, total);
    }

    public record TransferView(String number, long shipperPartyId, long originPartyId, long carrierPartyId, long receiverPartyId,
                               long vehicleId, LocalDate plannedDate, List<String> declaredLabelIds) {
    }

    public TransferView createTransfer(CustodyDtos.CreateTransfer cmd) {
        current.require(Role.COLLECTOR_OPERATOR);
        Party shipper = Party.findById(current.partyId());
        Party origin = Party.findById(cmd.originPartyId());
        if (origin == null || !(origin.id.equals(shipper.id) || shipper.id.equals(origin.parentId))) {
            throw ProblemException.unprocessable("transfer-origin", "originPartyId must be your collector or one of its storage points");
        }
        Party receiver = Party.findById(cmd.receiverPartyId());
        if (receiver == null || receiver.kind != PartyKind.RECEIVER) {
            throw ProblemException.unprocessable("transfer-receiver", "receiverPartyId " + cmd.receiverPartyId() + " is not a RECEIVER");
        }
        long carrierId = cmd.carrierPartyId() == null ? shipper.id : cmd.carrierPartyId();
        Party carrier = Party.findById(carrierId);
        if (carrier == null || !(carrier.kind == PartyKind.CARRIER || carrier.id.equals(shipper.id))) {
            throw ProblemException.unprocessable("transfer-carrier", "carrierPartyId must be a CARRIER or the collector itself");
        }
        Vehicle vehicle = Vehicle.findById(cmd.vehicleId());
        if (vehicle == null || !vehicle.ownerPartyId.equals(carrier.id)) {
            throw ProblemException.unprocessable("transfer-vehicle", "vehicle " + cmd.vehicleId() + " does not belong to the carrier " + carrier.id);
        }
        LocalDate day = cmd.plannedDate() == null ? LocalDate.now(config.zone()) : cmd.plannedDate();
        List<Container> declared = new ArrayList<>();
        if (cmd.lotIds() != null) {
            for (Long lotId : cmd.lotIds()) {
                Lot lot = Lot.findById(lotId);
                Party point = lot == null ? null : Party.findById(lot.storagePointId);
                if (point == null || !shipper.id.equals(point.parentId)) {
                    throw ProblemException.unprocessable("transfer-lot", "lot " + lotId + " is not at a storage point of your collector");
                }
                declared.addAll(Container.list("lotId = ?1 and state = ?2", lotId, ContainerState.IN_STORAGE.name()));
            }
        }
        if (cmd.labelIds() != null) {
            for (String labelId : cmd.labelIds()) {
                Container c = containers.visible(labelId);
                if (!shipper.id.equals(c.custodianPartyId)) {
                    throw ProblemException.unprocessable("transfer-container", "label " + c.labelId + " is not in your custody");
                }
                if (declared.stream().noneMatch(d -> d.id.equals(c.id))) {
                    declared.add(c);
                }
            }
        }
        if (declared.isEmpty()) {
            throw ProblemException.unprocessable("transfer-empty", "declare the lots and/or labels this transfer will carry");
        }
        Map<String, BigDecimal> tonnesByCode = new java.util.TreeMap<>();
        for (Container c : declared) {
            tonnesByCode.merge(c.wasteCode, weightOf(c).movePointLeft(3), BigDecimal::add);
        }
        tonnesByCode.forEach((code, tonnes) -> licences.require(receiver.id, code, day, tonnes));
        Transfer t = new Transfer();
        t.number = numbers.next(day.getYear());
        t.shipperPartyId = shipper.id;
        t.originPartyId = origin.id;
        t.carrierPartyId = carrier.id;
        t.receiverPartyId = receiver.id;
        t.vehicleId = vehicle.id;
        t.driverUserId = cmd.driverUserId();
        t.plannedDate = day;
        t.createdBy = current.userId();
        t.persist();
        for (Container c : declared) {
            em.createNativeQuery("INSERT INTO transfer_item (transfer_id, container_id, lot_id) VALUES (?1, ?2, ?3)")
                    .setParameter(1, t.id).setParameter(2, c.id).setParameter(3, c.lotId).executeUpdate();
        }
        return new TransferView(t.number, shipper.id, origin.id, carrier.id, receiver.id, vehicle.id, day,
                declared.stream().map(c -> c.labelId).toList());
    }

    public ContainerService.ContainerView load(String transferNumber, CustodyDtos.Load cmd) {
        return load(transferNumber, cmd, context(cmd.scan()));
    }

    /** The same, with the scan context given (a handheld sync supplies the device and clock flags). */
    public ContainerService.ContainerView load(String transferNumber, CustodyDtos.Load cmd, Context ctx) {
        Transfer t = Transfer.byNumber(transferNumber).orElseThrow(() -> ProblemException.notFound("transfer", transferNumber));
        current.require(Role.DRIVER, Role.COLLECTOR_OPERATOR, Role.STORAGE_KEEPER);
        // the shipper's people, or the keepers of the storage point the transfer leaves from
        if (current.partyId() != t.shipperPartyId && !(current.has(Role.STORAGE_KEEPER) && current.partyId() == t.originPartyId)) {
            throw ProblemException.forbidden("only users of the transfer's shipper (or keepers of its origin storage point) may load it");
        }
        Container c = lockVisible(cmd.labelId(), cmd.expectedVersion());
        Number declared = (Number) em.createNativeQuery("SELECT count(*) FROM transfer_item WHERE transfer_id = ?1 AND container_id = ?2")
                .setParameter(1, t.id).setParameter(2, c.id).getSingleResult();
        if (declared.intValue() == 0) {
            throw ProblemException.unprocessable("label-mismatch", "label " + c.labelId + " is not declared on transfer " + t.number + ": do not load it");
        }
        Accepted tr = allow(c, Command.LOAD);
        licences.require(t.receiverPartyId, c.wasteCode, LocalDate.now(config.zone()), weightOf(c).movePointLeft(3));
        apply(c, tr, cmd.commandId(), null, c.lotId, t.id, ctx, null, false, null, x -> {
            x.transferId = t.id;
            x.storagePointId = null;
        });
        return containers.view(c);
    }

    public ContainerService.ContainerView receive(String labelId, CustodyDtos.Receive cmd) {
        return receive(labelId, cmd, context(cmd.scan()));
    }

    /** The same, with the scan context given (a handheld sync supplies the device and clock flags). */
    public ContainerService.ContainerView receive(String labelId, CustodyDtos.Receive cmd, Context ctx) {
        Transfer t = Transfer.byNumber(cmd.transferNumber()).orElseThrow(() -> ProblemException.notFound("transfer", cmd.transferNumber()));
        requireRole(t.receiverPartyId, "the transfer's receiver", Role.RECEIVER_OPERATOR);
        Container c = lockVisible(labelId, cmd.expectedVersion());
        if (!t.id.equals(c.transferId)) {
            throw ProblemException.unprocessable("label-mismatch", "label " + c.labelId + " is not on transfer " + t.number);
        }
        Acceptance acceptance = cmd.acceptance();
        BigDecimal refused = switch (acceptance) {
            case ACCEPTED -> BigDecimal.ZERO;
            case REFUSED -> cmd.weightKg();
            case PARTIALLY_REFUSED -> {
                if (cmd.refusedKg() == null || cmd.refusedKg().compareTo(cmd.weightKg()) >= 0) {
                    throw ProblemException.unprocessable("refused-kg", "a partial refusal needs refusedKg above 0 and below the weighed " + cmd.weightKg() + " kg");
                }
                yield cmd.refusedKg();
            }
        };
        if (acceptance != Acceptance.ACCEPTED && (cmd.reason() == null || cmd.reason().isBlank())) {
            throw ProblemException.unprocessable("refusal-reason", "a refusal needs a reason");
        }
        Accepted tr = allow(c, acceptance == Acceptance.REFUSED ? Command.REFUSE : Command.RECEIVE);
        BigDecimal accepted = cmd.weightKg().subtract(refused);
        LocalDate today = LocalDate.now(config.zone());
        if (accepted.signum() > 0) {
            var decision = licences.require(t.receiverPartyId, c.wasteCode, today, accepted.movePointLeft(3));
            licences.recordReceipt(t.receiverPartyId, decision.licenceNumber(), today, c.wasteCode, accepted.movePointLeft(3), c.labelId);
        }
        boolean deviates = CustodyRules.weightDeviates(c.lastWeightKg, cmd.weightKg(), config.custody().weightTolerance());
        String details = "acceptance=" + acceptance + (refused.signum() > 0 ? "; refusedKg=" + refused + "; reason=" + cmd.reason().strip() : "")
                + (deviates ? "; weighed " + cmd.weightKg() + " kg against " + c.lastWeightKg + " kg shipped" : "");
        apply(c, tr, cmd.commandId(), null, c.lotId, t.id, ctx, cmd.weightKg(), deviates, details, x -> {
            x.acceptance = acceptance.name();
            x.receivedWeightKg = accepted;
            x.refusedWeightKg = refused;
            x.custodianPartyId = acceptance == Acceptance.REFUSED ? t.shipperPartyId : t.receiverPartyId;
        });
        return containers.view(c);
    }

    public ContainerService.ContainerView dispose(String labelId, CustodyDtos.Dispose cmd) {
        Container c = lockVisible(labelId, cmd.expectedVersion());
        Transfer t = c.transferId == null ? null : Transfer.findById(c.transferId);
        requireRole(t == null ? -1 : t.receiverPartyId, "the receiver holding it", Role.RECEIVER_OPERATOR);
        if (!catalogue.isMethod(cmd.method().strip())) {
            throw ProblemException.unprocessable("disposal-method", "method " + cn.hazchain.common.Text.clip(cmd.method(), 5)
                    + " is not a utilisation/disposal code; see GET /api/treatment-methods");
        }
        if (cmd.disposedOn().isAfter(LocalDate.now(config.zone()))) {
            throw ProblemException.unprocessable("disposal-date", "disposedOn " + cmd.disposedOn() + " is in the future");
        }
        Accepted tr = allow(c, Command.DISPOSE);
        apply(c, tr, cmd.commandId(), null, c.lotId, c.transferId, context(cmd.scan()), null, false,
                "method=" + cmd.method().strip() + "; certificate=" + cmd.certificateNumber().strip() + "; disposedOn=" + cmd.disposedOn(),
                x -> x.disposalMethod = cmd.method().strip());
        return containers.view(c);
    }

    /** Cancels one ISSUED container of a manifest being cancelled (rights are checked by the manifest service). */
    public void cancel(Container c, UUID commandId, String reason) {
        Accepted t = allow(c, Command.CANCEL);
        apply(c, t, commandId, c.manifestId, null, null, Context.NONE, null, false, "reason=" + reason, x -> {
        });
    }

    // ---- the shared steps --------------------------------------------------------------------------------------

    /** The container, locked for this transaction (a concurrent command on it waits, then sees the new state). */
    Container lockVisible(String labelId, Integer expectedVersion) {
        Container visible = containers.visible(labelId);
        em.detach(visible); // load afresh under the lock, not the copy read before another command committed
        Container c = em.find(Container.class, visible.id, LockModeType.PESSIMISTIC_WRITE);
        if (expectedVersion != null && expectedVersion != c.version) {
            throw new ProblemException(new Problem("stale-version", "Changed by someone else / 记录已被他人修改", 409,
                    "container " + c.labelId + " is at version " + c.version + ", you expected " + expectedVersion + "; it is now " + c.state)
                    .with("currentState", c.state).with("currentVersion", c.version));
        }
        return c;
    }

    static Accepted allow(Container c, Command command) {
        Outcome outcome = CustodyRules.decide(ContainerState.valueOf(c.state), command);
        if (outcome instanceof Rejected r) {
            throw new ProblemException(new Problem("illegal-transition", "Not allowed in this state / 当前状态不允许此操作", 409,
                    "container " + c.labelId + " is " + r.current() + "; " + command + " needs " + (r.needs().size() == 1
                            ? r.needs().iterator().next().name() : "one of " + r.needs()))
                    .with("labelId", c.labelId).with("currentState", r.current().name())
                    .with("requiredStates", r.needs().stream().map(Enum::name).sorted().toList()));
        }
        return (Accepted) outcome;
    }

    /**
     * Appends the event, then changes the container (its state, weight, flag and time, and the command's own
     * {@code effects}) and writes it with one UPDATE: the container must not be changed before this call, or the
     * flush Hibernate makes before the event's INSERT would write it once more. Flushed when this returns, so the
     * version a command answers is the one a next command must expect.
     */
    void apply(Container c, Accepted t, UUID commandId, Long manifestId, Long lotId, Long transferId, Context context,
               BigDecimal weightKg, boolean deviates, String details, java.util.function.Consumer<Container> effects) {
        long eventId = events.append(new EventLog.NewEvent(c.id, t, commandId, manifestId == null ? c.manifestId : manifestId, lotId, transferId,
                current.authenticated() ? current.userId() : -1, current.authenticated() ? current.partyId() : -1, context,
                weightKg, deviates, details));
        c.state = t.to().name();
        if (weightKg != null) {
            c.lastWeightKg = weightKg;
        }
        c.weightFlag = c.weightFlag || deviates;
        c.lastEventAt = Instant.now();
        effects.accept(c);
        em.flush();
        changed.fire(new ContainerChanged(c.id, c.manifestId, eventId, t.event(), t.from().name(), t.to().name()));
    }

    private void requireRole(long partyId, String whose, Role... roles) {
        current.require(roles);
        if (current.partyId() != partyId) {
            throw ProblemException.forbidden("only users of " + whose + " may do this");
        }
    }

    private void requireStorageKeeper(Party point) {
        current.require(Role.STORAGE_KEEPER);
        if (current.partyId() != point.id && current.partyId() != point.parentId) {
            throw ProblemException.forbidden("only keepers of storage point " + point.id + " (or its collector) scan containers in there");
        }
    }

    static BigDecimal weightOf(Container c) {
        return c.lastWeightKg != null ? c.lastWeightKg : c.estimatedWeightKg;
    }

    public static Context context(CustodyDtos.Scan s) {
        if (s == null) {
            return Context.NONE;
        }
        return new Context(s.deviceId(), s.clientTime(), s.latitude(), s.longitude(), s.photoSha256() == null ? List.of() : s.photoSha256(), s.note());
    }
}
