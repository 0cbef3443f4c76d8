package cn.hazchain.report;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.log.AuditService;
import cn.hazchain.custody.trail.TrailService;
import cn.hazchain.custody.trail.TrailService.TrailEvent;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestService;
import cn.hazchain.manifest.ManifestState;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.report.AuditReportPdf.CodeTotal;
import cn.hazchain.report.AuditReportPdf.ContainerBlock;
import cn.hazchain.report.AuditReportPdf.ManifestBlock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A generator's audit trail and its printable audit report. Who may ask: regulators and administrators; the
 * generator's own staff; the operators of a collector that picked up from it (who see their own pickups only).
 * Anyone else, and any party that is not a generator, gets 404.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class GeneratorAuditService {

    /** Most containers one printed report covers; a longer period is refused with 422 (print shorter periods). */
    static final int MAX_REPORT_CONTAINERS = 2000;

    @Inject
    CurrentUser current;

    @Inject
    EntityManager em;

    @Inject
    TrailService trails;

    @Inject
    cn.hazchain.custody.Visibility visibility;

    @Inject
    AuditService audit;

    @Inject
    ManifestService manifests;

    @Inject
    MassBalanceService balances;

    @Inject
    HazChainConfig config;

    private final AuditReportPdf pdf = new AuditReportPdf();

    public Page<TrailEvent> trail(long partyId, Period period, Paging paging) {
        Party g = visibleGenerator(partyId);
        return trails.generatorTrail(g.id, period.start(config.zone()), period.end(config.zone()), paging);
    }

    public byte[] auditReport(long partyId, Period period) {
        Party g = visibleGenerator(partyId);
        return pdf.render(reportData(g, period));
    }

    /** The generator, if the caller may audit it; else 404 whether or not it exists. */
    Party visibleGenerator(long partyId) {
        Party g = Party.findById(partyId);
        if (g == null || g.kind != PartyKind.GENERATOR || !mayAudit(g)) {
            throw ProblemException.notFound("generator", partyId);
        }
        return g;
    }

    private boolean mayAudit(Party g) {
        if (current.seesAll() || ownStaff(g)) {
            return true;
        }
        return current.has(Role.COLLECTOR_OPERATOR) && !em.createNativeQuery("SELECT 1 FROM manifest WHERE generator_party_id = ?1"
                + " AND collector_party_id = ?2 LIMIT 1").setParameter(1, g.id).setParameter(2, current.partyId()).getResultList().isEmpty();
    }

    private boolean ownStaff(Party g) {
        return current.has(Role.GENERATOR_STAFF) && g.id == current.partyId();
    }

    @SuppressWarnings("unchecked")
    AuditReportPdf.Data reportData(Party g, Period period) {
        Map<String, Object> params = new HashMap<>();
        String sql = "SELECT m.id FROM manifest m WHERE m.kind = 'PICKUP' AND m.generator_party_id = :generator"
                + " AND m.pickup_date >= :from AND m.pickup_date <= :to AND " + visibility.manifests("m") + " ORDER BY m.pickup_date, m.number";
        var query = em.createNativeQuery(sql);
        visibility.bind(params, sql);
        params.put("generator", g.id);
        params.put("from", period.from());
        params.put("to", period.to());
        params.forEach(query::setParameter);
        List<Long> manifestIds = ((List<Number>) query.getResultList()).stream().map(Number::longValue).toList();
        List<Container> containers = manifestIds.isEmpty() ? List.of()
                : Container.list("manifestId in ?1 order by manifestId, id", manifestIds);
        if (containers.size() > MAX_REPORT_CONTAINERS) {
            throw ProblemException.unprocessable("report-too-large", "the period holds " + containers.size() + " containers; one report prints at most "
                    + MAX_REPORT_CONTAINERS + ": ask for a shorter period");
        }
        List<Long> containerIds = containers.stream().map(c -> c.id).toList();
        Map<String, List<TrailEvent>> events = trails.trailOfContainers(containerIds).stream()
                .collect(Collectors.groupingBy(TrailEvent::labelId));
        Map<Long, AuditService.Chain> chains = audit.verifyChains(containerIds);

        Map<Long, Party> collectors = new HashMap<>();
        List<ManifestBlock> blocks = new ArrayList<>();
        for (Long id : manifestIds) {
            Manifest m = Manifest.findById(id);
            List<Container> mine = containers.stream().filter(c -> c.manifestId.equals(id)).toList();
            Party collector = collectors.computeIfAbsent(m.collectorPartyId, pid -> Party.<Party>findById(pid));
            List<ContainerBlock> cs = mine.stream().map(c -> {
                List<TrailEvent> es = events.getOrDefault(c.labelId.strip(), List.of());
                return new ContainerBlock(c.labelId.strip(), c.wasteCode.strip(), c.state, c.collectedWeightKg, c.receivedWeightKg,
                        c.refusedWeightKg, es, chainProblem(c, es, chains.get(c.id)));
            }).toList();
            blocks.add(new ManifestBlock(m.number, m.pickupDate, collector.name, manifests.state(m.id).name(), cs));
        }
        return new AuditReportPdf.Data(g.name, g.uscc.strip(), g.town, g.address, period.from(), period.to(), config.zone(), Instant.now(),
                current.username() + "（" + Party.<Party>findById(current.partyId()).name + "）", blocks, byCode(containers),
                byState(containers), current.seesAll() || ownStaff(g) ? balances.figures(MassBalance.Kind.GENERATOR, g.id, period) : null);
    }

    /**
     * The first break of the container's chain as {@link AuditService#verifyChains} found it; also a container
     * whose state is not the state its last event led to (an event missing at the end), or that moved without events.
     */
    static String chainProblem(Container c, List<TrailEvent> events, AuditService.Chain chain) {
        if (chain != null && !chain.intact()) {
            return "事件 event seq " + chain.firstBroken().seq() + "：" + chain.firstBroken().problem();
        }
        if (events.isEmpty()) {
            return ContainerState.ISSUED.name().equals(c.state) ? null : "state " + c.state + " but no events: the events are missing";
        }
        String last = events.get(events.size() - 1).toState();
        return last.equals(c.state) ? null : "state " + c.state + " but the last event leads to " + last + ": events are missing";
    }

    private static List<CodeTotal> byCode(List<Container> containers) {
        Map<String, List<Container>> groups = containers.stream().collect(Collectors.groupingBy(c -> c.wasteCode.strip(), TreeMap::new, Collectors.toList()));
        List<CodeTotal> totals = new ArrayList<>();
        groups.forEach((code, cs) -> totals.add(new CodeTotal(code, "HW" + code.substring(8, 10), cs.size(),
                sum(cs, c -> c.collectedWeightKg), sum(cs, c -> c.receivedWeightKg), sum(cs, c -> c.refusedWeightKg),
                sum(cs.stream().filter(c -> ContainerState.DISPOSED.name().equals(c.state)).toList(), c -> c.receivedWeightKg))));
        return totals;
    }

    private static Map<String, Long> byState(List<Container> containers) {
        Map<String, Long> byState = new java.util.LinkedHashMap<>();
        for (ContainerState s : ContainerState.values()) {
            long n = containers.stream().filter(c -> s.name().equals(c.state)).count();
            if (n > 0) {
                byState.put(s.name(), n);
            }
        }
        return byState;
    }

    private static BigDecimal sum(List<Container> cs, java.util.function.Function<Container, BigDecimal> kg) {
        return cs.stream().map(kg).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
