package cn.hazchain.feed;

import cn.hazchain.common.Paging;
import cn.hazchain.common.Params;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/feeds")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feed devices")
public class FeedResource {

    @Inject
    FeedRejections rejections;

    @GET
    @Path("/rejections")
    @Operation(summary = "Dropped feed messages / 被丢弃的设备消息", description = "Counts per day, reason (MALFORMED, WRONG_TOPIC, UNKNOWN_DEVICE, "
            + "INACTIVE_DEVICE, OUT_OF_RANGE, REPLAYED, OUT_OF_ORDER) and device, with the last detail; totals per reason over from..to "
            + "(dates, optional); and whether this instance's consumer is subscribed. Administrators and regulators.")
    public FeedRejections.Report rejections(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") String page,
                                            @QueryParam("size") String size) {
        return rejections.report(Params.date("from", from), Params.date("to", to), Paging.of(page, size));
    }
}
