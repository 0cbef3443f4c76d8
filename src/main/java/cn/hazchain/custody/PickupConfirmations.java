package cn.hazchain.custody;

import cn.hazchain.account.PasswordHasher;
import cn.hazchain.custody.domain.PickupConfirmation;
import cn.hazchain.custody.domain.PickupConfirmation.Check;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Checks the confirmation code a generator's staff member entered on the driver's handheld at a stop (issue #15,
 * point 1), when the collection syncs. Every check is kept in {@code confirmation_attempt} (never the code); wrong
 * ones are logged. Guessing is throttled: after {@value #MAX_FAILURES_PER_USER} wrong codes for one user within
 * {@value #WINDOW_HOURS} hours (since the user last set a code), or {@value #MAX_FAILURES_PER_ACTOR} wrong codes sent
 * by one driver, further attempts are answered {@link Check#LOCKED} without checking the code, so a guess can no
 * longer succeed. A locked or wrong confirmation never loses the collection: it is recorded unconfirmed, and the
 * generator confirms or disputes it from its own account.
 */
@ApplicationScoped
public class PickupConfirmations {

    private static final Logger LOG = Logger.getLogger(PickupConfirmations.class);

    static final int MAX_FAILURES_PER_USER = 5;
    static final int MAX_FAILURES_PER_ACTOR = 20;
    static final int WINDOW_HOURS = 24;

    @Inject
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    /** Checks and records one attempt, in the caller's transaction. */
    @SuppressWarnings("unchecked")
    public PickupConfirmation.Checked check(long generatorPartyId, PickupConfirmation.Attempt attempt, long actorUserId) {
        String typed = attempt.username().strip().toLowerCase(Locale.ROOT);
        String username = typed.length() > 64 ? typed.substring(0, 64) : typed;
        List<Object[]> users = em.createNativeQuery("SELECT id, party_id, array_to_string(roles, ','), confirmation_code_hash, enabled,"
                + " 0 FROM app_user WHERE username = ?1").setParameter(1, username).getResultList();
        Object[] user = users.isEmpty() ? null : users.get(0);
        Long userId = user == null ? null : ((Number) user[0]).longValue();
        Object[] failures = (Object[]) em.createNativeQuery("SELECT count(*) FILTER (WHERE username = ?1 AND at > coalesce((SELECT confirmation_code_set_at"
                        + " FROM app_user WHERE username = ?1), '-infinity')), count(*) FILTER (WHERE actor_user_id = ?2) FROM confirmation_attempt"
                        + " WHERE at > now() - make_interval(hours => ?3) AND result <> 'CONFIRMED' AND (username = ?1 OR actor_user_id = ?2)")
                .setParameter(1, username).setParameter(2, actorUserId).setParameter(3, WINDOW_HOURS).getSingleResult();
        Check result;
        if (((Number) failures[0]).intValue() >= MAX_FAILURES_PER_USER || ((Number) failures[1]).intValue() >= MAX_FAILURES_PER_ACTOR) {
            result = Check.LOCKED;
        } else {
            boolean staff = user != null && Boolean.TRUE.equals(user[4]) && ((Number) user[1]).longValue() == generatorPartyId
                    && List.of(((String) user[2]).split(",")).contains(Role.GENERATOR_STAFF.name());
            boolean right = staff && user[3] != null && hasher.verifyConfirmationCode(attempt.code().strip(), (String) user[3]);
            result = right ? Check.CONFIRMED : Check.WRONG_CODE;
        }
        Check recorded = result;
        cn.hazchain.common.Jdbc.work(em, c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO confirmation_attempt (generator_party_id, username, user_id,"
                    + " actor_user_id, result) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, generatorPartyId);
                ps.setString(2, username);
                ps.setObject(3, userId, java.sql.Types.BIGINT);
                ps.setLong(4, actorUserId);
                ps.setString(5, recorded.name());
                ps.executeUpdate();
            }
            return null;
        });
        if (result != Check.CONFIRMED) {
            LOG.warnf("pickup confirmation %s: code for user '%s' of generator %d entered on the handheld of user %d", result, username,
                    generatorPartyId, actorUserId);
        }
        return new PickupConfirmation.Checked(result, result == Check.CONFIRMED ? userId : null);
    }
}
