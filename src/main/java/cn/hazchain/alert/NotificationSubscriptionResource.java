package cn.hazchain.alert;

import cn.hazchain.alert.NotificationSubscriptions.DeliveryView;
import cn.hazchain.alert.NotificationSubscriptions.NewSubscription;
import cn.hazchain.alert.NotificationSubscriptions.SubscriptionView;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/notification-subscriptions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alert notifications", description = "A party's webhooks for the alerts that concern it: each step (opened, acknowledged, closed) "
        + "is POSTed as a hazchain.alert.v1 document, signed like the national export")
public class NotificationSubscriptionResource {

    @Inject
    NotificationSubscriptions subscriptions;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a webhook to your party's alerts", description = "Collector and receiver operators, generator staff and "
            + "regulators for their own party; administrators for any (partyId). url: https:// with a public address; secret: 16-200 "
            + "characters, the HMAC key of X-HazChain-Signature, never shown again; rules: alert rules wanted (none: all); minSeverity "
            + "LOW (default), MEDIUM or HIGH. A regulator's party gets every alert, any other party the alerts that concern it. "
            + "commandId makes a retry safe. At most 10 active subscriptions per party.")
    public Response create(@Valid @NotNull NewSubscription body) {
        return Response.status(201).entity(subscriptions.create(body)).build();
    }

    @GET
    @Operation(summary = "Your party's subscriptions", description = "Newest first, with counts of delivered and waiting notifications and the "
            + "last error of a waiting one. Administrators see every party's (partyId filters).")
    public Page<SubscriptionView> list(@QueryParam("partyId") String partyId, @QueryParam("page") String page, @QueryParam("size") String size) {
        return subscriptions.list(Params.id("partyId", partyId), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription (your party's; 404 otherwise)")
    public SubscriptionView get(@PathParam("id") String id) {
        return subscriptions.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/end")
    @Operation(summary = "End a subscription", description = "Nothing more is sent to it; it and its deliveries stay readable (nothing is "
            + "deleted). Ending it again changes nothing.")
    public SubscriptionView end(@PathParam("id") String id) {
        return subscriptions.end(Params.requiredId("id", id));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "What was sent to a subscription", description = "Newest first: topic, alert, attempts, delivered or the next "
            + "attempt, the last HTTP status and error.")
    public Page<DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        return subscriptions.deliveries(Params.requiredId("id", id), Paging.of(page, size));
    }
}
