package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code connection-leak} and {@code pool-bypass}: JDBC connection borrows and pool construction.
 *
 * <p>A borrow is {@code getConnection()} on a JDBC {@code DataSource} or pool (its type imported from
 * {@code javax.sql}, HikariCP, DBCP, c3p0, a driver, ...), {@code DriverManager.getConnection}, a configured borrow
 * method, a {@code get/open/borrow...Connection()} whose result is a {@code java.sql.Connection}, or a
 * {@code getConnection()} on a receiver the file cannot type when the file works with JDBC. Not borrows:
 * {@code getConnection()} of statements, result sets and metadata (the connection they came from); of receivers that
 * hold one connection (a session, transaction, context, holder: cached accessors); of a method of the same class that
 * returns a field; configured accessors; and anything whose result is typed as a non-JDBC {@code Connection} or in a
 * file that imports nothing from {@code java.sql}/{@code javax.sql} (an XMPP or socket {@code Connection}).
 *
 * <ul>
 *   <li>{@code connection-leak}, anywhere: the borrowed connection is not closed by try-with-resources or a
 *       {@code finally} (chained on, passed on, dropped), or is stored in a field of a class whose {@code close()}
 *       does not close it. Returning it hands it to the caller.</li>
 *   <li>{@code pool-bypass}, outside the configured owners: every borrow, closed or not, and every
 *       {@code new} of a JDBC {@code DataSource} or pool.</li>
 * </ul>
 *
 * <p>Misses: a connection handed to a helper that leaks it; a pool obtained from a factory method; a close in a
 * finally that does not run on every path; borrows through receivers named like holders ({@code sessionPool} is a
 * source, {@code session} is not). May report wrongly: an accessor the file cannot see as one (name it under
 * {@code accessors}); a connection handed to an object that closes it later.
 */
final class ConnectionCheck {

    /** JDBC objects whose getConnection() returns the connection they were made from: nothing is borrowed. */
    private static final Set<String> OWNED_BY_A_CONNECTION = Set.of("Statement", "PreparedStatement", "CallableStatement",
            "ResultSet", "DatabaseMetaData", "ResultSetMetaData", "Array", "Struct");

    /** Calls that make one of those: {@code rs.getStatement().getConnection()}. */
    private static final Set<String> MAKES_ONE = Set.of("getStatement", "createStatement", "prepareStatement",
            "prepareCall", "getMetaData", "getResultSet", "executeQuery");

    /** Borrow methods by name, when their result is a {@code java.sql.Connection}: {@code getTransactionConnection()}. */
    private static final Pattern BORROW_NAME = Pattern.compile(
            "(get|open|borrow|acquire|obtain|checkout|checkOut|new|create)[A-Za-z0-9_]*Connection");
    /** Types and names of things that hand out connections: their getConnection() borrows. */
    private static final Pattern SOURCE_NAME = Pattern.compile(
            "(?i)(ds|.*(datasource|pool|provider|factory|manager|database|db|jdbc|dao|repository|support|helper|utils?))");
    /** Types and names of things that hold one connection: their getConnection() is an accessor. */
    private static final Pattern HOLDER_NAME = Pattern.compile(
            "(?i)(tx|txn|.*(session|transaction|context|ctx|holder|handle|unitofwork|scope|wrapper|connection|exchange|lease|request))");

    private ConnectionCheck() {
    }

    static void check(SourceFile file) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            if (isBorrow(call, file, 0)) {
                checkBorrow(file, call);
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class)) {
            String type = creation.getType().getNameWithScope();
            if (file.imports().connectionSource(type) == Imports.Kind.JDBC && !file.inOwner(creation)) {
                file.report(creation, Rule.POOL_BYPASS, "new " + creation.getType().getNameAsString() + "(..) creates a "
                                + "connection pool or DataSource outside the owners of raw JDBC, beside Poolguard's",
                        "build one Database with Database.builder() or Database.fromEnv() and share it; or, if "
                                + ownerName(file, creation) + " is meant to own raw JDBC, name it under owners in "
                                + LintConfig.FILE_NAME);
            }
        }
    }

    // ---- what is a borrow

    private enum Receiver { SOURCE, HOLDER, DRIVER_MANAGER, UNKNOWN }

    private static boolean isBorrow(MethodCallExpr call, SourceFile file, int depth) {
        String name = call.getNameAsString();
        boolean getConnection = name.equals("getConnection");
        if (!getConnection && !BORROW_NAME.matcher(name).matches() && file.config().borrowMethods().isEmpty()) {
            return false; // the common case, decided without looking further
        }
        String receiverText = call.getScope().map(Node::toString).orElse("");
        String receiverType = call.getScope().flatMap(Declarations::of).map(Declarations.Declared::typeName).orElse("");
        if (LintConfig.names(file.config().accessors(), name, receiverText, receiverType)) {
            return false;
        }
        if (LintConfig.names(file.config().borrowMethods(), name, receiverText, receiverType)) {
            return true;
        }
        if (!getConnection && !BORROW_NAME.matcher(name).matches()) {
            return false;
        }
        Imports.Kind result = resultType(call, file);
        if (result == Imports.Kind.OTHER) {
            return false; // a Connection of something else: XMPP, a socket, a message broker
        }
        Receiver receiver = receiver(call, file, depth);
        if (receiver == Receiver.HOLDER) {
            return false;
        }
        if (!getConnection) {
            return result == Imports.Kind.JDBC;
        }
        return switch (receiver) {
            case SOURCE -> true;
            case DRIVER_MANAGER -> file.imports().is(receiverText, "java.sql.DriverManager") == Imports.Kind.JDBC;
            case HOLDER -> false;
            case UNKNOWN -> result == Imports.Kind.JDBC
                    || (file.imports().usesJdbc() && file.imports().connectionType("Connection") != Imports.Kind.OTHER);
        };
    }

    /** What the call is made on, as far as the file shows. */
    private static Receiver receiver(MethodCallExpr call, SourceFile file, int depth) {
        Optional<Expression> scope = call.getScope();
        if (scope.isEmpty() || scope.get() instanceof ThisExpr) {
            return ownMethod(call, file, depth);
        }
        Expression s = scope.get();
        if (s instanceof MethodCallExpr maker && MAKES_ONE.contains(maker.getNameAsString())) {
            return Receiver.HOLDER;
        }
        Optional<Declarations.Declared> declared = Declarations.of(s);
        if (declared.isPresent() && !declared.get().typeName().isEmpty() && !declared.get().typeName().equals("var")) {
            Declarations.Declared d = declared.get();
            if (OWNED_BY_A_CONNECTION.contains(d.typeName()) && file.imports().is(d.writtenType(), "java.sql." + d.typeName())
                    != Imports.Kind.OTHER) {
                return Receiver.HOLDER;
            }
            Imports.Kind source = file.imports().connectionSource(d.writtenType());
            if (source == Imports.Kind.JDBC) {
                return Receiver.SOURCE;
            }
            return byName(d.typeName(), file).orElseGet(() -> byName(d.name(), file).orElse(Receiver.UNKNOWN));
        }
        if (s.toString().equals("DriverManager") || s.toString().equals("java.sql.DriverManager")) {
            return Receiver.DRIVER_MANAGER;
        }
        String text = s instanceof MethodCallExpr m ? m.getNameAsString().replaceFirst("^get", "")
                : s instanceof FieldAccessExpr f ? f.getNameAsString() : s.toString();
        return byName(text, file).orElse(Receiver.UNKNOWN);
    }

    /** A source or a holder by its name; a source name counts only in a file that works with JDBC. */
    private static Optional<Receiver> byName(String name, SourceFile file) {
        if (SOURCE_NAME.matcher(name).matches()) {
            return file.imports().usesJdbc() ? Optional.of(Receiver.SOURCE) : Optional.empty();
        }
        return HOLDER_NAME.matcher(name).matches() ? Optional.of(Receiver.HOLDER) : Optional.empty();
    }

    /**
     * {@code getConnection()} of this class: a wrapper when its body returns a borrow, an accessor when it returns a
     * field or a parameter; unknown when it is inherited or abstract.
     */
    private static Receiver ownMethod(MethodCallExpr call, SourceFile file, int depth) {
        if (depth > 2) {
            return Receiver.UNKNOWN;
        }
        for (Node n = call.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (!(n instanceof TypeDeclaration<?> type)) {
                continue;
            }
            for (MethodDeclaration method : type.getMethodsByName(call.getNameAsString())) {
                if (method.getParameters().size() != call.getArguments().size() || method.getBody().isEmpty()) {
                    continue;
                }
                for (ReturnStmt r : method.getBody().get().findAll(ReturnStmt.class)) {
                    Expression returned = r.getExpression().orElse(null);
                    if (returned instanceof MethodCallExpr inner && inner != call && isBorrow(inner, file, depth + 1)) {
                        return Receiver.SOURCE;
                    }
                    if (returned instanceof NameExpr || returned instanceof FieldAccessExpr) {
                        return Receiver.HOLDER;
                    }
                }
            }
            return Receiver.UNKNOWN;
        }
        return Receiver.UNKNOWN;
    }

    /** What the file says the call's result is: the type of the variable it goes into, or of the method returning it. */
    private static Imports.Kind resultType(MethodCallExpr call, SourceFile file) {
        Expression self = Ast.outermost(call);
        Node user = self.getParentNode().orElse(null);
        if (user instanceof VariableDeclarator declarator) {
            return file.imports().connectionType(Declarations.written(declarator.getType()));
        }
        if (user instanceof AssignExpr assign && assign.getValue() == self) {
            return Declarations.of(assign.getTarget())
                    .map(d -> file.imports().connectionType(d.writtenType()))
                    .orElse(Imports.Kind.UNKNOWN);
        }
        if (user instanceof ReturnStmt) {
            for (Node n = user.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
                if (n instanceof LambdaExpr) {
                    return Imports.Kind.UNKNOWN;
                }
                if (n instanceof MethodDeclaration method) {
                    return file.imports().connectionType(Declarations.written(method.getType()));
                }
            }
        }
        return Imports.Kind.UNKNOWN;
    }

    // ---- what happens to a borrowed connection

    private enum Use { TRY_WITH_RESOURCES, CLOSED_IN_FINALLY, RETURNED, FIELD, CLOSED_BY_OWNER, UNCLOSED }

    private record Usage(Use use, String variable) {
    }

    private static void checkBorrow(SourceFile file, MethodCallExpr call) {
        String text = Ast.callText(call);
        Usage usage = usage(call, call);
        switch (usage.use()) {
            case FIELD -> file.report(call, Rule.CONNECTION_LEAK, text + " is stored in field '" + usage.variable()
                            + "', so the connection outlives the call that borrowed it and stays checked out while idle",
                    "borrow per call and close it with try-with-resources, or use Database.withConnection; if this "
                            + "class owns the connection, close the field in its close() and use it in try-with-resources");
            case UNCLOSED -> file.report(call, Rule.CONNECTION_LEAK, text + (usage.variable() == null ? "" : " ('"
                            + usage.variable() + "')") + " is not closed by try-with-resources or a finally, so an "
                            + "exception on the way leaks the connection",
                    "open it in try (Connection c = ...) { .. }, or use Database.query/queryOne/update/transaction, "
                            + "which always release the connection");
            default -> {
            }
        }
        if (!file.inOwner(call)) {
            file.report(call, Rule.POOL_BYPASS, text + " borrows a JDBC connection outside the owners of raw JDBC, "
                            + "going around Poolguard's limits, timeouts and leak detection",
                    "use Database.query/queryOne/update/transaction; or, if " + ownerName(file, call) + " is meant to "
                            + "own raw JDBC, name it under owners in " + LintConfig.FILE_NAME + " (or --allow-package)");
        }
    }

    /** The class a node is in, qualified: {@code com.acme.calls.CallDao}. */
    private static String ownerName(SourceFile file, Node at) {
        Optional<TypeDeclaration> type = at.findAncestor(TypeDeclaration.class);
        if (type.isPresent()) {
            TypeDeclaration<?> t = type.get();
            return t.getFullyQualifiedName().orElse(t.getNameAsString());
        }
        String pkg = file.imports().packageName();
        return pkg.isEmpty() ? "this class" : pkg;
    }

    /** Where the value of {@code expression} (the borrow, or an object made from it) ends up. */
    private static Usage usage(Expression expression, MethodCallExpr borrow) {
        Expression self = Ast.outermost(expression);
        Node user = self.getParentNode().orElse(null);
        if (user instanceof VariableDeclarator declarator) {
            String name = declarator.getNameAsString();
            if (declarator.getParentNode().orElse(null) instanceof FieldDeclaration) {
                return fieldUsage(declarator, name);
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
                return fieldUsage(field, field.getNameAsString());
            }
            if (target instanceof NameExpr name) {
                Optional<Declarations.Declared> declared = Declarations.of(name);
                if (declared.isPresent() && declared.get().kind() == Declarations.Kind.FIELD) {
                    return fieldUsage(name, name.getNameAsString());
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
        if (user instanceof ObjectCreationExpr owner && owner.getArguments().contains(self) && expression == borrow) {
            // new JdbcSession(ds.getConnection()): the object owns it now; judged by what happens to the object.
            Usage ownerUsage = usage(owner, borrow);
            return ownerUsage.use() == Use.UNCLOSED ? new Usage(Use.UNCLOSED, null) : ownerUsage;
        }
        return new Usage(Use.UNCLOSED, null);
    }

    /** A field: fine when its class's close() closes it (an AutoCloseable owner used in try-with-resources). */
    private static Usage fieldUsage(Node at, String field) {
        Optional<TypeDeclaration> type = at.findAncestor(TypeDeclaration.class);
        if (type.isPresent()) {
            for (MethodDeclaration close : ((TypeDeclaration<?>) type.get()).getMethodsByName("close")) {
                if (close.getParameters().isEmpty() && close.getBody().isPresent() && closes(close.getBody().get(), field)) {
                    return new Usage(Use.CLOSED_BY_OWNER, field);
                }
            }
        }
        return new Usage(Use.FIELD, field);
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

    /**
     * {@code c.close()}, or a helper named like close or release taking {@code c}: {@code closeQuietly(c)},
     * {@code JdbcUtils.closeConnection(c)}, {@code DataSourceUtils.releaseConnection(c, ds)}.
     */
    private static boolean closes(Node block, String name) {
        for (MethodCallExpr call : block.findAll(MethodCallExpr.class)) {
            if (call.getNameAsString().equals("close") && call.getScope().filter(s -> isName(s, name)).isPresent()) {
                return true;
            }
            String method = call.getNameAsString().toLowerCase(Locale.ROOT);
            if ((method.contains("close") || method.contains("release"))
                    && call.getArguments().stream().anyMatch(a -> isName(a, name))) {
                return true;
            }
        }
        return false;
    }

    /** {@code name} or {@code this.name}. */
    private static boolean isName(Expression e, String name) {
        return (e instanceof NameExpr n && n.getNameAsString().equals(name))
                || (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr && f.getNameAsString().equals(name));
    }
}
