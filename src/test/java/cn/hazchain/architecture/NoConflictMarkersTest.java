package cn.hazchain.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No text the project ships or reads (sources, resources, docs, README, the mobile contract, CI) holds a merge's
 * conflict markers: a README once went out with two "<<<<<<< HEAD" blocks that no test read.
 */
class NoConflictMarkersTest {

    static final Pattern MARKER = Pattern.compile("^(<{7}|>{7})( .*)?$");

    @Test
    void noFileHoldsConflictMarkers() throws IOException {
        List<String> found = new ArrayList<>();
        for (String root : List.of("README.md", "pom.xml", "docs", "src", "mobile-api", ".ci")) {
            Path start = Path.of(root);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    List<String> lines;
                    try {
                        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    } catch (MalformedInputException binary) {
                        continue; // pictures, fonts, archives
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        if (MARKER.matcher(lines.get(i)).matches()) {
                            found.add(f + ":" + (i + 1) + ": " + lines.get(i));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "conflict markers left by a merge");
    }
}
