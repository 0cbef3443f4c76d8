package cn.hazchain.custody;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.container.Container;
import cn.hazchain.container.ContainerService;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestService;
import cn.hazchain.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Trails (every event in order) and lineage (where waste came from and went), both ways, with weights. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TrailService {

    @Inject
    EntityManager em;

    @Inject
    ContainerService containers;

    @Inject
    ManifestService manifests;

    @Inject
    CurrentUser current;

    public record TrailEvent(long eventId, String labelId, int seq, String type, String fromState, String toState,
                             String actor, String actorParty, String deviceId, Instant clientTime, Instant serverTime,
                             Double latitude, Double longitude, BigDecimal weightKg, boolean weightDeviation,
                             List<String> photoSha256, String note, String details, String hash, List<String> clockFlags) {
    }

    private static final String TRAIL = "SELECT e.id, c.label_id, e.seq, e.type, e.from_state, e.to_state, u.username, p.name,"
            + " e.device_id, e.client_time, e.server_time, e.latitude, e.longitude, e.weight_kg, e.weight_deviation,"
            + " array_to_string(e.photo_sha256, ','), e.note, e.details, e.hash, array_to_string(e.clock_flags, ',')"
            + " FROM custody_event e JOIN container c ON c.id = e.container_id JOIN app_user u ON u.id = e.actor_user_id"
            + " JOIN party p ON p.id = e.actor_party_id WHERE ";

    public List<TrailEvent> containerTrail(String labelId) {
        Container c = containers.visible(labelId);
        return trail("e.container_id = :id ORDER BY e.seq", Map.of("id", c.id));
    }

    public List<TrailEvent> manifestTrail(String number) {
        Manifest m = manifests.visible(number);
        return trail("e.manifest_id = :id ORDER BY e.server_time, e.id", Map.of("id", m.id));
    }

    public List<TrailEvent> transferTrail(String number) {
        return trail("e.transfer_id = :id ORDER BY e.server_time, e.id", Map.of("id", visibleTransfer(number).id));
    }

    public List<TrailEvent> lotTrail(long lotId) {
        Lot lot = visibleLot(lotId);
        return trail("e.container_id IN (SELECT id FROM container WHERE lot_id = :id) ORDER BY e.server_time, e.id", Map.of("id", lot.id));
    }

    /**
     * Every event of a generator's containers with server time in [from, to) (either bound may be null), in time
     * order, one page. Only containers on manifests the caller may see ({@link ManifestService#visibilityClause}),
     * so a collector sees the events of its own pickups only; who may ask at all is the caller's business.
     */
    @SuppressWarnings("unchecked")
    public Page<TrailEvent> generatorTrail(long generatorPartyId, Instant from, Instant to, Paging paging) {
        Map<String, Object> params = new HashMap<>();
        String where = "e.container_id IN (SELECT c2.id FROM container c2 JOIN manifest m ON m.id = c2.manifest_id"
                + " WHERE c2.generator_party_id = :generator AND " + manifests.visibilityClause(params) + ")"
                + (from == null ? "" : " AND e.server_time >= :from") + (to == null ? "" : " AND e.server_time < :to");
        params.put("generator", generatorPartyId);
        if (from != null) {
            params.put("from", from);
        }
        if (to != null) {
            params.put("to", to);
        }
        var count = em.createNativeQuery("SELECT count(*) FROM custody_event e WHERE " + where);
        params.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        // the page's event ids first, from custody_event alone; the joins for the page's rows only (a generator of the
        // city history has 9,000 events: joining each to its actor before sorting cost most of the request)
        Map<String, Object> page = new HashMap<>(params);
        page.put("limit", paging.size());
        page.put("offset", paging.offset());
        return Page.of(trail("e.id IN (SELECT e.id FROM custody_event e WHERE " + where
                + " ORDER BY e.server_time, e.id LIMIT :limit OFFSET :offset) ORDER BY e.server_time, e.id", page), paging, total);
    }

    /**
     * Every event of the given containers, by container and sequence. No visibility check: the caller has made
     * sure the user may see every one of them (e.g. they came out of {@link ManifestService#visibilityClause}).
     */
    public List<TrailEvent> trailOfContainers(java.util.Collection<Long> containerIds) {
        if (containerIds.isEmpty()) {
            return List.of();
        }
        return trail("e.container_id IN (:ids) ORDER BY e.container_id, e.seq", Map.of("ids", List.copyOf(containerIds)));
    }

    @SuppressWarnings("unchecked")
    private List<TrailEvent> trail(String where, Map<String, Object> params) {
        var query = em.createNativeQuery(TRAIL + where);
        params.forEach(query::setParameter);
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new TrailEvent(((Number) r[0]).longValue(), ((String) r[1]).strip(), ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], SqlValues.instant(r[9]), SqlValues.instant(r[10]),
                (Double) r[11], (Double) r[12], (BigDecimal) r[13], (Boolean) r[14],
                r[15] == null || ((String) r[15]).isEmpty() ? List.of() : Arrays.asList(((String) r[15]).split(",")),
                (String) r[16], (String) r[17], ((String) r[18]).strip(),
                r[19] == null || ((String) r[19]).isEmpty() ? List.of() : Arrays.asList(((String) r[19]).split(",")))).toList();
    }

    /** One container's path, from its generator to its receiver and disposal. */
    public record Lineage(String labelId, String wasteCode, String state, String generator, String manifestNumber,
                          BigDecimal estimatedKg, BigDecimal collectedKg, String storagePoint, Long lotId, String transferNumber,
                          String receiver, String acceptance, BigDecimal receivedKg, BigDecimal refusedKg, String disposalMethod,
                          boolean weightFlag) {
    }

    public record Origin(String generator, long generatorPartyId, int containers, BigDecimal collectedKg, BigDecimal receivedKg,
                         BigDecimal refusedKg) {
    }

    public record Backward(String transferNumber, Long lotId, List<Lineage> containers, List<Origin> byGenerator,
                           BigDecimal collectedKg, BigDecimal receivedKg, BigDecimal refusedKg) {
    }

    private static final String LINEAGE = "SELECT c.label_id, c.waste_code, c.state, g.name, m.number, c.estimated_weight_kg,"
            + " c.collected_weight_kg, sp.name, c.lot_id, t.number, r.name, c.acceptance, c.received_weight_kg, c.refused_weight_kg,"
            + " c.disposal_method, c.weight_flag, g.id"
            + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN party g ON g.id = c.generator_party_id"
            + " LEFT JOIN party sp ON sp.id = (SELECT e.actor_party_id FROM custody_event e WHERE e.container_id = c.id"
            + "   AND e.type = 'CONTAINER_STORED' ORDER BY e.seq DESC LIMIT 1)"
            + " LEFT JOIN transfer t ON t.id = coalesce(c.transfer_id, (SELECT ti.transfer_id FROM transfer_item ti"
            + "   WHERE ti.container_id = c.id ORDER BY ti.transfer_id DESC LIMIT 1))"
            + " LEFT JOIN party r ON r.id = t.receiver_party_id WHERE ";

    public Lineage forward(String labelId) {
        Container c = containers.visible(labelId);
        return lineage("c.id = ?1", c.id).get(0);
    }

    public Backward backwardFromTransfer(String number) {
        Transfer t = visibleTransfer(number);
        return backward(t.number, null, lineage("c.id IN (SELECT container_id FROM transfer_item WHERE transfer_id = ?1) ORDER BY g.name, c.label_id", t.id));
    }

    public Backward backwardFromLot(long lotId) {
        Lot lot = visibleLot(lotId);
        return backward(null, lot.id, lineage("c.lot_id = ?1 ORDER BY g.name, c.label_id", lot.id));
    }

    private static Backward backward(String transfer, Long lot, List<Lineage> items) {
        java.util.Map<String, Origin> by = new java.util.TreeMap<>();
        for (Lineage l : items) {
            by.merge(l.generator(), new Origin(l.generator(), 0, 1, nz(l.collectedKg()), nz(l.receivedKg()), nz(l.refusedKg())),
                    (a, b) -> new Origin(a.generator(), 0, a.containers() + 1, a.collectedKg().add(b.collectedKg()),
                            a.receivedKg().add(b.receivedKg()), a.refusedKg().add(b.refusedKg())));
        }
        BigDecimal collected = items.stream().map(l -> nz(l.collectedKg())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal received = items.stream().map(l -> nz(l.receivedKg())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal refused = items.stream().map(l -> nz(l.refusedKg())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Backward(transfer, lot, items, List.copyOf(by.values()), collected, received, refused);
    }

    @SuppressWarnings("unchecked")
    private List<Lineage> lineage(String where, long id) {
        List<Object[]> rows = em.createNativeQuery(LINEAGE + where).setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Lineage(((String) r[0]).strip(), ((String) r[1]).strip(), (String) r[2], (String) r[3],
                ((String) r[4]).strip(), (BigDecimal) r[5], (BigDecimal) r[6], (String) r[7], r[8] == null ? null : ((Number) r[8]).longValue(),
                r[9] == null ? null : ((String) r[9]).strip(), (String) r[10], (String) r[11], (BigDecimal) r[12], (BigDecimal) r[13],
                (String) r[14], (Boolean) r[15])).toList();
    }

    /** A transfer with its state derived from its declared containers. */
    public record TransferState(String number, String state, long shipperPartyId, long originPartyId, long carrierPartyId,
                                long receiverPartyId, long vehicleId, java.time.LocalDate plannedDate, int declared,
                                java.util.Map<String, Long> containersByState, int version) {
    }

    /**
     * OPEN until something is loaded, IN_TRANSIT while anything is on the road, then RECEIVED until every
     * container is disposed or refused back to the shipper, when it is CLOSED.
     */
    @SuppressWarnings("unchecked")
    public TransferState transfer(String number) {
        Transfer t = visibleTransfer(number);
        List<Object[]> rows = em.createNativeQuery("SELECT c.state, count(*) FROM transfer_item ti JOIN container c ON c.id = ti.container_id"
                + " WHERE ti.transfer_id = ?1 GROUP BY c.state ORDER BY c.state").setParameter(1, t.id).getResultList();
        java.util.Map<String, Long> byState = new java.util.LinkedHashMap<>();
        rows.forEach(r -> byState.put((String) r[0], ((Number) r[1]).longValue()));
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        long loadedSince = rows.stream().filter(r -> List.of("IN_TRANSIT", "RECEIVED", "DISPOSED", "REFUSED").contains((String) r[0]))
                .mapToLong(r -> ((Number) r[1]).longValue()).sum();
        long onRoad = byState.getOrDefault("IN_TRANSIT", 0L);
        long done = byState.getOrDefault("DISPOSED", 0L) + byState.getOrDefault("REFUSED", 0L)
                + em.createNativeQuery("SELECT 1 FROM transfer_item ti JOIN container c ON c.id = ti.container_id WHERE ti.transfer_id = ?1"
                        + " AND c.transfer_id IS DISTINCT FROM ?1").setParameter(1, t.id).getResultList().size();
        String state = loadedSince == 0 ? "OPEN" : onRoad > 0 ? "IN_TRANSIT" : done >= total ? "CLOSED" : "RECEIVED";
        return new TransferState(t.number, state, t.shipperPartyId, t.originPartyId, t.carrierPartyId, t.receiverPartyId,
                t.vehicleId, t.plannedDate, (int) total, byState, t.version);
    }

    Transfer visibleTransfer(String number) {
        Transfer t = Transfer.byNumber(number).orElse(null);
        if (t == null || !(current.seesAll() || current.partyId() == t.shipperPartyId || current.partyId() == t.receiverPartyId
                || current.partyId() == t.carrierPartyId || current.partyId() == t.originPartyId)) {
            throw ProblemException.notFound("transfer", cn.hazchain.common.Text.clip(number, 20));
        }
        return t;
    }

    Lot visibleLot(long id) {
        Lot lot = Lot.findById(id);
        cn.hazchain.party.Party point = lot == null ? null : cn.hazchain.party.Party.findById(lot.storagePointId);
        if (lot == null || !(current.seesAll() || current.partyId() == point.id || current.partyId() == point.parentId)) {
            throw ProblemException.notFound("lot", id);
        }
        return lot;
    }

    private static BigDecimal nz(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }
}
