package cn.hazchain.feed;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.feed.BrokerFiles.Account;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes Mosquitto's password file ({@code passwd}) and ACL file ({@code acl}) into
 * {@code hazchain.feeds.broker-files-dir} at start and after every committed registry change: the active devices and
 * the service's subscriber account. Each file is replaced atomically (written beside it, then moved), readable by its
 * owner only. Mosquitto reads them again on SIGHUP (docs/feeds.md, "Operations").
 *
 * <p>The registry is the source of truth and every write rewrites both files from it, so a write that fails (the change
 * is committed all the same) is made good by the next one: the next change's, or {@link #retry}'s every
 * {@code hazchain.feeds.broker-files-retry} while the last write failed. The failure is logged and shown by
 * {@link BrokerFilesCheck} (health group {@code feeds}) until a write works again.
 */
@ApplicationScoped
public class BrokerFileWriter {

    private static final Logger LOG = Logger.getLogger(BrokerFileWriter.class);

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    /**
     * What the writes did: when the files were last written; since when and why writing them fails, and how many writes
     * failed in a row (null, null, 0: the last one worked).
     */
    public record State(Instant writtenAt, Instant failingSince, String failure, int failures) {
    }

    private volatile State state = new State(null, null, null, 0);

    void onStart(@Observes StartupEvent start) {
        if (config.feeds().brokerFilesDir().isPresent()) {
            // a mode that is not one (a configuration mistake) stops the start, as before; what the disk refuses is retried
            java.nio.file.attribute.PosixFilePermissions.fromString(config.feeds().brokerFilesMode());
        }
        attempt();
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedDevices.BrokerAccountsChanged change) {
        attempt();
    }

    /** While the last write failed, writes the files again (from the registry: whatever changed meanwhile is in them). */
    @Scheduled(every = "${hazchain.feeds.broker-files-retry:30s}", delayed = "${hazchain.feeds.broker-files-retry:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (state.failingSince() != null) {
            attempt();
        }
    }

    public State state() {
        return state;
    }

    /**
     * Writes both files now when a directory is configured; a failure is logged and kept (not thrown: the registry change
     * that asked for it is committed) and the files are written again by the next change or {@link #retry}.
     * Whether they were written.
     */
    public synchronized boolean attempt() {
        if (config.feeds().brokerFilesDir().isEmpty()) {
            return false;
        }
        try {
            write();
            if (state.failingSince() != null) {
                LOG.infof("broker files written again after failing since %s", state.failingSince());
            }
            state = new State(Instant.now(), null, null, 0);
            return true;
        } catch (RuntimeException e) {
            String why = e instanceof UncheckedIOException && e.getCause() != null ? e.getMessage() + ": " + e.getCause() : e.toString();
            boolean first = state.failingSince() == null;
            Instant since = first ? Instant.now() : state.failingSince();
            state = new State(state.writtenAt(), since, why, state.failures() + 1);
            if (first) {
                LOG.errorf(e, "could not write the broker's files; retried every %s and on the next device change",
                        config.feeds().brokerFilesRetry());
            } else {
                LOG.warnf("still cannot write the broker's files (failing since %s): %s", since, state.failure());
            }
            return false;
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
