package cn.hazchain.party;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.party.PartyDtos.CreateVehicle;
import cn.hazchain.party.PartyDtos.VehicleView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/vehicles")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Vehicles", description = "Vehicles of carriers and collectors")
public class VehicleResource {

    @Inject
    VehicleService vehicles;

    @GET
    public Page<VehicleView> list(@QueryParam("ownerPartyId") String owner, @QueryParam("page") String page, @QueryParam("size") String size) {
        return vehicles.list(Params.requiredId("ownerPartyId", owner), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    public VehicleView get(@PathParam("id") String id) {
        return vehicles.get(Params.requiredId("id", id));
    }

    @jakarta.ws.rs.PATCH
    @Path("/{id}")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Record a renewed dangerous-goods permit (number and validity)",
            description = "Administrators or the owner's operators; version as read (409 when it moved on). A transfer is planned and leaves "
                    + "only with a vehicle whose permit is valid that day.")
    public VehicleView update(@PathParam("id") String id, @jakarta.validation.Valid @NotNull PartyDtos.UpdateVehicle body) {
        return vehicles.update(Params.requiredId("id", id), body);
    }

    @POST
    public Response create(@Valid @NotNull CreateVehicle body) {
        VehicleView v = vehicles.create(body);
        return Response.created(URI.create("/api/vehicles/" + v.id())).entity(v).build();
    }
}
