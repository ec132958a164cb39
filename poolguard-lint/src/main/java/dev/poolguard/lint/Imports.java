package dev.poolguard.lint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.PackageDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a type name written in one file refers to, as far as the file says: its imports, its own type declarations and
 * qualified names. Without a classpath a simple name imported by nothing is unknown, and the lint treats unknown as
 * "not JDBC": a {@code Connection} is {@code java.sql.Connection} only when the file says so.
 */
final class Imports {

    /** Whether a type is JDBC, is known to be something else, or cannot be told from this file. */
    enum Kind { JDBC, OTHER, UNKNOWN }

    /**
     * Packages whose {@code *DataSource} and {@code *Pool} types hand out JDBC connections: the JDBC API, pools and
     * drivers. {@code javax.activation} and {@code javax.mail}'s {@code DataSource}s are mail attachments.
     */
    private static final List<String> JDBC_SOURCE_PACKAGES = List.of("javax.sql", "java.sql", "com.zaxxer.hikari",
            "org.apache.commons.dbcp", "org.apache.commons.dbcp2", "org.apache.tomcat.jdbc.pool", "org.apache.tomcat.dbcp",
            "com.mchange.v2.c3p0", "org.postgresql", "org.h2.jdbcx", "org.h2.jdbc", "com.mysql", "org.mariadb.jdbc",
            "oracle.jdbc", "oracle.ucp", "com.microsoft.sqlserver.jdbc", "org.springframework.jdbc.datasource",
            "com.alibaba.druid.pool", "io.agroal", "org.apache.derby.jdbc", "org.hsqldb.jdbc", "org.sqlite",
            "com.jolbox.bonecp", "org.vibur.dbcp", "com.impossibl.postgres.jdbc");

    private final String packageName;
    private final Map<String, String> single = new HashMap<>();
    private final List<String> onDemand = new ArrayList<>();
    private final Set<String> declared = new HashSet<>();

    private Imports(CompilationUnit unit) {
        packageName = unit.getPackageDeclaration().map(PackageDeclaration::getNameAsString).orElse("");
        for (ImportDeclaration i : unit.getImports()) {
            if (i.isStatic()) {
                continue;
            }
            String name = i.getNameAsString();
            if (i.isAsterisk()) {
                onDemand.add(name);
            } else {
                single.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
            declared.add(type.getNameAsString());
        }
    }

    static Imports of(CompilationUnit unit) {
        return new Imports(unit);
    }

    /** Whether this file declares a type of this simple name. */
    boolean declares(String simpleName) {
        return declared.contains(simpleName);
    }

    String packageName() {
        return packageName;
    }

    /**
     * The qualified name of a type as written ({@code Connection}, {@code java.sql.Connection}): from a qualified
     * name, a single-type import, or a type this file declares. Empty when only on-demand imports could say.
     */
    Optional<String> qualified(String written) {
        String first = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
        if (written.contains(".") && !first.isEmpty() && Character.isLowerCase(first.charAt(0))) {
            return Optional.of(written); // java.sql.Connection
        }
        String rest = written.substring(first.length());
        if (single.containsKey(first)) {
            return Optional.of(single.get(first) + rest);
        }
        if (declared.contains(first)) {
            return Optional.of((packageName.isEmpty() ? "" : packageName + ".") + written);
        }
        return Optional.empty();
    }

    /** Whether the type as written is exactly {@code qualifiedName} (by qualified name, import or on-demand import). */
    Kind is(String written, String qualifiedName) {
        if (written.isEmpty() || written.equals("var")) {
            return Kind.UNKNOWN;
        }
        Optional<String> q = qualified(written);
        if (q.isPresent()) {
            return q.get().equals(qualifiedName) ? Kind.JDBC : Kind.OTHER;
        }
        String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        String pkg = qualifiedName.substring(0, qualifiedName.lastIndexOf('.'));
        if (written.equals(simple) && onDemand.contains(pkg)) {
            return Kind.JDBC;
        }
        return written.equals(simple) ? Kind.UNKNOWN : Kind.OTHER;
    }

    /** Whether a type as written is {@code java.sql.Connection}. */
    Kind connectionType(String written) {
        return is(written, "java.sql.Connection");
    }

    /** Whether a type as written is a JDBC DataSource or pool: {@code javax.sql.DataSource}, {@code HikariDataSource}, ... */
    Kind connectionSource(String written) {
        if (written.isEmpty() || written.equals("var")) {
            return Kind.UNKNOWN;
        }
        String simple = written.substring(written.lastIndexOf('.') + 1);
        boolean sourceName = simple.endsWith("DataSource") || simple.endsWith("Pool");
        Optional<String> q = qualified(written);
        if (q.isPresent()) {
            return sourceName && inJdbcPackage(q.get()) ? Kind.JDBC : Kind.OTHER;
        }
        if (sourceName && onDemand.stream().anyMatch(p -> inJdbcPackage(p + "." + simple))) {
            return Kind.JDBC;
        }
        return Kind.UNKNOWN;
    }

    /** Whether the file imports anything from {@code java.sql} or {@code javax.sql}: it works with JDBC. */
    boolean usesJdbc() {
        return single.values().stream().anyMatch(Imports::jdbcApi) || onDemand.stream().anyMatch(p -> p.equals("java.sql")
                || p.equals("javax.sql"));
    }

    /** Whether the file imports anything from this package or below: {@code io.netty}. */
    boolean importsFrom(String packagePrefix) {
        String prefix = packagePrefix + ".";
        return single.values().stream().anyMatch(q -> q.startsWith(prefix))
                || onDemand.stream().anyMatch(p -> p.equals(packagePrefix) || p.startsWith(prefix));
    }

    /** Whether {@code Connection} written plainly in this file means {@code java.sql.Connection}. */
    boolean plainConnectionIsJdbc() {
        return connectionType("Connection") == Kind.JDBC;
    }

    private static boolean jdbcApi(String qualified) {
        return qualified.startsWith("java.sql.") || qualified.startsWith("javax.sql.");
    }

    private static boolean inJdbcPackage(String qualified) {
        for (String p : JDBC_SOURCE_PACKAGES) {
            if (qualified.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}
