package cn.hazchain.custody;

import cn.hazchain.common.Counters;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.label.LabelId;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Issues labelled containers: the 37-character label ID (generator USCC + code digits + date + 3-digit
 * sequence per generator, code and day) and its signed QR token.
 */
@ApplicationScoped
public class ContainerLabels {

    @Inject
    Counters counters;

    @Inject
    LabelSigner signer;

    @Inject
    HazChainConfig config;

    /** A container to issue on a manifest line: who generated it, what it holds, how big it is. */
    public record NewLabel(long manifestId, long lineId, long generatorPartyId, String generatorUscc, String wasteCode, List<String> hazards,
                           Container.Type type, int volumeLitres, BigDecimal estimatedKg, LocalDate generationDate) {
    }

    /** Creates the container row with its label ID and token (its first event is appended by the caller). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Container issue(NewLabel n, LocalDate day) {
        return issue(n, day, reserve(n.generatorUscc(), n.wasteCode(), day, 1));
    }

    /** The same with a label sequence reserved before ({@link #reserve}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Container issue(NewLabel n, LocalDate day, int sequence) {
        LabelId id = LabelId.of(n.generatorUscc(), n.wasteCode(), day, sequence);
        Container c = new Container();
        c.labelId = id.format();
        c.manifestId = n.manifestId();
        c.lineId = n.lineId();
        c.generatorPartyId = n.generatorPartyId();
        c.wasteCode = n.wasteCode();
        c.containerType = n.type();
        c.volumeLitres = n.volumeLitres();
        c.estimatedWeightKg = n.estimatedKg();
        c.generationDate = n.generationDate();
        c.state = cn.hazchain.custody.domain.ContainerState.ISSUED.name();
        c.custodianPartyId = n.generatorPartyId();
        c.lastEventAt = java.time.Instant.now();
        c.labelToken = signer.sign(id);
        c.labelKeyId = c.labelToken.split("\\.")[1];
        c.persist();
        return c;
    }

    /** Reserves {@code n} label sequences of a generator, code and day at once; the first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reserve(String uscc, String code, LocalDate day, int n) {
        return counters.reserve("label_counter", "last_seq", 999, n, List.of("uscc", "waste_code", "day"), uscc, code, day)
                .orElseThrow(() -> ProblemException.conflict("generator " + uscc + " has no room for " + n + " more labels of " + code + " on "
                        + day + ": the label ID has room for 999 a day"));
    }

    /** What the QR code holds: the public verification URL with the signed token. */
    public String qrUrl(Container c) {
        return qrUrl(c.labelToken);
    }

    public String qrUrl(String labelToken) {
        return LabelUrl.of(config.publicBaseUrl(), labelToken);
    }
}
