package cn.hazchain.custody;

import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.ContainerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads containers: a caller sees the containers {@link Visibility} gives them. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ContainerService {

    @Inject
    Visibility visibility;

    @Inject
    ContainerLabels labels;

    @Inject
    ContainerStore store;

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    public record ContainerView(String labelId, String state, String wasteCode, String manifestNumber, long generatorPartyId,
                                String containerType, int volumeLitres, BigDecimal estimatedWeightKg, LocalDate generationDate,
                                String labelKeyId, String qrUrl, Instant createdAt, Instant updatedAt, int version) {
    }

    /** The container if the caller may see it; else 404 (whether it exists or not). */
    public Container visible(String labelId) {
        Container c = Container.byLabelId(CustodyCommands.normalize(labelId)).orElse(null);
        if (c == null || !visibility.seesContainer(c.id)) {
            throw ProblemException.notFound("container", Text.clip(labelId, 40));
        }
        return c;
    }

    /** What the QR code of a container the caller may see holds: the public verification URL with its signed token. */
    public String qrUrl(String labelId) {
        return labels.qrUrl(visible(labelId));
    }

    public ContainerView get(String labelId) {
        return seen(visible(labelId).id);
    }

    /**
     * The container as the caller may see it (issue #19, finding 8): as it is, or, for a party whose custody ended
     * before the container's last event (a receiver that refused it, a carrier after the receipt), as it was then.
     */
    public ContainerView seen(long containerId) {
        ContainerView v = view(containerId);
        ContainerSnapshot then = pastCustody(containerId, v.version());
        if (then == null) {
            return v;
        }
        return new ContainerView(v.labelId(), then.state().name(), v.wasteCode(), v.manifestNumber(), v.generatorPartyId(), v.containerType(),
                v.volumeLitres(), v.estimatedWeightKg(), v.generationDate(), v.labelKeyId(), v.qrUrl(), v.createdAt(), then.lastEventAt(),
                then.version());
    }

    /**
     * The container as it stood when the caller's custody of it ended, when it went on after that; null when the
     * caller sees it as it is.
     */
    public ContainerSnapshot pastCustody(long containerId, int version) {
        Integer horizon = visibility.hidesAfter(containerId, version);
        return horizon == null ? null : store.fold(containerId, "e.seq <= " + horizon);
    }

    private static final String VIEW = "SELECT c.label_id, c.state, c.waste_code, m.number, c.generator_party_id, c.container_type,"
            + " c.volume_litres, c.estimated_weight_kg, c.generation_date, c.label_key_id, c.label_token, c.created_at, c.updated_at, c.version"
            + " FROM container c JOIN manifest m ON m.id = c.manifest_id WHERE c.id = ?1";

    /** The container as stored now (read with SQL: it may have changed in this transaction after an entity was loaded). */
    public ContainerView view(long containerId) {
        Object[] r = (Object[]) em.createNativeQuery(VIEW).setParameter(1, containerId).getSingleResult();
        return new ContainerView(((String) r[0]).strip(), (String) r[1], ((String) r[2]).strip(), ((String) r[3]).strip(),
                ((Number) r[4]).longValue(), (String) r[5], ((Number) r[6]).intValue(), (BigDecimal) r[7], SqlValues.localDate(r[8]),
                (String) r[9], labels.qrUrl((String) r[10]), SqlValues.instant(r[11]), SqlValues.instant(r[12]), ((Number) r[13]).intValue());
    }

    public Page<ContainerView> list(ContainerState state, Long generatorPartyId, String manifestNumber, String wasteCode,
                                    LocalDate from, LocalDate to, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM container c JOIN manifest m ON m.id = c.manifest_id WHERE ")
                .append(visibility.containers("c"));
        if (state != null) {
            where.append(" AND ").append(visibility.seenState("c")).append(" = :state"); // the state each row shows (seen)
            params.put("state", state.name());
        }
        if (generatorPartyId != null) {
            where.append(" AND c.generator_party_id = :generator");
            params.put("generator", generatorPartyId);
        }
        if (manifestNumber != null && !manifestNumber.isBlank()) {
            where.append(" AND m.number = :number");
            params.put("number", Text.clip(manifestNumber.strip(), 14));
        }
        if (wasteCode != null && !wasteCode.isBlank()) {
            where.append(" AND c.waste_code = :code");
            params.put("code", WasteCodes.normalize(wasteCode));
        }
        if (from != null) {
            where.append(" AND c.created_at >= :from");
            params.put("from", from.atStartOfDay(config.zone()).toInstant());
        }
        if (to != null) {
            where.append(" AND c.created_at < :to");
            params.put("to", to.plusDays(1).atStartOfDay(config.zone()).toInstant());
        }
        visibility.bind(params, where.toString());
        return Page.ofIds(em, "c.id", where, "c.created_at DESC, c.id DESC", params, paging, this::seen);
    }

    /** Ids of a manifest's containers in issue order (no visibility check: the caller checked the manifest). */
    @SuppressWarnings("unchecked")
    public List<Long> idsOfManifest(long manifestId) {
        return ((List<Number>) em.createNativeQuery("SELECT id FROM container WHERE manifest_id = ?1 ORDER BY id").setParameter(1, manifestId)
                .getResultList()).stream().map(Number::longValue).toList();
    }
}
