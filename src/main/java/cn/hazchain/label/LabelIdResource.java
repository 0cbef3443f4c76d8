package cn.hazchain.label;

import cn.hazchain.common.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/label-ids")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Label keys")
public class LabelIdResource {

    public record Parts(String labelId, String uscc, String wasteCode, String category, LocalDate date, int sequence) {
    }

    @GET
    @Path("/{labelId}")
    @Operation(summary = "Split a 37-character label ID into its parts", description = "USCC (18) + waste code digits (8) + date YYYYMMDD (8) + sequence (3). Says which part is wrong otherwise.")
    public Parts parse(@PathParam("labelId") String labelId) {
        try {
            LabelId id = LabelId.parse(labelId);
            return new Parts(id.format(), id.uscc(), id.wasteCode(), id.category(), id.date(), id.sequence());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }
}
