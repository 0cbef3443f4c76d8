package cn.hazchain.alert;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A subject for which a rule's condition holds now: what it is, where, the figure that fired it, the parties it
 * concerns, and the newest custody event that raised the condition ({@code triggerRef}, 0 when none).
 */
public record Candidate(long subjectId, String subjectKey, String town, BigDecimal measure, BigDecimal threshold,
                        String details, Set<Long> partyIds, long triggerRef) {

    public Candidate {
        partyIds = Set.copyOf(partyIds);
    }
}
