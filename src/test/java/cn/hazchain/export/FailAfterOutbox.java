package cn.hazchain.export;

import cn.hazchain.common.ProblemException;
import cn.hazchain.manifest.ManifestChanged;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;

/**
 * Test-only fault: a manifest whose note is {@value #MARK} fails after the outbox observer ran, inside the same
 * transaction. It reports how many outbox rows the transaction saw for the manifest at that moment, so a test
 * can show the row was written and then rolled back with the manifest.
 */
@ApplicationScoped
public class FailAfterOutbox {

    static final String MARK = "FAIL-AFTER-OUTBOX";

    @Inject
    EntityManager em;

    void after(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ManifestChanged e) {
        String note = (String) em.createNativeQuery("SELECT coalesce(note, '') FROM manifest WHERE id = ?1").setParameter(1, e.manifestId())
                .getSingleResult();
        if (MARK.equals(note)) {
            Number rows = (Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE aggregate_key = ?1").setParameter(1, e.number())
                    .getSingleResult();
            throw ProblemException.unprocessable("test-fault", "failing on purpose after the outbox wrote " + rows + " row(s) for " + e.number());
        }
    }
}
