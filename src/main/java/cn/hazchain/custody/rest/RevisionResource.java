package cn.hazchain.custody.rest;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.custody.IdempotentCommands;
import cn.hazchain.custody.Rejections;
import cn.hazchain.custody.RevisionService;
import cn.hazchain.custody.domain.CorrectedField;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/revisions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Revisions", description = "Corrections of recorded facts, asked by one party of a hand-over and approved by the other")
public class RevisionResource {

    @Inject
    RevisionService revisions;

    @Inject
    IdempotentCommands commands;

    public record Ask(@NotNull UUID commandId, @NotBlank @Size(max = 40) String labelId, @NotNull @Min(1) @Max(100000) Integer eventSeq,
                      @NotNull CorrectedField field, @NotBlank @Size(max = 60) String value,
                      @DecimalMin("0.01") @DecimalMax("5000") @Digits(integer = 4, fraction = 2) BigDecimal refusedKg,
                      @NotBlank @Size(max = 500) String reason) {
    }

    public record Decision(@NotNull UUID commandId, @NotNull Boolean approve, @Size(max = 500) String note) {
    }

    @POST
    @Operation(summary = "Ask to correct a recorded fact", description = "A party of the hand-over the event records: a collection's WEIGHT or "
            + "WASTE_CODE (generator staff or the collector's operators), a receipt's WEIGHT or ACCEPTANCE (the receiver's or the shipper's "
            + "operators), a disposal's METHOD or CERTIFICATE (the same). eventSeq is the event's place in the container's trail. The other party "
            + "answers within 5 working days. One pending request per fact (409).")
    public Response ask(@Valid @NotNull Ask body) {
        return IdempotentCommands.respond(commands.run(body.commandId(), "REVISION", body.labelId(), body, 201, () -> {
            RevisionService.Result r = revisions.request(body.labelId(), body.eventSeq(), body.field(), body.value(), body.refusedKg(), body.reason());
            return r.refusal() != null ? Rejections.refused(r.refusal()) : new IdempotentCommands.Answer.Done(r.revision());
        }));
    }

    @GET
    @Operation(summary = "Revisions you asked for or are asked to answer (regulators: all)", description = "status PENDING, APPROVED or REFUSED; "
            + "overdue marks a pending one past its due date.")
    public Page<RevisionService.RevisionView> list(@QueryParam("status") String status, @QueryParam("page") String page,
                                                   @QueryParam("size") String size) {
        Status s = Params.enumValue("status", status, Status.class);
        return revisions.list(s == null ? null : s.name(), Paging.of(page, size));
    }

    public enum Status { PENDING, APPROVED, REFUSED }

    @POST
    @Path("/{id}/decision")
    @Operation(summary = "Approve or refuse a revision", description = "The other party of the hand-over, by its due date (409 revision-overdue), "
            + "once (409 revision-decided). Approval appends FACT_CORRECTED to the container's chain, naming the event it corrects.")
    public Response decide(@PathParam("id") String id, @Valid @NotNull Decision body) {
        long revision = Params.requiredId("id", id);
        return IdempotentCommands.respond(commands.run(body.commandId(), "REVISION_DECISION", String.valueOf(revision), body, 200, () -> {
            RevisionService.Result r = revisions.decide(revision, body.approve(), body.note(), body.commandId());
            return r.refusal() != null ? Rejections.refused(r.refusal()) : new IdempotentCommands.Answer.Done(r.revision());
        }));
    }
}
