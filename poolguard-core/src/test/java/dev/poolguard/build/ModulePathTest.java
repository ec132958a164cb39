package dev.poolguard.build;

import dev.poolguard.Pg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * module-info exports the API and nothing else: an application module that requires {@code dev.poolguard} compiles
 * and runs against a real database on the module path, and one that reaches into {@code dev.poolguard.internal} does
 * not compile. (Every other test here, and every other module of the build, uses core on the class path.)
 */
class ModulePathTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationModuleUsesTheApiAndCannotReachTheInternals() throws Exception {
        String modulePath = modulePath();
        Path app = source("app", "app/Main.java", """
                package app;

                import dev.poolguard.Database;

                public class Main {
                    public static void main(String[] args) {
                        try (Database db = Database.builder().url(args[0]).maxPoolSize(2).registerShutdownHook(false).build()) {
                            int two = db.queryOne("select 1 + 1", rs -> rs.getInt(1)).orElseThrow();
                            System.out.println("RESULT " + two + " " + db.diagnostics().status().max());
                        }
                    }
                }
                """);
        assertThat(compile(app, modulePath)).as("the API compiles on the module path").isEmpty();
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", dir.resolve("out-app") + File.pathSeparator + modulePath, "-m", "app/app.Main", Pg.server().url())
                .redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("RESULT 2 2");

        Path sneaky = source("sneaky", "sneaky/Main.java", """
                package sneaky;

                public class Main {
                    Object engine = dev.poolguard.internal.Engine.class;
                }
                """);
        assertThat(compile(sneaky, modulePath)).contains("package dev.poolguard.internal is not visible");
    }

    private Path source(String module, String file, String code) throws Exception {
        Path root = dir.resolve("src-" + module);
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve("module-info.java"), "module " + module + " { requires dev.poolguard; }\n");
        Files.writeString(root.resolve(file), code);
        return root;
    }

    /** javac's diagnostics, empty when it compiled. */
    private String compile(Path root, String modulePath) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", dir.resolve("out-" + root.getFileName().toString().substring(4)).toString()));
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = javac.run(null, err, err, args.toArray(String[]::new));
        String text = err.toString(StandardCharsets.UTF_8);
        return code == 0 ? "" : text.isEmpty() ? "javac exited " + code : text;
    }

    /** Core's compiled module and the jars it requires, from this test's class path. */
    private static String modulePath() {
        List<String> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith("poolguard-core/target/classes") || e.matches(".*/(HikariCP|postgresql|slf4j-api)-[^/]*\\.jar"))
                .collect(Collectors.toList());
        assertThat(entries).as("core's classes, HikariCP, pgjdbc and SLF4J on the class path").hasSize(4);
        return String.join(File.pathSeparator, entries);
    }
}
