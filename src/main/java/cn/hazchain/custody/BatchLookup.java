package cn.hazchain.custody;

import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.custody.domain.PickupConfirmation;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.domain.Situation.Lookup;
import cn.hazchain.custody.domain.Situation.LotRef;
import cn.hazchain.custody.domain.Situation.ManifestRef;
import cn.hazchain.custody.domain.Situation.PartyRef;
import cn.hazchain.custody.domain.Situation.TransferRef;
import cn.hazchain.licence.LicenceRules;
import cn.hazchain.licence.LicenceService;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The records one unit of work's commands name, read in a few statements up front ({@link #preload}) and otherwise
 * on first use, then kept: a chunk of a hundred handheld events reads each manifest, transfer and party once.
 * Licence decisions count the receipts accepted earlier in the same unit of work against the annual quantity.
 */
final class BatchLookup implements Lookup {

    private final EntityManager em;
    private final LicenceService licences;
    private final Visibility visibility;
    private final Set<String> methods;

    private final Map<Long, ManifestRef> manifests = new HashMap<>();
    private final Map<Long, PartyRef> parties = new HashMap<>();
    private final Map<Long, Long> vehicleOwners = new HashMap<>();
    private final Map<Long, TransferRef> transfers = new HashMap<>();
    private final Map<String, TransferRef> transfersByNumber = new HashMap<>();
    private final Map<Long, LotRef> lots = new HashMap<>();
    private final Map<Long, Situation.RoundRef> rounds = new HashMap<>();
    /** round id / generator id → the manifest collected on that trip (read, or set by this unit of work). */
    private final Map<String, Long> onRound = new HashMap<>();
    /** Manifests whose trip this unit of work set: written after its events. */
    private final Map<Long, ManifestRef> tripsSet = new java.util.LinkedHashMap<>();
    /** Attempts checked in this unit of work, by the generator they were made for and the attempt. */
    private final Map<List<Object>, PickupConfirmation.Checked> confirmations = new HashMap<>();
    private final PickupConfirmations pickupConfirmations;
    private final long actorUserId;
    private final Set<String> declared = new HashSet<>();
    private final Set<Long> declarationsRead = new HashSet<>();
    /** Licences of a party for a year, and the tonnes taken under each in this unit of work. */
    private final Map<String, List<LicenceRules.Candidate>> candidates = new HashMap<>();
    private final Map<String, BigDecimal> taken = new HashMap<>();
    private final cn.hazchain.catalogue.CoLoading coLoading;
    /** The containers aboard a round's vehicle (still COLLECTED) and their codes: read once, then kept as this unit of work moves them. */
    private final Map<Long, Map<Long, String>> aboardRound = new HashMap<>();
    /** Containers this unit of work took off a vehicle (stored, loaded, …): the rows still say COLLECTED until the unit is written. */
    private final Set<Long> offVehicle = new HashSet<>();
    /** Waste codes on a transfer: read once, then added to by this unit of work. */
    private final Map<Long, Set<String>> codesOnTransfer = new HashMap<>();

    /** {@code visibility} null: transfers are found whoever may see them (a trusted caller, not a request). */
    BatchLookup(EntityManager em, LicenceService licences, Visibility visibility, Set<String> methods, PickupConfirmations pickupConfirmations,
                long actorUserId, cn.hazchain.catalogue.CoLoading coLoading) {
        this.em = em;
        this.coLoading = coLoading;
        this.pickupConfirmations = pickupConfirmations;
        this.actorUserId = actorUserId;
        this.licences = licences;
        this.visibility = visibility;
        this.methods = methods;
    }

    /** Reads, in one statement each, the manifests of the containers and the transfers named by number. */
    @SuppressWarnings("unchecked")
    void preload(Collection<Long> manifestIds, Collection<String> transferNumbers) {
        Set<Long> missing = new HashSet<>(manifestIds);
        missing.removeAll(manifests.keySet());
        if (!missing.isEmpty()) {
            List<Object[]> rows = em.createNativeQuery("SELECT id, number, collector_party_id, generator_party_id, round_id, vehicle_id FROM manifest"
                    + " WHERE id IN (:ids)").setParameter("ids", missing).getResultList();
            rows.forEach(r -> manifests.put(id(r[0]), new ManifestRef(id(r[0]), ((String) r[1]).strip(), id(r[2]), nullableId(r[3]),
                    nullableId(r[4]), nullableId(r[5]))));
        }
        Set<String> numbers = new HashSet<>();
        transferNumbers.stream().filter(n -> n != null && !transfersByNumber.containsKey(n.strip())).forEach(n -> numbers.add(n.strip()));
        if (!numbers.isEmpty()) {
            Map<String, Object> params = new HashMap<>();
            String rule = visibility == null ? "true" : visibility.transfers("t");
            String sql = "SELECT " + TRANSFER_COLUMNS + " WHERE t.number IN (:numbers) AND " + rule;
            var q = em.createNativeQuery(sql).setParameter("numbers", numbers);
            if (visibility != null) {
                visibility.bind(params, sql).forEach(q::setParameter);
            }
            for (Object[] r : (List<Object[]>) q.getResultList()) {
                TransferRef t = transfer(r);
                transfers.put(t.id(), t);
                transfersByNumber.put(t.number(), t);
            }
            numbers.stream().filter(n -> !transfersByNumber.containsKey(n)).forEach(n -> transfersByNumber.put(n, null));
        }
    }

    @Override
    public ManifestRef manifest(long manifestId) {
        if (!manifests.containsKey(manifestId)) {
            preload(List.of(manifestId), List.of());
        }
        return manifests.get(manifestId);
    }

    @Override
    public PartyRef party(long partyId) {
        return parties.computeIfAbsent(partyId, id -> one("SELECT id, kind, parent_id FROM party WHERE id = ?1", id,
                r -> new PartyRef(id(r[0]), (String) r[1], r[2] == null ? null : id(r[2]))));
    }

    @Override
    public Long vehicleOwner(long vehicleId) {
        return vehicleOwners.computeIfAbsent(vehicleId, id -> one("SELECT owner_party_id FROM vehicle WHERE id = ?1", id, r -> id(r[0])));
    }

    @Override
    public TransferRef transfer(long transferId) {
        return transfers.computeIfAbsent(transferId, id -> one("SELECT " + TRANSFER_COLUMNS + " WHERE t.id = ?1", id, BatchLookup::transfer));
    }

    @Override
    public TransferRef transferByNumber(String number) {
        String n = number == null ? "" : number.strip();
        if (!transfersByNumber.containsKey(n)) {
            preload(List.of(), List.of(n));
        }
        return transfersByNumber.get(n);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean declared(long transferId, long containerId) {
        if (declarationsRead.add(transferId)) {
            List<Object> rows = em.createNativeQuery("SELECT container_id FROM transfer_item WHERE transfer_id = ?1").setParameter(1, transferId)
                    .getResultList();
            rows.forEach(c -> declared.add(transferId + ":" + id(c)));
        }
        return declared.contains(transferId + ":" + containerId);
    }

    @Override
    public LotRef lot(long lotId) {
        return lots.computeIfAbsent(lotId, id -> one("SELECT id, storage_point_id, waste_code FROM lot WHERE id = ?1", id,
                r -> new LotRef(id(r[0]), id(r[1]), ((String) r[2]).strip())));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Situation.RoundRef round(long roundId) {
        return rounds.computeIfAbsent(roundId, id -> {
            List<Object[]> rows = em.createNativeQuery("SELECT r.id, r.collector_party_id, r.vehicle_id, r.driver_user_id, r.round_date,"
                    + " coalesce((SELECT string_agg(DISTINCT s.generator_party_id::text, ',') FROM round_stop s WHERE s.round_id = r.id), '')"
                    + " FROM collection_round r WHERE r.id = ?1").setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] r = rows.get(0);
            Set<Long> generators = new HashSet<>();
            for (String g : ((String) r[5]).split(",")) {
                if (!g.isEmpty()) {
                    generators.add(Long.valueOf(g));
                }
            }
            return new Situation.RoundRef(id(r[0]), id(r[1]), id(r[2]), id(r[3]), cn.hazchain.common.SqlValues.localDate(r[4]), generators);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Long manifestOnRound(long roundId, long generatorPartyId) {
        return onRound.computeIfAbsent(roundId + "/" + generatorPartyId, k -> {
            List<Object> rows = em.createNativeQuery("SELECT id FROM manifest WHERE round_id = ?1 AND generator_party_id = ?2")
                    .setParameter(1, roundId).setParameter(2, generatorPartyId).getResultList();
            return rows.isEmpty() ? null : id(rows.get(0));
        });
    }

    @Override
    public cn.hazchain.catalogue.CoLoading coLoading() {
        return coLoading;
    }

    @Override
    public Set<String> codesOnRound(long roundId) {
        return new java.util.TreeSet<>(aboard(roundId).values());
    }

    @SuppressWarnings("unchecked")
    private Map<Long, String> aboard(long roundId) {
        return aboardRound.computeIfAbsent(roundId, id -> {
            Map<Long, String> aboard = new HashMap<>();
            List<Object[]> rows = em.createNativeQuery("SELECT c.id, c.waste_code FROM container c JOIN manifest m ON m.id = c.manifest_id"
                    + " WHERE m.round_id = ?1 AND c.state = 'COLLECTED'").setParameter(1, id).getResultList();
            rows.stream().filter(r -> !offVehicle.contains(id(r[0]))).forEach(r -> aboard.put(id(r[0]), ((String) r[1]).strip()));
            return aboard;
        });
    }

    @Override
    public Set<String> codesOnTransfer(long transferId) {
        return codesOnTransfer.computeIfAbsent(transferId, id -> codes("SELECT DISTINCT waste_code FROM container WHERE transfer_id = ?1"
                + " AND state = 'IN_TRANSIT'", id));
    }

    /** A container of {@code wasteCode} went onto the round's vehicle / the transfer in this unit of work. */
    void aboardRound(long roundId, long containerId, String wasteCode) {
        aboard(roundId).put(containerId, wasteCode);
    }

    /**
     * A container left its vehicle in this unit of work (it was COLLECTED and is no longer): what is unloaded no
     * longer counts against what the vehicle may take next (co-loading), as it would not in a later unit.
     */
    void offVehicle(long containerId) {
        offVehicle.add(containerId);
        aboardRound.values().forEach(m -> m.remove(containerId));
    }

    void aboardTransfer(long transferId, String wasteCode) {
        codesOnTransfer(transferId).add(wasteCode);
    }

    @SuppressWarnings("unchecked")
    private Set<String> codes(String sql, long id) {
        Set<String> codes = new java.util.TreeSet<>();
        ((List<Object>) em.createNativeQuery(sql).setParameter(1, id).getResultList()).forEach(c -> codes.add(((String) c).strip()));
        return codes;
    }

    @Override
    public PickupConfirmation.Checked checkConfirmation(long generatorPartyId, PickupConfirmation.Attempt attempt) {
        // one check per distinct attempt in a unit of work: ten drums confirmed with one code are one try, not ten
        // and per generator: a code right for one generator's staff says nothing about another generator's pickup
        return confirmations.computeIfAbsent(List.of(generatorPartyId, attempt), k -> pickupConfirmations.check(generatorPartyId, attempt, actorUserId));
    }

    /**
     * A collection recorded the trip (round) and vehicle of its manifest: later commands of this unit of work see
     * them, and {@link #tripsSet()} lists the manifests to write.
     */
    void onTrip(long manifestId, Long roundId, Long vehicleId) {
        ManifestRef m = manifest(manifestId);
        if (java.util.Objects.equals(m.roundId(), roundId) && java.util.Objects.equals(m.vehicleId(), vehicleId)) {
            return;
        }
        ManifestRef now = new ManifestRef(m.id(), m.number(), m.collectorPartyId(), m.generatorPartyId(),
                m.roundId() != null ? m.roundId() : roundId, m.vehicleId() != null ? m.vehicleId() : vehicleId);
        manifests.put(manifestId, now);
        tripsSet.put(manifestId, now);
        if (now.roundId() != null && now.generatorPartyId() != null) {
            onRound.put(now.roundId() + "/" + now.generatorPartyId(), manifestId);
        }
    }

    java.util.Collection<ManifestRef> tripsSet() {
        return tripsSet.values();
    }

    @Override
    public Set<String> licensedMethods(long partyId, String wasteCode, LocalDate day) {
        return licensedMethods.computeIfAbsent(partyId + "/" + wasteCode + "/" + day,
                k -> licences.methods(partyId, wasteCode, WasteCodes.categoryOf(wasteCode), day));
    }

    private final Map<String, Set<String>> licensedMethods = new HashMap<>();

    @Override
    public boolean isTreatmentMethod(String code) {
        return code != null && methods.contains(code);
    }

    @Override
    public LicenceRules.Decision licence(long partyId, String wasteCode, LocalDate day, BigDecimal tonnes) {
        String key = partyId + "/" + day.getYear();
        List<LicenceRules.Candidate> base = candidates.computeIfAbsent(key, k -> licences.candidates(partyId, day.getYear()));
        List<LicenceRules.Candidate> now = new ArrayList<>(base.size());
        for (LicenceRules.Candidate c : base) {
            BigDecimal more = taken.getOrDefault(key + "/" + c.number(), BigDecimal.ZERO);
            now.add(new LicenceRules.Candidate(c.number(), c.codes(), c.categories(), c.approvedTonnes(), c.validFrom(), c.validTo(),
                    c.receivedThisYear().add(more)));
        }
        return LicenceRules.decide(now, wasteCode, WasteCodes.categoryOf(wasteCode), day, tonnes);
    }

    /** Counts tonnes received under a licence in this unit of work (later decisions see them as taken). */
    void taken(long partyId, LocalDate day, String licenceNumber, BigDecimal tonnes) {
        taken.merge(partyId + "/" + day.getYear() + "/" + licenceNumber, tonnes, BigDecimal::add);
    }

    @SuppressWarnings("unchecked")
    private <T> T one(String sql, long id, Function<Object[], T> map) {
        List<Object> rows = em.createNativeQuery(sql).setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object r = rows.get(0);
        return map.apply(r instanceof Object[] a ? a : new Object[] {r});
    }

    private static final String TRANSFER_COLUMNS = "t.id, t.number, t.shipper_party_id, t.origin_party_id, t.carrier_party_id,"
            + " t.receiver_party_id, t.vehicle_id, v.dg_permit_no, t.driver_user_id, t.departed_at, t.arrived_at"
            + " FROM transfer t LEFT JOIN vehicle v ON v.id = t.vehicle_id";

    private static TransferRef transfer(Object[] r) {
        return new TransferRef(id(r[0]), ((String) r[1]).strip(), id(r[2]), id(r[3]), id(r[4]), id(r[5]), nullableId(r[6]), (String) r[7],
                nullableId(r[8]), cn.hazchain.common.SqlValues.instant(r[9]), cn.hazchain.common.SqlValues.instant(r[10]));
    }

    private static Long nullableId(Object o) {
        return o == null ? null : id(o);
    }

    private static long id(Object o) {
        return ((Number) o).longValue();
    }
}
