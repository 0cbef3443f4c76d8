package cn.hazchain.planning;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.security.Role;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/round-plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Round planning", description = "A collector's day planned by the solver from its pickup requests (智能排线)")
public class PlanningResource {

    @Inject
    PlanningService planning;

    @Inject
    RoundExecutionService executions;

    @Inject
    PlanningJobs jobs;

    @GET
    @Path("/rounds/{roundId}/execution")
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "A round planned against done 计划与执行对比", description = "Per stop: planned arrival and kg against the handheld's stop"
            + " outcome and the containers collected there on the round; for the round: planned metres against the distance between the"
            + " collections' GPS positions, planned kg against collected kg. Any round, planned by the solver or by hand.")
    public RoundExecutionService.Execution execution(@PathParam("roundId") String roundId) {
        return executions.execution(Params.requiredId("roundId", roundId));
    }

    @POST
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Plan a day's rounds 智能排线", description = "The collector's accepted and scheduled pickup requests possible that day,"
            + " ordered into the vehicles given without breaking a rule (kg, litres, opening hours, shifts, co-loading, the storage point's room);"
            + " written as rounds that reach the drivers' offline kits. What cannot fit is listed as unplanned with the reason."
            + " Answers 202 with the planning job's Location (GET it until DONE or FAILED); what is wrong before solving answers 4xx at once."
            + " The same requestId again answers the same job (202, Idempotent-Replay), never a second one.")
    public Response plan(@Valid @NotNull PlanningDtos.NewPlan body) {
        return answer(jobs.plan(body));
    }

    @POST
    @Path("/{id}/replan")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-plan a day with pins 调整后重新排线", description = "Pin a request's stop to a vehicle (a move is a pin to another one)"
            + " and, with a position, to a visit of its round; plan the day again with the same vehicles and shifts; the old plan and its rounds"
            + " are superseded. Refused once a round has started. Answers 202 with the planning job's Location, like a first plan.")
    public Response replan(@PathParam("id") String id, @Valid @NotNull PlanningDtos.Replan body) {
        return answer(jobs.replan(Params.requiredId("id", id), body));
    }

    @GET
    @Path("/jobs/{jobId}")
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "A planning job 排线任务", description = "QUEUED, RUNNING (milliseconds spent, best score so far), DONE (the plan) or"
            + " FAILED (the problem, as an error answer carries it).")
    public PlanningDtos.JobView job(@PathParam("jobId") String jobId) {
        return jobs.get(Params.requiredId("jobId", jobId));
    }

    @GET
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.REGULATOR_, Role.ADMIN_})
    @Operation(summary = "List round plans", description = "Newest day first; filter: date.")
    public Page<PlanningDtos.PlanView> list(@QueryParam("date") String date, @QueryParam("page") String page, @QueryParam("size") String size) {
        return planning.list(Params.date("date", date), Paging.of(page, size));
    }

    @GET
    @Path("/fleet")
    @RolesAllowed(Role.COLLECTOR_OPERATOR_)
    @Operation(summary = "The collector's vehicles and active drivers a plan can use")
    public PlanningDtos.Fleet fleet() {
        return planning.fleet();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.COLLECTOR_OPERATOR_, Role.REGULATOR_, Role.ADMIN_})
    public PlanningDtos.PlanView get(@PathParam("id") String id) {
        return planning.get(Params.requiredId("id", id));
    }

    private static Response answer(PlanningJobs.Submitted s) {
        Response.ResponseBuilder b = Response.accepted(s.job()).header("Location", "/api/round-plans/jobs/" + s.job().id());
        return s.created() ? b.build() : b.header("Idempotent-Replay", "true").build();
    }
}
