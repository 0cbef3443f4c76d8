package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a printed transfer manifest (危险废物转移联单, one vehicle trip to one receiver) shows.
 *
 * @param number      14 digits, numbered like pickup manifests
 * @param plannedDate 计划转移日期
 * @param shipper     移出人, as the transfer was created
 * @param carrier     承运人, as created
 * @param receiver    接受人, as created
 * @param vehiclePlate 运输车辆
 * @param dgPermitNo  its dangerous-goods road transport permit (道路危险货物运输许可证) number
 * @param driverName  驾驶员, or {@code null} when none is named
 * @param qrText      what the QR code holds (the public road-check page)
 * @param lines       one per waste code, at least one
 * @param signatures  the confirmations recorded so far
 */
public record TransferData(String number, LocalDate plannedDate, Party shipper, Party carrier, Party receiver, String vehiclePlate,
                           String dgPermitNo, String driverName, String qrText, List<Line> lines, Signatures signatures) {

    /** A party as printed: name and USCC, and whom to call. */
    public record Party(String name, String uscc, String contactName, String contactPhone) {
    }

    /**
     * The containers of one waste code.
     *
     * @param categoryName the catalogue's name of the category (e.g. 废矿物油与含矿物油废物)
     * @param declaredKg   their weight as declared: each weight last recorded when the transfer was created (estimated, when never weighed)
     * @param receivedKg   accepted at receipt, or {@code null} while none was received
     * @param refusedKg    refused at receipt (partly or whole containers), zero when none
     */
    public record Line(String wasteCode, String category, String categoryName, List<Hazard> hazards, int containers,
                       BigDecimal declaredKg, BigDecimal receivedKg, BigDecimal refusedKg) {
    }

    /** Who confirmed a hand-over and when (China time); {@code null} in {@link Signatures} when nobody has yet. */
    public record Signed(String name, LocalDateTime at) {
    }

    /** The three signature lines: the shipper's, the carrier's, the receiver's; each {@code null} while not signed. */
    public record Signatures(Signed shipper, Signed carrier, Signed receiver) {
    }

    private static final Pattern NUMBER = Pattern.compile("\\d{14}");

    public TransferData {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("transfer number must be 14 digits, got " + number);
        }
        Objects.requireNonNull(plannedDate, "plannedDate");
        Objects.requireNonNull(signatures, "signatures");
        for (Party p : new Party[] {shipper, carrier, receiver}) {
            Objects.requireNonNull(p, "party");
            if (p.name() == null || p.name().isBlank()) {
                throw new IllegalArgumentException("a party's name is required");
            }
            Uscc.problem(p.uscc()).ifPresent(problem -> {
                throw new IllegalArgumentException("USCC of " + p.name() + ": " + problem);
            });
        }
        if (qrText == null || qrText.isBlank()) {
            throw new IllegalArgumentException("QR text is required");
        }
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a transfer carries at least one line");
        }
        lines = List.copyOf(lines);
    }
}
