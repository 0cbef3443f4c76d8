package cn.hazchain.label;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a container label shows (HJ 1276-2022 危险废物标签), independent of how the platform stores it.
 * Text fields are trimmed, inner whitespace collapsed, and capped so that they fit the smallest label at the
 * minimum text height. Waste code and category come from the label ID, so they cannot disagree with it.
 *
 * @param labelId         the 37-character digital ID (数字识别码)
 * @param qrText          what the QR code holds: the label's verification URL
 * @param wasteName       废物名称, e.g. 废矿物油
 * @param mainComponents  主要成分
 * @param hazards         危险特性, at least one
 * @param physicalForm    废物形态, e.g. 液态, 固态, 半固态
 * @param generationDate  产生日期
 * @param generatorName   产生单位
 * @param contactName     联系人
 * @param contactPhone    联系方式
 * @param weightKg        重量 in kg, or {@code null} to leave a blank to be written in by hand
 * @param containerLitres the container's volume, which decides the label size
 */
public record LabelData(LabelId labelId, String qrText, String wasteName, String mainComponents, List<Hazard> hazards,
        String physicalForm, LocalDate generationDate, String generatorName, String contactName, String contactPhone,
        BigDecimal weightKg, double containerLitres) {

    public static final int MAX_WASTE_NAME = 24;
    public static final int MAX_MAIN_COMPONENTS = 24;
    public static final int MAX_PHYSICAL_FORM = 10;
    public static final int MAX_GENERATOR_NAME = 26;
    public static final int MAX_CONTACT_NAME = 10;
    public static final int MAX_CONTACT_PHONE = 20;
    public static final int MAX_QR_TEXT = 300;
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\- /转]+");

    public LabelData {
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(generationDate, "generationDate");
        qrText = text("QR text", qrText, MAX_QR_TEXT);
        wasteName = text("废物名称 (waste name)", wasteName, MAX_WASTE_NAME);
        mainComponents = text("主要成分 (main components)", mainComponents, MAX_MAIN_COMPONENTS);
        physicalForm = text("废物形态 (physical form)", physicalForm, MAX_PHYSICAL_FORM);
        generatorName = text("产生单位 (generator)", generatorName, MAX_GENERATOR_NAME);
        contactName = text("联系人 (contact)", contactName, MAX_CONTACT_NAME);
        contactPhone = text("联系方式 (phone)", contactPhone, MAX_CONTACT_PHONE);
        if (!PHONE.matcher(contactPhone).matches()) {
            throw new IllegalArgumentException("联系方式 (phone) may hold digits, spaces, + - ( ) / and 转 (extension), got '" + contactPhone + "'");
        }
        if (hazards == null || hazards.isEmpty() || hazards.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("危险特性 (hazards): at least one of T, C, I, R, In is required");
        }
        hazards = List.copyOf(new LinkedHashSet<>(hazards));
        if (weightKg != null && (weightKg.signum() <= 0 || weightKg.compareTo(new BigDecimal("100000")) >= 0)) {
            throw new IllegalArgumentException("重量 (weight) must be more than 0 and less than 100000 kg, got " + weightKg);
        }
        LabelSize.forVolume(containerLitres);
    }

    public LabelSize size() {
        return LabelSize.forVolume(containerLitres);
    }

    /** 废物代码, e.g. {@code 900-249-08}. */
    public String wasteCode() {
        return labelId.wasteCode();
    }

    /** 废物类别, e.g. {@code HW08}. */
    public String category() {
        return labelId.category();
    }

    /** The weight as printed, {@code 18.5 kg}; a line to write on before {@code kg} when not yet weighed. */
    public String weightText() {
        return weightKg == null ? "________ kg" : weightKg.stripTrailingZeros().toPlainString() + " kg";
    }

    private static String text(String field, String value, int max) {
        String v = value == null ? "" : value.strip().replaceAll("\\s+", " ");
        if (v.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        int length = v.codePointCount(0, v.length());
        if (length > max) {
            throw new IllegalArgumentException(field + " has " + length + " characters; a label has room for " + max);
        }
        return v;
    }
}
