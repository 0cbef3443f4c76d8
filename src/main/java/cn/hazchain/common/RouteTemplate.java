package cn.hazchain.common;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route a request was matched to, as {@code "POST /api/auth/token"}: the HTTP method and the resource's
 * {@code @Path} template, as the OpenAPI document names it. A decision about a route keys on this, never on the
 * request's path: the router sends {@code /api/auth/token/}, {@code //api/auth/token}, {@code /api/auth/./token},
 * {@code /api/auth/%74oken} and {@code /api/auth/token;x=1} to the same method (issue #19, finding 1).
 */
public final class RouteTemplate {

    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    private RouteTemplate() {
    }

    /** The matched route, or null when the request matched no resource method. */
    public static String of(String httpMethod, ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null || resource.getResourceClass() == null) {
            return null;
        }
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        return httpMethod.toUpperCase(Locale.ROOT) + " " + TEMPLATES.computeIfAbsent(method, m -> template(type, m));
    }

    static String template(Class<?> type, Method method) {
        Path onClass = type.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        String joined = "/" + (onClass == null ? "" : onClass.value()) + "/" + (onMethod == null ? "" : onMethod.value());
        // {id: \d+} -> {id}; no doubled or trailing slashes
        String path = joined.replaceAll("\\{\\s*([^:}\\s]+)\\s*:[^}]*}", "{$1}").replaceAll("/{2,}", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
