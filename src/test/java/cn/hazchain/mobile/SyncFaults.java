package cn.hazchain.mobile;

import cn.hazchain.custody.CustodyRecorded;
import cn.hazchain.custody.log.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only faults of the server's own inside a custody change, by label ID (a test registers its own labels, so no
 * other test is touched): {@link #FAILING} labels throw in every transaction that changes them (a bug, a lost
 * connection); a {@link #FAIL_COMMIT_ONCE} label makes the commit of the first transaction that changes it fail.
 */
@ApplicationScoped
public class SyncFaults {

    static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    static final Set<String> FAIL_COMMIT_ONCE = ConcurrentHashMap.newKeySet();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transactions;

    void on(@Observes CustodyRecorded recorded) {
        if (FAILING.isEmpty() && FAIL_COMMIT_ONCE.isEmpty()) {
            return;
        }
        for (StoredEvent e : recorded.events()) {
            on(((String) em.createNativeQuery("SELECT label_id FROM container WHERE id = ?1").setParameter(1, e.containerId())
                    .getSingleResult()).strip());
        }
    }

    private void on(String label) {
        if (FAILING.contains(label)) {
            throw new IllegalStateException("injected failure while changing " + label);
        }
        if (FAIL_COMMIT_ONCE.remove(label)) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    throw new IllegalStateException("injected failure of the commit of a transaction that changed " + label);
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
        }
    }
}
