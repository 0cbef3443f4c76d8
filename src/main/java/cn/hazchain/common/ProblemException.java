package cn.hazchain.common;

import java.util.Map;

/**
 * A rejection the client can act on. Services throw it; {@link ProblemMappers} turns it into problem JSON.
 * The factories name the HTTP meaning; {@code detail} must say what is wrong and, where possible, what to do.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(new Problem("bad-request", "Bad request / 请求有误", 400, detail));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(new Problem("not-found", "Not found / 未找到", 404, what + " " + id + " does not exist or is not visible to you"));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem("forbidden", "Forbidden / 无权操作", 403, detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(new Problem("conflict", "Conflict / 冲突", 409, detail));
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(new Problem(slug, "Cannot be processed / 无法处理", 422, detail));
    }

    public static ProblemException unprocessable(String slug, String detail, Map<String, Object> extensions) {
        Problem p = new Problem(slug, "Cannot be processed / 无法处理", 422, detail);
        extensions.forEach(p::with);
        return new ProblemException(p);
    }
}
