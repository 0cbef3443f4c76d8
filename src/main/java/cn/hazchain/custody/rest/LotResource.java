package cn.hazchain.custody.rest;

import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.LotService;
import cn.hazchain.custody.Rejections;
import cn.hazchain.custody.trail.TrailService;

import cn.hazchain.common.Params;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/lots")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Lots", description = "Whole containers of one waste code consolidated at a storage point")
public class LotResource {

    @Inject
    LotService lots;

    @Inject
    IdempotentCommands commands;

    @Inject
    TrailService trails;

    @POST
    @Operation(summary = "Consolidate stored containers of one code into a lot (storage keepers)")
    public Response create(@Valid @NotNull CustodyDtos.CreateLot body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "LOT", null, body, 201, () -> {
            LotService.Created created = lots.create(body.commandId(), body.storagePointId(), body.wasteCode(), body.labelIds(),
                    ContainerCommands.context(body.scan()));
            return created instanceof LotService.Created.Lot lot ? new IdempotentCommands.Answer.Done(lot.lot())
                    : Rejections.refused(((LotService.Created.Refused) created).rejection());
        }));
    }

    @GET
    @Path("/{id}/trail")
    public List<TrailService.TrailEvent> trail(@PathParam("id") String id) {
        return trails.lotTrail(Params.requiredId("id", id));
    }

    @GET
    @Path("/{id}/lineage")
    @Operation(summary = "Backward lineage: every container and generator in the lot, with weights")
    public TrailService.Backward lineage(@PathParam("id") String id) {
        return trails.backwardFromLot(Params.requiredId("id", id));
    }
}
