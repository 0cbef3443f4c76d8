package cn.hazchain.custody.rest;

import cn.hazchain.custody.ContainerService;
import cn.hazchain.custody.CustodyCommands;
import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.Outcome;
import cn.hazchain.custody.Rejections;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.log.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * One custody command from the web: run once per {@code commandId}, applied by {@link CustodyCommands}, answered
 * with the container as it is after (200) or the rejection as problem+json.
 */
@ApplicationScoped
class ContainerCommands {

    @Inject
    CustodyCommands custody;

    @Inject
    IdempotentCommands commands;

    @Inject
    ContainerService containers;

    Response run(UUID commandId, String kind, String labelId, Object body, CustodyCommand command, Integer expectedVersion,
                 CustodyDtos.Scan scan) {
        return run(commandId, kind, labelId, body, labelId, command, expectedVersion, scan);
    }

    /** The same, where what the command names ({@code target}: a transfer and a label) is more than the label. */
    Response run(UUID commandId, String kind, String target, Object body, String labelId, CustodyCommand command, Integer expectedVersion,
                 CustodyDtos.Scan scan) {
        return IdempotentCommands.respond(commands.run(commandId, kind, target, body, 200, () -> {
            Outcome o = custody.handle(new CustodyCommands.Request(labelId, command, expectedVersion, commandId, context(scan), false));
            return o instanceof Outcome.Applied a ? new IdempotentCommands.Answer.Done(containers.view(a.container().id()))
                    : Rejections.refused(((Outcome.Refused) o).rejection());
        }));
    }

    static Context context(CustodyDtos.Scan s) {
        if (s == null) {
            return Context.NONE;
        }
        return new Context(s.deviceId(), s.clientTime(), s.latitude(), s.longitude(), s.photoSha256() == null ? List.of() : s.photoSha256(),
                s.note(), List.of());
    }
}
