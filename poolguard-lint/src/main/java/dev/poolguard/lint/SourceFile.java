package dev.poolguard.lint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One parsed file being checked: its imports, the project's configuration, and where findings go. */
final class SourceFile {

    private final String path;
    private final CompilationUnit unit;
    private final Imports imports;
    private final LintConfig config;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Finding> excusedByDefaultHandler = new ArrayList<>();

    SourceFile(String path, CompilationUnit unit, LintConfig config) {
        this.path = path;
        this.unit = unit;
        this.imports = Imports.of(unit);
        this.config = config;
    }

    CompilationUnit unit() {
        return unit;
    }

    Imports imports() {
        return imports;
    }

    LintConfig config() {
        return config;
    }

    /** Whether the code at this node is in an owner of raw JDBC: a package or class named in the configuration. */
    boolean inOwner(Node at) {
        List<String> classes = new ArrayList<>();
        for (Node n = at; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof TypeDeclaration<?> type) {
                classes.add(type.getNameAsString());
            }
        }
        Collections.reverse(classes);
        List<String> qualified = new ArrayList<>();
        String prefix = imports.packageName();
        for (String c : classes) {
            prefix = prefix.isEmpty() ? c : prefix + "." + c;
            qualified.add(prefix);
        }
        return config.isOwner(imports.packageName(), qualified);
    }

    void report(Node at, Rule rule, String message, String fix) {
        if (config.enabled(rule)) {
            findings.add(new Finding(path, Ast.line(at), Ast.column(at), rule, message, fix));
        }
    }

    /** A finding that does not stand when the application installs a default uncaught-exception handler. */
    void reportUnlessDefaultHandler(Node at, Rule rule, String message, String fix) {
        if (config.enabled(rule)) {
            excusedByDefaultHandler.add(new Finding(path, Ast.line(at), Ast.column(at), rule, message, fix));
        }
    }

    List<Finding> findings() {
        return findings;
    }

    List<Finding> excusedByDefaultHandler() {
        return excusedByDefaultHandler;
    }
}
