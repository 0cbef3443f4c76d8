package cn.hazchain.feed;

import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/tracks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tracks", description = "Vehicle positions from the trackers' feed, as the track of a transfer or a collection round")
public class TrackResource {

    @Inject
    Tracks tracks;

    @GET
    @Path("/transfers/{number}")
    @Operation(summary = "A transfer's track / 转移运输轨迹", description = "Its vehicle's positions between departure and arrival, oldest first, "
            + "paged (size up to 200), between from and to (ISO-8601 instants, optional). Whoever sees the transfer sees its track.")
    public Tracks.Track transfer(@PathParam("number") String number, @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("page") String page, @QueryParam("size") String size) {
        return tracks.ofTransfer(number, instant("from", from), instant("to", to), Paging.of(page, size));
    }

    @GET
    @Path("/rounds/{id}")
    @Operation(summary = "A collection round's track / 收运路线轨迹", description = "Its vehicle's positions on the round's day while on no "
            + "transfer, oldest first, paged, between from and to. Its collector's operators, its driver and regulators see it.")
    public Tracks.Track round(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("page") String page, @QueryParam("size") String size) {
        return tracks.ofRound(Params.requiredId("id", id), instant("from", from), instant("to", to), Paging.of(page, size));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2026-12-02T02:00:00Z, got '" + Text.clip(value, 40) + "'");
        }
    }
}
