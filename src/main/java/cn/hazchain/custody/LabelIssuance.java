package cn.hazchain.custody;

import cn.hazchain.custody.ContainerLabels.NewLabel;
import cn.hazchain.custody.domain.CustodyEvent.LabelIssued;
import cn.hazchain.custody.log.Context;
import cn.hazchain.custody.log.EventLog;
import cn.hazchain.custody.log.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issues labelled containers and starts their chains: each container's first event is LABEL_ISSUED (what it holds,
 * its estimate and hazards, the key that signed its label), by whoever issued it, so even a container never
 * collected has a trail.
 */
@ApplicationScoped
public class LabelIssuance {

    @Inject
    ContainerLabels labels;

    @Inject
    EventLog log;

    @Inject
    Event<CustodyRecorded> recorded;

    /** The containers issued, in order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Container> issue(List<NewLabel> news, LocalDate day, long actorUserId, long actorPartyId, UUID commandId) {
        return issue(news, day, actorUserId, actorPartyId, commandId, Instant.now());
    }

    /** The same, issued at {@code time} (the server time of the LABEL_ISSUED events: the demo's history issues in the past). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Container> issue(List<NewLabel> news, LocalDate day, long actorUserId, long actorPartyId, UUID commandId, Instant time) {
        Instant at = time.truncatedTo(ChronoUnit.MICROS);
        List<Container> issued = new ArrayList<>(news.size());
        List<StoredEvent> rows = new ArrayList<>(news.size());
        // the label sequences of each generator and code, reserved in one statement per group
        java.util.Map<String, Integer> next = new java.util.HashMap<>();
        for (NewLabel n : news) {
            next.merge(n.generatorUscc() + "/" + n.wasteCode(), 1, Integer::sum);
        }
        next.replaceAll((key, count) -> labels.reserve(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), day, count));
        for (NewLabel n : news) {
            Container c = labels.issue(n, day, next.merge(n.generatorUscc() + "/" + n.wasteCode(), 1, Integer::sum) - 1);
            issued.add(c);
            LabelIssued e = new LabelIssued(n.generatorPartyId(), n.wasteCode(), n.estimatedKg(), n.hazards(), c.labelKeyId);
            rows.add(EventLog.row(new EventLog.NewEvent(c.id, 1, null, null, commandId, n.manifestId(), n.generatorPartyId(), actorUserId,
                    actorPartyId, Context.NONE, e), at));
        }
        recorded.fire(new CustodyRecorded(log.insert(rows)));
        return issued;
    }
}
