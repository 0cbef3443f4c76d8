package cn.hazchain.feed;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.feed.BrokerFiles.Account;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes Mosquitto's password file ({@code passwd}) and ACL file ({@code acl}) into
 * {@code hazchain.feeds.broker-files-dir} at start and after every committed registry change: the active devices and
 * the service's subscriber account. Each file is replaced atomically (written beside it, then moved), readable by its
 * owner only. Mosquitto reads them again on SIGHUP (docs/feeds.md, "Operations").
 */
@ApplicationScoped
public class BrokerFileWriter {

    private static final Logger LOG = Logger.getLogger(BrokerFileWriter.class);

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    void onStart(@Observes StartupEvent start) {
        if (config.feeds().brokerFilesDir().isPresent()) {
            write();
        }
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedDevices.BrokerAccountsChanged change) {
        if (config.feeds().brokerFilesDir().isPresent()) {
            write();
        }
    }

    /** Writes both files now; the path written to. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public synchronized void write() {
        Path dir = config.feeds().brokerFilesDir().orElseThrow();
        List<Account> accounts = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT code, secret_hash FROM feed_device WHERE ended_at IS NULL").getResultList();
        for (Object[] r : rows) {
            accounts.add(new Account((String) r[0], (String) r[1]));
        }
        String subscriber = config.feeds().subscriberUsername();
        config.feeds().subscriberPassword().ifPresent(p -> accounts.add(new Account(subscriber, BrokerFiles.hash(p))));
        try {
            Files.createDirectories(dir);
            String mode = config.feeds().brokerFilesMode();
            replace(dir.resolve("passwd"), BrokerFiles.passwordFile(accounts), mode);
            replace(dir.resolve("acl"), BrokerFiles.aclFile(subscriber), mode);
            LOG.infof("broker files written to %s: %d device account(s)", dir, rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the broker's files to " + dir, e);
        }
    }

    /** Writes a file of that mode by renaming a temporary file created with the mode (never readable by others meanwhile). */
    private static void replace(Path file, String text, String mode) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));   // the umask may have taken bits away
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);    // not a POSIX file system: its own permissions apply
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
