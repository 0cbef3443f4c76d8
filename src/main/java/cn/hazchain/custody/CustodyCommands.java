package cn.hazchain.custody;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Text;
import cn.hazchain.custody.ContainerStore.Head;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.CustodyCommand.Load;
import cn.hazchain.custody.domain.CustodyCommand.Receive;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.domain.CustodyEvent.ContainerCollected;
import cn.hazchain.custody.domain.CustodyEvent.ContainerReceived;
import cn.hazchain.custody.domain.CustodyRules;
import cn.hazchain.custody.domain.Decision;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.log.Context;
import cn.hazchain.custody.log.EventLog;
import cn.hazchain.custody.log.StoredEvent;
import cn.hazchain.licence.LicenceService;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies custody commands set-based: a unit of work (one web command, a lot, a cancelled manifest, a chunk of a
 * handheld sync) is decided in memory and written with a few statements, whatever its size.
 * <ol>
 *   <li>the containers named are found (those the caller may not see answer not-found), locked in id order and read
 *       with the heads of their chains; the records the commands name are read up front ({@link BatchLookup});</li>
 *   <li>each command, in order, is decided by the pure rules ({@link CustodyRules#decide}) against the container as
 *       the commands before it left it ({@link CustodyRules#evolve}), and its events are hashed and chained;</li>
 *   <li>everything is written at once: one INSERT of the events, one UPDATE of the containers, the licence intake of
 *       the receipts; then {@link CustodyRecorded} is fired once.</li>
 * </ol>
 * A refused command writes nothing and does not stop the others: each answers its own {@link Outcome}. Runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class CustodyCommands {

    @Inject
    EntityManager em;

    @Inject
    ContainerStore store;

    @Inject
    EventLog log;

    @Inject
    Visibility visibility;

    @Inject
    LicenceService licences;

    @Inject
    CatalogueService catalogue;

    @Inject
    HazChainConfig config;

    @Inject
    CurrentUser current;

    @Inject
    PickupConfirmations pickupConfirmations;

    @Inject
    cn.hazchain.catalogue.CoLoadingService coLoading;

    @Inject
    Event<CustodyRecorded> recorded;

    /**
     * One command on one container. {@code checkClock}: the context's client time comes from a handheld and is
     * flagged when it is in the future or before the container's previous event (kept as sent, never reordered).
     */
    public record Request(String labelId, CustodyCommand command, Integer expectedVersion, UUID commandId, Context context, boolean checkClock) {
    }

    /** The advisory lock class of a receiver's licence intake (with the party id as the lock's second key). */
    public static final int INTAKE_LOCK_CLASS = 0x494E544B;

    /**
     * Receipts count against the receiver's licences' annual tonnes, which a unit of work reads once (BatchLookup): one
     * transaction at a time per receiver reads and adds to them, or two receiving at once would each see room for its
     * own receipts and together pass the licensed quantity. Taken before any container lock of the transaction (a
     * transaction of several units, a handheld's chunk, takes it before its first one), so no one holds a container
     * while waiting for it; a unit's receipts are its actor's, one receiver's. Held to the end of the transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockIntake(long receiverPartyId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)").setParameter(1, INTAKE_LOCK_CLASS)
                .setParameter(2, (int) (receiverPartyId % Integer.MAX_VALUE)).getSingleResult();
    }

    /** Clock flags (the names handhelds are answered with). */
    public static final String CLIENT_TIME_IN_FUTURE = "CLIENT_TIME_IN_FUTURE";
    public static final String CLIENT_TIME_BEFORE_PREVIOUS_EVENT = "CLIENT_TIME_BEFORE_PREVIOUS_EVENT";

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome handle(Request request) {
        return handle(List.of(request)).get(0);
    }

    /** The outcome of each request, in order, as the caller, now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> handle(List<Request> requests) {
        return handle(actor(), Instant.now(), true, requests);
    }

    /**
     * The outcome of each request, in order, as {@code actor} at {@code at} (the server time of the events). With
     * {@code asCaller} false the containers and transfers named are found whoever may see them: for a trusted caller
     * that is not a request (the demo's history), which the rules still hold to the actor's roles and organisation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> handle(Situation.Actor actor, Instant time, boolean asCaller, List<Request> requests) {
        Instant at = time.truncatedTo(ChronoUnit.MICROS);
        Map<String, Long> ids = visibleIds(requests.stream().map(r -> normalize(r.labelId())).filter(l -> !l.isEmpty()).toList(), asCaller);
        if (requests.stream().anyMatch(r -> r.command() instanceof Receive)) {
            lockIntake(actor.partyId());
        }
        ContainerStore.Locked locked = store.lock(new LinkedHashSet<>(ids.values()));
        BatchLookup lookup = new BatchLookup(em, licences, asCaller ? visibility : null, catalogue.methodCodes(), pickupConfirmations,
                actor.userId(), coLoading.rules());
        lookup.preload(locked.containers().values().stream().map(ContainerSnapshot::manifestId).toList(),
                requests.stream().map(r -> transferNumber(r.command())).filter(n -> n != null).toList());
        Situation situation = new Situation(actor, LocalDate.ofInstant(at, config.zone()), config.zone(), config.custody().weightTolerance(), lookup);

        Map<Long, ContainerSnapshot> containers = new HashMap<>(locked.containers());
        Map<Long, Head> heads = new HashMap<>(locked.heads());
        Set<Long> changed = new LinkedHashSet<>();
        List<StoredEvent> rows = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        List<Receipt> receipts = new ArrayList<>();
        List<Discrepancies.Found> discrepancies = new ArrayList<>();
        for (Request r : requests) {
            Long id = ids.get(normalize(r.labelId()));
            ContainerSnapshot c = id == null ? null : containers.get(id);
            if (c == null) {
                outcomes.add(new Outcome.Refused(Rejection.notFound("container", Text.clip(String.valueOf(r.labelId()), 40)), null));
                continue;
            }
            Decision decision = CustodyRules.decide(c, r.command(), r.expectedVersion(), situation);
            if (decision instanceof Decision.Rejected rejected) {
                outcomes.add(new Outcome.Refused(rejected.rejection(), c));
                continue;
            }
            List<StoredEvent> made = new ArrayList<>();
            for (CustodyEvent e : ((Decision.Accepted) decision).events()) {
                Head head = heads.getOrDefault(c.id(), Head.NONE);
                Context context = r.context() == null ? Context.NONE : r.context();
                if (r.checkClock() && context.clientTime() != null) {
                    context = context.withClockFlags(clockFlags(context.clientTime(), head.at(), at));
                }
                StoredEvent row = EventLog.row(new EventLog.NewEvent(c.id(), head.seq() + 1, head.hash(), c.state(), r.commandId(), c.manifestId(),
                        c.generatorPartyId(), situation.actor().userId(), situation.actor().partyId(), context, e), at);
                heads.put(c.id(), new Head(row.seq(), row.hash(), row.clientTime() != null ? row.clientTime() : row.serverTime()));
                Discrepancies.Found found = Discrepancies.of(e, c, row);
                if (found != null) {
                    discrepancies.add(found);
                }
                ContainerSnapshot before = c;
                c = CustodyRules.evolve(c, e, at);
                if (before.state() == ContainerState.COLLECTED && c.state() != ContainerState.COLLECTED) {
                    lookup.offVehicle(c.id());
                }
                if (e instanceof ContainerCollected collected && (collected.roundId() != null || collected.vehicleId() != null)) {
                    lookup.onTrip(c.manifestId(), collected.roundId(), collected.vehicleId());
                    if (collected.roundId() != null) {
                        lookup.aboardRound(collected.roundId(), c.id(), c.wasteCode());
                    }
                }
                if (e instanceof CustodyEvent.ContainerLoaded loaded) {
                    lookup.aboardTransfer(loaded.transferId(), c.wasteCode());
                }
                if (e instanceof ContainerReceived receipt) {
                    BigDecimal tonnes = receipt.acceptedKg().movePointLeft(3);
                    lookup.taken(receipt.receiverPartyId(), situation.today(), receipt.licenceNumber(), tonnes);
                    receipts.add(new Receipt(receipt, c.wasteCode(), c.labelId(), tonnes));
                }
                rows.add(row);
                made.add(row);
            }
            containers.put(c.id(), c);
            changed.add(c.id());
            outcomes.add(new Outcome.Applied(c, made));
        }
        if (rows.isEmpty()) {
            return outcomes;
        }
        List<StoredEvent> stored = log.insert(rows);
        Map<StoredEvent, StoredEvent> withIds = new IdentityHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            withIds.put(rows.get(i), stored.get(i));
        }
        store.update(changed.stream().map(containers::get).toList(), at);
        writeTrips(lookup.tripsSet());
        Discrepancies.write(em, discrepancies, withIds, situation.actor().userId());
        // entities of these rows loaded earlier in this transaction are stale now: detach them (a getReference is the
        // managed instance when there is one, else a proxy; neither reads anything)
        changed.forEach(id -> em.detach(em.getReference(Container.class, id)));
        licences.recordReceipts(receipts.stream().filter(r -> r.tonnes().signum() > 0).map(r -> new LicenceService.Receipt(
                r.event().receiverPartyId(), r.event().licenceNumber(), situation.today(), r.wasteCode(), r.tonnes(), r.labelId())).toList());
        recorded.fire(new CustodyRecorded(stored));
        List<Outcome> answered = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            answered.add(o instanceof Outcome.Applied a ? new Outcome.Applied(a.container(), a.events().stream().map(withIds::get).toList()) : o);
        }
        return answered;
    }

    private record Receipt(ContainerReceived event, String wasteCode, String labelId, BigDecimal tonnes) {
    }

    /** The trip (round, vehicle) of the manifests whose first collection named them, in one statement. */
    private void writeTrips(java.util.Collection<Situation.ManifestRef> manifests) {
        if (manifests.isEmpty()) {
            return;
        }
        List<Situation.ManifestRef> rows = List.copyOf(manifests);
        cn.hazchain.common.Jdbc.work(em, c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE manifest m SET round_id = coalesce(m.round_id, v.round),"
                    + " vehicle_id = coalesce(m.vehicle_id, v.vehicle) FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(id, round, vehicle)"
                    + " WHERE m.id = v.id")) {
                cn.hazchain.common.Jdbc.bindTexts(ps, List.of(rows.stream().map(Situation.ManifestRef::id).toList(),
                        rows.stream().map(r -> (Object) r.roundId()).toList(), rows.stream().map(r -> (Object) r.vehicleId()).toList()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Ids of the containers with these (normalised) label IDs that the caller may see (all of them: {@code asCaller} false). */
    @SuppressWarnings("unchecked")
    Map<String, Long> visibleIds(List<String> labels, boolean asCaller) {
        Map<String, Long> ids = new LinkedHashMap<>();
        if (labels.isEmpty()) {
            return ids;
        }
        String sql = "SELECT c.id, c.label_id FROM container c WHERE c.label_id IN (:labels) AND " + (asCaller ? visibility.containers("c") : "true");
        var q = em.createNativeQuery(sql).setParameter("labels", new LinkedHashSet<>(labels));
        visibility.bind(new HashMap<>(), sql).forEach(q::setParameter);
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            ids.put(((String) r[1]).strip(), ((Number) r[0]).longValue());
        }
        return ids;
    }

    List<String> clockFlags(Instant clientTime, Instant previous, Instant now) {
        List<String> flags = new ArrayList<>(2);
        if (clientTime.isAfter(now.plusSeconds(config.mobile().clockSkewSeconds()))) {
            flags.add(CLIENT_TIME_IN_FUTURE);
        }
        if (previous != null && clientTime.isBefore(previous)) {
            flags.add(CLIENT_TIME_BEFORE_PREVIOUS_EVENT);
        }
        return flags;
    }

    /** The caller as the rules see it. */
    public Situation.Actor actor() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(Role.values()).filter(current::has).forEach(roles::add);
        return new Situation.Actor(current.userId(), current.partyId(), roles);
    }

    private static String transferNumber(CustodyCommand c) {
        if (c instanceof Load l) {
            return l.transferNumber();
        } else if (c instanceof CustodyCommand.Depart d) {
            return d.transferNumber();
        } else if (c instanceof CustodyCommand.Arrive a) {
            return a.transferNumber();
        }
        return c instanceof Receive r ? r.transferNumber() : null;
    }

    public static String normalize(String labelId) {
        return labelId == null ? "" : labelId.strip().toUpperCase(Locale.ROOT);
    }
}
