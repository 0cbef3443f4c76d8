package cn.hazchain.custody;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.PlainText;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import cn.hazchain.label.CertificateData;
import cn.hazchain.label.CertificatePdf;
import cn.hazchain.label.DocumentTokens;
import cn.hazchain.label.LabelVerification.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * What a disposal certificate's documents say (issue #15, point 5): its PDF ({@code GET
 * /api/disposal-certificates/{number}/pdf}) for whoever may see the certificate, and the public verification page its
 * QR code opens ({@code /v/c/{token}}). The page says whether the certificate is genuine and what it certifies — the
 * number, the receiver's name, the method, the date, how many containers, their kg and waste codes — and nothing
 * private: no label ids (they name the generators), no generators, no addresses, no people.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CertificateDocuments {

    private final CertificatePdf pdf = new CertificatePdf();

    @Inject
    DisposalCertificates certificates;

    @Inject
    DocumentTokens tokens;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    /** A certificate at its public page; every field but the verdict's is null when it is not genuine. */
    public record CertificateCheck(boolean genuine, String reason, String message, String messageZh, String keyId, String number,
                                   String receiverName, String method, String methodName, String methodNameEn, LocalDate disposedOn,
                                   Integer containers, BigDecimal kg, List<String> wasteCodes) {
    }

    /** The certificate's PDF, for a caller who may see it (else 404, as {@code GET /api/disposal-certificates/{number}}). */
    public byte[] pdf(String number) {
        DisposalCertificates.CertificateView v = certificates.visible(number);
        if (v == null) {
            throw ProblemException.notFound("disposal certificate", Text.clip(String.valueOf(number), 20));
        }
        String[] method = methodNames(v.method());
        String issuedBy = (String) em.createNativeQuery("SELECT coalesce(display_name, username) FROM app_user WHERE username = ?1")
                .setParameter(1, v.issuedBy()).getResultStream().findFirst().orElse(v.issuedBy());
        List<CertificateData.Line> lines = v.lines().stream().map(l -> new CertificateData.Line(l.labelId(), l.wasteCode(), l.receivedKg(),
                l.transferNumber(), PlainText.strip(l.generatorName()))).toList();
        String extract = null;
        if (v.linesOfShipper() != null) {
            int mine = v.lines().size();
            String kg = v.receivedKg().stripTrailingZeros().toPlainString();
            extract = "仅列出贵单位移出的 " + mine + " 个容器；全证共 " + v.containers() + " 个容器、" + kg + " 千克（扫码核验）/ lists the " + mine
                    + " containers you shipped; the certificate covers " + v.containers() + " containers, " + kg + " kg (scan to check)";
        }
        try {
            return pdf.render(new CertificateData(v.number(), PlainText.strip(v.receiverName()), v.receiverUscc() == null ? null : v.receiverUscc().strip(),
                    v.method(), method[0], method[1], v.disposedOn(), v.issuedAt().atZone(config.zone()).toLocalDateTime(), PlainText.strip(issuedBy),
                    PlainText.strip(v.note()), verificationUrl(v.number()), lines, extract));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("certificate-content", "certificate " + v.number() + " cannot be printed: " + e.getMessage());
        }
    }

    /** What the certificate's QR code holds: its public verification page, {@code <public-base-url>/v/c/<token>}. */
    public String verificationUrl(String number) {
        return tokens.url(config.publicBaseUrl(), DocumentTokens.Kind.CERTIFICATE, number);
    }

    /** The public page's facts for a scanned token; never throws for a bad token. */
    public CertificateCheck check(String token) {
        DocumentTokens.Check check = tokens.check(DocumentTokens.Kind.CERTIFICATE, token);
        boolean found = check instanceof DocumentTokens.Valid valid && ((Number) em.createNativeQuery(
                "SELECT count(*) FROM disposal_certificate WHERE number = ?1").setParameter(1, valid.number()).getSingleResult()).longValue() > 0;
        if (!found) {
            String reason;
            String message;
            String messageZh;
            if (check instanceof DocumentTokens.Valid) {
                reason = "NOT_ISSUED";
                message = "The signature is valid but no such disposal certificate was issued.";
                messageZh = "签名有效，但平台未签发该处置证明。";
            } else if (((DocumentTokens.Invalid) check).reason() == Reason.MALFORMED) {
                reason = Reason.MALFORMED.name();
                message = "This is not a HazChain disposal certificate code (damaged or incomplete).";
                messageZh = "该二维码不是有效的平台处置证明码（损坏或不完整）。";
            } else {
                reason = ((DocumentTokens.Invalid) check).reason().name();
                message = "Not genuine: this disposal certificate was not signed by HazChain or has been altered.";
                messageZh = "非真实证明：该处置证明未经平台签发或已被篡改。";
            }
            return new CertificateCheck(false, reason, message, messageZh, null, null, null, null, null, null, null, null, null, List.of());
        }
        DocumentTokens.Valid valid = (DocumentTokens.Valid) check;
        DisposalCertificates.CertificateView v = certificates.view(valid.number());
        String[] method = methodNames(v.method());
        List<String> codes = List.copyOf(new TreeSet<>(v.lines().stream().map(DisposalCertificates.Line::wasteCode).toList()));
        return new CertificateCheck(true, "GENUINE", "Genuine disposal certificate issued by HazChain", "经平台签发的真实处置证明", valid.kid(),
                v.number(), PlainText.strip(v.receiverName()), v.method(), method[0], method[1], v.disposedOn(), v.containers(), v.receivedKg(), codes);
    }

    /** {@code [name_zh, name_en]} of a treatment code; nulls when the table does not know it. */
    private String[] methodNames(String code) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT name_zh, name_en FROM treatment_method WHERE code = ?1").setParameter(1, code).getResultList();
        return rows.isEmpty() ? new String[] {null, null} : new String[] {(String) rows.get(0)[0], (String) rows.get(0)[1]};
    }
}
