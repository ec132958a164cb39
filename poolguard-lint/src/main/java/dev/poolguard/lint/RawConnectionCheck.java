package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import java.util.Optional;
import java.util.Set;

/**
 * {@code raw-connection}: {@code getConnection()} calls (on any receiver but a statement, result set or metadata
 * object, which return the connection they belong to) and pool or DataSource construction.
 *
 * <ul>
 *   <li>Anywhere: the connection is stored in a field, or not closed by try-with-resources or a {@code finally} that
 *       closes it (chained on, passed on, dropped). Returning it hands it to the caller and is not reported here.</li>
 *   <li>Outside the allowed packages: every {@code getConnection()}, closed or not, and every {@code new
 *       HikariDataSource/HikariPool/...DataSource(..)}: that is code bypassing Poolguard.</li>
 * </ul>
 *
 * <p>Misses: a connection handed to a helper that leaks it; a pool obtained from a factory method; a close in a
 * finally that does not run on every path. May report wrongly: a {@code getConnection()} method of an unrelated type
 * (anything named so whose receiver's declared type is not visible in the file), and a connection handed to an object
 * that closes it later (Poolguard's own {@code Engine} does that, in an allowed package).
 */
final class RawConnectionCheck {

    /** JDBC objects whose getConnection() returns the connection they were made from: nothing is borrowed. */
    private static final Set<String> OWNED_BY_A_CONNECTION = Set.of("Statement", "PreparedStatement", "CallableStatement",
            "ResultSet", "DatabaseMetaData", "ResultSetMetaData", "Array", "Struct");

    /** Calls that make one of those: {@code rs.getStatement().getConnection()}. */
    private static final Set<String> MAKES_ONE = Set.of("getStatement", "createStatement", "prepareStatement",
            "prepareCall", "getMetaData", "getResultSet", "executeQuery");

    private static final String USE_DATABASE = "use Database.query/queryOne/update/transaction, which always release the "
            + "connection";

    private RawConnectionCheck() {
    }

    static void check(SourceFile file) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            if (call.getNameAsString().equals("getConnection") && !ownedByAConnection(call)) {
                checkGetConnection(file, call);
            }
        }
        if (!file.allowedPackage()) {
            for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class)) {
                String type = creation.getType().getNameAsString();
                if (type.equals("HikariPool") || type.endsWith("DataSource")) {
                    file.report(creation, Rule.RAW_CONNECTION, "new " + type + "(..) creates a connection pool or "
                                    + "DataSource outside the allowed packages, beside Poolguard's",
                            "build one Database with Database.builder() or Database.fromEnv() and share it; "
                                    + USE_DATABASE);
                }
            }
        }
    }

    private static boolean ownedByAConnection(MethodCallExpr call) {
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty()) {
            return false;
        }
        if (scope.get() instanceof MethodCallExpr maker && MAKES_ONE.contains(maker.getNameAsString())) {
            return true;
        }
        return Declarations.of(scope.get())
                .map(d -> OWNED_BY_A_CONNECTION.contains(d.typeName()))
                .orElse(false);
    }

    private enum Use { TRY_WITH_RESOURCES, CLOSED_IN_FINALLY, RETURNED, FIELD, UNCLOSED }

    private record Usage(Use use, String variable) {
    }

    private static void checkGetConnection(SourceFile file, MethodCallExpr call) {
        String text = Ast.callText(call);
        Usage usage = usage(call);
        switch (usage.use()) {
            case FIELD -> file.report(call, Rule.RAW_CONNECTION, text + " is stored in field '" + usage.variable()
                            + "', so the connection outlives the call that borrowed it and stays checked out while idle",
                    "borrow per call: " + USE_DATABASE + " (Database.withConnection for raw JDBC); never keep a "
                            + "connection in a field");
            case UNCLOSED -> file.report(call, Rule.RAW_CONNECTION, text + (usage.variable() == null ? "" : " ('"
                            + usage.variable() + "')") + " is not closed by try-with-resources or a finally, so an "
                            + "exception on the way leaks the connection",
                    USE_DATABASE + "; where raw JDBC is allowed, open it in try (Connection c = ...getConnection()) { .. }");
            default -> {
                if (!file.allowedPackage()) {
                    file.report(call, Rule.RAW_CONNECTION, text + " borrows a connection directly, bypassing "
                                    + "Poolguard, outside the allowed packages",
                            USE_DATABASE + "; or allow the package that owns low-level JDBC with --allow-package");
                }
            }
        }
    }

    private static Usage usage(MethodCallExpr call) {
        Expression self = Ast.outermost(call);
        Node user = self.getParentNode().orElse(null);
        if (user instanceof VariableDeclarator declarator) {
            String name = declarator.getNameAsString();
            if (declarator.getParentNode().orElse(null) instanceof FieldDeclaration) {
                return new Usage(Use.FIELD, name);
            }
            Node declaration = declarator.getParentNode().orElse(null);
            if (declaration instanceof VariableDeclarationExpr vars && vars.getParentNode().orElse(null) instanceof TryStmt t
                    && t.getResources().contains(vars)) {
                return new Usage(Use.TRY_WITH_RESOURCES, name);
            }
            return localUsage(declarator, name);
        }
        if (user instanceof AssignExpr assign && assign.getValue() == self) {
            Expression target = assign.getTarget();
            if (target instanceof FieldAccessExpr field) {
                return new Usage(Use.FIELD, field.getNameAsString());
            }
            if (target instanceof NameExpr name) {
                Optional<Declarations.Declared> declared = Declarations.of(name);
                if (declared.isPresent() && declared.get().kind() == Declarations.Kind.FIELD) {
                    return new Usage(Use.FIELD, name.getNameAsString());
                }
                return localUsage(name, name.getNameAsString());
            }
            if (target instanceof ArrayAccessExpr) {
                return new Usage(Use.UNCLOSED, null);
            }
        }
        if (user instanceof ReturnStmt || (user instanceof LambdaExpr lambda && lambda.getExpressionBody().isPresent())) {
            return new Usage(Use.RETURNED, null);
        }
        return new Usage(Use.UNCLOSED, null);
    }

    /** A local holding the connection: closed by {@code try (c)}, closed in a finally, or returned. */
    private static Usage localUsage(Node at, String name) {
        Node body = Ast.enclosingBody(at).orElse(at);
        for (TryStmt t : body.findAll(TryStmt.class)) {
            for (Expression resource : t.getResources()) {
                if (resource instanceof NameExpr n && n.getNameAsString().equals(name)) {
                    return new Usage(Use.TRY_WITH_RESOURCES, name);
                }
                if (resource instanceof VariableDeclarationExpr vars && vars.getVariables().stream()
                        .anyMatch(v -> v.getInitializer().filter(i -> isName(i, name)).isPresent())) {
                    return new Usage(Use.TRY_WITH_RESOURCES, name);
                }
            }
            if (t.getFinallyBlock().isPresent() && closes(t.getFinallyBlock().get(), name)) {
                return new Usage(Use.CLOSED_IN_FINALLY, name);
            }
        }
        for (ReturnStmt r : body.findAll(ReturnStmt.class)) {
            if (r.getExpression().filter(e -> isName(e, name)).isPresent()) {
                return new Usage(Use.RETURNED, name);
            }
        }
        return new Usage(Use.UNCLOSED, name);
    }

    /** {@code c.close()}, or a helper named like close taking {@code c}: {@code closeQuietly(c)}, {@code JdbcUtils.closeConnection(c)}. */
    private static boolean closes(Node block, String name) {
        for (MethodCallExpr call : block.findAll(MethodCallExpr.class)) {
            if (call.getNameAsString().equals("close") && call.getScope().filter(s -> isName(s, name)).isPresent()) {
                return true;
            }
            if (call.getNameAsString().toLowerCase(java.util.Locale.ROOT).contains("close")
                    && call.getArguments().stream().anyMatch(a -> isName(a, name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isName(Expression e, String name) {
        return e instanceof NameExpr n && n.getNameAsString().equals(name);
    }
}
