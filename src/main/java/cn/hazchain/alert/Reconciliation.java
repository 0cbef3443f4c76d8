package cn.hazchain.alert;

import cn.hazchain.alert.AlertLifecycle.State;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one evaluation of one rule changes, as a pure function of the subjects that fire now and the latest
 * alert of each subject. No framework, so the idempotency and re-opening rules are tested alone:
 * <ul>
 *   <li>a firing subject with an alert that is not closed: the alert is refreshed (never a second one);</li>
 *   <li>a firing subject whose latest alert was closed automatically (the condition had cleared), or that has
 *       none: a new alert opens;</li>
 *   <li>a firing subject whose latest alert a user closed: nothing, unless a custody event newer than the ones
 *       that alert had seen raised the condition again ({@code triggerRef}) — a regulator's close stands for the
 *       facts it was about;</li>
 *   <li>an alert that is not closed and whose subject no longer fires: closed as resolved.</li>
 * </ul>
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    /** The latest alert of a subject for the rule. */
    public record Latest(long alertId, long subjectId, State state, boolean closedByUser, long triggerRef,
                         BigDecimal measure, String details, String town, Set<Long> partyIds) {
    }

    /** An alert still firing; {@code changed} when its figure, text, place, parties or trigger moved on. */
    public record Refresh(long alertId, Candidate candidate, boolean changed) {
    }

    public record Plan(List<Candidate> open, List<Refresh> refresh, List<Long> resolve, int suppressed) {
    }

    public static Plan plan(Collection<Candidate> firing, Map<Long, Latest> latestBySubject) {
        List<Candidate> open = new ArrayList<>();
        List<Refresh> refresh = new ArrayList<>();
        List<Long> resolve = new ArrayList<>();
        int suppressed = 0;
        Set<Long> firingSubjects = new HashSet<>();
        for (Candidate c : firing) {
            if (!firingSubjects.add(c.subjectId())) {
                throw new IllegalArgumentException("subject " + c.subjectId() + " fires twice in one evaluation");
            }
            Latest latest = latestBySubject.get(c.subjectId());
            if (latest == null || (latest.state() == State.CLOSED && !latest.closedByUser())) {
                open.add(c);
            } else if (latest.state() != State.CLOSED) {
                refresh.add(new Refresh(latest.alertId(), c, changed(latest, c)));
            } else if (c.triggerRef() > latest.triggerRef()) {
                open.add(c);
            } else {
                suppressed++;
            }
        }
        for (Latest latest : latestBySubject.values()) {
            if (latest.state() != State.CLOSED && !firingSubjects.contains(latest.subjectId())) {
                resolve.add(latest.alertId());
            }
        }
        return new Plan(open, refresh, resolve, suppressed);
    }

    static boolean changed(Latest latest, Candidate c) {
        return latest.measure() == null || latest.measure().compareTo(c.measure()) != 0
                || !Objects.equals(latest.details(), c.details()) || !Objects.equals(latest.town(), c.town())
                || c.triggerRef() > latest.triggerRef() || !latest.partyIds().containsAll(c.partyIds());
    }
}
