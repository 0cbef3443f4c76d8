package cn.hazchain.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

/**
 * A person who signs in. Belongs to one party; never deleted, only disabled.
 *
 * <p>The sign-in bookkeeping ({@link #failedLogins}, {@link #lockedUntil}) is not an edit of the account: it leaves
 * {@link #version} alone, so an administrator's change is not refused as stale while someone guesses the password
 * (issue #19, finding 9b). Updates write only the columns that changed, so an administrator's change and a failed
 * sign-in at the same moment do not overwrite each other's columns.
 */
@Entity
@Table(name = "app_user")
@DynamicUpdate
public class AppUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "party_id")
    public Long partyId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles;

    public boolean enabled = true;

    @Column(name = "failed_logins")
    @OptimisticLock(excluded = true)
    public int failedLogins;

    @Column(name = "locked_until")
    @OptimisticLock(excluded = true)
    public Instant lockedUntil;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /**
     * Carried by every token issued to the user (claim {@code tep}); moving it on ends every token and shift issued
     * before (issue #19, finding 2). See {@link UserService#update} and {@link SessionCheck}.
     */
    @Column(name = "token_epoch")
    public int tokenEpoch;

    @Version
    public int version;

    public static Optional<AppUser> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
