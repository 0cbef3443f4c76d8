package cn.hazchain.container;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.label.LabelId;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelUrl;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestDtos.NewContainer;
import cn.hazchain.manifest.ManifestLine;
import cn.hazchain.party.Party;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;

/**
 * Issues labelled containers: the 37-character label ID (generator USCC + code digits + date + 3-digit
 * sequence per generator, code and day) and its signed QR token.
 */
@ApplicationScoped
public class ContainerLabels {

    @Inject
    cn.hazchain.common.Counters counters;

    @Inject
    LabelSigner signer;

    @Inject
    HazChainConfig config;

    @Inject
    LabelPrinting printing;

    @Transactional(Transactional.TxType.MANDATORY)
    public Container issue(Manifest m, ManifestLine line, Party generator, NewContainer req, LocalDate day) {
        LabelId id = LabelId.of(generator.uscc, line.wasteCode, day, nextSequence(generator.uscc, line.wasteCode, day));
        Container c = new Container();
        c.labelId = id.format();
        c.manifestId = m.id;
        c.lineId = line.id;
        c.generatorPartyId = generator.id;
        c.wasteCode = line.wasteCode;
        c.containerType = req.type();
        c.volumeLitres = req.volumeLitres();
        c.estimatedWeightKg = req.estimatedWeightKg();
        c.generationDate = req.generationDate();
        c.state = ContainerState.ISSUED.name();
        c.custodianPartyId = generator.id;
        c.lastEventAt = java.time.Instant.now();
        c.labelToken = signer.sign(id);
        c.labelKeyId = c.labelToken.split("\\.")[1];
        printing.data(c, line, m.generatorAtIssue()); // refuse now what could not be printed on the label
        c.persist();
        return c;
    }

    private int nextSequence(String uscc, String code, LocalDate day) {
        return counters.next("label_counter", "last_seq", 999, List.of("uscc", "waste_code", "day"), uscc, code, day)
                .orElseThrow(() -> ProblemException.conflict("generator " + uscc + " already has 999 labels for " + code + " on " + day
                        + ": the label ID has room for 999 a day"));
    }

    /** What the QR code holds: the public verification URL with the signed token. */
    public String qrUrl(Container c) {
        return LabelUrl.of(config.publicBaseUrl(), c.labelToken);
    }

    /** What a manifest's own QR code holds. */
    public String manifestUrl(Manifest m) {
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        return base + "/api/manifests/" + m.number;
    }
}
