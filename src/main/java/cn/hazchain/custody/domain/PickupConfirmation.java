package cn.hazchain.custody.domain;

/**
 * The generator's side of a pickup (issue #15, point 1). At the stop, a member of the generator's staff confirms the
 * containers and weights on the driver's handheld by entering a personal confirmation code, offline; the server checks
 * it when the collection syncs. A missing or wrong code never loses the collection: it is recorded as it was checked
 * ({@link Check}), the container's pickup stays {@link Status#UNCONFIRMED}, and the generator confirms or disputes it
 * later from its own account ({@link Decision}); after 5 working days an alert is raised.
 */
public final class PickupConfirmation {

    private PickupConfirmation() {
    }

    /** What was entered on the handheld at the stop: the generator user's name and their code. */
    public record Attempt(String username, String code) {
    }

    /** What the server found when it checked the attempt of a collection. */
    public enum Check {
        /** The code is the user's, and the user is staff of the manifest's generator. */
        CONFIRMED,
        /** Nothing was entered. */
        MISSING,
        /** Unknown user, not staff of this generator, no code set, or a wrong code (not told apart). */
        WRONG_CODE,
        /** Too many wrong codes for this user or from this driver lately: the code was not checked. */
        LOCKED
    }

    /** A checked attempt: the result and, when confirmed, who confirmed. */
    public record Checked(Check check, Long userId) {
        public static final Checked MISSING = new Checked(Check.MISSING, null);
    }

    /** Where a container's pickup confirmation stands. */
    public enum Status {
        CONFIRMED, UNCONFIRMED, DISPUTED
    }

    /** What the generator says later, from its own account, of a pickup it did not confirm at the stop. */
    public enum Decision {
        CONFIRM, DISPUTE
    }
}
