package cn.hazchain.alert;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A subject for which a rule's condition holds now: what it is, where, the figure that fired it, the parties it
 * concerns, and the newest custody event that raised the condition ({@code triggerRef}, 0 when none).
 * {@code evidence} is a JSON document of what shows it (the feed rules: the positions, or the weighing and the
 * scan), or null.
 */
public record Candidate(long subjectId, String subjectKey, String town, BigDecimal measure, BigDecimal threshold,
                        String details, Set<Long> partyIds, long triggerRef, String evidence) {

    public Candidate {
        partyIds = Set.copyOf(partyIds);
    }

    public Candidate(long subjectId, String subjectKey, String town, BigDecimal measure, BigDecimal threshold,
                     String details, Set<Long> partyIds, long triggerRef) {
        this(subjectId, subjectKey, town, measure, threshold, details, partyIds, triggerRef, null);
    }
}
