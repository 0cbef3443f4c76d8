package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a printed disposal certificate (处置证明, issue #15, point 5) shows.
 *
 * @param number       {@code CZ} + year + 8 digits
 * @param receiverName the receiver (利用处置单位) as the certificate was issued
 * @param receiverUscc its USCC as issued
 * @param method       the treatment code (e.g. D10)
 * @param methodName   its name (treatment_method.name_zh), or null when unknown
 * @param methodNameEn its English name, or null
 * @param disposedOn   处置日期
 * @param issuedAt     when the platform issued it (China time)
 * @param issuedBy     who issued it (a receiver operator's display name)
 * @param note         the receiver's note, or null
 * @param qrText       what the QR code holds (the public verification page)
 * @param lines        one per container, at least one
 * @param extract      null for the whole certificate; else what this copy is an extract of (a shipper's own lines)
 */
public record CertificateData(String number, String receiverName, String receiverUscc, String method, String methodName, String methodNameEn,
                              LocalDate disposedOn, LocalDateTime issuedAt, String issuedBy, String note, String qrText, List<Line> lines,
                              String extract) {

    /** The whole certificate. */
    public CertificateData(String number, String receiverName, String receiverUscc, String method, String methodName, String methodNameEn,
                           LocalDate disposedOn, LocalDateTime issuedAt, String issuedBy, String note, String qrText, List<Line> lines) {
        this(number, receiverName, receiverUscc, method, methodName, methodNameEn, disposedOn, issuedAt, issuedBy, note, qrText, lines, null);
    }

    /**
     * One container disposed of.
     *
     * @param receivedKg    accepted at receipt
     * @param generatorName the generator as issued on the container's pickup manifest
     */
    public record Line(String labelId, String wasteCode, BigDecimal receivedKg, String transferNumber, String generatorName) {
    }

    private static final Pattern NUMBER = Pattern.compile("CZ[0-9]{12}");

    public CertificateData {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("a certificate number is CZ + 12 digits, got " + number);
        }
        if (receiverName == null || receiverName.isBlank()) {
            throw new IllegalArgumentException("the receiver's name is required");
        }
        Uscc.problem(receiverUscc).ifPresent(problem -> {
            throw new IllegalArgumentException("USCC of " + receiverName + ": " + problem);
        });
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(disposedOn, "disposedOn");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (qrText == null || qrText.isBlank()) {
            throw new IllegalArgumentException("QR text is required");
        }
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a certificate names at least one container");
        }
        lines = List.copyOf(lines);
    }

    /** The kg of all its containers. */
    public BigDecimal totalKg() {
        return lines.stream().map(Line::receivedKg).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
