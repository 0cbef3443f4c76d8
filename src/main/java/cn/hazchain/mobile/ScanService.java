package cn.hazchain.mobile;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.ProblemException;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.ContainerService;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyRules;
import cn.hazchain.custody.domain.CustodyCommand.CommandKind;
import cn.hazchain.custody.Transfer;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelVerification;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestLine;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A scanned QR token checked online: is the label genuine, where is the container now, and which sync event
 * types this person may record for it next (with what each needs).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ScanService {

    @Inject
    LabelSigner signer;

    @Inject
    ContainerService containers;

    @Inject
    CurrentUser current;

    @Inject
    EntityManager em;

    public record ContainerNow(String labelId, String state, int version, String wasteCode, String wasteName, List<String> hazards,
                               String manifestNumber, long generatorPartyId, String generatorName, BigDecimal estimatedWeightKg,
                               BigDecimal lastWeightKg, Long custodianPartyId, Long storagePointId, String transferNumber,
                               Instant lastEventAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NextAction(MobileDtos.EventType type, String manifestNumber, List<Long> storagePointIds, String transferNumber,
                             List<String> acceptance) {
    }

    public record ScanResult(boolean genuine, String reason, String message, String messageZh, String labelId, String keyId,
                             ContainerNow container, List<NextAction> nextActions) {
    }

    public ScanResult scan(String scanned) {
        String token = scanned.strip();
        int v = token.lastIndexOf("/v/");
        if (v >= 0) {
            token = token.substring(v + 3);
        }
        LabelVerification result = signer.verify(token);
        if (result instanceof LabelVerification.Invalid invalid) {
            return new ScanResult(false, invalid.reason().name(), invalid.reason() == LabelVerification.Reason.MALFORMED
                    ? "Not a HazChain label code (damaged or incomplete): scan again or type the label ID"
                    : "Not genuine: this label was not signed by HazChain or was altered. Do not collect; report it.",
                    invalid.reason() == LabelVerification.Reason.MALFORMED ? "不是有效的平台标签（损坏或不完整），请重新扫描或手工输入标签编号"
                            : "非真实标签：未经平台签发或已被篡改。请勿收集并上报。", null, null, null, List.of());
        }
        LabelVerification.Valid valid = (LabelVerification.Valid) result;
        String labelId = valid.labelId().format();
        Container c;
        try {
            c = containers.visible(labelId);
        } catch (ProblemException notVisible) {
            boolean exists = Container.byLabelId(labelId).isPresent();
            return new ScanResult(true, exists ? "NOT_YOURS" : "NOT_ISSUED",
                    exists ? "Genuine label, but not on a manifest or transfer of your organisation: do not take it"
                            : "The signature is valid but no such container was issued",
                    exists ? "真实标签，但不属于本单位的联单或转移：请勿收取" : "签名有效，但平台未签发该容器", labelId, valid.kid(), null, List.of());
        }
        Manifest m = Manifest.findById(c.manifestId);
        ManifestLine line = ManifestLine.findById(c.lineId);
        Party generator = Party.findById(c.generatorPartyId);
        ContainerSnapshot then = containers.pastCustody(c.id, c.version);
        if (then != null) {
            // this party's custody ended and the container went on: it sees it as it stood then, and may record nothing
            Transfer transfer = then.transferId() == null ? null : Transfer.findById(then.transferId());
            ContainerNow before = new ContainerNow(c.labelId, then.state().name(), then.version(), c.wasteCode, line.wasteName, line.hazards,
                    m.number, c.generatorPartyId, generator.name, c.estimatedWeightKg, then.lastWeightKg(), then.custodianPartyId(),
                    then.storagePointId(), transfer == null ? null : transfer.number, then.lastEventAt());
            return new ScanResult(true, "GENUINE", "Genuine label; it has left your custody", "真实标签；该容器已离开本单位", c.labelId, valid.kid(),
                    before, List.of());
        }
        Transfer transfer = c.transferId == null ? null : Transfer.findById(c.transferId);
        ContainerNow now = new ContainerNow(c.labelId, c.state, c.version, c.wasteCode, line.wasteName, line.hazards, m.number,
                c.generatorPartyId, generator.name, c.estimatedWeightKg, c.lastWeightKg, c.custodianPartyId, c.storagePointId,
                transfer == null ? null : transfer.number, c.lastEventAt);
        return new ScanResult(true, "GENUINE", "Genuine label", "真实标签", c.labelId, valid.kid(), now, nextActions(c, m));
    }

    /** What this person may record next for the container, as the custody rules and their role allow. */
    @SuppressWarnings("unchecked")
    List<NextAction> nextActions(Container c, Manifest m) {
        ContainerState state = ContainerState.valueOf(c.state);
        long me = current.partyId();
        Party mine = Party.findById(me);
        List<NextAction> actions = new ArrayList<>();
        if (CustodyRules.allowedFrom(CommandKind.COLLECT).contains(state) && current.has(Role.DRIVER, Role.COLLECTOR_OPERATOR)
                && m.collectorPartyId == me) {
            actions.add(new NextAction(MobileDtos.EventType.COLLECT, m.number, null, null, null));
        }
        if (CustodyRules.allowedFrom(CommandKind.STORE).contains(state) && current.has(Role.STORAGE_KEEPER) && c.custodianPartyId != null) {
            List<Long> points = Party.<Party>list("kind = ?1 and parentId = ?2 order by id", PartyKind.STORAGE_POINT, c.custodianPartyId)
                    .stream().filter(p -> p.id == me || c.custodianPartyId == me).map(p -> p.id).toList();
            if (!points.isEmpty()) {
                actions.add(new NextAction(MobileDtos.EventType.STORE, null, points, null, null));
            }
        }
        if (CustodyRules.allowedFrom(CommandKind.LOAD).contains(state)
                && current.has(Role.DRIVER, Role.COLLECTOR_OPERATOR, Role.STORAGE_KEEPER)) {
            long shipper = mine.kind == PartyKind.STORAGE_POINT && mine.parentId != null ? mine.parentId : me;
            List<Object> numbers = em.createNativeQuery("SELECT t.number FROM transfer_item ti JOIN transfer t ON t.id = ti.transfer_id"
                            + " WHERE ti.container_id = ?1 AND t.shipper_party_id = ?2 ORDER BY t.planned_date DESC, t.id DESC")
                    .setParameter(1, c.id).setParameter(2, shipper).getResultList();
            numbers.stream().findFirst().ifPresent(n -> actions.add(new NextAction(MobileDtos.EventType.LOAD, null, null, ((String) n).strip(), null)));
        }
        if (CustodyRules.allowedFrom(CommandKind.RECEIVE).contains(state) && current.has(Role.RECEIVER_OPERATOR) && c.transferId != null) {
            Transfer t = Transfer.findById(c.transferId);
            if (t.receiverPartyId == me) {
                actions.add(new NextAction(MobileDtos.EventType.RECEIVE, null, null, t.number,
                        List.of("ACCEPTED", "PARTIALLY_REFUSED", "REFUSED")));
            }
        }
        return actions;
    }
}
