package cn.hazchain.manifest;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.catalogue.WasteCode;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.ContainerLabels;
import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.LabelIssuance;
import cn.hazchain.custody.ManifestNumbers;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.Rejections;
import cn.hazchain.custody.Visibility;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.licence.LicenceService;
import cn.hazchain.manifest.ManifestDtos.Cancel;
import cn.hazchain.manifest.ManifestDtos.ContainerSummary;
import cn.hazchain.manifest.ManifestDtos.Line;
import cn.hazchain.manifest.ManifestDtos.LineView;
import cn.hazchain.manifest.ManifestDtos.ManifestSummary;
import cn.hazchain.manifest.ManifestDtos.ManifestView;
import cn.hazchain.manifest.ManifestDtos.NewContainer;
import cn.hazchain.manifest.ManifestDtos.OpenPickup;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.PartySnapshot;
import cn.hazchain.party.PartyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pickup manifests: one per generator per pickup, with lines per waste code and labelled containers per line.
 * Who may open one: the collector's operators (for any generator they serve) and the generator's own staff.
 */
@ApplicationScoped
@Transactional
public class ManifestService {

    static final Set<String> HAZARDS = Set.of("T", "C", "I", "R", "In");

    @Inject
    CurrentUser current;

    @Inject
    PartyService parties;

    @Inject
    CatalogueService catalogue;

    @Inject
    LicenceService licences;

    @Inject
    ManifestNumbers numbers;

    @Inject
    CustodyCommands custody;

    @Inject
    LabelIssuance issuance;

    @Inject
    ContainerLabels labels;

    @Inject
    LabelPrinting printing;

    @Inject
    Visibility visibility;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    @Inject
    jakarta.enterprise.event.Event<ManifestChanged> changed;

    /** The opened manifest, and whether this call created it (false: a retry of the same requestId). */
    public record Opened(ManifestView manifest, boolean created) {
    }

    public Opened open(OpenPickup req) {
        current.require(Role.COLLECTOR_OPERATOR, Role.GENERATOR_STAFF);
        if (req.requestId() != null) {
            var previous = Manifest.<Manifest>find("requestId", req.requestId()).firstResultOptional();
            if (previous.isPresent()) {
                Manifest m = previous.get();
                if (!m.createdBy.equals(current.userId())) {
                    throw ProblemException.conflict("requestId " + req.requestId() + " was already used by another user; generate a new one");
                }
                return new Opened(view(m), false);
            }
        }
        Party generator = parties.visible(req.generatorPartyId());
        if (generator.kind != PartyKind.GENERATOR) {
            throw ProblemException.unprocessable("not-a-generator", "party " + generator.id + " is a " + generator.kind + "; a pickup manifest is opened for a GENERATOR");
        }
        Party collector = collectorFor(req, generator);
        return new Opened(view(issue(req, generator, collector, current.userId())), true);
    }

    /**
     * Creates the manifest, its lines and labelled containers once the caller's rights are checked (also used by
     * the demo data). Checks codes, the collector's licence, sizes and dates.
     */
    public Manifest issue(OpenPickup req, Party generator, Party collector, long userId) {
        return issue(req, generator, collector, userId, Instant.now());
    }

    /**
     * The same, as of {@code at}: the day the pickup date and generation dates are checked against, the date in the
     * label IDs and the time of the labels' issue (the demo's history issues in the past).
     */
    public Manifest issue(OpenPickup req, Party generator, Party collector, long userId, Instant at) {
        int containerCount = req.lines().stream().mapToInt(l -> l.containers().size()).sum();
        if (req.lines().size() > config.manifest().maxLines() || containerCount > config.manifest().maxContainers()) {
            throw ProblemException.unprocessable("manifest-too-large", "a manifest holds at most " + config.manifest().maxLines()
                    + " lines and " + config.manifest().maxContainers() + " containers; split the pickup");
        }
        for (Line line : req.lines()) {
            printable("wasteName", line.wasteName());
            printable("mainComponents", line.mainComponents());
        }
        LocalDate today = LocalDate.ofInstant(at, config.zone());
        LocalDate pickupDate = req.pickupDate() == null ? today : req.pickupDate();
        if (pickupDate.isBefore(today.minusDays(1)) || pickupDate.isAfter(today.plusDays(90))) {
            throw ProblemException.unprocessable("pickup-date", "pickupDate must be between yesterday and 90 days ahead, got " + pickupDate);
        }
        Map<String, WasteCode> codes = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, BigDecimal> tonnesByCode = new LinkedHashMap<>();
        for (Line line : req.lines()) {
            WasteCode code = catalogue.require(line.wasteCode());
            if (!seen.add(code.code)) {
                throw ProblemException.unprocessable("duplicate-line", "waste code " + code.code + " appears on two lines; put all its containers on one line");
            }
            codes.put(line.wasteCode(), code);
            BigDecimal tonnes = line.containers().stream().map(NewContainer::estimatedWeightKg).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .movePointLeft(3);
            tonnesByCode.put(code.code, tonnes);
            for (NewContainer c : line.containers()) {
                if (c.generationDate() != null && c.generationDate().isAfter(today)) {
                    throw ProblemException.unprocessable("generation-date", "generationDate " + c.generationDate() + " of a " + code.code + " container is in the future");
                }
            }
        }
        licences.requireAll(collector.id, pickupDate, tonnesByCode);

        Manifest m = new Manifest();
        m.number = numbers.next(pickupDate.getYear());
        m.kind = Manifest.Kind.PICKUP;
        m.generatorPartyId = generator.id;
        m.collectorPartyId = collector.id;
        m.generator = PartySnapshot.of(generator); // the parties as issued: what this manifest and its labels print
        m.collector = PartySnapshot.of(collector);
        m.catalogueEdition = catalogue.edition();
        m.pickupDate = pickupDate;
        m.emergencyMeasures = Text.trimToNull(req.emergencyMeasures());
        m.note = Text.trimToNull(req.note());
        m.createdBy = userId;
        m.requestId = req.requestId();
        m.createdAt = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        m.persist();

        int lineNo = 0;
        List<ContainerLabels.NewLabel> news = new ArrayList<>();
        List<ManifestLine> lineOf = new ArrayList<>();
        for (Line line : req.lines()) {
            WasteCode code = codes.get(line.wasteCode());
            ManifestLine l = new ManifestLine();
            l.manifestId = m.id;
            l.lineNo = ++lineNo;
            l.wasteCode = code.code;
            l.wasteName = line.wasteName() == null || line.wasteName().isBlank() ? code.categoryName : line.wasteName().strip();
            l.category = code.category.strip();
            l.hazards = hazards(line, code);
            l.physicalForm = line.physicalForm().name();
            l.mainComponents = line.mainComponents().strip();
            l.persist();
            for (NewContainer c : line.containers()) {
                news.add(new ContainerLabels.NewLabel(m.id, l.id, generator.id, generator.uscc, l.wasteCode, l.hazards, c.type(),
                        c.volumeLitres(), c.estimatedWeightKg(), c.generationDate()));
                lineOf.add(l);
            }
        }
        List<Container> issued = issuance.issue(news, today, userId, actorPartyId(userId), java.util.UUID.randomUUID(), at);
        for (int i = 0; i < issued.size(); i++) {
            printing.data(issued.get(i), lineOf.get(i), m.generator); // refuse now what could not be printed on the label
        }
        em.flush();
        changed.fire(new ManifestChanged(m.id, m.number, ManifestChanged.Change.ISSUED));
        return m;
    }

    /** Text printed on the labels reads as stored: no control or bidirectional characters (issue #19, finding 4). */
    private static void printable(String field, String value) {
        cn.hazchain.common.PlainText.problem(value).ifPresent(p -> {
            throw ProblemException.unprocessable("unprintable-text", field + " holds " + p + "; it is printed on every label of the line: remove it");
        });
    }

    private Party collectorFor(OpenPickup req, Party generator) {
        if (current.has(Role.COLLECTOR_OPERATOR)) {
            if (req.collectorPartyId() != null && req.collectorPartyId() != current.partyId()) {
                throw ProblemException.forbidden("a collector operator opens manifests for their own collector (party " + current.partyId() + ")");
            }
            return Party.findById(current.partyId());
        }
        if (generator.id != current.partyId()) {
            throw ProblemException.notFound("party", generator.id);
        }
        if (req.collectorPartyId() == null) {
            throw ProblemException.badRequest("collectorPartyId is required: name the collector that will pick up");
        }
        Party collector = parties.visible(req.collectorPartyId());
        if (collector.kind != PartyKind.COLLECTOR) {
            throw ProblemException.unprocessable("not-a-collector", "party " + collector.id + " is a " + collector.kind + ", not a COLLECTOR");
        }
        return collector;
    }

    private static List<String> hazards(Line line, WasteCode code) {
        if (line.hazards() == null || line.hazards().isEmpty()) {
            return code.hazards;
        }
        List<String> result = new ArrayList<>();
        for (String h : line.hazards()) {
            String v = h.strip();
            if (!HAZARDS.contains(v)) {
                throw ProblemException.unprocessable("hazard", "hazard '" + Text.clip(v, 5) + "' of " + code.code + " must be one of T, C, I, R, In");
            }
            if (!result.contains(v)) {
                result.add(v);
            }
        }
        return result;
    }

    public ManifestView cancel(String number, Cancel req) {
        Manifest m = visible(number);
        boolean collectorSide = current.has(Role.COLLECTOR_OPERATOR) && m.collectorPartyId == current.partyId();
        boolean generatorSide = current.has(Role.GENERATOR_STAFF) && m.generatorPartyId == current.partyId();
        if (!collectorSide && !generatorSide) {
            throw ProblemException.forbidden("only the manifest's collector operators or generator staff may cancel it");
        }
        if (m.cancelledAt != null) {
            throw ProblemException.conflict("manifest " + number + " was already cancelled at " + m.cancelledAt);
        }
        java.util.UUID commandId = java.util.UUID.randomUUID();
        List<CustodyCommands.Request> requests = Container.<Container>list("manifestId = ?1 order by id", m.id).stream()
                .map(c -> new CustodyCommands.Request(c.labelId, new CustodyCommand.Cancel(req.reason()), null, commandId,
                        cn.hazchain.custody.log.Context.NONE, false)).toList();
        List<String> moved = new ArrayList<>();
        for (Outcome o : custody.handle(requests)) {
            if (o instanceof Outcome.Refused r) {
                if (r.rejection().kind() != Rejection.Kind.ILLEGAL_TRANSITION) {
                    throw new ProblemException(Rejections.problem(r.rejection()));
                }
                moved.add(r.container().labelId() + " is " + r.container().state());
            }
        }
        if (!moved.isEmpty()) {
            throw ProblemException.conflict("manifest " + number + " cannot be cancelled: " + String.join(", ", moved)
                    + "; only a manifest whose containers are all ISSUED can be cancelled");
        }
        m.cancelledAt = Instant.now();
        m.cancelledBy = current.userId();
        m.cancelReason = req.reason().strip();
        em.flush();
        changed.fire(new ManifestChanged(m.id, m.number, ManifestChanged.Change.CANCELLED));
        return view(m);
    }

    /**
     * The generator's staff confirm or dispute, from their own account, the pickups of a manifest that were not
     * confirmed at the stop (issue #15, point 1): one PICKUP_CONFIRMED or PICKUP_DISPUTED event per container.
     */
    public cn.hazchain.manifest.ManifestDtos.PickupDecided decidePickup(String number, cn.hazchain.manifest.ManifestDtos.PickupDecision req) {
        Manifest m = visible(number);
        if (!current.has(Role.GENERATOR_STAFF) || m.generatorPartyId == null || m.generatorPartyId != current.partyId()) {
            throw ProblemException.forbidden("only the manifest's generator staff confirm or dispute its pickup");
        }
        java.util.Set<String> only = req.labelIds() == null || req.labelIds().isEmpty() ? null
                : req.labelIds().stream().map(CustodyCommands::normalize).collect(java.util.stream.Collectors.toSet());
        List<Container> open = Container.<Container>list("manifestId = ?1 and pickupConfirmation = 'UNCONFIRMED' order by id", m.id).stream()
                .filter(c -> only == null || only.contains(CustodyCommands.normalize(c.labelId))).toList();
        if (only != null) {
            java.util.Set<String> missing = new java.util.TreeSet<>(only);
            open.forEach(c -> missing.remove(CustodyCommands.normalize(c.labelId)));
            if (!missing.isEmpty()) {
                throw ProblemException.unprocessable("nothing-to-confirm", "no unconfirmed pickup of manifest " + number + " has label "
                        + String.join(", ", missing));
            }
        }
        if (open.isEmpty()) {
            throw ProblemException.conflict("no pickup of manifest " + number + " awaits your confirmation");
        }
        cn.hazchain.custody.domain.CustodyCommand.ConfirmPickup command = new cn.hazchain.custody.domain.CustodyCommand.ConfirmPickup(
                req.decision(), req.reason());
        List<String> labelIds = new ArrayList<>();
        for (Outcome o : custody.handle(open.stream().map(c -> new CustodyCommands.Request(c.labelId, command, null, req.commandId(),
                cn.hazchain.custody.log.Context.NONE, false)).toList())) {
            if (o instanceof Outcome.Refused r) {
                throw new ProblemException(Rejections.problem(r.rejection()));
            }
            labelIds.add(((Outcome.Applied) o).container().labelId());
        }
        return new cn.hazchain.manifest.ManifestDtos.PickupDecided(m.number, req.decision().name(), labelIds, Instant.now());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ManifestView get(String number) {
        return view(visible(number));
    }

    /** The manifest if the caller may see it; else 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Manifest visible(String number) {
        Manifest m = Manifest.byNumber(number == null ? "" : number.strip()).orElse(null);
        if (m == null || !visibility.seesManifest(m.id)) {
            throw ProblemException.notFound("manifest", Text.clip(number, 20));
        }
        return m;
    }

    /** Its state: the view manifest_progress_derived (V9), the one definition of a manifest's state. */
    public ManifestState state(long manifestId) {
        return ManifestState.valueOf((String) em.createNativeQuery("SELECT state FROM manifest_progress_derived WHERE manifest_id = ?1")
                .setParameter(1, manifestId).getSingleResult());
    }

    /** The party a user acts for. */
    private long actorPartyId(long userId) {
        return ((Number) em.createNativeQuery("SELECT party_id FROM app_user WHERE id = ?1").setParameter(1, userId).getSingleResult()).longValue();
    }

    ManifestView view(Manifest m) {
        PartySnapshot generator = m.generatorAtIssue();
        PartySnapshot collector = m.collectorAtIssue();
        List<ManifestLine> lines = ManifestLine.list("manifestId = ?1 order by lineNo", m.id);
        List<Container> containers = Container.list("manifestId = ?1 order by id", m.id);
        List<LineView> lineViews = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (ManifestLine l : lines) {
            List<ContainerSummary> cs = containers.stream().filter(c -> c.lineId.equals(l.id))
                    .map(c -> new ContainerSummary(c.labelId, c.state, c.wasteCode, c.containerType.name(), c.volumeLitres,
                            c.estimatedWeightKg, labels.qrUrl(c), c.pickupConfirmation)).toList();
            lineViews.add(new LineView(l.lineNo, l.wasteCode, l.wasteName, l.category, l.hazards, l.physicalForm, l.mainComponents, cs));
        }
        for (Container c : containers) {
            total = total.add(c.estimatedWeightKg);
        }
        return new ManifestView(m.number, m.kind.name(), state(m.id).name(), m.generatorPartyId, generator.name,
                generator.uscc, m.collectorPartyId, collector.name, m.pickupDate, m.emergencyMeasures, m.note, m.catalogueEdition,
                m.createdAt, m.cancelledAt, m.cancelReason, containers.size(), total, printing.manifestUrl(m), lineViews, m.version, m.roundId,
                m.vehicleId);
    }

    @SuppressWarnings("unchecked")
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ManifestSummary> list(ManifestState state, Long generatorPartyId, LocalDate from, LocalDate to, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" WHERE m.kind = 'PICKUP' AND ").append(visibility.manifests("m"));
        if (generatorPartyId != null) {
            where.append(" AND m.generator_party_id = :generator");
            params.put("generator", generatorPartyId);
        }
        if (from != null) {
            where.append(" AND m.pickup_date >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" AND m.pickup_date <= :to");
            params.put("to", to);
        }
        String stateExpr = "mp.state"; // ManifestState, stored by the read model (V9: manifest_progress)
        String core = "FROM manifest m JOIN party g ON g.id = m.generator_party_id JOIN manifest_progress mp ON mp.manifest_id = m.id" + where;
        if (state != null) {
            core += " AND " + stateExpr + " = :state";
            params.put("state", state.name());
        }
        visibility.bind(params, core);
        var count = em.createNativeQuery("SELECT count(*) " + core);
        // the page's rows first, then their containers' count and weight (not those of every row skipped before them)
        var select = em.createNativeQuery("SELECT p.number, p.state, p.generator_party_id, p.name, p.town, p.collector_party_id,"
                + " p.pickup_date, agg.n, agg.kg, p.created_at FROM (SELECT m.id, m.number, " + stateExpr + " AS state, m.generator_party_id,"
                + " coalesce(m.generator_name, g.name) AS name, coalesce(m.generator_town, g.town) AS town, m.collector_party_id, m.pickup_date, m.created_at " + core
                + " ORDER BY m.pickup_date DESC, m.number DESC LIMIT :limit OFFSET :offset) p"
                + " LEFT JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(c.estimated_weight_kg), 0) AS kg"
                + " FROM container c WHERE c.manifest_id = p.id) agg ON true ORDER BY p.pickup_date DESC, p.number DESC");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            select.setParameter(k, v);
        });
        select.setParameter("limit", paging.size()).setParameter("offset", paging.offset());
        long total = ((Number) count.getSingleResult()).longValue();
        List<Object[]> rows = select.getResultList();
        List<ManifestSummary> items = rows.stream().map(r -> new ManifestSummary(((String) r[0]).strip(), (String) r[1],
                ((Number) r[2]).longValue(), (String) r[3], (String) r[4], ((Number) r[5]).longValue(),
                SqlValues.localDate(r[6]), ((Number) r[7]).intValue(), (BigDecimal) r[8], SqlValues.instant(r[9]))).toList();
        return Page.of(items, paging, total);
    }
}
