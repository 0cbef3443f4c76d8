package cn.hazchain.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.container.ContainerState;
import cn.hazchain.custody.CustodyRules.Accepted;
import cn.hazchain.custody.CustodyRules.Command;
import cn.hazchain.custody.CustodyRules.EventType;
import cn.hazchain.custody.CustodyRules.Outcome;
import cn.hazchain.custody.CustodyRules.Rejected;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every state × every command: allowed with the right event and target, or rejected naming both states. */
class CustodyRulesTest {

    /** The expected table: command → (from-state → to-state). Anything not listed is rejected. */
    static final Map<Command, Map<ContainerState, ContainerState>> TABLE = new EnumMap<>(Command.class);

    static {
        put(Command.COLLECT, ContainerState.ISSUED, ContainerState.COLLECTED);
        put(Command.CANCEL, ContainerState.ISSUED, ContainerState.CANCELLED);
        put(Command.STORE, ContainerState.COLLECTED, ContainerState.IN_STORAGE);
        put(Command.STORE, ContainerState.REFUSED, ContainerState.IN_STORAGE);
        put(Command.ADD_TO_LOT, ContainerState.IN_STORAGE, ContainerState.IN_STORAGE);
        put(Command.LOAD, ContainerState.COLLECTED, ContainerState.IN_TRANSIT);
        put(Command.LOAD, ContainerState.IN_STORAGE, ContainerState.IN_TRANSIT);
        put(Command.RECEIVE, ContainerState.IN_TRANSIT, ContainerState.RECEIVED);
        put(Command.REFUSE, ContainerState.IN_TRANSIT, ContainerState.REFUSED);
        put(Command.DISPOSE, ContainerState.RECEIVED, ContainerState.DISPOSED);
    }

    static void put(Command c, ContainerState from, ContainerState to) {
        TABLE.computeIfAbsent(c, k -> new EnumMap<>(ContainerState.class)).put(from, to);
    }

    @Test
    void wholeTransitionTable() {
        int allowed = 0;
        int rejected = 0;
        for (ContainerState state : ContainerState.values()) {
            for (Command command : Command.values()) {
                Outcome outcome = CustodyRules.decide(state, command);
                ContainerState expected = TABLE.getOrDefault(command, Map.of()).get(state);
                if (expected != null) {
                    Accepted a = assertInstanceOf(Accepted.class, outcome, state + " × " + command);
                    assertEquals(expected, a.to(), state + " × " + command);
                    assertEquals(state, a.from());
                    allowed++;
                } else {
                    Rejected r = assertInstanceOf(Rejected.class, outcome, state + " × " + command);
                    assertEquals(state, r.current());
                    assertEquals(TABLE.getOrDefault(command, Map.of()).keySet(), r.needs());
                    assertTrue(r.reason().contains(state.name()) && r.reason().contains(command.name()), r.reason());
                    rejected++;
                }
            }
        }
        assertEquals(10, allowed);
        assertEquals(ContainerState.values().length * Command.values().length - 10, rejected);
    }

    @Test
    void eventsAreNamedInThePastTense() {
        assertEquals(EventType.CONTAINER_COLLECTED, ((Accepted) CustodyRules.decide(ContainerState.ISSUED, Command.COLLECT)).event());
        assertEquals(EventType.CONTAINER_REFUSED, ((Accepted) CustodyRules.decide(ContainerState.IN_TRANSIT, Command.REFUSE)).event());
    }

    @Test
    void terminalStatesAcceptNothing() {
        for (Command command : Command.values()) {
            assertInstanceOf(Rejected.class, CustodyRules.decide(ContainerState.DISPOSED, command));
            assertInstanceOf(Rejected.class, CustodyRules.decide(ContainerState.CANCELLED, command));
        }
    }

    @Test
    void rejectionNamesCurrentAndNeededStates() {
        Rejected r = (Rejected) CustodyRules.decide(ContainerState.IN_STORAGE, Command.COLLECT);
        assertEquals("COLLECT needs ISSUED; the container is IN_STORAGE", r.reason());
    }

    @Test
    void weightToleranceIsAFraction() {
        BigDecimal five = new BigDecimal("0.05");
        assertFalse(CustodyRules.weightDeviates(null, new BigDecimal("100"), five));
        assertFalse(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("105"), five));
        assertTrue(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("105.01"), five));
        assertTrue(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("94.9"), five));
    }
}
