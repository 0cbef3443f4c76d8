package cn.hazchain.search;

import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Search and export routes. Filters (all optional): generatorPartyId, town, partyId, wasteCode, category,
 * state (repeatable or comma-separated), from, to, flag (WEIGHT_DEVIATION, OVERDUE, REFUSED; all must hold),
 * manifest, transfer, sort; page and size on the JSON routes. See docs/regulator.md, "Search and exports".
 */
@Path("/api/search")
@Authenticated
@Tag(name = "Search", description = "Regulator's search and CSV/XLSX exports over containers, manifests and transfers")
public class SearchResource {

    private static final String FILTERS = "Filters: generatorPartyId, town, partyId, wasteCode, category, state, from, to,"
            + " flag (WEIGHT_DEVIATION, OVERDUE, REFUSED), manifest, transfer; sort=field,-field; see docs/regulator.md.";

    @Inject
    SearchService search;

    @GET
    @Path("/containers")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search containers you may see", description = FILTERS + " Dates: issue date.")
    public Page<Map<String, Object>> containers(@Context UriInfo uri) {
        return page(SearchKind.CONTAINERS, uri);
    }

    @GET
    @Path("/manifests")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search pickup manifests you may see", description = FILTERS + " Dates: pickup date.")
    public Page<Map<String, Object>> manifests(@Context UriInfo uri) {
        return page(SearchKind.MANIFESTS, uri);
    }

    @GET
    @Path("/transfers")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search transfers you may see", description = FILTERS + " Dates: planned date.")
    public Page<Map<String, Object>> transfers(@Context UriInfo uri) {
        return page(SearchKind.TRANSFERS, uri);
    }

    @GET
    @Path("/containers.csv")
    @Produces("text/csv")
    @Operation(summary = "Containers search as CSV (UTF-8 with BOM), every matching row, streamed")
    public Response containersCsv(@Context UriInfo uri) {
        return export(SearchKind.CONTAINERS, ExportFormat.CSV, uri);
    }

    @GET
    @Path("/containers.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "Containers search as XLSX, every matching row")
    public Response containersXlsx(@Context UriInfo uri) {
        return export(SearchKind.CONTAINERS, ExportFormat.XLSX, uri);
    }

    @GET
    @Path("/manifests.csv")
    @Produces("text/csv")
    @Operation(summary = "Manifests search as CSV (UTF-8 with BOM), every matching row, streamed")
    public Response manifestsCsv(@Context UriInfo uri) {
        return export(SearchKind.MANIFESTS, ExportFormat.CSV, uri);
    }

    @GET
    @Path("/manifests.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "Manifests search as XLSX, every matching row")
    public Response manifestsXlsx(@Context UriInfo uri) {
        return export(SearchKind.MANIFESTS, ExportFormat.XLSX, uri);
    }

    @GET
    @Path("/transfers.csv")
    @Produces("text/csv")
    @Operation(summary = "Transfers search as CSV (UTF-8 with BOM), every matching row, streamed")
    public Response transfersCsv(@Context UriInfo uri) {
        return export(SearchKind.TRANSFERS, ExportFormat.CSV, uri);
    }

    @GET
    @Path("/transfers.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "Transfers search as XLSX, every matching row")
    public Response transfersXlsx(@Context UriInfo uri) {
        return export(SearchKind.TRANSFERS, ExportFormat.XLSX, uri);
    }

    private Page<Map<String, Object>> page(SearchKind kind, UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return search.search(kind, SearchParams.parse(kind, query), Paging.of(query.getFirst("page"), query.getFirst("size")));
    }

    /** Exports take the same filters and sort; page and size are ignored (every matching row is written). */
    private Response export(SearchKind kind, ExportFormat format, UriInfo uri) {
        SearchExport export = search.export(kind, SearchParams.parse(kind, uri.getQueryParameters()), format);
        StreamingOutput body = export::write;
        return Response.ok(body, format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + export.filename() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
