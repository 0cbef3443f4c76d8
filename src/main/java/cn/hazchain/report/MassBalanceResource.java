package cn.hazchain.report;

import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/mass-balance")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Mass balance", description = "kg in and out of each party over a period")
public class MassBalanceResource {

    @Inject
    MassBalanceService balances;

    @GET
    @Operation(summary = "Mass balance per party over a period", description = "kind (GENERATOR, COLLECTOR, STORAGE_POINT, RECEIVER), from and to "
            + "are required; partyId optional. Regulators see every party (one row per party of the kind, paged); others their own party "
            + "(and a collector its storage points). Figures and differences are defined in docs/regulator.md.")
    public MassBalanceService.Report get(@QueryParam("kind") String kind, @QueryParam("partyId") String partyId,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("page") String page, @QueryParam("size") String size) {
        MassBalance.Kind k = Params.enumValue("kind", kind, MassBalance.Kind.class);
        if (k == null) {
            throw ProblemException.badRequest("kind is required: one of GENERATOR, COLLECTOR, STORAGE_POINT, RECEIVER");
        }
        return balances.balance(k, Params.id("partyId", partyId), Period.required(from, to), Paging.of(page, size));
    }
}
