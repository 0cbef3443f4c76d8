package cn.hazchain.manifest;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.PlainText;
import cn.hazchain.custody.Container;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelVerification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the public verification page says about a scanned label token: genuine or not, and what the label holds. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LabelChecks {

    @Inject
    LabelSigner signer;

    @Inject
    CatalogueService catalogue;

    public record Verified(boolean genuine, String reason, String message, String messageZh, String labelId, String keyId,
                           String wasteCode, String wasteName, String category, String categoryName, List<String> hazards,
                           String generatorName, String state, Instant lastEventAt) {
    }

    public Verified verify(String token) {
        LabelVerification result = signer.verify(token);
        if (result instanceof LabelVerification.Invalid invalid) {
            return notGenuine(invalid.reason().name());
        }
        LabelVerification.Valid valid = (LabelVerification.Valid) result;
        Optional<Container> container = Container.byLabelId(valid.labelId().format());
        if (container.isEmpty()) {
            return notGenuine("NOT_ISSUED");
        }
        Container c = container.get();
        ManifestLine line = ManifestLine.findById(c.lineId);
        // the generator as the label was issued (issue #19), shown without control or bidirectional characters, which
        // records stored before names were checked may hold
        String generatorName = Manifest.<Manifest>findById(c.manifestId).generatorAtIssue().name;
        String categoryName = catalogue.find(c.wasteCode).map(w -> w.categoryName).orElse("");
        return new Verified(true, "GENUINE", "Genuine label issued by HazChain", "经平台签发的真实标签", c.labelId, valid.kid(),
                c.wasteCode, PlainText.strip(line.wasteName), line.category, categoryName, line.hazards, PlainText.strip(generatorName),
                c.state, c.updatedAt);
    }

    private static Verified notGenuine(String reason) {
        String en = switch (reason) {
            case "MALFORMED" -> "This is not a HazChain label code (damaged or incomplete).";
            case "NOT_ISSUED" -> "The signature is valid but no such container was issued.";
            default -> "Not genuine: the label was not signed by HazChain or has been altered.";
        };
        String zh = switch (reason) {
            case "MALFORMED" -> "该二维码不是有效的平台标签（损坏或不完整）。";
            case "NOT_ISSUED" -> "签名有效，但平台未签发该容器。";
            default -> "非真实标签：该标签未经平台签发或已被篡改。";
        };
        return new Verified(false, reason, en, zh, null, null, null, null, null, null, List.of(), null, null, null);
    }

}
