package cn.hazchain.custody;

import cn.hazchain.common.Problem;
import cn.hazchain.custody.domain.Rejection;

/** A custody rejection as the web answers it: problem+json with its status, stable code and members. */
public final class Rejections {

    private Rejections() {
    }

    public static Problem problem(Rejection r) {
        Problem p = new Problem(r.slug(), title(r.kind()), r.kind().status(), r.detail());
        r.extensions().forEach(p::with);
        return p;
    }

    private static String title(Rejection.Kind kind) {
        return switch (kind) {
            case ILLEGAL_TRANSITION -> "Not allowed in this state / 当前状态不允许此操作";
            case STALE_VERSION -> "Changed by someone else / 记录已被他人修改";
            case CONFLICT -> "Conflict / 冲突";
            case FORBIDDEN -> "Forbidden / 无权操作";
            case NOT_FOUND -> "Not found / 未找到";
            case UNPROCESSABLE -> "Cannot be processed / 无法处理";
        };
    }

    /** The answer of a command that refused: its problem. */
    public static IdempotentCommands.Answer refused(Rejection r) {
        return new IdempotentCommands.Answer.Refused(problem(r));
    }
}
