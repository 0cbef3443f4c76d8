package cn.hazchain.alert;

import cn.hazchain.alert.AlertLifecycle.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Alerts as they travel over HTTP. */
public final class AlertDtos {

    private AlertDtos() {
    }

    /** What a regulator writes when acknowledging or closing an alert: why, and what was done. */
    public record Note(@NotBlank @Size(max = 2000) String note) {
    }

    public record AlertView(long id, AlertRule rule, String title, AlertRule.SubjectKind subjectKind, long subjectId,
                            String subjectKey, String town, AlertRule.Severity severity, State state, BigDecimal measure,
                            String unit, BigDecimal threshold, String details, Instant firstSeen, Instant lastSeen,
                            Instant acknowledgedAt, Instant closedAt, String closedReason, List<Long> partyIds, JsonNode evidence) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Evidence as stored (jsonb text) to a JSON tree, so that it travels as JSON, not as a string of it. */
    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("alert evidence is jsonb, so it parses", e);
        }
    }

    /** One lifecycle step; {@code actor} is null for the evaluator. */
    public record AlertEventView(long id, String type, Instant at, Long actorUserId, String actor, String reason, String note,
                                 BigDecimal measure, String details, JsonNode evidence) {
    }

    public record AlertDetail(AlertView alert, List<AlertEventView> history) {
    }

    /** One rule in an evaluation: subjects firing, alerts opened, resolved, not reopened after a user's close, and open after the run. */
    public record RuleCount(AlertRule rule, int firing, int opened, int resolved, int suppressed, long open) {
    }

    public record EvaluationReport(Instant evaluatedAt, int opened, int resolved, long open, List<RuleCount> rules) {
    }

    public record Count(String key, long open, long acknowledged, long total) {
    }

    public record TownRuleCount(String town, AlertRule rule, long open, long acknowledged, long total) {
    }

    /** Alerts not closed (OPEN + ACKNOWLEDGED), by town and by rule. */
    public record Summary(long total, List<Count> byTown, List<Count> byRule, List<TownRuleCount> byTownAndRule) {
    }
}
