package cn.hazchain.alert;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an alert as a pure function: {@code (state, action) → next state or rejection}.
 *
 * <pre>
 * OPEN ──acknowledge──▶ ACKNOWLEDGED
 *   │                        │
 *   └──close / resolved──────┴──close / resolved──▶ CLOSED
 * </pre>
 * A closed alert stays closed: when its condition comes back, the evaluator opens a new alert.
 */
public final class AlertLifecycle {

    private AlertLifecycle() {
    }

    public enum State { OPEN, ACKNOWLEDGED, CLOSED }

    /** ACKNOWLEDGE and CLOSE are a regulator's (with a note); RESOLVE is the evaluator's when the condition cleared. */
    public enum Action { ACKNOWLEDGE, CLOSE, RESOLVE }

    public sealed interface Outcome permits Moved, Refused {
    }

    public record Moved(State from, State to) implements Outcome {
    }

    public record Refused(State current, Set<State> needs) implements Outcome {
        public String message(long alertId, Action action) {
            return "alert " + alertId + " is " + current + "; " + action.name().toLowerCase() + " needs "
                    + (needs.size() == 1 ? needs.iterator().next().name() : "one of " + needs);
        }
    }

    public static Set<State> allowedFrom(Action action) {
        return switch (action) {
            case ACKNOWLEDGE -> EnumSet.of(State.OPEN);
            case CLOSE, RESOLVE -> EnumSet.of(State.OPEN, State.ACKNOWLEDGED);
        };
    }

    public static Outcome decide(State state, Action action) {
        Set<State> needs = allowedFrom(action);
        if (!needs.contains(state)) {
            return new Refused(state, needs);
        }
        return switch (action) {
            case ACKNOWLEDGE -> new Moved(state, State.ACKNOWLEDGED);
            case CLOSE, RESOLVE -> new Moved(state, State.CLOSED);
        };
    }
}
