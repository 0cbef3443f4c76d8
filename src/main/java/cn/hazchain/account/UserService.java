package cn.hazchain.account;

import cn.hazchain.security.Role;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/** Administrators manage accounts. Users are never deleted: they are disabled. */
@ApplicationScoped
@Transactional
public class UserService {

    public static final int MIN_PASSWORD = 10;

    @Inject
    CurrentUser current;

    @Inject
    PasswordHasher hasher;

    @Inject
    PartyService parties;

    @Inject
    EntityManager em;

    private static final Logger LOG = Logger.getLogger(UserService.class);

    public record CreateUser(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,63}", message = "3-64 characters: lower-case letters, digits, '.', '_', '-'") String username,
            @NotBlank @Size(max = 100) String displayName,
            @NotBlank @Size(min = MIN_PASSWORD, max = 256) String password,
            @NotNull Long partyId,
            @NotEmpty @Size(max = 7) Set<@NotNull Role> roles) {
    }

    /**
     * Fields left out stay as they are; setting {@code unlock} clears a login lock-out. Changing roles, party or
     * password, or disabling the account, ends the user's tokens and handheld shifts at once.
     */
    public record UpdateUser(@NotNull Integer version, @Size(max = 100) String displayName, Boolean enabled,
                             @Size(min = 1, max = 7) Set<@NotNull Role> roles, Long partyId,
                             @Size(min = MIN_PASSWORD, max = 256) String password, Boolean unlock) {
    }

    public record UserView(long id, String username, String displayName, long partyId, List<String> roles, boolean enabled,
                           boolean locked, int version) {
        static UserView of(AppUser u) {
            return new UserView(u.id, u.username, u.displayName, u.partyId, u.roles, u.enabled,
                    u.lockedUntil != null && u.lockedUntil.isAfter(Instant.now()), u.version);
        }
    }

    public UserView create(CreateUser req) {
        current.require(Role.ADMIN);
        Party party = parties.require(req.partyId(), "user's");
        checkRoles(req.roles(), party);
        if (AppUser.count("username", req.username()) > 0) {
            throw ProblemException.conflict("username " + req.username() + " is taken");
        }
        return UserView.of(create(req.username(), req.displayName().strip(), req.password(), party.id, req.roles()));
    }

    /** Creates an account without the caller's checks (demo data, first administrator). */
    public AppUser create(String username, String displayName, String password, long partyId, Set<Role> roles) {
        return createHashed(username, displayName, hasher.hash(password), partyId, roles);
    }

    /**
     * The same with the password's hash made before ({@link PasswordHasher#hash}): the demo hashes its accounts'
     * passwords on both cores at once (each hash costs a fifth of a second on purpose).
     */
    public AppUser createHashed(String username, String displayName, String passwordHash, long partyId, Set<Role> roles) {
        AppUser u = new AppUser();
        u.username = username;
        u.displayName = displayName;
        u.passwordHash = passwordHash;
        u.partyId = partyId;
        u.roles = roles.stream().map(Enum::name).sorted().toList();
        u.persistAndFlush();
        return u;
    }

    private static void checkRoles(Set<Role> roles, Party party) {
        for (Role r : roles) {
            if (!RoleFit.fits(r, party.kind)) {
                throw ProblemException.unprocessable("role-party-mismatch", "role " + r + " belongs to a party of kind "
                        + RoleFit.kindsOf(r) + "; party " + party.id + " is a " + party.kind);
            }
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<UserView> list(Long partyId, Paging paging) {
        current.require(Role.ADMIN);
        var query = partyId == null ? AppUser.<AppUser>findAll(Sort.by("username"))
                : AppUser.<AppUser>find("partyId", Sort.by("username"), partyId);
        return Page.of(query, paging, UserView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UserView get(long id) {
        current.require(Role.ADMIN);
        return UserView.of(find(id));
    }

    public UserView update(long id, UpdateUser req) {
        current.require(Role.ADMIN);
        AppUser u = find(id);
        if (req.version() != u.version) {
            throw ProblemException.conflict("user " + id + " is at version " + u.version + ", you sent " + req.version() + "; read it again and retry");
        }
        if (req.displayName() != null && !req.displayName().isBlank()) {
            u.displayName = req.displayName().strip();
        }
        List<String> ended = new ArrayList<>(); // what changed that the user's tokens carry or rest on
        if (req.enabled() != null) {
            if (!req.enabled() && u.id == current.userId()) {
                throw ProblemException.unprocessable("self-disable", "you cannot disable your own account");
            }
            if (u.enabled && !req.enabled()) {
                ended.add("the account was disabled");
            }
            u.enabled = req.enabled();
        }
        Party party = Party.findById(u.partyId);
        if (req.partyId() != null && !req.partyId().equals(u.partyId)) {
            party = parties.require(req.partyId(), "user's");
            ended.add("the account's party changed");
        }
        if (req.roles() != null || !party.id.equals(u.partyId)) {
            Set<Role> roles = req.roles() != null ? req.roles() : EnumSet.copyOf(u.roles.stream().map(Role::valueOf).toList());
            checkRoles(roles, party);
            List<String> names = roles.stream().map(Enum::name).sorted().toList();
            if (!names.equals(u.roles.stream().sorted().toList())) {
                ended.add("the account's roles changed");
            }
            u.roles = names;
            u.partyId = party.id;
        }
        if (req.password() != null) {
            u.passwordHash = hasher.hash(req.password());
            ended.add("the account's password changed");
        }
        if (Boolean.TRUE.equals(req.unlock())) {
            u.failedLogins = 0;
            u.lockedUntil = null;
        }
        if (!ended.isEmpty()) {
            endTokens(u, String.join(", ", ended));
        }
        u.flush();
        return UserView.of(u);
    }

    /**
     * Sets the caller's personal pickup confirmation code (issue #15, point 1): generator staff enter it on a driver's
     * handheld to confirm what was picked up. The current password is asked again, so an unattended signed-in screen
     * cannot set it. Six digits, neither one digit repeated nor a run (123456): the lock-out after a few wrong codes is
     * what guards it, and those are the first guesses. Setting a new code starts a new count of wrong ones.
     */
    public void setConfirmationCode(String password, String code) {
        current.require(Role.GENERATOR_STAFF);
        AppUser u = find(current.userId());
        if (!hasher.verify(password, u.passwordHash)) {
            throw ProblemException.unprocessable("password", "the current password is not right: enter your sign-in password to set a code");
        }
        String c = code.strip();
        if (!c.matches("[0-9]{6}")) {
            throw ProblemException.unprocessable("confirmation-code", "a confirmation code is 6 digits");
        }
        if (c.chars().distinct().count() == 1 || "0123456789".contains(c) || "9876543210".contains(c)) {
            throw ProblemException.unprocessable("confirmation-code", "choose a code that is not one digit repeated or a run like 123456");
        }
        em.createNativeQuery("UPDATE app_user SET confirmation_code_hash = ?2, confirmation_code_set_at = now() WHERE id = ?1")
                .setParameter(1, u.id).setParameter(2, hasher.hashConfirmationCode(c)).executeUpdate();
        LOG.infof("user %s set a new pickup confirmation code", u.username);
    }

    /**
     * Ends every token and handheld shift of the user (issue #19, finding 2): the token epoch moves on, so the session
     * check refuses every token issued before on its next request, and the user's open shifts are ended with the
     * reason, as the device's session list shows it. The user signs in again and gets tokens of the new rights.
     */
    private void endTokens(AppUser u, String reason) {
        u.tokenEpoch++;
        int shifts = em.createNativeQuery("UPDATE device_session SET ended_at = now(), ended_by = ?2, end_reason = ?3"
                        + " WHERE user_id = ?1 AND ended_at IS NULL")
                .setParameter(1, u.id).setParameter(2, current.userId()).setParameter(3, reason + " (by " + current.username() + ")")
                .executeUpdate();
        LOG.infof("tokens of user %s ended (%d open shifts): %s", u.username, shifts, reason);
    }

    private static AppUser find(long id) {
        AppUser u = AppUser.findById(id);
        if (u == null) {
            throw ProblemException.notFound("user", id);
        }
        return u;
    }
}
