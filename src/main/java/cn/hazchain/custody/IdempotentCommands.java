package cn.hazchain.custody;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a command at most once per {@code commandId}. The id is reserved in {@code command_log} in the same
 * transaction as the command's effects: a repeat (even concurrent: it waits on the reservation) gets the first
 * result back and writes nothing. A command that fails leaves no trace, so a corrected resend is processed.
 */
@ApplicationScoped
public class IdempotentCommands {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    ObjectMapper json;

    /** The result: either fresh (an object) or replayed (the first result's JSON). */
    public record Result(int status, Object body, boolean replayed) {
    }

    /** The HTTP answer: the result, marked {@code Idempotent-Replay: true} when it is a repeat. */
    public static jakarta.ws.rs.core.Response respond(Result r) {
        jakarta.ws.rs.core.Response.ResponseBuilder b = jakarta.ws.rs.core.Response.status(r.status()).entity(r.body())
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        return r.replayed() ? b.header("Idempotent-Replay", "true").build() : b.build();
    }

    @Transactional
    public Result run(UUID commandId, String kind, int status, Supplier<Object> work) {
        int reserved = em.createNativeQuery("INSERT INTO command_log (command_id, user_id, kind, status, response)"
                        + " VALUES (?1, ?2, ?3, 0, '') ON CONFLICT DO NOTHING")
                .setParameter(1, commandId).setParameter(2, current.userId()).setParameter(3, kind).executeUpdate();
        if (reserved == 0) {
            Object[] first = (Object[]) em.createNativeQuery("SELECT user_id, kind, status, response FROM command_log WHERE command_id = ?1")
                    .setParameter(1, commandId).getSingleResult();
            if (((Number) first[0]).longValue() != current.userId() || !kind.equals(first[1])) {
                throw ProblemException.conflict("commandId " + commandId + " was already used for another command; generate a new id for each command");
            }
            return new Result(((Number) first[2]).intValue(), first[3], true);
        }
        Object body = work.get();
        try {
            em.createNativeQuery("UPDATE command_log SET status = ?2, response = ?3 WHERE command_id = ?1")
                    .setParameter(1, commandId).setParameter(2, status).setParameter(3, json.writeValueAsString(body)).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the result of command " + commandId, e);
        }
        return new Result(status, body, false);
    }
}
