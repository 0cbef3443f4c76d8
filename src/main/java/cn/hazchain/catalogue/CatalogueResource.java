package cn.hazchain.catalogue;

import cn.hazchain.catalogue.CatalogueService.CategoryView;
import cn.hazchain.catalogue.CatalogueService.MethodView;
import cn.hazchain.catalogue.CatalogueService.WasteCodeView;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public reads of the reference data: anybody may look up a waste code. */
@Path("/api")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue", description = "National Hazardous Waste List and treatment method codes (public)")
public class CatalogueResource {

    @Inject
    CatalogueService catalogue;

    @Inject
    CoLoadingService coLoading;

    @GET
    @Path("/waste-codes")
    @Operation(summary = "Search waste codes", description = "Filter by category (HW08), free text (code, description, category or industry name) and hazard (T, C, I, R, In).")
    public Page<WasteCodeView> search(@QueryParam("category") String category, @QueryParam("q") String q,
                                      @QueryParam("hazard") String hazard,
                                      @QueryParam("page") String page, @QueryParam("size") String size) {
        return catalogue.search(category, q, hazard, Paging.of(page, size));
    }

    @GET
    @Path("/waste-codes/{code}")
    @Operation(summary = "One waste code", description = "Accepts 900-249-08 or 90024908; 404 when the code is not in the list.")
    public WasteCodeView get(@PathParam("code") String code) {
        return catalogue.get(code);
    }

    @GET
    @Path("/waste-categories")
    @Operation(summary = "The categories HW01–HW50 in use, with their number of codes")
    public List<CategoryView> categories() {
        return catalogue.categories();
    }

    @GET
    @Path("/treatment-methods")
    @Operation(summary = "Utilisation / disposal method codes recorded by receivers")
    public List<MethodView> methods() {
        return catalogue.methods();
    }

    @GET
    @Path("/coloading-rules")
    @Operation(summary = "Which waste categories may not share a vehicle or a lot",
            description = "Segregation groups, their members (categories or codes), the incompatible pairs and the sources they come from"
                    + " (GB 18597, JT/T 617, 医疗废物管理条例). The planner, rounds, transfers, collections and loadings enforce them.")
    public CoLoadingService.RulesView coLoadingRules() {
        return coLoading.view();
    }
}
