package cn.hazchain.custody;

import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import cn.hazchain.security.CurrentUser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a command at most once per {@code commandId}. The id is reserved in {@code command_log} in the same
 * transaction as the command's effects, with a fingerprint of the request (its kind, what it names and its body):
 * a repeat of the same request (even concurrent: it waits on the reservation) gets the first result back and writes
 * nothing; the same id with a different request is refused (409), never answered with another command's result.
 * A refused command leaves no trace (its transaction is rolled back), so a corrected resend is processed.
 */
@ApplicationScoped
public class IdempotentCommands {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    ObjectMapper json;

    /** What a command's work came to: a result to keep, or a refusal (nothing kept). */
    public sealed interface Answer {
        record Done(Object body) implements Answer {
        }

        record Refused(Problem problem) implements Answer {
        }
    }

    /** The result: fresh (an object), replayed (the first result's JSON) or refused (a problem). */
    public record Result(int status, Object body, boolean replayed) {
    }

    /** The HTTP answer: the result, marked {@code Idempotent-Replay: true} when it is a repeat. */
    public static Response respond(Result r) {
        if (r.body() instanceof Problem p) {
            return Response.status(p.status).type(Problem.MEDIA_TYPE).entity(p).build();
        }
        Response.ResponseBuilder b = Response.status(r.status()).entity(r.body()).type(MediaType.APPLICATION_JSON);
        return r.replayed() ? b.header("Idempotent-Replay", "true").build() : b.build();
    }

    /**
     * @param target what the command names besides its body (a label ID, a transfer number), part of its fingerprint
     * @param request the request body, part of its fingerprint
     */
    @Transactional
    public Result run(UUID commandId, String kind, String target, Object request, int status, Supplier<Answer> work) {
        String fingerprint = fingerprint(kind, target, request);
        int reserved = em.createNativeQuery("INSERT INTO command_log (command_id, user_id, kind, status, response, request_sha256)"
                        + " VALUES (?1, ?2, ?3, 0, '', ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, commandId).setParameter(2, current.userId()).setParameter(3, kind).setParameter(4, fingerprint).executeUpdate();
        if (reserved == 0) {
            Object[] first = (Object[]) em.createNativeQuery("SELECT user_id, kind, status, response, request_sha256 FROM command_log WHERE command_id = ?1")
                    .setParameter(1, commandId).getSingleResult();
            if (((Number) first[0]).longValue() != current.userId() || !kind.equals(first[1])) {
                throw ProblemException.conflict("commandId " + commandId + " was already used for another command; generate a new id for each command");
            }
            if (first[4] != null && !fingerprint.equals(((String) first[4]).strip())) {
                throw ProblemException.conflict("commandId " + commandId + " was already used for a different " + kind
                        + " request (another container, transfer or body): it was not applied; generate a new id for each command");
            }
            return new Result(((Number) first[2]).intValue(), first[3], true);
        }
        Answer answer = work.get();
        if (answer instanceof Answer.Refused refused) {
            QuarkusTransaction.setRollbackOnly();
            return new Result(refused.problem().status, refused.problem(), false);
        }
        Object body = ((Answer.Done) answer).body();
        try {
            em.createNativeQuery("UPDATE command_log SET status = ?2, response = ?3 WHERE command_id = ?1")
                    .setParameter(1, commandId).setParameter(2, status).setParameter(3, json.writeValueAsString(body)).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the result of command " + commandId, e);
        }
        return new Result(status, body, false);
    }

    private String fingerprint(String kind, String target, Object request) {
        try {
            String canonical = kind + "\n" + (target == null ? "" : target.strip().toUpperCase(java.util.Locale.ROOT)) + "\n"
                    + json.writeValueAsString(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint command " + kind, e);
        }
    }
}
