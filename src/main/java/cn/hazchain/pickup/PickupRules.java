package cn.hazchain.pickup;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a pickup request, as a pure function: which actions apply in which status, and what the status is
 * after. No framework imports.
 *
 * <pre>
 * REQUESTED ──accept──▶ ACCEPTED ──schedule / plan──▶ SCHEDULED ──(re)schedule / plan──▶ SCHEDULED
 *     │ └────────────schedule / plan─────────────────────▲
 *     ├──decline (collector, reason)──▶ DECLINED           a manifest is issued from ACCEPTED or SCHEDULED;
 *     └──withdraw (generator, reason)─▶ WITHDRAWN          after it, no decline or withdrawal (cancel the manifest)
 * </pre>
 */
public final class PickupRules {

    public enum Status { REQUESTED, ACCEPTED, SCHEDULED, DECLINED, WITHDRAWN }

    public enum Action { ACCEPT, DECLINE, SCHEDULE, PLAN, WITHDRAW, ISSUE_MANIFEST }

    private PickupRules() {
    }

    public static Set<Status> allowedFrom(Action action) {
        return switch (action) {
            case ACCEPT -> EnumSet.of(Status.REQUESTED);
            case DECLINE -> EnumSet.of(Status.REQUESTED, Status.ACCEPTED);
            case SCHEDULE, PLAN -> EnumSet.of(Status.REQUESTED, Status.ACCEPTED, Status.SCHEDULED);
            case WITHDRAW -> EnumSet.of(Status.REQUESTED, Status.ACCEPTED, Status.SCHEDULED);
            case ISSUE_MANIFEST -> EnumSet.of(Status.ACCEPTED, Status.SCHEDULED);
        };
    }

    public static Status target(Status from, Action action) {
        return switch (action) {
            case ACCEPT -> Status.ACCEPTED;
            case DECLINE -> Status.DECLINED;
            case SCHEDULE, PLAN -> Status.SCHEDULED;
            case WITHDRAW -> Status.WITHDRAWN;
            case ISSUE_MANIFEST -> from;
        };
    }

    /**
     * Why the action may not apply, or null. {@code manifestIssued}: a manifest was issued from the request, which
     * then is declined or withdrawn only by cancelling that manifest.
     */
    public static String refusal(Status status, boolean manifestIssued, Action action) {
        if (!allowedFrom(action).contains(status)) {
            return "pickup request is " + status + "; " + action + " needs " + (allowedFrom(action).size() == 1
                    ? allowedFrom(action).iterator().next().name() : "one of " + allowedFrom(action));
        }
        if (manifestIssued && (action == Action.DECLINE || action == Action.WITHDRAW)) {
            return "a manifest was issued from this pickup request: cancel the manifest (POST /api/manifests/{number}/cancel) instead";
        }
        return null;
    }
}
