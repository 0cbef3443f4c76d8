package cn.hazchain.manifest;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.custody.Container;
import cn.hazchain.custody.ContainerLabels;
import cn.hazchain.label.DocumentTokens;
import cn.hazchain.label.Hazard;
import cn.hazchain.label.LabelData;
import cn.hazchain.label.LabelId;
import cn.hazchain.label.LabelPdf;
import cn.hazchain.label.ManifestData;
import cn.hazchain.label.ManifestPdf;
import cn.hazchain.manifest.Manifest;
import cn.hazchain.manifest.ManifestLine;
import cn.hazchain.party.PartySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Turns stored containers and manifests into what is printed: HJ 1276-2022 labels (100, 150 or 200 mm by
 * container volume), an A4 sheet of a manifest's labels, and the manifest itself with its QR code.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LabelPrinting {

    private final LabelPdf labelPdf = new LabelPdf();
    private final ManifestPdf manifestPdf = new ManifestPdf();

    @Inject
    ContainerLabels labels;

    @Inject
    HazChainConfig config;

    @Inject
    cn.hazchain.custody.ContainerService containers;

    @Inject
    DocumentTokens tokens;

    /**
     * What a manifest's own QR code holds: its public road-check page, {@code <public-base-url>/v/m/<token>} (issue
     * #15). Manifests printed before held {@code <public-base-url>/api/manifests/<number>}, the manifest's API route,
     * which stays as it was (it asks for a login).
     */
    public String manifestUrl(Manifest m) {
        return tokens.url(config.publicBaseUrl(), DocumentTokens.Kind.MANIFEST, m.number.strip());
    }

    public static String physicalFormZh(String form) {
        return switch (form) {
            case "SOLID" -> "固态";
            case "SEMI_SOLID" -> "半固态";
            case "LIQUID" -> "液态";
            case "GAS" -> "气态";
            default -> form;
        };
    }

    /**
     * The printable label of a container, with the generator as its manifest was issued (issue #19: a later change
     * of the party never alters a label); 422 naming the field when a value does not fit on a label.
     */
    public LabelData data(Container c, ManifestLine line, PartySnapshot generator) {
        try {
            LabelId id = LabelId.parse(c.labelId);
            return new LabelData(id, labels.qrUrl(c), line.wasteName, line.mainComponents,
                    line.hazards.stream().map(Hazard::ofCode).toList(), physicalFormZh(line.physicalForm),
                    c.generationDate == null ? id.date() : c.generationDate, generator.name,
                    generator.contactName == null ? "" : generator.contactName,
                    generator.contactPhone == null ? "" : generator.contactPhone, null, c.volumeLitres);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("label-content", "label " + c.labelId + " cannot be printed: " + e.getMessage());
        }
    }

    /** The printable label of a container the caller may see (404 otherwise). */
    public byte[] labelPdf(String labelId) {
        return labelPdf(containers.visible(labelId));
    }

    public byte[] labelPdf(Container c) {
        Manifest m = Manifest.findById(c.manifestId);
        return labelPdf.label(data(c, ManifestLine.findById(c.lineId), m.generatorAtIssue()));
    }

    public byte[] sheetPdf(Manifest m) {
        return labelPdf.sheet(labelData(m));
    }

    public byte[] manifestPdf(Manifest m) {
        PartySnapshot generator = m.generatorAtIssue();
        PartySnapshot collector = m.collectorAtIssue();
        try {
            return manifestPdf.render(new ManifestData(m.number, m.pickupDate, generator.name, generator.uscc, collector.name,
                    collector.uscc, null, manifestUrl(m), labelData(m)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("manifest-content", "manifest " + m.number + " cannot be printed: " + e.getMessage());
        }
    }

    private List<LabelData> labelData(Manifest m) {
        PartySnapshot generator = m.generatorAtIssue();
        return Container.<Container>list("manifestId = ?1 order by id", m.id).stream()
                .map(c -> data(c, ManifestLine.findById(c.lineId), generator)).toList();
    }
}
