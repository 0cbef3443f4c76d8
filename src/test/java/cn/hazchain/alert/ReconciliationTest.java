package cn.hazchain.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.alert.AlertLifecycle.State;
import cn.hazchain.alert.Reconciliation.Latest;
import cn.hazchain.alert.Reconciliation.Plan;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    static Candidate fires(long subject, int measure, long trigger) {
        return new Candidate(subject, "S" + subject, "璜土镇", BigDecimal.valueOf(measure), BigDecimal.TEN, "d" + measure, Set.of(1L, 2L), trigger);
    }

    static Latest alert(long id, long subject, State state, boolean byUser, long trigger, int measure) {
        return new Latest(id, subject, state, byUser, trigger, BigDecimal.valueOf(measure), "d" + measure, "璜土镇", Set.of(1L, 2L));
    }

    @Test
    void newSubjectOpens_openAlertIsRefreshed_clearedAlertIsResolved() {
        Plan p = Reconciliation.plan(List.of(fires(1, 11, 0), fires(2, 12, 0)),
                Map.of(2L, alert(20, 2, State.ACKNOWLEDGED, false, 0, 12), 3L, alert(30, 3, State.OPEN, false, 0, 15)));
        assertEquals(List.of(1L), p.open().stream().map(Candidate::subjectId).toList());
        assertEquals(1, p.refresh().size());
        assertEquals(20, p.refresh().get(0).alertId());
        assertFalse(p.refresh().get(0).changed(), "same figure, text, place and parties");
        assertEquals(List.of(30L), p.resolve());
        assertEquals(0, p.suppressed());
    }

    @Test
    void reEvaluatingTheSameFactsChangesNothing() {
        Plan p = Reconciliation.plan(List.of(fires(1, 11, 5)), Map.of(1L, alert(10, 1, State.OPEN, false, 5, 11)));
        assertTrue(p.open().isEmpty());
        assertTrue(p.resolve().isEmpty());
        assertFalse(p.refresh().get(0).changed());
    }

    @Test
    void aGrowingFigureOrNewPartyIsARefreshWithChanges() {
        assertTrue(Reconciliation.plan(List.of(fires(1, 12, 0)), Map.of(1L, alert(10, 1, State.OPEN, false, 0, 11))).refresh().get(0).changed());
        Latest fewerParties = new Latest(10, 1, State.OPEN, false, 0, BigDecimal.valueOf(11), "d11", "璜土镇", Set.of(1L));
        assertTrue(Reconciliation.plan(List.of(fires(1, 11, 0)), Map.of(1L, fewerParties)).refresh().get(0).changed());
    }

    @Test
    void afterAnAutomaticCloseTheConditionComingBackOpensANewAlert() {
        Plan p = Reconciliation.plan(List.of(fires(1, 11, 0)), Map.of(1L, alert(10, 1, State.CLOSED, false, 0, 11)));
        assertEquals(1, p.open().size());
    }

    @Test
    void aUsersCloseStandsForTheSameFacts_aNewerTriggerOpensANewAlert() {
        Plan same = Reconciliation.plan(List.of(fires(1, 11, 7)), Map.of(1L, alert(10, 1, State.CLOSED, true, 7, 11)));
        assertTrue(same.open().isEmpty());
        assertEquals(1, same.suppressed());
        Plan newer = Reconciliation.plan(List.of(fires(1, 11, 8)), Map.of(1L, alert(10, 1, State.CLOSED, true, 7, 11)));
        assertEquals(1, newer.open().size());
    }

    @Test
    void closedAlertsAreNeverResolvedAgain() {
        Plan p = Reconciliation.plan(List.of(), Map.of(1L, alert(10, 1, State.CLOSED, true, 0, 11), 2L, alert(11, 2, State.CLOSED, false, 0, 3)));
        assertTrue(p.resolve().isEmpty());
    }

    @Test
    void aSubjectFiringTwiceIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Reconciliation.plan(List.of(fires(1, 1, 0), fires(1, 2, 0)), Map.of()));
    }
}
