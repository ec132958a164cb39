package dev.poolguard.lint;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code *.java} files under the paths a run names. Symbolic links are followed, each real file and directory
 * once (a link back up the tree is not a loop, a second link to the same file is not a second file). Skipped:
 * hidden directories ({@code .git}, {@code .gradle}, ...) and build output, which is a {@code target} directory beside
 * a {@code pom.xml} or a {@code build} directory beside a Gradle build file; a package named {@code build} or
 * {@code target} is checked like any other.
 */
final class SourceTree {

    /** A file as the user will see it named, and the real file it is. */
    record Source(String path, Path file) {
    }

    private static final List<String> GRADLE_FILES = List.of("build.gradle", "build.gradle.kts", "settings.gradle",
            "settings.gradle.kts");

    private final List<Source> sources = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();
    private final Set<Path> seenFiles = new HashSet<>();
    private final Set<Path> seenDirectories = new HashSet<>();

    private SourceTree() {
    }

    /** Sorted by path as shown; a file reached twice is listed under the first of its names. */
    static SourceTree collect(List<Path> paths) {
        SourceTree tree = new SourceTree();
        for (Path path : paths) {
            tree.add(path.normalize());
        }
        tree.sources.sort(Comparator.comparing(Source::path));
        // Dedupe after sorting so which name survives does not depend on the order the file system listed them.
        List<Source> unique = new ArrayList<>();
        for (Source s : tree.sources) {
            if (tree.seenFiles.add(s.file())) {
                unique.add(s);
            }
        }
        tree.sources.clear();
        tree.sources.addAll(unique);
        return tree;
    }

    List<Source> sources() {
        return sources;
    }

    List<SkippedFile> skipped() {
        return skipped;
    }

    private void add(Path path) {
        if (Files.isRegularFile(path)) {
            sources.add(new Source(display(path), real(path)));
            return;
        }
        if (!Files.isDirectory(path)) {
            skipped.add(new SkippedFile(display(path), 0, "no such file or directory"));
            return;
        }
        try {
            Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(path) && (hidden(dir) || buildOutput(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return seenDirectories.add(real(dir)) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")) {
                        sources.add(new Source(display(file), real(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof FileSystemLoopException)) { // a link to a directory above: already walked
                        skipped.add(new SkippedFile(display(file), 0, "cannot read: " + e));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            skipped.add(new SkippedFile(display(path), 0, "cannot read: " + e));
        }
    }

    private static boolean hidden(Path dir) {
        String name = String.valueOf(dir.getFileName());
        return name.startsWith(".") && !name.equals(".") && !name.equals("..");
    }

    /** {@code target} beside a {@code pom.xml}, {@code build} beside a Gradle build: output, not sources. */
    private static boolean buildOutput(Path dir) {
        String name = String.valueOf(dir.getFileName());
        Path parent = dir.getParent();
        if (parent == null) {
            return false;
        }
        if (name.equals("target")) {
            return Files.isRegularFile(parent.resolve("pom.xml"));
        }
        if (name.equals("build")) {
            return GRADLE_FILES.stream().anyMatch(f -> Files.isRegularFile(parent.resolve(f)));
        }
        return false;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** The path as given, with {@code /} separators on every platform. */
    static String display(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
