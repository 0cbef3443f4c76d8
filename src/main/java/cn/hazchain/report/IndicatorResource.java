package cn.hazchain.report;

import cn.hazchain.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/indicators")
@RolesAllowed({Role.REGULATOR_, Role.ADMIN_})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Indicators", description = "The plan's indicators for regulators")
public class IndicatorResource {

    @Inject
    IndicatorService indicators;

    @GET
    @Path("/safe-disposal-rate")
    @Operation(summary = "Safe disposal rate of containers collected in a period",
            description = "disposed ÷ collected kg, where disposed is the accepted kg of those containers now DISPOSED. groupBy: town, category "
                    + "or month (of collection); absent: the total only. Optional town filter.")
    public IndicatorService.SafeDisposalRate safeDisposalRate(@QueryParam("from") String from, @QueryParam("to") String to,
                                                              @QueryParam("groupBy") String groupBy, @QueryParam("town") String town) {
        return indicators.safeDisposalRate(Period.required(from, to), groupBy, town);
    }

    @GET
    @Path("/tonnage")
    @Operation(summary = "kg collected in a period, grouped", description = "groupBy: a comma-separated list of town, category, month "
            + "(default category,month). Optional town filter.")
    public IndicatorService.Tonnage tonnage(@QueryParam("from") String from, @QueryParam("to") String to,
                                            @QueryParam("groupBy") String groupBy, @QueryParam("town") String town) {
        return indicators.tonnage(Period.required(from, to), groupBy, town);
    }
}
