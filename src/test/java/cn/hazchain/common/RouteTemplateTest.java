package cn.hazchain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** The route template a decision keys on: the class's and the method's @Path, as the OpenAPI document writes it. */
class RouteTemplateTest {

    @Path("/api/things/")
    static class Things {
        @Path("/{id: \\d+}/parts/")
        public void part() {
        }

        public void list() {
        }
    }

    @Path("api//other")
    static class Other {
        @Path("x")
        public void x() {
        }
    }

    @Test
    void template_joinsClassAndMethodPaths_withoutRegexesOrStraySlashes() throws Exception {
        assertEquals("/api/things/{id}/parts", RouteTemplate.template(Things.class, Things.class.getMethod("part")));
        assertEquals("/api/things", RouteTemplate.template(Things.class, Things.class.getMethod("list")));
        assertEquals("/api/other/x", RouteTemplate.template(Other.class, Other.class.getMethod("x")));
    }
}
