package cn.hazchain.custody.trail;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.ContainerService;
import cn.hazchain.custody.ContainerStore;
import cn.hazchain.custody.Lot;
import cn.hazchain.custody.Transfer;
import cn.hazchain.custody.TransferService;
import cn.hazchain.custody.Visibility;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.log.Facts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Trails (every event in order) and lineage (where waste came from and went), both ways, with weights. What a caller
 * sees is {@link Visibility}'s: a party that sees a container only through a transfer it receives or carries sees
 * its trail and lineage up to where its own custody ended.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TrailService {

    @Inject
    EntityManager em;

    @Inject
    ContainerService containers;

    @Inject
    ContainerStore store;

    @Inject
    TransferService transfers;

    @Inject
    Visibility visibility;

    /**
     * One event as a trail shows it. {@code facts} are the event's typed facts by name (acceptance, refusedKg, reason,
     * licenceNumber of a receipt; method, certificate, disposedOn of a disposal; ...); {@code details} is the free text
     * of events written before events were typed (null since).
     */
    public record TrailEvent(long eventId, String labelId, int seq, String type, String fromState, String toState,
                             String actor, String actorParty, String deviceId, Instant clientTime, Instant serverTime,
                             Double latitude, Double longitude, BigDecimal weightKg, boolean weightDeviation,
                             List<String> photoSha256, String note, String details, String hash, List<String> clockFlags,
                             Long storagePointId, Long transferId, Long lotId, SortedMap<String, String> facts) {
    }

    private static final String TRAIL = "SELECT e.id, c.label_id, e.seq, e.type, e.from_state, e.to_state, u.username, p.name,"
            + " e.device_id, e.client_time, e.server_time, e.latitude, e.longitude, e.weight_kg, e.weight_deviation,"
            + " array_to_string(e.photo_sha256, ','), e.note, e.details, e.hash, array_to_string(e.clock_flags, ','),"
            + " e.storage_point_id, e.transfer_id, e.lot_id, CAST(e.facts AS text)"
            + " FROM custody_event e JOIN container c ON c.id = e.container_id JOIN app_user u ON u.id = e.actor_user_id"
            + " JOIN party p ON p.id = e.actor_party_id WHERE ";

    public List<TrailEvent> containerTrail(String labelId) {
        Container c = containers.visible(labelId);
        Integer horizon = visibility.horizon(c.id);
        return trail("e.container_id = :id" + (horizon == null ? "" : " AND e.seq <= :horizon") + " ORDER BY e.seq",
                horizon == null ? Map.of("id", c.id) : Map.of("id", c.id, "horizon", horizon));
    }

    public List<TrailEvent> manifestTrail(String number) {
        Number id = (Number) em.createNativeQuery("SELECT id FROM manifest WHERE number = ?1")
                .setParameter(1, number == null ? "" : number.strip()).getResultStream().findFirst().orElse(null);
        if (id == null || !visibility.seesManifest(id.longValue())) {
            throw ProblemException.notFound("manifest", Text.clip(number, 20));
        }
        return trail("e.manifest_id = :id ORDER BY e.server_time, e.id", Map.of("id", id.longValue()));
    }

    public List<TrailEvent> transferTrail(String number) {
        return trail("e.transfer_id = :id ORDER BY e.server_time, e.id", Map.of("id", transfers.visible(number).id));
    }

    public List<TrailEvent> lotTrail(long lotId) {
        Lot lot = transfers.visibleLot(lotId);
        return trail("e.container_id IN (SELECT id FROM container WHERE lot_id = :id) ORDER BY e.server_time, e.id", Map.of("id", lot.id));
    }

    /**
     * Every event of a generator's containers with server time in [from, to) (either bound may be null), in time
     * order, one page: an index range on the events' generator. Only events of manifests the caller may see, so a
     * collector sees the events of its own pickups only; who may ask at all is the caller's business.
     */
    public Page<TrailEvent> generatorTrail(long generatorPartyId, Instant from, Instant to, Paging paging) {
        Map<String, Object> params = new HashMap<>();
        String rule = visibility.manifests("m");
        String where = "e.generator_party_id = :generator" + (from == null ? "" : " AND e.server_time >= :from")
                + (to == null ? "" : " AND e.server_time < :to")
                + ("true".equals(rule) ? "" : " AND EXISTS (SELECT 1 FROM manifest m WHERE m.id = e.manifest_id AND " + rule + ")");
        params.put("generator", generatorPartyId);
        if (from != null) {
            params.put("from", from);
        }
        if (to != null) {
            params.put("to", to);
        }
        visibility.bind(params, where);
        var count = em.createNativeQuery("SELECT count(*) FROM custody_event e WHERE " + where);
        params.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        // the page's event ids first, from the generator's index alone; the joins for the page's rows only
        Map<String, Object> page = new HashMap<>(params);
        page.put("limit", paging.size());
        page.put("offset", paging.offset());
        return Page.of(trail("e.id IN (SELECT e.id FROM custody_event e WHERE " + where
                + " ORDER BY e.server_time, e.id LIMIT :limit OFFSET :offset) ORDER BY e.server_time, e.id", page), paging, total);
    }

    /**
     * Every event of the given containers, by container and sequence. No visibility check: the caller has made
     * sure the user may see every one of them in whole (e.g. they came out of a manifest the user sees).
     */
    public List<TrailEvent> trailOfContainers(Collection<Long> containerIds) {
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
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], SqlValues.instant(r[9]),
                SqlValues.instant(r[10]), (Double) r[11], (Double) r[12], (BigDecimal) r[13], (Boolean) r[14], list(r[15]), (String) r[16],
                (String) r[17], ((String) r[18]).strip(), list(r[19]), id(r[20]), id(r[21]), id(r[22]), Facts.parse((String) r[23]))).toList();
    }

    private static List<String> list(Object csv) {
        return csv == null || ((String) csv).isEmpty() ? List.of() : Arrays.asList(((String) csv).split(","));
    }

    private static Long id(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    // ---- lineage ------------------------------------------------------------------------------------------------

    /** One container's path, from its generator to its receiver and disposal. */
    public record Lineage(String labelId, String wasteCode, String state, String generator, String manifestNumber,
                          BigDecimal estimatedKg, BigDecimal collectedKg, String storagePoint, Long lotId, String transferNumber,
                          String receiver, String acceptance, BigDecimal receivedKg, BigDecimal refusedKg, String disposalMethod,
                          boolean weightFlag, String disposalCertificate) {
    }

    public record Origin(String generator, long generatorPartyId, int containers, BigDecimal collectedKg, BigDecimal receivedKg,
                         BigDecimal refusedKg) {
    }

    public record Backward(String transferNumber, Long lotId, List<Lineage> containers, List<Origin> byGenerator,
                           BigDecimal collectedKg, BigDecimal receivedKg, BigDecimal refusedKg) {
    }

    /** Forward: as the container stands, or, for a party whose custody ended, as it stood when it ended. */
    public Lineage forward(String labelId) {
        Container c = containers.visible(labelId);
        Integer horizon = visibility.horizon(c.id);
        ContainerSnapshot s = horizon == null ? store.read(List.of(c.id)).get(c.id) : store.fold(c.id, "e.seq <= " + horizon);
        return lineage(List.of(s)).get(0);
    }

    /**
     * Backward from a transfer: every container it declared, as it stood on this transfer. A container that went on
     * (refused back, stored, shipped again) is shown as its events up to its last one on this transfer left it, so
     * the lineage of a transfer never names where its waste went after it.
     */
    public Backward backwardFromTransfer(String number) {
        Transfer t = transfers.visible(number);
        // a carrier that is no other party of the transfer sees its containers up to their receipt: a disposed one as
        // it stood before its disposal (Visibility#horizon)
        boolean carriesOnly = visibility.carriesOnly(t);
        @SuppressWarnings("unchecked")
        List<Object[]> items = em.createNativeQuery("SELECT c.id, c.transfer_id IS NOT DISTINCT FROM ti.transfer_id"
                + (carriesOnly ? " AND c.state <> 'DISPOSED'" : "") + " FROM transfer_item ti"
                + " JOIN container c ON c.id = ti.container_id WHERE ti.transfer_id = ?1 ORDER BY c.id").setParameter(1, t.id).getResultList();
        List<Long> current = items.stream().filter(r -> (Boolean) r[1]).map(r -> ((Number) r[0]).longValue()).toList();
        Map<Long, ContainerSnapshot> snapshots = new LinkedHashMap<>(store.read(current));
        items.stream().filter(r -> !(Boolean) r[1]).map(r -> ((Number) r[0]).longValue())
                .forEach(id -> snapshots.put(id, store.fold(id, "e.seq <= (SELECT max(x.seq) FROM custody_event x WHERE x.container_id = e.container_id"
                        + " AND x.transfer_id = " + t.id + (carriesOnly ? " AND x.type <> 'CONTAINER_DISPOSED'" : "") + ")")));
        return backward(t.number, null, lineage(snapshots.values()));
    }

    public Backward backwardFromLot(long lotId) {
        Lot lot = transfers.visibleLot(lotId);
        @SuppressWarnings("unchecked")
        List<Long> ids = ((List<Number>) em.createNativeQuery("SELECT id FROM container WHERE lot_id = ?1 ORDER BY id").setParameter(1, lot.id)
                .getResultList()).stream().map(Number::longValue).toList();
        return backward(null, lot.id, lineage(store.read(ids).values()));
    }

    private static Backward backward(String transfer, Long lot, List<Lineage> items) {
        Map<String, Origin> by = new TreeMap<>();
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

    /** Lineage rows of snapshots, with the names they point at (generators, manifests, storage points, transfers). */
    @SuppressWarnings("unchecked")
    private List<Lineage> lineage(Collection<ContainerSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return List.of();
        }
        Map<Long, Object[]> containerNames = rows("SELECT c.id, g.name, m.number FROM container c JOIN manifest m ON m.id = c.manifest_id"
                + " JOIN party g ON g.id = c.generator_party_id WHERE c.id IN (:ids)", snapshots.stream().map(ContainerSnapshot::id).toList());
        Map<Long, Object[]> points = rows("SELECT id, name FROM party WHERE id IN (:ids)",
                snapshots.stream().map(ContainerSnapshot::lastStoragePointId).filter(java.util.Objects::nonNull).toList());
        Map<Long, Object[]> transferNames = rows("SELECT t.id, t.number, r.name FROM transfer t JOIN party r ON r.id = t.receiver_party_id"
                + " WHERE t.id IN (:ids)", snapshots.stream().map(ContainerSnapshot::transferId).filter(java.util.Objects::nonNull).toList());
        // the certificate its disposal names (only where the lineage shows the disposal)
        Map<Long, Object[]> certificates = rows("SELECT DISTINCT ON (container_id) container_id, facts->>'certificate' FROM custody_event"
                + " WHERE type = 'CONTAINER_DISPOSED' AND container_id IN (:ids) ORDER BY container_id, seq DESC",
                snapshots.stream().filter(x -> x.disposalMethod() != null).map(ContainerSnapshot::id).toList());
        List<Lineage> out = new ArrayList<>();
        for (ContainerSnapshot s : snapshots) {
            Object[] n = containerNames.get(s.id());
            Object[] point = s.lastStoragePointId() == null ? null : points.get(s.lastStoragePointId());
            Object[] t = s.transferId() == null ? null : transferNames.get(s.transferId());
            out.add(new Lineage(s.labelId(), s.wasteCode(), s.state() == null ? null : s.state().name(), (String) n[1], ((String) n[2]).strip(),
                    s.estimatedKg(), s.collectedKg(), point == null ? null : (String) point[1], s.lotId(), t == null ? null : ((String) t[1]).strip(),
                    t == null ? null : (String) t[2], s.acceptance() == null ? null : s.acceptance().name(), s.receivedKg(), s.refusedKg(),
                    s.disposalMethod(), s.weightFlag(), certificates.containsKey(s.id()) ? (String) certificates.get(s.id())[1] : null));
        }
        out.sort(java.util.Comparator.comparing(Lineage::generator).thenComparing(Lineage::labelId));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<Long, Object[]> rows(String sql, List<Long> ids) {
        Map<Long, Object[]> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createNativeQuery(sql).setParameter("ids", new java.util.HashSet<>(ids)).getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), r));
        return out;
    }

    private static BigDecimal nz(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }
}
