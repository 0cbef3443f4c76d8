package cn.hazchain.pickup;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.licence.LicenceService;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestDtos;
import cn.hazchain.manifest.ManifestService;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.PartyService;
import cn.hazchain.pickup.PickupDtos.LineView;
import cn.hazchain.pickup.PickupDtos.NewLine;
import cn.hazchain.pickup.PickupDtos.NewRequest;
import cn.hazchain.pickup.PickupDtos.RequestView;
import cn.hazchain.pickup.PickupRules.Action;
import cn.hazchain.pickup.PickupRules.Status;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Pickup requests (issue #17): the generator's staff ask, the collector's operators accept, decline with a reason or
 * schedule, and issue the pickup manifest from an accepted request through {@link ManifestService}. Who sees a
 * request: its generator's staff, its collector's operators and drivers, regulators; anyone else is told it does not
 * exist (404).
 */
@ApplicationScoped
@Transactional
public class PickupRequestService {

    static final int MAX_DAYS_AHEAD = 90;

    @Inject
    CurrentUser current;

    @Inject
    PartyService parties;

    @Inject
    CatalogueService catalogue;

    @Inject
    LicenceService licences;

    @Inject
    ManifestService manifests;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    /** The request, and whether this call made the change (false: a resend, answered with what it did the first time). */
    public record Outcome(RequestView request, boolean changed) {
    }

    public Outcome create(NewRequest req) {
        current.require(Role.GENERATOR_STAFF);
        PickupRequest previous = PickupRequest.<PickupRequest>find("requestId", req.requestId()).firstResult();
        if (previous != null) {
            if (!previous.createdBy.equals(current.userId())) {
                throw ProblemException.conflict("requestId " + req.requestId() + " was already used by another user; generate a new one");
            }
            return new Outcome(view(previous), false);
        }
        Party collector = parties.visibleOrLicensee(req.collectorPartyId());
        if (collector.kind != PartyKind.COLLECTOR) {
            throw ProblemException.unprocessable("not-a-collector", "party " + collector.id + " is a " + collector.kind
                    + ": ask a COLLECTOR for a pickup");
        }
        LocalDate today = LocalDate.now(config.zone());
        if (req.earliestDate().isBefore(today) || req.latestDate().isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
            throw ProblemException.unprocessable("pickup-dates", "earliestDate must be today (" + today + ") or later and latestDate at most "
                    + MAX_DAYS_AHEAD + " days ahead (" + today.plusDays(MAX_DAYS_AHEAD) + ")");
        }
        if (req.latestDate().isBefore(req.earliestDate())) {
            throw ProblemException.unprocessable("pickup-dates", "latestDate " + req.latestDate() + " is before earliestDate " + req.earliestDate());
        }
        LocalTime start = req.windowStart() == null ? LocalTime.of(8, 30) : LocalTime.parse(req.windowStart());
        LocalTime end = req.windowEnd() == null ? LocalTime.of(17, 0) : LocalTime.parse(req.windowEnd());
        if (!end.isAfter(start.plusMinutes(29))) {
            throw ProblemException.unprocessable("pickup-window", "windowEnd " + end + " must be at least 30 minutes after windowStart " + start);
        }
        Map<String, BigDecimal> tonnes = new LinkedHashMap<>();
        Set<String> codes = new HashSet<>();
        for (NewLine l : req.lines()) {
            String code = catalogue.require(l.wasteCode()).code;
            if (!codes.add(code)) {
                throw ProblemException.unprocessable("duplicate-line", "waste code " + code + " appears on two lines; put all its containers on one line");
            }
            tonnes.put(code, l.estimatedKg().movePointLeft(3));
        }
        // the generator learns now, not at the manifest, that the collector may not take a code
        licences.requireAll(collector.id, req.earliestDate(), tonnes);
        PickupRequest p = new PickupRequest();
        p.requestId = req.requestId();
        p.generatorPartyId = current.partyId();
        p.collectorPartyId = collector.id;
        p.status = Status.REQUESTED;
        p.earliestDate = req.earliestDate();
        p.latestDate = req.latestDate();
        p.windowStart = start;
        p.windowEnd = end;
        p.note = req.note() == null || req.note().isBlank() ? null : req.note().strip();
        p.createdBy = current.userId();
        p.persist();
        int lineNo = 0;
        for (NewLine l : req.lines()) {
            em.createNativeQuery("INSERT INTO pickup_request_line (pickup_request_id, line_no, waste_code, physical_form, main_components,"
                            + " container_type, containers, volume_litres, estimated_kg) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                    .setParameter(1, p.id).setParameter(2, ++lineNo).setParameter(3, catalogue.require(l.wasteCode()).code)
                    .setParameter(4, l.physicalForm().name()).setParameter(5, l.mainComponents().strip()).setParameter(6, l.containerType().name())
                    .setParameter(7, l.containers()).setParameter(8, l.volumeLitres()).setParameter(9, l.estimatedKg()).executeUpdate();
        }
        em.flush();
        return new Outcome(view(p), true);
    }

    public Outcome accept(long id) {
        PickupRequest p = forCollector(id);
        if (p.status == Status.ACCEPTED) {
            return new Outcome(view(p), false);
        }
        return decide(p, Action.ACCEPT, null, null);
    }

    public Outcome decline(long id, String reason) {
        PickupRequest p = forCollector(id);
        if (p.status == Status.DECLINED && reason.strip().equals(p.reason)) {
            return new Outcome(view(p), false);
        }
        return decide(p, Action.DECLINE, reason.strip(), null);
    }

    public Outcome schedule(long id, LocalDate date) {
        PickupRequest p = forCollector(id);
        if (p.status == Status.SCHEDULED && date.equals(p.scheduledDate)) {
            return new Outcome(view(p), false);
        }
        requireWithin(p, date);
        return decide(p, Action.SCHEDULE, null, date);
    }

    public Outcome withdraw(long id, String reason) {
        PickupRequest p = visible(id);
        if (!current.has(Role.GENERATOR_STAFF) || p.generatorPartyId != current.partyId()) {
            throw ProblemException.forbidden("only the generator's staff withdraw its pickup request");
        }
        if (p.status == Status.WITHDRAWN) {
            return new Outcome(view(p), false);
        }
        return decide(p, Action.WITHDRAW, reason.strip(), null);
    }

    /**
     * Issues the pickup manifest of an accepted (or scheduled) request, once: the manifest's lines and containers are
     * the request's, its pickup date the scheduled day (else the first possible one). A second call answers the same
     * manifest.
     */
    public Outcome issueManifest(long id) {
        PickupRequest p = forCollector(id);
        if (p.manifestId != null) {
            return new Outcome(view(p), false);
        }
        String refusal = PickupRules.refusal(p.status, false, Action.ISSUE_MANIFEST);
        if (refusal != null) {
            throw ProblemException.conflict(refusal);
        }
        LocalDate today = LocalDate.now(config.zone());
        LocalDate day = p.scheduledDate != null ? p.scheduledDate : p.earliestDate.isBefore(today) ? today : p.earliestDate;
        List<ManifestDtos.Line> lines = new ArrayList<>();
        for (LineView l : lines(p.id)) {
            BigDecimal each = l.estimatedKg().divide(BigDecimal.valueOf(l.containers()), 2, RoundingMode.HALF_UP).max(new BigDecimal("0.01"));
            List<ManifestDtos.NewContainer> containers = new ArrayList<>();
            for (int i = 0; i < l.containers(); i++) {
                containers.add(new ManifestDtos.NewContainer(cn.hazchain.custody.Container.Type.valueOf(l.containerType()), l.volumeLitres(), each, null));
            }
            lines.add(new ManifestDtos.Line(l.wasteCode(), null, ManifestDtos.PhysicalForm.valueOf(l.physicalForm()), l.mainComponents(), null,
                    containers));
        }
        UUID manifestRequest = UUID.nameUUIDFromBytes(("pickup-request:" + p.requestId).getBytes(StandardCharsets.UTF_8));
        Manifest m = manifests.issue(new ManifestDtos.OpenPickup(manifestRequest, p.generatorPartyId, p.collectorPartyId, day, null,
                "取运申请 pickup request " + p.id, lines), Party.findById(p.generatorPartyId), Party.findById(p.collectorPartyId), current.userId());
        p.manifestId = m.id;
        em.flush();
        return new Outcome(view(p), true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RequestView get(long id) {
        return view(visible(id));
    }

    /** Requests the caller may see, newest first; filters: status, the day a pickup may happen on. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RequestView> list(Status status, LocalDate on, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM pickup_request r WHERE true");
        if (!current.seesAll()) {
            if (current.has(Role.GENERATOR_STAFF)) {
                where.append(" AND r.generator_party_id = :me");
            } else if (current.has(Role.COLLECTOR_OPERATOR, Role.DRIVER)) {
                where.append(" AND r.collector_party_id = :me");
            } else {
                throw ProblemException.forbidden("pickup requests are read by generators, collectors and regulators");
            }
            params.put("me", current.partyId());
        }
        if (status != null) {
            where.append(" AND r.status = :status");
            params.put("status", status.name());
        }
        if (on != null) {
            where.append(" AND r.earliest_date <= :on AND r.latest_date >= :on");
            params.put("on", on);
        }
        return Page.ofIds(em, "r.id", where, "r.created_at DESC, r.id DESC", params, paging, rid -> view(PickupRequest.findById(rid)));
    }

    private Outcome decide(PickupRequest p, Action action, String reason, LocalDate date) {
        String refusal = PickupRules.refusal(p.status, p.manifestId != null, action);
        if (refusal != null) {
            throw ProblemException.conflict(refusal);
        }
        p.status = PickupRules.target(p.status, action);
        if (action == Action.DECLINE || action == Action.WITHDRAW) {
            p.reason = reason;
            p.scheduledDate = null;
            p.roundId = null;
        }
        if (action == Action.SCHEDULE) {
            p.scheduledDate = date;
            p.roundId = null; // a new day leaves the round planned for the old one
        }
        p.decidedBy = current.userId();
        p.decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.flush();
        return new Outcome(view(p), true);
    }

    private void requireWithin(PickupRequest p, LocalDate date) {
        if (date.isBefore(p.earliestDate) || date.isAfter(p.latestDate)) {
            throw ProblemException.unprocessable("pickup-date", "the generator asked for a pickup between " + p.earliestDate + " and "
                    + p.latestDate + ", not on " + date);
        }
    }

    /** A request the caller may see, or 404. */
    PickupRequest visible(long id) {
        PickupRequest p = PickupRequest.findById(id);
        if (p == null || !(current.seesAll() || current.partyId() == p.generatorPartyId || current.partyId() == p.collectorPartyId
                && current.has(Role.COLLECTOR_OPERATOR, Role.DRIVER))) {
            throw ProblemException.notFound("pickup request", id);
        }
        return p;
    }

    /** A request the caller decides as its collector's operator. */
    private PickupRequest forCollector(long id) {
        PickupRequest p = visible(id);
        if (!current.has(Role.COLLECTOR_OPERATOR) || current.partyId() != p.collectorPartyId) {
            throw ProblemException.forbidden("only operators of the collector asked decide a pickup request");
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    List<LineView> lines(long requestId) {
        List<Object[]> rows = em.createNativeQuery("SELECT line_no, waste_code, physical_form, main_components, container_type, containers,"
                + " volume_litres, estimated_kg FROM pickup_request_line WHERE pickup_request_id = ?1 ORDER BY line_no")
                .setParameter(1, requestId).getResultList();
        return rows.stream().map(r -> new LineView(((Number) r[0]).intValue(), ((String) r[1]).strip(), (String) r[2], (String) r[3], (String) r[4],
                ((Number) r[5]).intValue(), ((Number) r[6]).intValue(), (BigDecimal) r[7])).toList();
    }

    RequestView view(PickupRequest p) {
        List<LineView> lines = lines(p.id);
        Party g = Party.findById(p.generatorPartyId);
        Party c = Party.findById(p.collectorPartyId);
        String manifestNumber = p.manifestId == null ? null : ((Manifest) Manifest.findById(p.manifestId)).number.strip();
        return new RequestView(p.id, p.requestId, p.status.name(), g.id, g.name, c.id, c.name, p.earliestDate, p.latestDate,
                p.windowStart.toString(), p.windowEnd.toString(), p.note, p.reason, p.scheduledDate, p.roundId, manifestNumber,
                lines.stream().map(LineView::estimatedKg).reduce(BigDecimal.ZERO, BigDecimal::add),
                lines.stream().mapToInt(l -> l.containers() * l.volumeLitres()).sum(), lines,
                p.createdAt == null ? SqlValues.instant(em.createNativeQuery("SELECT created_at FROM pickup_request WHERE id = ?1")
                        .setParameter(1, p.id).getSingleResult()) : p.createdAt, p.decidedAt, p.version);
    }
}
