package cn.hazchain.handheld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The handheld app opens with no network only if its service worker cached every file it loads: the list in sw.js
 * names exactly the app's files (its licences and notes aside), and each module the app imports is one of them.
 */
class HandheldShellTest {

    static final Path APP = Path.of("src", "main", "resources", "META-INF", "resources", "handheld");

    static Set<String> shellList() throws IOException {
        String sw = Files.readString(APP.resolve("sw.js"));
        Matcher list = Pattern.compile("const SHELL = \\[(.*?)];", Pattern.DOTALL).matcher(sw);
        assertTrue(list.find(), "sw.js has its SHELL list");
        Set<String> names = new TreeSet<>();
        Matcher item = Pattern.compile("'([^']+)'").matcher(list.group(1));
        while (item.find()) {
            names.add(item.group(1));
        }
        return names;
    }

    @Test
    void serviceWorker_cachesEveryFileOfTheApp() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(APP)) {
            walk.filter(Files::isRegularFile).map(p -> APP.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("sw.js")) // the service worker is kept by the browser itself
                    .filter(p -> !p.startsWith("vendor/") || p.endsWith(".js")) // the vendored library's licences and notes are not loaded
                    .forEach(files::add);
        }
        assertEquals(files, shellList(), "sw.js SHELL lists the app's files");
    }

    @Test
    void everyModuleImported_isAFileOfTheApp() throws IOException {
        Set<String> shell = shellList();
        List<String> missing = new ArrayList<>();
        Pattern imports = Pattern.compile("from '(\\.{1,2}/[^']+)'");
        try (Stream<Path> walk = Files.walk(APP.resolve("js"))) {
            for (Path module : walk.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = imports.matcher(Files.readString(module));
                while (m.find()) {
                    String target = APP.relativize(module.getParent().resolve(m.group(1)).normalize()).toString().replace('\\', '/');
                    if (!shell.contains(target)) {
                        missing.add(APP.relativize(module) + " imports " + target);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "imports of files the service worker does not cache: " + missing);
    }
}
