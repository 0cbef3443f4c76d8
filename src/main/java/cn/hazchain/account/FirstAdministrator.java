package cn.hazchain.account;

import cn.hazchain.security.Role;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.Uscc;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.Set;
import cn.hazchain.common.HazChainConfig;
import org.jboss.logging.Logger;

/**
 * Without demo data there are no default passwords. A production database gets its first account from
 * {@code HAZCHAIN_BOOTSTRAP_ADMIN_PASSWORD} (with the regulator's USCC and name), once, while no user exists.
 */
@ApplicationScoped
public class FirstAdministrator {

    private static final Logger LOG = Logger.getLogger(FirstAdministrator.class);

    @Inject
    UserService users;

    @Inject
    HazChainConfig config;

    @Transactional
    void onStart(@Observes @Priority(200) StartupEvent event) {
        Optional<String> password = config.bootstrap().adminPassword();
        if (password.isEmpty() || AppUser.count() > 0) {
            return;
        }
        if (password.get().length() < UserService.MIN_PASSWORD) {
            throw new IllegalStateException("HAZCHAIN_BOOTSTRAP_ADMIN_PASSWORD must have at least " + UserService.MIN_PASSWORD + " characters");
        }
        String uscc = Uscc.normalize(config.bootstrap().regulatorUscc().orElseThrow(() -> new IllegalStateException(
                "set HAZCHAIN_BOOTSTRAP_REGULATOR_USCC (the regulator's unified social credit code) with the admin password")));
        Uscc.problem(uscc).ifPresent(p -> {
            throw new IllegalStateException("HAZCHAIN_BOOTSTRAP_REGULATOR_USCC: " + p);
        });
        Party regulator = Party.<Party>find("uscc", uscc).firstResultOptional().orElseGet(() -> {
            Party p = new Party();
            p.uscc = uscc;
            p.kind = PartyKind.REGULATOR;
            p.name = config.bootstrap().regulatorName();
            p.persistAndFlush();
            return p;
        });
        users.create("admin", "Administrator", password.get(), regulator.id, Set.of(Role.ADMIN));
        LOG.info("created the first administrator account 'admin' from HAZCHAIN_BOOTSTRAP_ADMIN_PASSWORD");
    }
}
