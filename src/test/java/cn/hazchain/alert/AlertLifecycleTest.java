package cn.hazchain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import cn.hazchain.alert.AlertLifecycle.Action;
import cn.hazchain.alert.AlertLifecycle.Moved;
import cn.hazchain.alert.AlertLifecycle.Refused;
import cn.hazchain.alert.AlertLifecycle.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every state × every action, without Quarkus. */
class AlertLifecycleTest {

    static final Map<State, Map<Action, State>> TABLE = Map.of(
            State.OPEN, Map.of(Action.ACKNOWLEDGE, State.ACKNOWLEDGED, Action.CLOSE, State.CLOSED, Action.RESOLVE, State.CLOSED),
            State.ACKNOWLEDGED, Map.of(Action.CLOSE, State.CLOSED, Action.RESOLVE, State.CLOSED),
            State.CLOSED, Map.of());

    @Test
    void wholeTransitionTable() {
        for (State s : State.values()) {
            for (Action a : Action.values()) {
                State expected = TABLE.get(s).get(a);
                var outcome = AlertLifecycle.decide(s, a);
                if (expected == null) {
                    Refused r = assertInstanceOf(Refused.class, outcome, s + " × " + a);
                    assertEquals(s, r.current());
                } else {
                    Moved m = assertInstanceOf(Moved.class, outcome, s + " × " + a);
                    assertEquals(expected, m.to());
                }
            }
        }
    }

    @Test
    void refusalNamesTheStateAndWhatIsNeeded() {
        Refused r = (Refused) AlertLifecycle.decide(State.CLOSED, Action.ACKNOWLEDGE);
        assertEquals("alert 7 is CLOSED; acknowledge needs OPEN", r.message(7, Action.ACKNOWLEDGE));
        Refused again = (Refused) AlertLifecycle.decide(State.ACKNOWLEDGED, Action.ACKNOWLEDGE);
        assertEquals("alert 8 is ACKNOWLEDGED; acknowledge needs OPEN", again.message(8, Action.ACKNOWLEDGE));
    }
}
