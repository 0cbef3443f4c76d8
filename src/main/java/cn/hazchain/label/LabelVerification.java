package cn.hazchain.label;

/** What checking a label token found. Verification never throws: bad input is an {@link Invalid}. */
public sealed interface LabelVerification {

    /** The platform signed this label ID with key {@code kid}. */
    record Valid(LabelId labelId, String kid) implements LabelVerification {
    }

    /** Not a label we issued, with why; {@code detail} is for logs and may quote parts of the token. */
    record Invalid(Reason reason, String detail) implements LabelVerification {
    }

    enum Reason {
        /** Not of the form {@code <labelId>.<kid>.<signature>}, or a part of it is not well-formed. */
        MALFORMED,
        /** Well-formed, but signed with a key this platform does not have. */
        UNKNOWN_KEY,
        /** Well-formed and a known key, but the signature does not match: forged or altered. */
        BAD_SIGNATURE
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
