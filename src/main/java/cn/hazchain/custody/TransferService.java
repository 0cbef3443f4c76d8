package cn.hazchain.custody;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Jdbc;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.licence.LicenceService;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.PartySnapshot;
import cn.hazchain.party.Vehicle;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Transfer manifests: one vehicle trip from the collector (or one of its storage points) to one receiver. */
@ApplicationScoped
@Transactional
public class TransferService {

    @Inject
    CurrentUser current;

    @Inject
    Visibility visibility;

    @Inject
    LicenceService licences;

    @Inject
    ManifestNumbers numbers;

    @Inject
    ContainerService containers;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    CustodyCommands custody;

    @Inject
    cn.hazchain.catalogue.CoLoadingService coLoading;

    @Inject
    jakarta.enterprise.event.Event<TransferOpened> opened;

    @Inject
    cn.hazchain.common.WorkingDays workingDays;

    public record NewTransfer(long originPartyId, long receiverPartyId, Long carrierPartyId, long vehicleId, Long driverUserId,
                              LocalDate plannedDate, List<Long> lotIds, List<String> labelIds) {
    }

    public record TransferView(String number, long shipperPartyId, long originPartyId, long carrierPartyId, long receiverPartyId,
                               long vehicleId, LocalDate plannedDate, List<String> declaredLabelIds) {
    }

    public TransferView create(NewTransfer cmd) {
        current.require(Role.COLLECTOR_OPERATOR);
        return create(cmd, current.userId(), current.partyId(), LocalDate.now(config.zone()), containers::visible);
    }

    /**
     * The same for a collector operator named here ({@code userId} of {@code shipperPartyId}), on {@code today},
     * finding the labels declared with {@code labels} (the web: those the caller may see; the demo's history: any).
     */
    public TransferView create(NewTransfer cmd, long userId, long shipperPartyId, LocalDate today, java.util.function.Function<String, Container> labels) {
        Party shipper = Party.findById(shipperPartyId);
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
        if (cmd.driverUserId() != null) {
            requireDriver(cmd.driverUserId(), carrier);
        }
        LocalDate day = cmd.plannedDate() == null ? today : cmd.plannedDate();
        requirePermit(vehicle, day);
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
                Container c = labels.apply(labelId);
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
        // wastes that may not share a vehicle are refused before anything else about them (issue #17)
        coLoading.require(declared.stream().map(c -> c.wasteCode.strip()).toList(), "a vehicle (transfer from " + origin.name + ")");
        Map<String, BigDecimal> tonnesByCode = new TreeMap<>();
        for (Container c : declared) {
            tonnesByCode.merge(c.wasteCode, (c.lastWeightKg != null ? c.lastWeightKg : c.estimatedWeightKg).movePointLeft(3), BigDecimal::add);
        }
        licences.requireAll(receiver.id, day, tonnesByCode);
        Transfer t = new Transfer();
        t.number = numbers.next(day.getYear());
        t.shipperPartyId = shipper.id;
        t.originPartyId = origin.id;
        t.carrierPartyId = carrier.id;
        t.receiverPartyId = receiver.id;
        t.vehicleId = vehicle.id;
        t.driverUserId = cmd.driverUserId();
        t.plannedDate = day;
        t.createdBy = userId;
        t.shipper = PartySnapshot.of(shipper); // the parties as created: what the PDF and the road-check page print (V40)
        t.carrier = PartySnapshot.of(carrier);
        t.receiver = PartySnapshot.of(receiver);
        t.persist();
        long transferId = t.id;
        Jdbc.work(em, conn -> {
            try (var ps = conn.prepareStatement("INSERT INTO transfer_item (transfer_id, container_id, lot_id)"
                    + " SELECT ?, v.container, v.lot FROM unnest(?::bigint[], ?::bigint[]) AS v(container, lot)")) {
                ps.setLong(1, transferId);
                ps.setArray(2, Jdbc.texts(conn, declared.stream().map(c -> c.id).toList()));
                ps.setArray(3, Jdbc.texts(conn, declared.stream().map(c -> c.lotId).toList()));
                return ps.executeUpdate();
            }
        });
        opened.fire(new TransferOpened(t.id, t.number));
        return new TransferView(t.number, shipper.id, origin.id, carrier.id, receiver.id, vehicle.id, day,
                declared.stream().map(c -> c.labelId).toList());
    }

    /** A vehicle's dangerous-goods permit must be on file and valid on the day (issue #15, point 3). */
    static void requirePermit(Vehicle vehicle, LocalDate day) {
        String problem = permitProblem(vehicle, day);
        if (problem != null) {
            throw ProblemException.unprocessable("vehicle-permit", problem);
        }
    }

    /** Why the vehicle may not carry a transfer on the day, or null when its permit is valid. */
    static String permitProblem(Vehicle vehicle, LocalDate day) {
        if (vehicle.dgPermitValidTo == null) {
            return "the validity of vehicle " + vehicle.plate + "'s dangerous-goods permit " + vehicle.dgPermitNo
                    + " is not on file: record it (PATCH /api/vehicles/" + vehicle.id + ") before it carries a transfer";
        }
        if (vehicle.dgPermitValidTo.isBefore(day)) {
            return "the dangerous-goods permit " + vehicle.dgPermitNo + " of vehicle " + vehicle.plate + " expired on " + vehicle.dgPermitValidTo
                    + ", before " + day + ": use another vehicle or record the renewed permit";
        }
        return null;
    }

    /** What a departure or arrival of a whole transfer came to: the transfer after it, or why not (nothing written). */
    public record Moved(TransferState transfer, cn.hazchain.custody.domain.Rejection refusal) {
    }

    /**
     * The transfer leaves (issue #15, point 3): a TRANSFER_DEPARTED event in the chain of every container loaded on
     * it, with the vehicle, its permit and the driver; the receipt deadline counts from here. Every declared container
     * still in the shipper's hands must be loaded first, the vehicle's permit valid today. Checks before writing: a
     * refusal writes nothing.
     */
    public Moved depart(String number, java.util.UUID commandId, cn.hazchain.custody.log.Context context) {
        Transfer t = findVisible(number);
        if (t == null) {
            return new Moved(null, cn.hazchain.custody.domain.Rejection.notFound("transfer", Text.clip(String.valueOf(number), 20)));
        }
        if (!carrierSide(t)) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.FORBIDDEN, "forbidden",
                    "only the transfer's driver, or a driver or operator of its carrier or shipper, records its departure");
        }
        if (t.departedAt != null) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.CONFLICT, "transfer-departed", "transfer " + t.number + " already left at "
                    + t.departedAt);
        }
        String permit = permitProblem(Vehicle.findById(t.vehicleId), LocalDate.now(config.zone()));
        if (permit != null) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.UNPROCESSABLE, "vehicle-permit", permit);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> items = em.createNativeQuery("SELECT c.label_id, c.state, c.transfer_id = ti.transfer_id FROM transfer_item ti"
                + " JOIN container c ON c.id = ti.container_id WHERE ti.transfer_id = ?1 ORDER BY c.id").setParameter(1, t.id).getResultList();
        List<String> loaded = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Object[] r : items) {
            String label = ((String) r[0]).strip();
            if ("IN_TRANSIT".equals(r[1]) && Boolean.TRUE.equals(r[2])) {
                loaded.add(label);
            } else if ("COLLECTED".equals(r[1]) || "IN_STORAGE".equals(r[1])) {
                waiting.add(label);
            }
        }
        if (!waiting.isEmpty()) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.UNPROCESSABLE, "transfer-not-loaded", waiting.size()
                    + " declared container(s) are not loaded yet (" + String.join(", ", waiting.subList(0, Math.min(5, waiting.size())))
                    + (waiting.size() > 5 ? ", …" : "") + "): load them before the vehicle leaves");
        }
        if (loaded.isEmpty()) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.CONFLICT, "transfer-empty", "nothing is loaded on transfer " + t.number);
        }
        return moved(t, loaded, new cn.hazchain.custody.domain.CustodyCommand.Depart(t.number), commandId, context, "departed");
    }

    /** The transfer arrives at its receiver: a TRANSFER_ARRIVED event in the chain of every container still on it. */
    public Moved arrive(String number, java.util.UUID commandId, cn.hazchain.custody.log.Context context) {
        Transfer t = findVisible(number);
        if (t == null) {
            return new Moved(null, cn.hazchain.custody.domain.Rejection.notFound("transfer", Text.clip(String.valueOf(number), 20)));
        }
        if (!carrierSide(t) && !(current.has(Role.RECEIVER_OPERATOR) && current.partyId() == t.receiverPartyId)) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.FORBIDDEN, "forbidden",
                    "only the transfer's driver or carrier, or the receiver's operators, record its arrival");
        }
        if (t.departedAt == null) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.CONFLICT, "transfer-not-departed", "transfer " + t.number
                    + " has not left yet: record its departure first");
        }
        if (t.arrivedAt != null) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.CONFLICT, "transfer-arrived", "transfer " + t.number + " already arrived at "
                    + t.arrivedAt);
        }
        @SuppressWarnings("unchecked")
        List<Object> labels = em.createNativeQuery("SELECT label_id FROM container WHERE transfer_id = ?1 AND state = 'IN_TRANSIT' ORDER BY id")
                .setParameter(1, t.id).getResultList();
        if (labels.isEmpty()) {
            return refused(cn.hazchain.custody.domain.Rejection.Kind.CONFLICT, "transfer-empty", "no container of transfer " + t.number
                    + " is on the road any more");
        }
        return moved(t, labels.stream().map(l -> ((String) l).strip()).toList(), new cn.hazchain.custody.domain.CustodyCommand.Arrive(t.number),
                commandId, context, "arrived");
    }

    private Moved moved(Transfer t, List<String> labels, cn.hazchain.custody.domain.CustodyCommand command, java.util.UUID commandId,
                        cn.hazchain.custody.log.Context context, String what) {
        List<CustodyCommands.Request> requests = labels.stream().map(l -> new CustodyCommands.Request(l, command, null, commandId,
                context, false)).toList();
        List<Outcome> outcomes = custody.handle(requests);
        java.time.Instant at = null;
        cn.hazchain.custody.domain.Rejection refusal = null;
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Refused r) {
                refusal = refusal == null ? r.rejection() : refusal;
            } else {
                at = ((Outcome.Applied) o).events().get(0).serverTime();
            }
        }
        if (refusal != null && at == null) {
            return new Moved(null, refusal); // nothing was written
        }
        if (refusal != null) {
            // the containers were listed before they were locked: one changed in between (a receipt committed meanwhile).
            // Never leave half a transfer moved: fail the unit, so its transaction rolls back (a handheld's chunk is then
            // applied event by event, and this move reads the transfer's containers again)
            throw ProblemException.conflict("transfer " + t.number + " changed while its " + (what.equals("departed") ? "departure" : "arrival")
                    + " was being recorded: "
                    + refusal.detail() + "; send the command again");
        }
        em.createNativeQuery("UPDATE transfer SET " + what + "_at = ?2, " + what + "_by = ?3 WHERE id = ?1")
                .setParameter(1, t.id).setParameter(2, at).setParameter(3, current.userId()).executeUpdate();
        em.refresh(t);
        return new Moved(state(t.number), null);
    }

    /** The transfer's driver, or a driver or operator of its carrier or shipper (the rules check the same per container). */
    private boolean carrierSide(Transfer t) {
        return current.userId() == (t.driverUserId == null ? -1 : t.driverUserId) || current.has(Role.DRIVER, Role.COLLECTOR_OPERATOR)
                && (current.partyId() == t.carrierPartyId || current.partyId() == t.shipperPartyId);
    }

    private static Moved refused(cn.hazchain.custody.domain.Rejection.Kind kind, String slug, String detail) {
        return new Moved(null, new cn.hazchain.custody.domain.Rejection(kind, slug, detail, Map.of()));
    }

    /** The driver named on a transfer must be an enabled DRIVER of the carrier (issue #19, finding 7). */
    private void requireDriver(long userId, Party carrier) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT party_id, enabled, 'DRIVER' = ANY (roles) FROM app_user WHERE id = ?1")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.unprocessable("transfer-driver", "driverUserId " + userId + " is not a user: name a driver of the carrier");
        }
        Object[] r = rows.get(0);
        if (((Number) r[0]).longValue() != carrier.id || !Boolean.TRUE.equals(r[1]) || !Boolean.TRUE.equals(r[2])) {
            throw ProblemException.unprocessable("transfer-driver", "user " + userId + " is not an active DRIVER of the carrier " + carrier.id
                    + " (" + carrier.name + "): name one of its drivers");
        }
    }

    /** A transfer with its state and its declared containers counted by their state on it. */
    public record TransferState(String number, String state, long shipperPartyId, long originPartyId, long carrierPartyId,
                                long receiverPartyId, long vehicleId, LocalDate plannedDate, int declared,
                                Map<String, Long> containersByState, int version, Long driverUserId, java.time.Instant departedAt,
                                java.time.Instant arrivedAt, LocalDate receiptDueBy) {
    }

    /**
     * The transfer's state is the view {@code transfer_progress_derived} (V9), the one definition the search's stored
     * copy is kept from: OPEN until something is loaded, IN_TRANSIT while anything is on the road, then RECEIVED until
     * every container is disposed or refused back to the shipper (or moved on), when it is CLOSED.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public TransferState state(String number) {
        Transfer t = visible(number);
        // each declared container in the state its last event on this transfer left it in (a drum refused here and
        // shipped on elsewhere counts as refused here, not as received by the next receiver); one never loaded, as the
        // caller sees it. A carrier that is no other party of the transfer sees up to the receipt (Visibility#horizon).
        boolean carriesOnly = visibility.carriesOnly(t);
        String sql = "SELECT coalesce((SELECT e.to_state FROM custody_event e WHERE e.container_id = c.id AND e.transfer_id = ti.transfer_id"
                + (carriesOnly ? " AND e.type <> 'CONTAINER_DISPOSED'" : "") + " ORDER BY e.seq DESC LIMIT 1), " + visibility.seenState("c") + ") AS state,"
                + " count(*) FROM transfer_item ti JOIN container c ON c.id = ti.container_id WHERE ti.transfer_id = :transfer GROUP BY 1 ORDER BY 1";
        var q = em.createNativeQuery(sql).setParameter("transfer", t.id);
        visibility.bind(new java.util.HashMap<>(), sql).forEach(q::setParameter);
        List<Object[]> rows = q.getResultList();
        Map<String, Long> byState = new LinkedHashMap<>();
        rows.forEach(r -> byState.put((String) r[0], ((Number) r[1]).longValue()));
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        String state = (String) em.createNativeQuery("SELECT state FROM transfer_progress_derived WHERE transfer_id = ?1")
                .setParameter(1, t.id).getSingleResult();
        // the receipt is due 5 working days (hazchain.alerts.receipt-working-days) after the day it left, as the alert counts
        LocalDate due = t.departedAt == null ? null : workingDays.plus(LocalDate.ofInstant(t.departedAt, config.zone()),
                config.alerts().receiptWorkingDays());
        return new TransferState(t.number, state, t.shipperPartyId, t.originPartyId, t.carrierPartyId, t.receiverPartyId,
                t.vehicleId, t.plannedDate, (int) total, byState, t.version, t.driverUserId, t.departedAt, t.arrivedAt, due);
    }

    /** The transfer if the caller may see it, else null (never throws: safe inside a handheld sync's transaction). */
    Transfer findVisible(String number) {
        Transfer t = Transfer.byNumber(number).orElse(null);
        return t == null || !visibility.seesTransfer(t.id) ? null : t;
    }

    /** The transfer if the caller may see it; else 404 (whether it exists or not). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Transfer visible(String number) {
        Transfer t = Transfer.byNumber(number).orElse(null);
        if (t == null || !visibility.seesTransfer(t.id)) {
            throw ProblemException.notFound("transfer", Text.clip(number, 20));
        }
        return t;
    }

    /** The lot if the caller may see it; else 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Lot visibleLot(long id) {
        Lot lot = Lot.findById(id);
        if (lot == null || !visibility.seesLot(lot.id)) {
            throw ProblemException.notFound("lot", id);
        }
        return lot;
    }
}
