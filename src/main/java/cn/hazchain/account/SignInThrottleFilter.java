package cn.hazchain.account;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Problem;
import cn.hazchain.common.RouteTemplate;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link SignInThrottle} to the two sign-in routes (web and handheld): a refused address gets
 * {@code 429 login-throttled} with {@code Retry-After}; every 401 those routes answer counts as a failure.
 *
 * <p>The routes are recognised by the resource method the router matched ({@link RouteTemplate}), not by the
 * request's path: {@code POST /api/auth/token/} and every other spelling the router accepts are the same route
 * (issue #19, finding 1).
 */
public class SignInThrottleFilter {

    private static final Logger LOG = Logger.getLogger(SignInThrottleFilter.class);
    /** The sign-in routes, as RouteTemplate names them (a test checks the service serves each). */
    static final Set<String> SIGN_IN_ROUTES = Set.of("POST /api/auth/token", "POST /api/mobile/v1/sessions");

    @Inject
    Limits limits;

    /** The throttle and its exemptions, built from the configuration when first used. */
    @ApplicationScoped
    static class Limits {
        final SignInThrottle throttle;
        final Set<String> exempt;

        @Inject
        Limits(HazChainConfig config) {
            this.throttle = new SignInThrottle(config.login().addressMaxFailures(), config.login().addressWindow(), System::nanoTime);
            this.exempt = Set.copyOf(config.login().addressExempt().orElse(List.of()));
        }

        Limits() { // for the client proxy
            this.throttle = null;
            this.exempt = null;
        }

        SignInThrottle throttle() {
            return throttle;
        }

        Set<String> exempt() {
            return exempt;
        }
    }

    @ServerRequestFilter
    public Response refuseThrottledAddress(ContainerRequestContext ctx, ResourceInfo resource, HttpServerRequest request) {
        if (!isSignIn(ctx, resource, request)) {
            return null;
        }
        OptionalLong retry = limits.throttle().retryAfterSeconds(address(request));
        if (retry.isEmpty()) {
            return null;
        }
        Problem p = new Problem("login-throttled", "Too many failed sign-ins from your address / 该地址登录失败次数过多", 429,
                "too many failed sign-ins came from your network address; try again in " + retry.getAsLong() + " s")
                .with("retryAfterSeconds", retry.getAsLong());
        p.instance = ctx.getUriInfo().getPath();
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", retry.getAsLong()).entity(p).build();
    }

    @ServerResponseFilter
    public void countFailure(ContainerRequestContext req, ContainerResponseContext res, ResourceInfo resource, HttpServerRequest request) {
        if (res.getStatus() == 401 && isSignIn(req, resource, request)) {
            String address = address(request);
            limits.throttle().failed(address);
            if (limits.throttle().retryAfterSeconds(address).isPresent()) {
                LOG.warnf("sign-ins from %s refused for a while after repeated failures", address);
            }
        }
    }

    private boolean isSignIn(ContainerRequestContext ctx, ResourceInfo resource, HttpServerRequest request) {
        String route = RouteTemplate.of(ctx.getMethod(), resource);
        return route != null && SIGN_IN_ROUTES.contains(route) && !limits.exempt().contains(address(request));
    }

    private static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
