package cn.hazchain.export;

import jakarta.transaction.TransactionScoped;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;

/**
 * The manifests whose "manifest.updated" outbox row a transaction still has to refresh while
 * {@link OutboxWriter#coalescing} is running in it; lives and dies with the transaction.
 */
@TransactionScoped
class CoalescedManifests implements Serializable {

    private boolean active;
    private final TreeSet<Long> ids = new TreeSet<>();

    boolean active() {
        return active;
    }

    void start() {
        active = true;
    }

    void add(long manifestId) {
        ids.add(manifestId);
    }

    /** Ends coalescing and hands over the manifests collected, in id order (the order their locks are taken in). */
    List<Long> drain() {
        active = false;
        List<Long> out = List.copyOf(ids);
        ids.clear();
        return out;
    }
}
