package cn.hazchain.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * NUL characters never reach the database (PostgreSQL refuses them in text): a URL carrying one is refused before
 * routing, and a JSON string holding one is a malformed body.
 */
public class InputGuards {

    @ServerRequestFilter(preMatching = true)
    public Response refuseNulInUrl(ContainerRequestContext ctx) {
        java.net.URI uri = ctx.getUriInfo().getRequestUri();
        String raw = (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
        String decoded = ctx.getUriInfo().getPath() + "?" + ctx.getUriInfo().getQueryParameters().toString();
        if (raw.toLowerCase(Locale.ROOT).contains("%00") || decoded.indexOf('\u0000') >= 0) {
            Problem p = new Problem("bad-request", "Bad request / 请求有误", 400, "the URL contains a NUL character (%00)");
            p.instance = uri.getRawPath();
            return Response.status(400).type(Problem.MEDIA_TYPE).entity(p).build();
        }
        return null;
    }

    /** Jackson's string reader, refusing NUL characters. Registered by {@link StrictJson}. */
    static final class NoNulStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(p, "text must not contain NUL characters (\\u0000)", value, String.class);
            }
            return value;
        }
    }
}
