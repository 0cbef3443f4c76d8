package cn.hazchain.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.pickup.PickupRules.Action;
import cn.hazchain.pickup.PickupRules.Status;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pickup request's life over every status × action, without a database. */
class PickupRulesTest {

    static final Map<Action, Set<Status>> ALLOWED = new EnumMap<>(Map.of(
            Action.ACCEPT, Set.of(Status.REQUESTED),
            Action.DECLINE, Set.of(Status.REQUESTED, Status.ACCEPTED),
            Action.SCHEDULE, Set.of(Status.REQUESTED, Status.ACCEPTED, Status.SCHEDULED),
            Action.PLAN, Set.of(Status.REQUESTED, Status.ACCEPTED, Status.SCHEDULED),
            Action.WITHDRAW, Set.of(Status.REQUESTED, Status.ACCEPTED, Status.SCHEDULED),
            Action.ISSUE_MANIFEST, Set.of(Status.ACCEPTED, Status.SCHEDULED)));

    @Test
    void refusal_overTheWholeTable_namesTheCurrentStatus() {
        for (Action a : Action.values()) {
            for (Status s : Status.values()) {
                String r = PickupRules.refusal(s, false, a);
                if (ALLOWED.get(a).contains(s)) {
                    assertNull(r, a + " from " + s);
                } else {
                    assertNotNull(r, a + " from " + s);
                    assertTrue(r.startsWith("pickup request is " + s + "; " + a + " needs"), r);
                }
            }
        }
    }

    @Test
    void refusal_ofADeclineOrWithdrawal_onceAManifestIsIssued_pointsToTheManifest() {
        assertTrue(PickupRules.refusal(Status.ACCEPTED, true, Action.DECLINE).contains("cancel the manifest"));
        assertTrue(PickupRules.refusal(Status.SCHEDULED, true, Action.WITHDRAW).contains("cancel the manifest"));
        assertNull(PickupRules.refusal(Status.SCHEDULED, true, Action.PLAN), "a request with its manifest may still be planned");
    }

    @Test
    void target_ofEachAction() {
        assertEquals(Status.ACCEPTED, PickupRules.target(Status.REQUESTED, Action.ACCEPT));
        assertEquals(Status.SCHEDULED, PickupRules.target(Status.ACCEPTED, Action.PLAN));
        assertEquals(Status.DECLINED, PickupRules.target(Status.ACCEPTED, Action.DECLINE));
        assertEquals(Status.WITHDRAWN, PickupRules.target(Status.REQUESTED, Action.WITHDRAW));
        assertEquals(Status.SCHEDULED, PickupRules.target(Status.SCHEDULED, Action.ISSUE_MANIFEST), "issuing leaves the status");
    }
}
