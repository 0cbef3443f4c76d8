package cn.hazchain.label;

import cn.hazchain.party.Uscc;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a printed manifest (危险废物转移联单) shows. For a pickup manifest the shipper (移出人) is the generator and
 * the receiver (接受人) the collector.
 *
 * @param number        14 digits: year, province, city, serial, e.g. {@code 20263202000123}
 * @param date          转移日期
 * @param shipperName   移出人
 * @param shipperUscc   its unified social credit code
 * @param receiverName  接受人
 * @param receiverUscc  its unified social credit code
 * @param vehiclePlate  运输车辆, or {@code null} when not yet known
 * @param qrText        what the manifest's QR code holds
 * @param containers    the labelled containers on the manifest, at least one
 */
public record ManifestData(String number, LocalDate date, String shipperName, String shipperUscc, String receiverName,
        String receiverUscc, String vehiclePlate, String qrText, List<LabelData> containers) {

    private static final Pattern NUMBER = Pattern.compile("\\d{14}");

    public ManifestData {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("manifest number must be 14 digits (year, province, city, serial), got " + number);
        }
        Objects.requireNonNull(date, "date");
        requireText("shipper name", shipperName);
        requireText("receiver name", receiverName);
        requireText("QR text", qrText);
        Uscc.problem(shipperUscc).ifPresent(p -> {
            throw new IllegalArgumentException("shipper USCC: " + p);
        });
        Uscc.problem(receiverUscc).ifPresent(p -> {
            throw new IllegalArgumentException("receiver USCC: " + p);
        });
        if (containers == null || containers.isEmpty()) {
            throw new IllegalArgumentException("a manifest lists at least one container");
        }
        containers = List.copyOf(containers);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
