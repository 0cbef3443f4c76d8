package cn.hazchain.manifest;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.common.Jdbc;
import cn.hazchain.common.PlainText;
import cn.hazchain.custody.Transfer;
import cn.hazchain.custody.TransferDocuments;
import cn.hazchain.label.DocumentTokens;
import cn.hazchain.label.DocumentTokens.Kind;
import cn.hazchain.label.Hazard;
import cn.hazchain.label.LabelVerification.Reason;
import cn.hazchain.party.PartySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the public road-check pages say about a scanned manifest QR code (issue #15): whether the document is genuine,
 * and what an inspector at the roadside needs to compare it with the load — the number, the state, the parties' names
 * as the document was issued, the vehicle and its dangerous-goods permit, the driver's name, and the waste by code with
 * its hazards, containers and kg. Nothing else: no people's phones or ids, no addresses, no internal ids, no labels
 * (they name the generators), no other document.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RoadChecks {

    @Inject
    DocumentTokens tokens;

    @Inject
    TransferDocuments transferDocuments;

    @Inject
    ManifestService manifests;

    @Inject
    CatalogueService catalogue;

    @Inject
    EntityManager em;

    /** Why a check failed, in words, or that it did not. */
    public record Verdict(boolean genuine, String reason, String message, String messageZh, String keyId) {
    }

    /** One waste code on a transfer: {@code kg} declared, {@code receivedKg} accepted at receipt (null while none was received). */
    public record TransferWaste(String wasteCode, String category, String categoryName, List<String> hazards, int containers,
                                BigDecimal kg, BigDecimal receivedKg) {
    }

    /** A transfer manifest at the roadside; every field but the verdict's is null when it is not genuine. */
    public record TransferCheck(boolean genuine, String reason, String message, String messageZh, String keyId, String number,
                                String state, LocalDate plannedDate, String shipperName, String carrierName, String receiverName,
                                String vehiclePlate, String dgPermitNo, String driverName, List<TransferWaste> wastes, Integer containers,
                                BigDecimal kg, BigDecimal receivedKg) {
    }

    /** One waste code of a pickup manifest: {@code kg} estimated, {@code collectedKg} weighed at pickup (null while none was). */
    public record ManifestWaste(String wasteCode, String category, String categoryName, String wasteName, List<String> hazards,
                                int containers, BigDecimal kg, BigDecimal collectedKg) {
    }

    /** A pickup manifest at the roadside; every field but the verdict's is null when it is not genuine. */
    public record ManifestCheck(boolean genuine, String reason, String message, String messageZh, String keyId, String number,
                                String state, LocalDate pickupDate, String generatorName, String collectorName, List<ManifestWaste> wastes,
                                Integer containers, BigDecimal kg, BigDecimal collectedKg) {
    }

    public TransferCheck transfer(String token) {
        DocumentTokens.Check check = tokens.check(Kind.TRANSFER, token);
        Optional<Transfer> found = check instanceof DocumentTokens.Valid v ? Transfer.byNumber(v.number()) : Optional.empty();
        Verdict verdict = verdict(check, found.isPresent(), "transfer manifest", "转移联单");
        if (!verdict.genuine()) {
            return new TransferCheck(false, verdict.reason(), verdict.message(), verdict.messageZh(), null, null, null, null, null, null,
                    null, null, null, null, List.of(), null, null, null);
        }
        TransferDocuments.Facts f = transferDocuments.facts(found.get());
        List<TransferWaste> wastes = f.lines().stream().map(l -> new TransferWaste(l.wasteCode(), l.category(), l.categoryName(),
                l.hazards().stream().map(Hazard::code).toList(), l.containers(), l.declaredKg(), l.receivedKg())).toList();
        boolean received = wastes.stream().anyMatch(w -> w.receivedKg() != null);
        return new TransferCheck(true, verdict.reason(), verdict.message(), verdict.messageZh(), verdict.keyId(), f.number(), f.state(),
                f.plannedDate(), name(f.shipper()), name(f.carrier()), name(f.receiver()), f.vehiclePlate(), f.dgPermitNo(), f.driverName(),
                wastes, wastes.stream().mapToInt(TransferWaste::containers).sum(), sum(wastes.stream().map(TransferWaste::kg).toList()),
                received ? sum(wastes.stream().map(TransferWaste::receivedKg).toList()) : null);
    }

    public ManifestCheck manifest(String token) {
        DocumentTokens.Check check = tokens.check(Kind.MANIFEST, token);
        Optional<Manifest> found = check instanceof DocumentTokens.Valid v ? Manifest.byNumber(v.number()) : Optional.empty();
        Verdict verdict = verdict(check, found.isPresent(), "pickup manifest", "收集联单");
        if (!verdict.genuine()) {
            return new ManifestCheck(false, verdict.reason(), verdict.message(), verdict.messageZh(), null, null, null, null, null, null,
                    List.of(), null, null, null);
        }
        Manifest m = found.get();
        List<ManifestWaste> wastes = Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT btrim(l.waste_code) AS code, btrim(l.category) AS category, l.waste_name,"
                    + " l.hazards, count(c.id) AS containers, sum(c.estimated_weight_kg) AS kg, sum(c.collected_weight_kg) AS collected_kg"
                    + " FROM manifest_line l JOIN container c ON c.line_id = l.id WHERE l.manifest_id = ? GROUP BY l.id ORDER BY l.line_no")) {
                ps.setLong(1, m.id);
                List<ManifestWaste> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ManifestWaste(rs.getString("code"), rs.getString("category"), null, PlainText.strip(rs.getString("waste_name")),
                                List.of((String[]) rs.getArray("hazards").getArray()), rs.getInt("containers"), rs.getBigDecimal("kg"),
                                rs.getBigDecimal("collected_kg")));
                    }
                }
                return out;
            }
        }).stream().map(w -> new ManifestWaste(w.wasteCode(), w.category(), catalogue.find(w.wasteCode()).map(e -> e.categoryName).orElse(""),
                w.wasteName(), w.hazards(), w.containers(), w.kg(), w.collectedKg())).toList();
        boolean collected = wastes.stream().anyMatch(w -> w.collectedKg() != null);
        return new ManifestCheck(true, verdict.reason(), verdict.message(), verdict.messageZh(), verdict.keyId(), m.number.strip(),
                manifests.state(m.id).name(), m.pickupDate, name(m.generatorAtIssue()), name(m.collectorAtIssue()), wastes,
                wastes.stream().mapToInt(ManifestWaste::containers).sum(), sum(wastes.stream().map(ManifestWaste::kg).toList()),
                collected ? sum(wastes.stream().map(ManifestWaste::collectedKg).toList()) : null);
    }

    private static Verdict verdict(DocumentTokens.Check check, boolean found, String what, String whatZh) {
        if (check instanceof DocumentTokens.Valid v) {
            return found ? new Verdict(true, "GENUINE", "Genuine " + what + " issued by HazChain", "经平台签发的真实" + whatZh, v.kid())
                    : new Verdict(false, "NOT_ISSUED", "The signature is valid but no such " + what + " was issued.",
                            "签名有效，但平台未签发该" + whatZh + "。", null);
        }
        Reason reason = ((DocumentTokens.Invalid) check).reason();
        return reason == Reason.MALFORMED
                ? new Verdict(false, reason.name(), "This is not a HazChain " + what + " code (damaged or incomplete).",
                        "该二维码不是有效的平台" + whatZh + "码（损坏或不完整）。", null)
                : new Verdict(false, reason.name(), "Not genuine: this " + what + " was not signed by HazChain or has been altered.",
                        "非真实联单：该" + whatZh + "未经平台签发或已被篡改。", null);
    }

    private static String name(PartySnapshot p) {
        return PlainText.strip(p.name);
    }

    private static BigDecimal sum(List<BigDecimal> kgs) {
        return kgs.stream().filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
