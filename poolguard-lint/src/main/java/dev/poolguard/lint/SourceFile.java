package dev.poolguard.lint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;

import java.util.List;

/** One parsed file being checked: where findings go and whether its package is allowed raw JDBC. */
final class SourceFile {

    private final String path;
    private final CompilationUnit unit;
    private final boolean allowedPackage;
    private final List<Finding> findings;

    SourceFile(String path, CompilationUnit unit, boolean allowedPackage, List<Finding> findings) {
        this.path = path;
        this.unit = unit;
        this.allowedPackage = allowedPackage;
        this.findings = findings;
    }

    CompilationUnit unit() {
        return unit;
    }

    /** Whether the file's package is one of {@code --allow-package} (or below one). */
    boolean allowedPackage() {
        return allowedPackage;
    }

    void report(Node at, Rule rule, String message, String fix) {
        findings.add(new Finding(path, Ast.line(at), Ast.column(at), rule, message, fix));
    }
}
