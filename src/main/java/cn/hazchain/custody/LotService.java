package cn.hazchain.custody;

import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.custody.log.Context;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Lots: whole containers of one waste code consolidated at a storage point, each added by a custody command. */
@ApplicationScoped
public class LotService {

    @Inject
    CurrentUser current;

    @Inject
    CatalogueService catalogue;

    @Inject
    CustodyCommands custody;

    public record LotView(long id, long storagePointId, String wasteCode, List<String> labelIds, BigDecimal weightKg) {
    }

    /** The lot created, or the first rejection among its containers (then nothing is kept: the caller rolls back). */
    public sealed interface Created {
        record Lot(LotView lot) implements Created {
        }

        record Refused(Rejection rejection) implements Created {
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Created create(UUID commandId, long storagePointId, String wasteCode, List<String> labelIds, Context context) {
        Party point = Party.findById(storagePointId);
        if (point == null || point.kind != PartyKind.STORAGE_POINT) {
            throw ProblemException.unprocessable("storage-point", "party " + storagePointId + " is not a storage point");
        }
        current.require(Role.STORAGE_KEEPER);
        if (current.partyId() != point.id && (point.parentId == null || current.partyId() != point.parentId)) {
            throw ProblemException.forbidden("only keepers of storage point " + point.id + " (or its collector) scan containers in there");
        }
        return create(custody.actor(), java.time.Instant.now(), true, commandId, point, wasteCode, labelIds, context);
    }

    /** The same as {@code actor} at {@code at} (see {@link CustodyCommands#handle(Situation.Actor, java.time.Instant, boolean, List)}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Created create(Situation.Actor actor, java.time.Instant at, boolean asCaller, UUID commandId, Party point, String wasteCode,
                          List<String> labelIds, Context context) {
        String code = catalogue.require(wasteCode).code;
        Lot lot = new Lot();
        lot.storagePointId = point.id;
        lot.wasteCode = code;
        lot.createdBy = actor.userId();
        lot.persist();
        List<CustodyCommands.Request> requests = new ArrayList<>();
        for (String labelId : new LinkedHashSet<>(labelIds)) {
            requests.add(new CustodyCommands.Request(labelId, new CustodyCommand.AddToLot(lot.id), null, commandId, context, false));
        }
        BigDecimal total = BigDecimal.ZERO;
        List<String> ids = new ArrayList<>();
        for (Outcome o : custody.handle(actor, at, asCaller, requests)) {
            if (o instanceof Outcome.Refused r) {
                return new Created.Refused(r.rejection());
            }
            Outcome.Applied a = (Outcome.Applied) o;
            total = total.add(a.container().weightKg());
            ids.add(a.container().labelId());
        }
        return new Created.Lot(new LotView(lot.id, point.id, code, ids, total));
    }
}
