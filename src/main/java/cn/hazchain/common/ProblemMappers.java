package cn.hazchain.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.StaleObjectStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One mapper per kind of error, all answering {@code application/problem+json}. Messages say what to fix and
 * never carry exception class names or stack traces; unexpected errors are logged with an id the client sees.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response validation(ResteasyReactiveViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(v -> v.getPropertyPath().toString().contains("<return value>"))) {
            return unexpected(e, uri);
        }
        return respond(violations(e.getConstraintViolations().stream().toList()), uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return respond(violations(e.getConstraintViolations().stream().toList()), uri);
    }

    private static Problem violations(List<ConstraintViolation<?>> violations) {
        List<Map<String, String>> errors = violations.stream()
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message")).collect(Collectors.joining("; "));
        return new Problem("validation", "Invalid request / 请求数据无效", 400, detail).with("errors", errors);
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "create.body.name" -> "name"; "list.size" -> "size"
        String[] parts = path.split("\\.");
        if (parts.length >= 3 && parts[1].matches("arg\\d+|body|request|command")) {
            return String.join(".", Arrays.copyOfRange(parts, 2, parts.length));
        }
        return parts.length >= 2 ? String.join(".", Arrays.copyOfRange(parts, 1, parts.length)) : path;
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(new Problem("malformed-body", "Malformed request body / 请求体格式错误", 400,
                "unknown field '" + e.getPropertyName() + "'" + location(e) + "; known fields: "
                        + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))), uri);
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e, UriInfo uri) {
        Class<?> target = e.getTargetType();
        String expected = target != null && target.isEnum()
                ? "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
                : "a " + (target == null ? "value" : simpleType(target));
        return respond(new Problem("malformed-body", "Malformed request body / 请求体格式错误", 400,
                "value " + quote(e.getValue()) + location(e) + " is not valid: expected " + expected), uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String expected = e.getTargetType() == null ? "" : ": expected " + simpleType(e.getTargetType());
        return respond(new Problem("malformed-body", "Malformed request body / 请求体格式错误", 400,
                "wrong type or shape" + location(e) + expected), uri);
    }

    @ServerExceptionMapper
    public Response tooLarge(StreamConstraintsException e, UriInfo uri) {
        return respond(new Problem("malformed-body", "Malformed request body / 请求体格式错误", 400,
                "request body exceeds a size or nesting limit: " + Text.clip(e.getOriginalMessage(), 200)), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof StreamConstraintsException limit) {
            return tooLarge(limit, uri);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch instanceof UnrecognizedPropertyException u ? unknownField(u, uri)
                    : mismatch instanceof InvalidFormatException f ? badValue(f, uri) : mismatched(mismatch, uri);
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(new Problem("malformed-body", "Malformed request body / 请求体格式错误", 400,
                "the body is not valid JSON" + where + (e instanceof JsonMappingException m ? location(m) : "")), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(AuthenticationFailedException e, UriInfo uri) {
        String revoked = cn.hazchain.common.TokenRevokedException.detailOf(e);
        if (revoked != null) {
            Problem p = new Problem("session-ended", "Session ended / 会话已结束", 401, revoked + "; sign in again");
            return Response.fromResponse(respond(p, uri)).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
        return unauthenticated(uri);
    }

    private static Response unauthenticated(UriInfo uri) {
        Problem p = new Problem("unauthenticated", "Authentication required / 需要登录", 401,
                "send a valid bearer token: POST /api/auth/token with your username and password");
        return Response.fromResponse(respond(p, uri)).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem("forbidden", "Forbidden / 无权操作", 403, "your role does not allow this operation"), uri);
    }

    @ServerExceptionMapper
    public Response stale(OptimisticLockException e, UriInfo uri) {
        return staleVersion(uri);
    }

    @ServerExceptionMapper
    public Response stale(StaleObjectStateException e, UriInfo uri) {
        return staleVersion(uri);
    }

    private static Response staleVersion(UriInfo uri) {
        return respond(new Problem("stale-version", "Changed by someone else / 记录已被他人修改", 409,
                "the record was changed by another request; read it again and retry"), uri);
    }

    /**
     * A database rule refused the request. The problem says in words what is wrong ({@link ConstraintMessages}) and
     * never names the constraint; the log does, for operators.
     */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        LOG.warnf("request on %s refused by database rule %s (SQLSTATE %s)", uri == null ? "?" : uri.getPath(), e.getConstraintName(), e.getSQLState());
        String detail = ConstraintMessages.describe(e.getConstraintName(), e.getSQLState());
        if ("23505".equals(e.getSQLState())) {
            return respond(new Problem("duplicate", "Already exists / 已存在", 409, detail), uri);
        }
        return respond(new Problem("constraint", "Rejected by a data rule / 违反数据规则", 422, detail), uri);
    }

    /** A value the database cannot hold (SQLSTATE class 22: NUL in text, out-of-range number or date…) got past validation. */
    @ServerExceptionMapper
    public Response data(org.hibernate.exception.DataException e, UriInfo uri) {
        LOG.warnf("value refused by the database on %s: SQLSTATE %s", uri.getPath(), e.getSQLState());
        return respond(new Problem("invalid-value", "Invalid value / 数据值无效", 400,
                "a value in the request cannot be stored (text with NUL characters, a number or date out of range); check what you sent"), uri);
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri) {
        if (e.getCause() instanceof org.hibernate.exception.ConstraintViolationException c) {
            return constraint(c, uri);
        }
        if (e.getCause() instanceof org.hibernate.exception.DataException d) {
            return data(d, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json, uri);
            }
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "request refused" : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no resource at " + uri.getPath();
            case 405 -> "method not allowed on " + uri.getPath();
            case 406 -> "cannot produce a representation you accept";
            case 413 -> "request body too large";
            case 415 -> "unsupported Content-Type: send application/json";
            default -> reason;
        };
        Problem p = new Problem(slug(reason), reason, status, detail);
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE).entity(withInstance(p, uri));
        e.getResponse().getHeaders().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Allow")) {
                v.forEach(x -> builder.header(k, x));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", incident, uri.getPath());
        return respond(new Problem("internal", "Internal error / 服务器内部错误", 500,
                "the server failed; quote incident " + incident + " to the operator").with("incident", incident), uri);
    }

    static Response respond(Problem p, UriInfo uri) {
        return Response.status(p.status).type(Problem.MEDIA_TYPE).entity(withInstance(p, uri)).build();
    }

    private static Problem withInstance(Problem p, UriInfo uri) {
        if (p.instance == null && uri != null) {
            p.instance = uri.getPath();
        }
        return p;
    }

    private static String location(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    private static String simpleType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "date/time in ISO-8601 (" + type.getSimpleName() + ")";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "JSON array";
        }
        return "JSON object";
    }

    private static String quote(Object value) {
        String s = String.valueOf(value);
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }

    private static String slug(String reason) {
        return reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
