package cn.hazchain.container;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestService;
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

/** Reads containers; a caller sees the containers of the manifests they may see. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ContainerService {

    @Inject
    CurrentUser current;

    @Inject
    ManifestService manifests;

    @Inject
    ContainerLabels labels;

    @Inject
    EntityManager em;

    @Inject
    cn.hazchain.common.HazChainConfig config;

    public record ContainerView(String labelId, String state, String wasteCode, String manifestNumber, long generatorPartyId,
                                String containerType, int volumeLitres, BigDecimal estimatedWeightKg, LocalDate generationDate,
                                String labelKeyId, String qrUrl, Instant createdAt, Instant updatedAt, int version) {
    }

    public Container visible(String labelId) {
        Container c = Container.byLabelId(labelId == null ? "" : labelId.strip().toUpperCase()).orElse(null);
        if (c == null || !(manifests.canSee(Manifest.findById(c.manifestId)) || onTransferOfMine(c))) {
            throw ProblemException.notFound("container", Text.clip(labelId, 40));
        }
        return c;
    }

    /** Receivers and carriers see the containers declared on their transfers. */
    private boolean onTransferOfMine(Container c) {
        return !em.createNativeQuery("SELECT 1 FROM transfer_item ti JOIN transfer t ON t.id = ti.transfer_id"
                        + " WHERE ti.container_id = ?1 AND (t.receiver_party_id = ?2 OR t.carrier_party_id = ?2)")
                .setParameter(1, c.id).setParameter(2, current.partyId()).getResultList().isEmpty();
    }

    public ContainerView get(String labelId) {
        return view(visible(labelId));
    }

    public ContainerView view(Container c) {
        Manifest m = Manifest.findById(c.manifestId);
        return new ContainerView(c.labelId, c.state, c.wasteCode, m.number, c.generatorPartyId, c.containerType.name(),
                c.volumeLitres, c.estimatedWeightKg, c.generationDate, c.labelKeyId, labels.qrUrl(c), c.createdAt, c.updatedAt, c.version);
    }

    @SuppressWarnings("unchecked")
    public Page<ContainerView> list(ContainerState state, Long generatorPartyId, String manifestNumber, String wasteCode,
                                    LocalDate from, LocalDate to, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" FROM container c JOIN manifest m ON m.id = c.manifest_id WHERE ")
                .append(manifests.visibilityClause(params));
        if (state != null) {
            where.append(" AND c.state = :state");
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
        return Page.ofIds(em, "c.id", where, "c.created_at DESC, c.id DESC", params, paging, id -> view(Container.findById(id)));
    }
}
