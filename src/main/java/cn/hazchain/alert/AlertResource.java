package cn.hazchain.alert;

import cn.hazchain.security.Role;
import cn.hazchain.alert.AlertDtos.AlertDetail;
import cn.hazchain.alert.AlertDtos.AlertView;
import cn.hazchain.alert.AlertDtos.EvaluationReport;
import cn.hazchain.alert.AlertDtos.Note;
import cn.hazchain.alert.AlertDtos.Summary;
import cn.hazchain.alert.AlertLifecycle.State;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Regulator alerts raised by scheduled rules: storage overdue, over capacity, late receipt, weight deviation, unlicensed receipt, uncollected, no pickup")
public class AlertResource {

    @Inject
    AlertService alerts;

    @Inject
    AlertEvaluator evaluator;

    @GET
    @Authenticated
    @Operation(summary = "List alerts, newest first", description = "Regulators and administrators see all; others the alerts concerning their party. "
            + "Filters: rule, state (OPEN, ACKNOWLEDGED, CLOSED), town, partyId, from/to (date first seen).")
    public Page<AlertView> list(@QueryParam("rule") String rule, @QueryParam("state") String state, @QueryParam("town") String town,
                                @QueryParam("partyId") String partyId, @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("page") String page, @QueryParam("size") String size) {
        return alerts.list(new AlertService.Filter(Params.enumValue("rule", rule, AlertRule.class), Params.enumValue("state", state, State.class),
                town, Params.id("partyId", partyId), Params.date("from", from), Params.date("to", to)), Paging.of(page, size));
    }

    @GET
    @Path("/summary")
    @Authenticated
    @Operation(summary = "Alerts not closed, counted by town and by rule (for the dashboard)")
    public Summary summary() {
        return alerts.summary();
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "One alert with its history (opened, acknowledged, closed)")
    public AlertDetail get(@PathParam("id") String id) {
        return alerts.get(Params.requiredId("id", id));
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "Acknowledge an OPEN alert, with a note", description = "409 naming the state when the alert is not OPEN.")
    public AlertDetail acknowledge(@PathParam("id") String id, @Valid @NotNull Note body) {
        return alerts.acknowledge(Params.requiredId("id", id), body.note());
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "Close an OPEN or ACKNOWLEDGED alert, with a note", description = "409 naming the state when it is already CLOSED. "
            + "While the same facts hold, no new alert opens for the subject.")
    public AlertDetail close(@PathParam("id") String id, @Valid @NotNull Note body) {
        return alerts.close(Params.requiredId("id", id), body.note());
    }

    @POST
    @Path("/evaluate")
    @RolesAllowed({Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "Evaluate every rule now (also done on a schedule)", description = "Counts per rule: firing, opened, resolved, suppressed, open.")
    public EvaluationReport evaluate() {
        return evaluator.evaluateNow();
    }
}
