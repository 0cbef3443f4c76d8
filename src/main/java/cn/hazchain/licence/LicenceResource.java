package cn.hazchain.licence;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.licence.LicenceService.CreateLicence;
import cn.hazchain.licence.LicenceService.DecisionView;
import cn.hazchain.licence.LicenceService.LicenceView;
import cn.hazchain.licence.LicenceService.RecordIntake;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/licences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Licences", description = "Hazardous-waste operating licences and hand-over decisions")
public class LicenceResource {

    @Inject
    LicenceService licences;

    @Inject
    cn.hazchain.common.HazChainConfig config;

    @GET
    public Page<LicenceView> list(@QueryParam("holderPartyId") String holder, @QueryParam("page") String page, @QueryParam("size") String size) {
        return licences.list(Params.id("holderPartyId", holder), Paging.of(page, size));
    }

    @GET
    @Path("/{id}")
    public LicenceView get(@PathParam("id") String id) {
        return licences.get(Params.requiredId("id", id));
    }

    @POST
    @Operation(summary = "Register a licence (administrators)", description = "permitted lists waste codes (900-249-08) and/or whole categories (HW08).")
    public Response create(@Valid @NotNull CreateLicence body) {
        LicenceView l = licences.create(body);
        return Response.created(URI.create("/api/licences/" + l.id())).entity(l).build();
    }

    @POST
    @Path("/{id}/intakes")
    @Operation(summary = "Record tonnes received under a licence (administrators)", description = "For intake outside HazChain, e.g. before the receiver joined; counts against the annual capacity.")
    public Response intake(@PathParam("id") String id, @Valid @NotNull RecordIntake body) {
        licences.recordIntake(Params.requiredId("id", id), body);
        return Response.noContent().build();
    }

    @GET
    @Path("/decision")
    @Operation(summary = "May party P accept waste code C on day D for Q tonnes?",
            description = "Answers allowed or not with the reason: NOT_COVERED, EXPIRED, NOT_YET_VALID, OVER_ANNUAL_CAPACITY, NO_LICENCE.")
    public DecisionView decide(@QueryParam("partyId") String party, @QueryParam("code") String code,
                               @QueryParam("date") String date, @QueryParam("tonnes") String tonnes) {
        if (code == null || code.isBlank()) {
            throw ProblemException.badRequest("code is required, for example 900-249-08");
        }
        LocalDate day = Params.date("date", date);
        return licences.decide(Params.requiredId("partyId", party), code, day == null ? LocalDate.now(config.zone()) : day, tonnes(tonnes));
    }

    private static BigDecimal tonnes(String value) {
        if (value == null || value.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal t = new BigDecimal(value.strip());
            if (t.signum() < 0 || t.compareTo(new BigDecimal("1000000")) > 0) {
                throw ProblemException.badRequest("tonnes must be between 0 and 1000000");
            }
            return t;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("tonnes must be a number such as 1.5");
        }
    }
}
