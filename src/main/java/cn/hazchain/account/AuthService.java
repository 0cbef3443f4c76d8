package cn.hazchain.account;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Password sign-in with lock-out: after {@code hazchain.login.max-failures} wrong passwords in a row the account
 * is locked for {@code hazchain.login.lock-seconds}, doubling with each further lock (at most a day). The
 * counters live in the database, so they hold across restarts and replicas.
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final Duration MAX_LOCK = Duration.ofDays(1);

    @Inject
    PasswordHasher hasher;

    @Inject
    TokenService tokens;

    @Inject
    HazChainConfig config;

    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenService.AccessToken login(String username, String password) {
        return tokens.issue(authenticate(username, password));
    }

    /**
     * The user whose password this is. Runs in a transaction of its own, so a wrong password counts towards the
     * lock-out even when the caller's transaction rolls back.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, dontRollbackOn = ProblemException.class)
    public AppUser authenticate(String username, String password) {
        AppUser user = AppUser.find("username", username.strip().toLowerCase()).withLock(LockModeType.PESSIMISTIC_WRITE)
                .<AppUser>firstResultOptional().orElse(null);
        if (user == null) {
            hasher.dummyVerify(password);
            throw invalidCredentials();
        }
        Instant now = Instant.now();
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            long retry = Duration.between(now, user.lockedUntil).toSeconds() + 1;
            throw new ProblemException(new Problem("login-locked", "Too many failed sign-ins / 登录失败次数过多", 429,
                    "this account is locked after repeated wrong passwords; try again in " + retry + " s or ask an administrator")
                    .with("retryAfterSeconds", retry));
        }
        if (!hasher.verify(password, user.passwordHash) || !user.enabled) {
            user.failedLogins++;
            int max = config.login().maxFailures();
            if (user.failedLogins % max == 0) {
                int locks = user.failedLogins / max;
                Duration lock = Duration.ofSeconds(config.login().lockSeconds()).multipliedBy(1L << Math.min(locks - 1, 16));
                user.lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
                LOG.warnf("account %s locked until %s after %d failed sign-ins", user.username, user.lockedUntil, user.failedLogins);
            }
            throw invalidCredentials();
        }
        user.failedLogins = 0;
        user.lockedUntil = null;
        return user;
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(new Problem("invalid-credentials", "Sign-in failed / 登录失败", 401,
                "wrong username or password"));
    }
}
