package cn.hazchain.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code bin/hazchain}: which JVM options it gives the service in each mode, run with a
 * stand-in {@code java} (JAVA_HOME) that prints the command line it was given.
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of("bin", "hazchain").toAbsolutePath();

    @TempDir
    static Path dir;

    static Path javaHome;
    static Path jar;

    @BeforeAll
    static void standIns() throws IOException {
        javaHome = dir.resolve("jdk");
        Path java = javaHome.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = dir.resolve("quarkus-run.jar");
        Files.writeString(jar, "stand-in");
    }

    /** The arguments the stand-in java got (one per line), or the launcher's error output when it failed. */
    static Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HAZCHAIN_"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("HAZCHAIN_JAR", jar.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out.lines().toList());
    }

    record Result(int exit, List<String> lines) {
    }

    @Test
    void theDemo_runsWithTheQuickCompilerAlone_andPassesTheServiceItsArguments() throws Exception {
        Result r = run(Map.of(), "backup", "/backups/x");
        assertEquals(0, r.exit(), String.join("\n", r.lines()));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "backup", "/backups/x"), r.lines());
        // the demo setting as Quarkus reads a boolean: true, 1, yes, y or on in any case keep the demo
        for (String on : List.of("true", "TRUE", "1", "yes", "Y", "on")) {
            assertEquals("-XX:TieredStopAtLevel=1", run(Map.of("HAZCHAIN_DEMO", on)).lines().get(0), on);
        }
        assertEquals("-XX:TieredStopAtLevel=1", run(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "  ")).lines().get(0), "a blank URL is no database");
    }

    @Test
    void aServiceWithItsOwnDatabase_orWithoutTheDemo_keepsTheJvmDefaults() throws Exception {
        List<String> plain = List.of("-jar", jar.toString());
        assertEquals(plain, run(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db:5432/hazchain")).lines());
        assertEquals(plain, run(Map.of("HAZCHAIN_DEMO", "false")).lines());
        for (String off : List.of("FALSE", "0", "no", "off")) {
            assertEquals(plain, run(Map.of("HAZCHAIN_DEMO", off)).lines(), off);
        }
    }

    @Test
    void hazchainJavaOpts_replaceTheChoice_evenEmpty() throws Exception {
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()),
                run(Map.of("HAZCHAIN_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC")).lines());
        assertEquals(List.of("-jar", jar.toString()), run(Map.of("HAZCHAIN_JAVA_OPTS", "")).lines());
    }

    @Test
    void runThroughALink_itFindsTheProject_andCdpathDoesNotMislead() throws Exception {
        Path link = dir.resolve("hazchain-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, LAUNCHER);
        Files.createDirectories(dir.resolve("elsewhere").resolve("bin"));
        ProcessBuilder pb = new ProcessBuilder("bash", link.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HAZCHAIN_"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("CDPATH", dir.resolve("elsewhere").toString());
        Process p = pb.directory(dir.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // the project's own jar (target/quarkus-app/quarkus-run.jar beside bin/): named, present or not
        assertTrue(out.contains(LAUNCHER.getParent().getParent().resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar").toString()), out);
    }

    @Test
    void withoutTheBuild_itSaysHowToMakeIt() throws Exception {
        Result r = run(Map.of("HAZCHAIN_JAR", dir.resolve("missing.jar").toString()));
        assertNotEquals(0, r.exit());
        assertTrue(r.lines().get(0).contains("./mvnw -B -q package -DskipTests"), r.lines().toString());
    }
}
