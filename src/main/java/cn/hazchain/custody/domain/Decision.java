package cn.hazchain.custody.domain;

import java.util.List;

/** What {@link CustodyRules#decide} answers: the events a command causes, or why it may not. */
public sealed interface Decision {

    record Accepted(List<CustodyEvent> events) implements Decision {
    }

    record Rejected(Rejection rejection) implements Decision {
    }
}
