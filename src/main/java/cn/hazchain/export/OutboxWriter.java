package cn.hazchain.export;

import cn.hazchain.custody.ContainerChanged;
import cn.hazchain.custody.CustodyRules.EventType;
import cn.hazchain.manifest.ManifestChanged;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;

/**
 * Writes outbox rows in the transaction of the change they describe (synchronous observers): a manifest issued
 * or cancelled adds a row; a custody change of one of its containers refreshes the manifest's waiting
 * "manifest.updated" row, or adds one when none waits untried. Rows of one manifest are written one transaction
 * at a time (a transaction-scoped advisory lock on the manifest), and the document is built after taking the lock,
 * so ids follow commit order and every row holds the newest document.
 *
 * <p>Work that changes many containers in one transaction (a handheld sync applies its events in chunks) runs
 * inside {@link #coalescing}: the refreshes are then written once per manifest, after the work and still in its
 * transaction, instead of once per custody event. The outbox ends up with the same rows either way.
 */
@ApplicationScoped
public class OutboxWriter {

    /** First key of the advisory lock (the second is the manifest id); the two-key space does not meet single keys. */
    static final int LOCK_CLASS = 7007;

    @Inject
    EntityManager em;

    @Inject
    ManifestDocuments documents;

    @Inject
    ObjectMapper json;

    @Inject
    CoalescedManifests coalesced;

    void onManifest(@Observes @Priority(Interceptor.Priority.APPLICATION) ManifestChanged e) {
        lock(e.manifestId());
        insert(e.change() == ManifestChanged.Change.ISSUED ? Topic.ISSUED : Topic.CANCELLED, e.number(), payload(e.manifestId()));
    }

    void onContainer(@Observes @Priority(Interceptor.Priority.APPLICATION) ContainerChanged e) {
        if (e.type() == EventType.CONTAINER_CANCELLED) {
            return; // only happens while its manifest is cancelled: announced once, by manifest.cancelled
        }
        if (e.type() == EventType.CONTAINER_ADDED_TO_LOT) {
            return; // changes nothing the document shows (state, weights, transfer, disposal)
        }
        if (coalesced.active()) {
            coalesced.add(e.manifestId()); // written by coalescing(), once per manifest
            return;
        }
        refresh(e.manifestId());
    }

    /**
     * Runs {@code work} in the caller's transaction and then refreshes the "manifest.updated" row of every manifest
     * a custody change in it touched, once each, in manifest id order (so two such transactions take the manifests'
     * locks in the same order). If {@code work} throws, the transaction is marked for rollback: it must not commit
     * custody changes whose outbox rows were not written.
     */
    public <T> T coalescing(java.util.function.Supplier<T> work) {
        if (coalesced.active()) {
            return work.get(); // nested: the outer call writes the rows
        }
        coalesced.start();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException ex) {
            coalesced.drain();
            io.quarkus.narayana.jta.QuarkusTransaction.setRollbackOnly();
            throw ex;
        }
        for (long manifestId : coalesced.drain()) {
            refresh(manifestId);
        }
        return result;
    }

    /** Writes the manifest's newest document into its waiting "manifest.updated" row, or adds one. */
    private void refresh(long manifestId) {
        lock(manifestId);
        String number = ((String) em.createNativeQuery("SELECT number FROM manifest WHERE id = ?1")
                .setParameter(1, manifestId).getSingleResult()).strip();
        String payload = payload(manifestId);
        int refreshed = em.createNativeQuery("UPDATE outbox SET payload = CAST(?1 AS jsonb), created_at = now()"
                        + " WHERE aggregate_key = ?2 AND topic = ?3 AND attempts = 0 AND delivered_at IS NULL AND superseded_by IS NULL")
                .setParameter(1, payload).setParameter(2, number).setParameter(3, Topic.UPDATED.name).executeUpdate();
        if (refreshed == 0) {
            insert(Topic.UPDATED, number, payload);
        }
    }

    private void lock(long manifestId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1, ?2)")
                .setParameter(1, LOCK_CLASS).setParameter(2, (int) (manifestId % Integer.MAX_VALUE)).getSingleResult();
    }

    private String payload(long manifestId) {
        try {
            return json.writeValueAsString(documents.build(manifestId));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the export document of manifest " + manifestId, ex);
        }
    }

    private void insert(Topic topic, String number, String payload) {
        em.createNativeQuery("INSERT INTO outbox (topic, aggregate_key, payload) VALUES (?1, ?2, CAST(?3 AS jsonb))")
                .setParameter(1, topic.name).setParameter(2, number).setParameter(3, payload).executeUpdate();
    }
}
