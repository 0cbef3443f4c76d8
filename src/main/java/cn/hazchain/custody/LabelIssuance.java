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
        List<Container> issued = labels.issueAll(news, day, at);
        List<StoredEvent> rows = new ArrayList<>(news.size());
        for (int k = 0; k < news.size(); k++) {
            NewLabel n = news.get(k);
            Container c = issued.get(k);
            LabelIssued e = new LabelIssued(n.generatorPartyId(), n.wasteCode(), n.estimatedKg(), n.hazards(), c.labelKeyId);
            rows.add(EventLog.row(new EventLog.NewEvent(c.id, 1, null, null, commandId, n.manifestId(), n.generatorPartyId(), actorUserId,
                    actorPartyId, Context.NONE, e), at));
        }
        recorded.fire(new CustodyRecorded(log.insert(rows)));
        return issued;
    }
}
