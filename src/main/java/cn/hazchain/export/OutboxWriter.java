package cn.hazchain.export;

import cn.hazchain.common.Jdbc;
import cn.hazchain.custody.CustodyRecorded;
import cn.hazchain.custody.domain.EventType;
import cn.hazchain.custody.log.StoredEvent;
import cn.hazchain.manifest.ManifestChanged;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

/**
 * Writes outbox rows in the transaction of the change they describe (synchronous observers): a manifest issued
 * or cancelled adds a row; a custody change of one of its containers refreshes the manifest's waiting
 * "manifest.updated" row, or adds one when none waits untried. Rows of one manifest are written one transaction
 * at a time (a transaction-scoped advisory lock on the manifest), and the document is built after taking the lock,
 * so ids follow commit order and every row holds the newest document.
 *
 * <p>A manifest's "manifest.updated" document is rebuilt once per transaction, just before it commits, however many
 * custody events of its containers the transaction recorded (one web command, a chunk of a handheld sync, the demo's
 * whole history): the manifests touched are kept with the transaction and refreshed, in id order, by a callback run in
 * Hibernate's own before-completion (after its last flush, on the transaction's connection). If that fails, the
 * transaction rolls back: custody changes never commit without their outbox rows (tested).
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
    TransferDocuments transferDocuments;

    @Inject
    ObjectMapper json;

    @Inject
    TransactionSynchronizationRegistry transactions;

    void onManifest(@Observes @Priority(Interceptor.Priority.APPLICATION) ManifestChanged e) {
        lock(LOCK_CLASS, List.of(e.manifestId()));
        insert(e.change() == ManifestChanged.Change.ISSUED ? Topic.ISSUED : Topic.CANCELLED, e.number(),
                serialized(documents.build(e.manifestId()), "manifest " + e.manifestId()));
    }

    /**
     * A unit of custody work refreshes the "manifest.updated" row of every manifest it touched, once each, in
     * manifest id order (so two such transactions take the manifests' locks in the same order). Issue and cancel are
     * announced by their own manifest rows; adding to a lot changes nothing the document shows.
     */
    void onCustody(@Observes @Priority(Interceptor.Priority.APPLICATION) CustodyRecorded e) {
        List<Long> transfersTouched = e.events().stream().map(StoredEvent::transferId).filter(java.util.Objects::nonNull).toList();
        List<Long> touched = e.events().stream().filter(ev -> !QUIET.contains(ev.type())).map(StoredEvent::manifestId).toList();
        if (!transfersTouched.isEmpty() || !touched.isEmpty()) {
            Pending pending = pending();
            pending.transfers.addAll(transfersTouched);
            pending.manifests.addAll(touched);
        }
    }

    /** A transfer was opened: its first document waits for the commit (TransferService fires it). */
    void onTransferOpened(@Observes @Priority(Interceptor.Priority.APPLICATION) cn.hazchain.custody.TransferOpened e) {
        pending().transfers.add(e.transferId());
    }

    /** The manifests and transfers a transaction touched, in id order, whose documents it refreshes just before it commits. */
    private record Pending(Set<Long> manifests, Set<Long> transfers) {
    }

    /** The transaction's resource holding its {@link Pending} refreshes. */
    private static final Object PENDING = new Object();

    /**
     * This transaction's pending refreshes; the first call registers one callback that refreshes them all just before the
     * commit, manifests first, then transfers, so two transactions take the two kinds of advisory lock in the same order.
     */
    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(PENDING);
        if (pending == null) {
            Pending made = new Pending(new TreeSet<>(), new TreeSet<>());
            // run inside Hibernate's own before-completion, after its flush and while it still holds the transaction's
            // connection: a JTA synchronization of our own ran after Hibernate had released that connection, took it
            // again, and Agroal warned "Closing open connection(s) prior to commit" at every custody command
            // (quarkusio/quarkus#41757). Registered before the set is kept, so a set is never kept without it.
            em.unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks().registerCallback(
                    (TransactionCompletionCallbacks.BeforeCompletionCallback) session -> {
                        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                            if (!made.manifests().isEmpty()) {
                                refreshManifests(made.manifests());
                            }
                            made.transfers().forEach(this::refreshTransfer);
                        }
                    });
            transactions.putResource(PENDING, made);
            pending = made;
        }
        return pending;
    }

    /** Writes the transfer's newest document into its waiting "transfer.updated" row, or adds one. */
    private void refreshTransfer(long transferId) {
        lock(TRANSFER_LOCK_CLASS, List.of(transferId));
        TransferDocument doc = transferDocuments.build(transferId);
        upsertWaiting(Topic.TRANSFER_UPDATED, List.of(doc.transferNumber()), List.of(serialized(doc, "transfer " + transferId)));
    }

    /** Advisory lock class of transfers' outbox rows (manifests' is {@link #LOCK_CLASS}). */
    static final int TRANSFER_LOCK_CLASS = 0x48435452;

    /** Event types that need no document refresh of their own. */
    private static final java.util.Set<String> QUIET = java.util.Set.of(EventType.LABEL_ISSUED.name(), EventType.CONTAINER_CANCELLED.name(),
            EventType.CONTAINER_ADDED_TO_LOT.name());

    /**
     * Writes each manifest's newest document into its waiting "manifest.updated" row, or adds one, in a few statements
     * however many manifests: their locks taken in id order, their documents built together, the waiting rows updated
     * in one statement and the missing ones added in one, in manifest id order.
     */
    private void refreshManifests(Set<Long> manifestIds) {
        List<Long> ids = List.copyOf(new TreeSet<>(manifestIds));
        lock(LOCK_CLASS, ids);
        Map<Long, ManifestDocument> docs = documents.buildAll(ids);
        if (docs.size() != ids.size()) {
            // a manifest without its document would commit its custody change without its outbox row: roll back instead
            throw new IllegalStateException("no export document for manifest(s) " + ids.stream().filter(id -> !docs.containsKey(id)).toList());
        }
        List<String> keys = new ArrayList<>(docs.size());
        List<String> payloads = new ArrayList<>(docs.size());
        for (Long id : ids) {
            keys.add(docs.get(id).manifestNumber());
            payloads.add(serialized(docs.get(id), "manifest " + id));
        }
        upsertWaiting(Topic.UPDATED, keys, payloads);
    }

    /**
     * Puts each payload into the untried row of this topic and its key that waits, or adds one (one waits at most: V7,
     * V37): the waiting rows updated in one statement, the missing ones added in one, in the order given. Native SQL
     * only, after Hibernate's last flush: nothing to flush first.
     */
    private void upsertWaiting(Topic topic, List<String> keys, List<String> payloads) {
        Jdbc.read(em, c -> {
            Set<String> refreshed = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox o SET payload = CAST(v.payload AS jsonb), created_at = now()"
                    + " FROM unnest(?::text[], ?::text[]) AS v(key, payload) WHERE o.aggregate_key = v.key AND o.topic = ? AND o.attempts = 0"
                    + " AND o.delivered_at IS NULL AND o.superseded_by IS NULL RETURNING v.key")) {
                Jdbc.bindTexts(ps, List.of(keys, payloads));
                ps.setString(3, topic.name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        refreshed.add(rs.getString(1));
                    }
                }
            }
            List<String> newKeys = new ArrayList<>();
            List<String> newPayloads = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (!refreshed.contains(keys.get(i))) {
                    newKeys.add(keys.get(i));
                    newPayloads.add(payloads.get(i));
                }
            }
            if (!newKeys.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, aggregate_key, payload) SELECT ?, v.key, CAST(v.payload AS jsonb)"
                        + " FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS v(key, payload, i) ORDER BY v.i")) {
                    ps.setString(1, topic.name);
                    Jdbc.bindTexts(ps, 2, List.of(newKeys, newPayloads));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Takes the transaction-level advisory locks of these manifests or transfers ({@code lockClass}), in id order (OFFSET 0
     * keeps the sorted subquery as it is), so two transactions wait for each other rather than deadlock.
     */
    private void lock(int lockClass, List<Long> ids) {
        Jdbc.read(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, (s.id % 2147483647)::int) FROM (SELECT v.id"
                    + " FROM unnest(?::bigint[]) AS v(id) ORDER BY v.id OFFSET 0) s")) {
                ps.setInt(1, lockClass);
                ps.setArray(2, Jdbc.texts(c, ids));
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /** The export document as the outbox stores it. */
    private String serialized(Object document, String of) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the export document of " + of, ex);
        }
    }

    private void insert(Topic topic, String number, String payload) {
        em.createNativeQuery("INSERT INTO outbox (topic, aggregate_key, payload) VALUES (?1, ?2, CAST(?3 AS jsonb))")
                .setParameter(1, topic.name).setParameter(2, number).setParameter(3, payload).executeUpdate();
    }
}
