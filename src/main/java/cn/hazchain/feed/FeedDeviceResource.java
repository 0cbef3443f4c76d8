package cn.hazchain.feed;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.feed.FeedDevices.DeviceView;
import cn.hazchain.feed.FeedDevices.EndDevice;
import cn.hazchain.feed.FeedDevices.NewDevice;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/feed-devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feed devices", description = "Vehicle trackers and smart scales publishing over MQTT (docs/feeds.md): each has its own broker "
        + "account and may publish only to its own topic")
public class FeedDeviceResource {

    @Inject
    FeedDevices devices;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device / 登记车载定位或智能称重设备", description = "kind VEHICLE_TRACKER with vehicleId (the vehicle owner's "
            + "collector operators), or SCALE with sitePartyId, a storage point (its collector's operators) or a receiver (its operators); "
            + "administrators any. The answer holds username, topic and secret, the MQTT password, shown this once. commandId makes a "
            + "retry safe (a retry answers without the secret: rotate it if the first answer was lost).")
    public Response register(@Valid @NotNull NewDevice body) {
        return Response.status(201).entity(devices.register(body)).build();
    }

    @GET
    @Operation(summary = "Devices / 设备列表", description = "Your party's devices, newest first; administrators and regulators see all. "
            + "Filters: kind, vehicleId.")
    public Page<DeviceView> list(@QueryParam("kind") String kind, @QueryParam("vehicleId") String vehicleId, @QueryParam("page") String page,
                                 @QueryParam("size") String size) {
        return devices.list(kind == null ? null : Params.enumValue("kind", kind, FeedDevices.Kind.class), Params.id("vehicleId", vehicleId),
                Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One device (your party's; 404 otherwise)")
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotate a device's secret / 重置设备密钥", description = "A new MQTT password, shown this once; the old one stops "
            + "working when the broker reloads its files.")
    public DeviceView rotate(@PathParam("id") String id) {
        return devices.rotateSecret(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End a device / 停用设备", description = "Its account leaves the broker; its messages are dropped from now on; what it "
            + "sent stays. reason: why (lost, replaced, sold). Idempotent.")
    public DeviceView end(@PathParam("id") String id, @Valid @NotNull EndDevice body) {
        return devices.end(Params.requiredId("id", id), body);
    }
}
