package cn.hazchain.party;

import cn.hazchain.common.PlainText;
import java.util.Optional;

/**
 * A party's fields as they are printed: on every label (HJ 1276-2022: 产生单位, 联系人, 联系方式 of the generator), on
 * manifests (移出人, 接受人) and on the public verification page. A field that would not fit, or that holds
 * characters which make it read otherwise ({@link PlainText}), is refused when the party is registered or changed,
 * not later when a label or manifest is printed (issue #19, finding 4). Plain Java, tested alone.
 */
public final class PrintedFields {

    /** A generator's name, contact and phone fit the smallest label (the same limits as label.LabelData, pinned by a test). */
    public static final int GENERATOR_NAME = 26;
    public static final int GENERATOR_CONTACT_NAME = 10;
    public static final int GENERATOR_CONTACT_PHONE = 20;
    /** Any other party's name: two lines of a manifest's 移出人/接受人 cell. */
    public static final int NAME = 60;

    private PrintedFields() {
    }

    /** The problem with one field of a party of {@code kind}, or empty. {@code value} null means "not given". */
    public static Optional<Refusal> check(PartyKind kind, String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<String> unprintable = PlainText.problem(value);
        if (unprintable.isPresent()) {
            return Optional.of(new Refusal("unprintable-text", field + " holds " + unprintable.get()
                    + "; party fields are printed on labels and manifests and shown on the public verification page: remove it"));
        }
        int max = max(kind, field);
        int length = value.strip().codePointCount(0, value.strip().length());
        if (length > max) {
            String where = kind == PartyKind.GENERATOR ? "a container label has room for " + max : "a manifest has room for " + max;
            return Optional.of(new Refusal("too-long-to-print", field + " of a " + kind + " has " + length + " characters; " + where));
        }
        return Optional.empty();
    }

    /** The most characters {@code field} of a {@code kind} may have (Integer.MAX_VALUE: only the request's own limit). */
    static int max(PartyKind kind, String field) {
        boolean generator = kind == PartyKind.GENERATOR;
        return switch (field) {
            case "name" -> generator ? GENERATOR_NAME : NAME;
            case "contactName" -> generator ? GENERATOR_CONTACT_NAME : Integer.MAX_VALUE;
            case "contactPhone" -> generator ? GENERATOR_CONTACT_PHONE : Integer.MAX_VALUE;
            default -> Integer.MAX_VALUE;
        };
    }

    /** Why a field is refused: a problem slug and a detail that says what to fix. */
    public record Refusal(String slug, String detail) {
    }
}
