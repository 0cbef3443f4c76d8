package cn.hazchain.custody.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a command was not applied, in words that say what to fix. {@link #kind()} is what callers branch on: a web
 * route answers its {@link Kind#status()}, a handheld sync answers CONFLICT for {@link #conflict()} kinds and
 * REJECTED for the others. {@code slug} is the stable problem code; {@code extensions} are extra members.
 */
public record Rejection(Kind kind, String slug, String detail, Map<String, Object> extensions) {

    public enum Kind {
        /** The container is not in a state the command applies to. */
        ILLEGAL_TRANSITION(409),
        /** The caller expected another version of the container. */
        STALE_VERSION(409),
        /** Something else stands in the way (e.g. already in another lot). */
        CONFLICT(409),
        /** The caller's role or organisation may not do this. */
        FORBIDDEN(403),
        /** A record the command names does not exist, or the caller may not see it (the two are not told apart). */
        NOT_FOUND(404),
        /** The command does not fit the records (wrong manifest, unknown storage point, licence...). */
        UNPROCESSABLE(422);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Whether the container moved on under the caller (a handheld reports CONFLICT, with the current state). */
    public boolean conflict() {
        return kind == Kind.ILLEGAL_TRANSITION || kind == Kind.STALE_VERSION;
    }

    static Rejection unprocessable(String slug, String detail) {
        return new Rejection(Kind.UNPROCESSABLE, slug, detail, Map.of());
    }

    static Rejection unprocessable(String slug, String detail, Map<String, Object> extensions) {
        return new Rejection(Kind.UNPROCESSABLE, slug, detail, extensions);
    }

    /** Two wastes that may not share a vehicle or a lot (issue #17): 422 naming the pair, the groups and the source. */
    static Rejection incompatible(cn.hazchain.catalogue.CoLoading.Conflict c, String where) {
        return new Rejection(Kind.UNPROCESSABLE, "coloading-incompatible", c.detail(where), c.members());
    }

    public static Rejection notFound(String what, Object id) {
        return new Rejection(Kind.NOT_FOUND, "not-found", what + " " + id + " does not exist or is not visible to you", Map.of());
    }

    static Rejection forbidden(String detail) {
        return new Rejection(Kind.FORBIDDEN, "forbidden", detail, Map.of());
    }

    static Rejection conflict(String detail) {
        return new Rejection(Kind.CONFLICT, "conflict", detail, Map.of());
    }

    static Rejection illegalTransition(ContainerSnapshot c, CustodyCommand.CommandKind command, List<ContainerState> needs) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("labelId", c.labelId());
        ext.put("currentState", c.state().name());
        ext.put("requiredStates", needs.stream().map(Enum::name).sorted().toList());
        return new Rejection(Kind.ILLEGAL_TRANSITION, "illegal-transition", "container " + c.labelId() + " is " + c.state() + "; " + command
                + " needs " + (needs.size() == 1 ? needs.get(0).name() : "one of " + needs), ext);
    }

    static Rejection staleVersion(ContainerSnapshot c, int expected) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("currentState", c.state().name());
        ext.put("currentVersion", c.version());
        return new Rejection(Kind.STALE_VERSION, "stale-version", "container " + c.labelId() + " is at version " + c.version()
                + ", you expected " + expected + "; it is now " + c.state(), ext);
    }
}
