package cn.hazchain.party;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.party.PartyDtos.CreateParty;
import cn.hazchain.party.PartyDtos.PartyView;
import cn.hazchain.party.PartyDtos.UpdateParty;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/parties")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Parties", description = "Generators, collectors, storage points, carriers, receivers and regulators")
public class PartyResource {

    @Inject
    PartyService parties;

    @GET
    @Operation(summary = "List parties you may see", description = "Filters: kind, town (镇街, exact), q (name, USCC or address), parentId; paginated.")
    public Page<PartyView> list(@QueryParam("kind") String kind, @QueryParam("town") String town, @QueryParam("q") String q,
                                @QueryParam("parentId") String parentId,
                                @QueryParam("page") String page, @QueryParam("size") String size) {
        return parties.list(Params.enumValue("kind", kind, PartyKind.class), town, q, Params.id("parentId", parentId), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    public PartyView get(@PathParam("id") String id) {
        return parties.get(Params.requiredId("id", id));
    }

    @POST
    @Operation(summary = "Register a party (administrators)", description = "The USCC is checked with the GB 32100-2015 check character.")
    public Response create(@Valid @NotNull CreateParty body) {
        PartyView created = parties.create(body);
        return Response.created(URI.create("/api/parties/" + created.id())).entity(created).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a party's details", description = "Send the version you read; fields left out stay as they are.")
    public PartyView update(@PathParam("id") String id, @Valid @NotNull UpdateParty body) {
        return parties.update(Params.requiredId("id", id), body);
    }
}
