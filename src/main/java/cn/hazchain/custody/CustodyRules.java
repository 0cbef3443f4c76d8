package cn.hazchain.custody;

import cn.hazchain.container.ContainerState;
import java.util.EnumSet;
import java.util.Set;

/**
 * The custody state machine as a pure function: {@code (state, command) → event or rejection}. No framework
 * imports, so the whole transition table is unit-tested without a container.
 *
 * <pre>
 * ISSUED ──collect──▶ COLLECTED ──store──▶ IN_STORAGE ──load──▶ IN_TRANSIT ──receive──▶ RECEIVED ──dispose──▶ DISPOSED
 *   │                     └─────────────────load─────────────────▶┘      └──refuse──▶ REFUSED ──store──▶ IN_STORAGE
 *   └──cancel──▶ CANCELLED
 * </pre>
 */
public final class CustodyRules {

    private CustodyRules() {
    }

    /** What a scan or a user asks for. */
    public enum Command {
        COLLECT, STORE, ADD_TO_LOT, LOAD, RECEIVE, REFUSE, DISPOSE, CANCEL
    }

    /** What happened: events are facts, named in the past tense. */
    public enum EventType {
        CONTAINER_COLLECTED, CONTAINER_STORED, CONTAINER_ADDED_TO_LOT, CONTAINER_LOADED, CONTAINER_RECEIVED,
        CONTAINER_REFUSED, CONTAINER_DISPOSED, CONTAINER_CANCELLED
    }

    /** The outcome of a command on a container in a state. */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    public record Accepted(EventType event, ContainerState from, ContainerState to) implements Outcome {
    }

    public record Rejected(ContainerState current, Set<ContainerState> needs, String reason) implements Outcome {
    }

    /** The states from which a command may be applied. */
    public static Set<ContainerState> allowedFrom(Command command) {
        return switch (command) {
            case COLLECT, CANCEL -> EnumSet.of(ContainerState.ISSUED);
            case STORE -> EnumSet.of(ContainerState.COLLECTED, ContainerState.REFUSED);
            case ADD_TO_LOT -> EnumSet.of(ContainerState.IN_STORAGE);
            case LOAD -> EnumSet.of(ContainerState.COLLECTED, ContainerState.IN_STORAGE);
            case RECEIVE, REFUSE -> EnumSet.of(ContainerState.IN_TRANSIT);
            case DISPOSE -> EnumSet.of(ContainerState.RECEIVED);
        };
    }

    public static Outcome decide(ContainerState state, Command command) {
        Set<ContainerState> needs = allowedFrom(command);
        if (!needs.contains(state)) {
            return new Rejected(state, needs, command + " needs " + describe(needs) + "; the container is " + state);
        }
        return switch (command) {
            case COLLECT -> new Accepted(EventType.CONTAINER_COLLECTED, state, ContainerState.COLLECTED);
            case STORE -> new Accepted(EventType.CONTAINER_STORED, state, ContainerState.IN_STORAGE);
            case ADD_TO_LOT -> new Accepted(EventType.CONTAINER_ADDED_TO_LOT, state, ContainerState.IN_STORAGE);
            case LOAD -> new Accepted(EventType.CONTAINER_LOADED, state, ContainerState.IN_TRANSIT);
            case RECEIVE -> new Accepted(EventType.CONTAINER_RECEIVED, state, ContainerState.RECEIVED);
            case REFUSE -> new Accepted(EventType.CONTAINER_REFUSED, state, ContainerState.REFUSED);
            case DISPOSE -> new Accepted(EventType.CONTAINER_DISPOSED, state, ContainerState.DISPOSED);
            case CANCEL -> new Accepted(EventType.CONTAINER_CANCELLED, state, ContainerState.CANCELLED);
        };
    }

    private static String describe(Set<ContainerState> states) {
        return states.size() == 1 ? states.iterator().next().name() : "one of " + states;
    }

    /**
     * Whether two weighings of one container differ by more than the tolerance (a fraction, e.g. 0.05).
     * The first weighing has nothing to differ from.
     */
    public static boolean weightDeviates(java.math.BigDecimal previousKg, java.math.BigDecimal newKg, java.math.BigDecimal tolerance) {
        if (previousKg == null || newKg == null || previousKg.signum() == 0) {
            return false;
        }
        java.math.BigDecimal change = newKg.subtract(previousKg).abs().divide(previousKg, 6, java.math.RoundingMode.HALF_UP);
        return change.compareTo(tolerance) > 0;
    }
}
