package cn.hazchain.label;

import java.util.regex.Pattern;

/**
 * The tokens in the QR codes of printed documents: a transfer manifest's and a pickup manifest's, each opening a
 * public road-check page ({@code <public-base-url>/v/t/<token>}, {@code /v/m/<token>}), and a disposal certificate's,
 * opening its public verification page ({@code /v/c/<token>}). Made as a label's token is:
 * the document number the platform signed, the key and the signature, so the page needs no login and a forged or
 * altered code is refused; unlike a label's, nothing is stored: the token of a document is signed when it is printed
 * (Ed25519 is deterministic, so the same key gives the same token; after a rotation the new key signs, and the old
 * printed tokens still verify, as old labels do).
 * <p>
 * Token: {@code <number 14>.<kid 4>.<signature 86>} ({@value #TOKEN_LENGTH} characters), the signature being
 * {@link PlatformSignatures} over {@code <domain>|<kid>|<number>} with a domain per kind of document, so a pickup
 * manifest's token never opens a transfer, a certificate's neither, and none passes for a label or an audit checkpoint.
 */
public final class DocumentTokens {

    /** The kinds of document: their signing domain and the path segment of their page under {@code /v/}. */
    public enum Kind {
        TRANSFER("HZC1-TRANSFER", "t", Pattern.compile("[0-9]{14}")),
        MANIFEST("HZC1-MANIFEST", "m", Pattern.compile("[0-9]{14}")),
        /** A disposal certificate (处置证明): {@code CZ} + year + 8 digits. */
        CERTIFICATE("HZC1-CERTIFICATE", "c", Pattern.compile("CZ[0-9]{12}"));

        final String domain;
        final String segment;
        final Pattern number;

        Kind(String domain, String segment, Pattern number) {
            this.domain = domain;
            this.segment = segment;
            this.number = number;
        }

    }

    /** What checking a token found: the document number it names, or why it does not name one. */
    public sealed interface Check {
    }

    /** The platform signed this number, for this kind of document, with key {@code kid}. */
    public record Valid(String number, String kid) implements Check {
    }

    /** Not a token the platform made: {@code MALFORMED}, {@code UNKNOWN_KEY} or {@code BAD_SIGNATURE}. */
    public record Invalid(LabelVerification.Reason reason) implements Check {
    }

    public static final int NUMBER_LENGTH = 14;
    /** 106: number 14 + '.' + kid 4 + '.' + signature 86. */
    public static final int TOKEN_LENGTH = NUMBER_LENGTH + 1 + Ed25519Keys.KID_LENGTH + 1 + LabelSigner.SIGNATURE_CHARS;

    private final PlatformSignatures signatures;

    public DocumentTokens(PlatformSignatures signatures) {
        this.signatures = signatures;
    }

    /** The token of a document number, signed with the active key. */
    public String sign(Kind kind, String number) {
        if (number == null || !kind.number.matcher(number).matches()) {
            throw new IllegalArgumentException("not a " + kind + " number: " + number);
        }
        PlatformSignatures.Signed signed = signatures.sign(kind.domain, number);
        return number + '.' + signed.kid() + '.' + signed.signature();
    }

    /** {@code https://hazchain.example} → {@code https://hazchain.example/v/t/<token>}. */
    public String url(String publicBaseUrl, Kind kind, String number) {
        return LabelUrl.of(publicBaseUrl, kind.segment + "/" + sign(kind, number));
    }

    /** Checks a token as scanned; never throws. */
    public Check check(Kind kind, String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return new Invalid(LabelVerification.Reason.MALFORMED);
        }
        int dot1 = NUMBER_LENGTH;
        int dot2 = dot1 + 1 + Ed25519Keys.KID_LENGTH;
        if (token.charAt(dot1) != '.' || token.charAt(dot2) != '.') {
            return new Invalid(LabelVerification.Reason.MALFORMED);
        }
        String number = token.substring(0, dot1);
        String kid = token.substring(dot1 + 1, dot2);
        String signature = token.substring(dot2 + 1);
        if (!kind.number.matcher(number).matches() || !Ed25519Keys.isKid(kid) || LabelSigner.decodeCanonical(signature).isEmpty()) {
            return new Invalid(LabelVerification.Reason.MALFORMED);
        }
        if (!signatures.hasKey(kid)) {
            return new Invalid(LabelVerification.Reason.UNKNOWN_KEY);
        }
        return signatures.verify(kind.domain, number, kid, signature) ? new Valid(number, kid)
                : new Invalid(LabelVerification.Reason.BAD_SIGNATURE);
    }
}
