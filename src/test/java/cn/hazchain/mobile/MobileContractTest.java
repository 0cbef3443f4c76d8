package cn.hazchain.mobile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The handheld contract in {@code mobile-api/openapi.yaml} and what the service serves under
 * {@code /api/mobile/v1} (from {@code /q/openapi}) must agree on paths, operations, parameters, bodies, response
 * codes and every schema they use. Descriptions, summaries and examples may differ.
 *
 * <p>After an intended change of the API, regenerate the file and review its diff:
 * {@code ./mvnw -B test -Dtest=MobileContractTest -DwriteContract=true}
 */
@QuarkusTest
class MobileContractTest {

    static final Path CONTRACT = Path.of("mobile-api", "openapi.yaml");
    static final String PREFIX = "/api/mobile/v1";
    static final Set<String> PROSE = Set.of("description", "summary", "example", "examples", "externalDocs", "tags");

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    @Test
    void servedHandheldApiMatchesTheContractFile() throws IOException {
        ObjectNode served = handheldPart(new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()));
        assertFalse(served.path("paths").isEmpty(), "the service serves handheld routes");
        if (Boolean.getBoolean("writeContract")) {
            Files.writeString(CONTRACT, "# HazChain handheld API (v1): the contract for handheld app builders. Read README.md beside it.\n"
                    + "# Generated from the running service and checked by MobileContractTest; regenerate with\n"
                    + "#   ./mvnw -B test -Dtest=MobileContractTest -DwriteContract=true\n"
                    + YAML.writeValueAsString(served));
        }
        assertTrue(Files.exists(CONTRACT), CONTRACT + " is missing");
        JsonNode file = YAML.readTree(Files.readString(CONTRACT));
        List<String> differences = new ArrayList<>();
        compare("paths", strip(file.path("paths")), strip(served.path("paths")), differences);
        compare("components.schemas", strip(file.path("components").path("schemas")), strip(served.path("components").path("schemas")), differences);
        assertTrue(differences.isEmpty(), "mobile-api/openapi.yaml and the served API disagree:\n  " + String.join("\n  ", differences)
                + "\nIf the change is intended, regenerate the file: ./mvnw -B test -Dtest=MobileContractTest -DwriteContract=true");
    }

    @Test
    void theComparisonNoticesADifference() throws IOException {
        JsonNode file = YAML.readTree(Files.readString(CONTRACT));
        ObjectNode changed = file.deepCopy();
        ((ObjectNode) changed.path("paths")).remove(PREFIX + "/sync");
        ObjectNode schema = (ObjectNode) changed.path("components").path("schemas").path("SyncEvent").path("properties");
        schema.remove("clientEventId");
        List<String> differences = new ArrayList<>();
        compare("paths", strip(file.path("paths")), strip(changed.path("paths")), differences);
        compare("components.schemas", strip(file.path("components").path("schemas")), strip(changed.path("components").path("schemas")), differences);
        assertTrue(differences.contains("paths./api/mobile/v1/sync: only in the file"), differences.toString());
        assertTrue(differences.contains("components.schemas.SyncEvent.properties.clientEventId: only in the file"), differences.toString());
    }

    /** The handheld routes of the served document, with the component schemas they use (transitively). */
    static ObjectNode handheldPart(JsonNode openapi) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("openapi", openapi.path("openapi").asText());
        ObjectNode info = out.putObject("info");
        info.put("title", "HazChain handheld API");
        info.put("version", "1");
        info.put("description", "Offline-first collection rounds on enrolled handhelds. Flows, offline rules and every error code: "
                + "mobile-api/README.md. Errors are application/problem+json with a bilingual title.");
        out.putArray("servers").addObject().put("url", "https://hazchain.example").put("description", "your HazChain server");
        ObjectNode paths = out.putObject("paths");
        new TreeMap<>(fields(openapi.path("paths"))).forEach((path, item) -> {
            if (path.startsWith(PREFIX)) {
                paths.set(path, item);
            }
        });
        Set<String> needed = new TreeSet<>();
        collectRefs(paths, needed);
        JsonNode all = openapi.path("components").path("schemas");
        Set<String> done = new TreeSet<>();
        while (!done.containsAll(needed)) {
            for (String name : new ArrayList<>(needed)) {
                if (done.add(name)) {
                    collectRefs(all.path(name), needed);
                }
            }
        }
        ObjectNode components = out.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        needed.forEach(name -> schemas.set(name, all.path(name)));
        components.set("securitySchemes", openapi.path("components").path("securitySchemes"));
        return out;
    }

    static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.asText().startsWith("#/components/schemas/")) {
                refs.add(ref.asText().substring("#/components/schemas/".length()));
            }
            node.elements().forEachRemaining(child -> collectRefs(child, refs));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(child, refs));
        }
    }

    /** A copy without prose (descriptions, summaries, examples, tags). */
    static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields(node).forEach((k, v) -> {
                if (!PROSE.contains(k)) {
                    copy.set(k, strip(v));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.elements().forEachRemaining(e -> copy.add(strip(e)));
            return copy;
        }
        return node.isNumber() ? JsonNodeFactory.instance.textNode(node.asText()) : node;
    }

    static void compare(String where, JsonNode file, JsonNode served, List<String> out) {
        if (file.isObject() && served.isObject()) {
            Set<String> keys = new TreeSet<>(fields(file).keySet());
            keys.addAll(fields(served).keySet());
            for (String k : keys) {
                String at = where + "." + k;
                if (!served.has(k)) {
                    out.add(at + ": only in the file");
                } else if (!file.has(k)) {
                    out.add(at + ": only in the service");
                } else {
                    compare(at, file.get(k), served.get(k), out);
                }
            }
        } else if (!file.equals(served)) {
            out.add(where + ": file has " + file + ", service has " + served);
        }
    }

    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
