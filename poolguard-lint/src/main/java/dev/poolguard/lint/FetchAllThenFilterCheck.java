package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code fetch-all-then-filter}: a call that reads a whole table, whose result is then searched in memory. This is
 * the incidents' {@code getAllCalls().find(c -> c.call_sid == callSid)}: every lookup reads and maps every row, holding a
 * connection the whole time, and gets slower as the table grows.
 *
 * <p>Whole-table reads: {@code findAll()}; {@code getAll*()}, {@code fetchAll*()}, {@code loadAll*()},
 * {@code listAll*()} with no arguments on a receiver whose variable, type or getter name says data access
 * (repository, service, DAO, store, db, client, mapper, gateway; not a cache, configuration, file listing or
 * registry), or on {@code this} when this file does not show the method reading no table; any call given a SQL SELECT
 * with a FROM but no WHERE, LIMIT or FETCH FIRST
 * (a literal, a text block, a concatenation of them, or a constant of the same file); and a no-argument method of the
 * same file that returns one of those. In-memory search: {@code filter}, {@code find}, {@code findFirst},
 * {@code findAny}, {@code anyMatch}, {@code allMatch}, {@code noneMatch}, {@code removeIf} chained on the result or on
 * a local holding it (or a stream, iterator or result set made from it, or a {@code thenMany(..)},
 * {@code Flux.fromIterable(..)}, {@code new ArrayList<>(..)} wrapping it), and a for-each or {@code while (rs.next())}
 * loop over it that returns or breaks under an {@code if} that compares.
 *
 * <p>Misses: a query method in another file that reads everything but is not named {@code *All*}, or is called on
 * a receiver whose names say nothing ({@code calls.getAll()}) or only "manager" ({@code userManager.getAllUsers()});
 * SQL built at run time; a result passed to another method that filters it. May report wrongly: a small lookup table read whole on
 * purpose (a WHERE is still cheaper than the loop, but the cost may not matter), and a "bounded" query the SQL check
 * cannot see (a view, or a LIMIT added by a wrapper).
 */
final class FetchAllThenFilterCheck {

    private static final Pattern WHOLE_TABLE_METHOD = Pattern.compile("(find|get|fetch|load|list|select|read)All([A-Z_].*)?");
    /** Receivers (by variable, type or getter name) that read from a database; other getAll*() are left alone. */
    private static final Pattern DATA_ACCESS = Pattern.compile(
            "(?i).*(repo|repository|service|dao|store|db|database|client|mapper|table|gateway).*");
    /**
     * Receivers whose names say in-memory data, even beside a data-access word: a cache ({@code ROOM_CACHE},
     * {@code cacheService}), configuration, a file listing, a registry. A "manager" says nothing either way and is left
     * alone: in the codebases tried it held in-memory state more often than it queried.
     */
    private static final Pattern IN_MEMORY = Pattern.compile(
            "(?i).*(cache|cached|config|configuration|setting|propert|preference|file|folder|director|registry|memory).*");
    /** Calls that hand their argument's rows on unchanged: {@code thenMany(repo.findAll())}, {@code new ArrayList<>(..)}. */
    private static final Set<String> PASSES_ROWS_ON = Set.of("thenMany", "fromIterable", "fromStream", "from",
            "defer", "copyOf", "unmodifiableList", "unmodifiableCollection", "unmodifiableSet", "synchronizedList",
            "ArrayList", "LinkedList", "HashSet", "LinkedHashSet", "ArrayDeque");
    private static final Set<String> IN_MEMORY_SEARCH = Set.of("filter", "find", "findFirst", "findAny", "anyMatch",
            "allMatch", "noneMatch", "removeIf");
    /** Values made from a result that still hold all of it. */
    private static final Set<String> SAME_ROWS = Set.of("stream", "parallelStream", "iterator", "executeQuery",
            "getResultList", "getResultStream", "list", "toList");

    private FetchAllThenFilterCheck() {
    }

    static void check(SourceFile file) {
        Set<String> wholeTableMethods = wholeTableMethodsOf(file);
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            Optional<String> why = wholeTable(call, file, wholeTableMethods);
            if (why.isEmpty()) {
                continue;
            }
            Optional<Search> search = searchOf(call, 0);
            search.ifPresent(s -> file.report(call, Rule.FETCH_ALL_THEN_FILTER,
                    why.get() + ", then line " + Ast.line(s.where()) + " searches the rows in memory (" + s.how()
                            + "); every row is read and mapped while a connection is held",
                    "filter in SQL: a WHERE (and LIMIT) for the rows you need, e.g. a findByCallSid(..) repository "
                            + "method or db.queryOne(\"select ... where call_sid = ?\", mapper, callSid)"));
        }
    }

    private record Search(Node where, String how) {
    }

    /** Why this call reads a whole table, if it does. */
    private static Optional<String> wholeTable(MethodCallExpr call, SourceFile file, Set<String> wholeTableMethods) {
        String name = call.getNameAsString();
        if (call.getArguments().isEmpty() && WHOLE_TABLE_METHOD.matcher(name).matches()
                && !inMemory(call.getScope()) && !declaredHereInMemory(call, file)
                && (name.equals("findAll") || readsFromADatabase(call.getScope()))) {
            return Optional.of(Ast.callText(call) + " reads a whole table");
        }
        if (call.getArguments().isEmpty() && wholeTableMethods.contains(name)
                && call.getScope().map(s -> s instanceof ThisExpr).orElse(true)) {
            return Optional.of(name + "() runs a SELECT without WHERE or LIMIT");
        }
        for (Expression argument : call.getArguments()) {
            Optional<String> sql = constantString(argument, file);
            if (sql.isPresent() && Sql.readsWholeTable(sql.get())) {
                return Optional.of(Ast.callText(call) + " runs a SELECT without WHERE or LIMIT");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a {@code getAll*()} receiver is data access: none or {@code this} (a method of the service itself), or a
     * variable, type or getter whose name says repository, service, DAO, ... ({@code callService},
     * {@code CallService.getAllCalls()}, {@code getCallRepository().getAllCalls()}).
     */
    private static boolean readsFromADatabase(Optional<Expression> scope) {
        return receiverNamed(scope, DATA_ACCESS, true);
    }

    /** A receiver named like a cache, configuration or file listing: {@code ROOM_CACHE}, {@code configService}. */
    private static boolean inMemory(Optional<Expression> scope) {
        return receiverNamed(scope, IN_MEMORY, false);
    }

    /** Whether the receiver's variable, getter or declared type name matches; {@code none} when there is none or this. */
    private static boolean receiverNamed(Optional<Expression> scope, Pattern names, boolean none) {
        if (scope.isEmpty() || scope.get() instanceof ThisExpr) {
            return none;
        }
        Expression s = scope.get();
        String name = s instanceof MethodCallExpr m ? m.getNameAsString() : s.toString();
        String type = Declarations.of(s).map(Declarations.Declared::typeName).orElse("");
        return names.matcher(name).matches() || names.matcher(type).matches();
    }

    /**
     * A method of this class called without a receiver whose body this file shows and which reads no table:
     * {@code getAllRooms()} returning {@code new ArrayList<>(ROOM_CACHE.values())}.
     */
    private static boolean declaredHereInMemory(MethodCallExpr call, SourceFile file) {
        if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)) {
            return false;
        }
        List<MethodDeclaration> declared = file.unit().findAll(MethodDeclaration.class, m -> m.getParameters().isEmpty()
                && m.getNameAsString().equals(call.getNameAsString()) && m.getBody().isPresent());
        if (declared.isEmpty()) {
            return false;
        }
        for (MethodDeclaration m : declared) {
            for (MethodCallExpr inner : m.getBody().get().findAll(MethodCallExpr.class)) {
                if (inner != call && !inner.getNameAsString().equals(call.getNameAsString())
                        && wholeTable(inner, file, Set.of()).isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** No-argument methods of this file whose body returns a whole-table read: {@code List<Call> getCalls()}. */
    private static Set<String> wholeTableMethodsOf(SourceFile file) {
        Set<String> names = new HashSet<>();
        for (MethodDeclaration method : file.unit().findAll(MethodDeclaration.class)) {
            if (!method.getParameters().isEmpty() || method.getBody().isEmpty()) {
                continue;
            }
            for (ReturnStmt r : method.getBody().get().findAll(ReturnStmt.class)) {
                if (r.getExpression().orElse(null) instanceof MethodCallExpr returned
                        && wholeTable(returned, file, Set.of()).isPresent()) {
                    names.add(method.getNameAsString());
                }
            }
        }
        return names;
    }

    /** Where the rows produced by this expression are searched in memory, following locals up to a few hops. */
    private static Optional<Search> searchOf(Expression rows, int hops) {
        Node wrapper = Ast.user(rows).orElse(null);
        if (hops < 3 && passesRowsOn(wrapper, Ast.outermost(rows))) {
            return searchOf((Expression) wrapper, hops + 1);
        }
        for (MethodCallExpr chained : Ast.chainedOn(rows)) {
            if (IN_MEMORY_SEARCH.contains(chained.getNameAsString())) {
                return Optional.of(new Search(chained.getName(), "." + chained.getNameAsString() + "(..)")); // the line of .filter, not of the chain start
            }
            if (!SAME_ROWS.contains(chained.getNameAsString())) {
                return Optional.empty(); // mapped into something else: no longer the rows
            }
        }
        Expression end = Ast.chainEnd(rows);
        Node user = end.getParentNode().orElse(null);
        if (user instanceof ForEachStmt loop && loop.getIterable() == end) {
            return earlyExit(loop.getBody()).map(exit -> new Search(exit, "a for loop that stops at a match"));
        }
        if (hops >= 3) {
            return Optional.empty();
        }
        Optional<String> local = Optional.empty();
        if (user instanceof VariableDeclarator declarator && declarator.getInitializer().orElse(null) == end) {
            local = Optional.of(declarator.getNameAsString());
        } else if (user instanceof AssignExpr assign && assign.getValue() == end && assign.getTarget() instanceof NameExpr n) {
            local = Optional.of(n.getNameAsString());
        }
        if (local.isEmpty()) {
            return Optional.empty();
        }
        Node body = Ast.enclosingBody(end).orElse(null);
        if (body == null) {
            return Optional.empty();
        }
        String name = local.get();
        for (NameExpr use : body.findAll(NameExpr.class)) {
            if (!use.getNameAsString().equals(name) || use.getBegin().isEmpty() || end.getBegin().isEmpty()
                    || use.getBegin().get().isBefore(end.getBegin().get())) {
                continue;
            }
            Optional<Search> found = searchOf(use, hops + 1);
            if (found.isPresent()) {
                return found;
            }
            Node useUser = Ast.user(use).orElse(null);
            if (useUser instanceof MethodCallExpr next && next.getScope().orElse(null) == Ast.outermost(use)
                    && next.getNameAsString().equals("next") && Ast.user(next).orElse(null) instanceof WhileStmt loop) {
                Optional<Search> exit = earlyExit(loop.getBody()).map(s -> new Search(s, "a while (" + name
                        + ".next()) loop that stops at a match"));
                if (exit.isPresent()) {
                    return exit;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code thenMany(rows)}, {@code Flux.fromIterable(rows)}, {@code new ArrayList<>(rows)}: the same rows, wrapped. */
    private static boolean passesRowsOn(Node wrapper, Expression rows) {
        if (wrapper instanceof MethodCallExpr call) {
            return call.getArguments().size() == 1 && call.getArgument(0) == rows
                    && PASSES_ROWS_ON.contains(call.getNameAsString());
        }
        return wrapper instanceof ObjectCreationExpr creation && creation.getArguments().size() == 1
                && creation.getArgument(0) == rows && PASSES_ROWS_ON.contains(creation.getType().getNameAsString());
    }

    /** A return or break under an if that compares, in a loop body (not in a nested lambda or class). */
    private static Optional<Node> earlyExit(Statement loopBody) {
        for (IfStmt ifStmt : loopBody.findAll(IfStmt.class)) {
            if (nested(ifStmt, loopBody) || !compares(ifStmt.getCondition())) {
                continue;
            }
            Statement then = ifStmt.getThenStmt();
            if (then instanceof ReturnStmt || then instanceof BreakStmt) {
                return Optional.of(ifStmt);
            }
            for (Statement s : then.findAll(Statement.class)) {
                if ((s instanceof ReturnStmt || s instanceof BreakStmt) && !nested(s, then)) {
                    return Optional.of(ifStmt);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean nested(Node node, Node within) {
        for (Node n = node.getParentNode().orElse(null); n != null && n != within; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof ObjectCreationExpr) {
                return true;
            }
        }
        return false;
    }

    private static boolean compares(Expression condition) {
        for (BinaryExpr b : condition.findAll(BinaryExpr.class)) {
            switch (b.getOperator()) {
                case EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return condition.findAll(MethodCallExpr.class).stream().anyMatch(c -> Set.of("equals", "equalsIgnoreCase",
                "contentEquals", "compareTo", "compareToIgnoreCase", "matches", "isEqual").contains(c.getNameAsString()));
    }

    /** The text of a string constant: a literal, a text block, a concatenation of them, or a constant of this file. */
    static Optional<String> constantString(Expression e, SourceFile file) {
        if (e instanceof StringLiteralExpr s) {
            return Optional.of(s.asString());
        }
        if (e instanceof TextBlockLiteralExpr t) {
            return Optional.of(t.asString());
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            Optional<String> left = constantString(b.getLeft(), file);
            Optional<String> right = constantString(b.getRight(), file);
            return left.isPresent() && right.isPresent() ? Optional.of(left.get() + right.get()) : Optional.empty();
        }
        if (e instanceof NameExpr || (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr)) {
            return Declarations.of(e)
                    .filter(d -> d.typeName().equals("String"))
                    .flatMap(Declarations.Declared::initializer)
                    .filter(init -> init != e)
                    .flatMap(init -> constantString(init, file));
        }
        if (e instanceof FieldAccessExpr f) {
            // Queries.ALL_CALLS: a constant of a class declared in this file.
            String owner = f.getScope().toString();
            if (!file.imports().declares(owner)) {
                return Optional.empty(); // TimeUnit.SECONDS, config.url: not a class of this file
            }
            for (TypeDeclaration<?> type : file.unit().findAll(TypeDeclaration.class)) {
                if (!type.getNameAsString().equals(owner)) {
                    continue;
                }
                Optional<Expression> init = type.getFieldByName(f.getNameAsString())
                        .flatMap(fd -> fd.getVariables().stream()
                                .filter(v -> v.getNameAsString().equals(f.getNameAsString())).findFirst())
                        .flatMap(VariableDeclarator::getInitializer);
                if (init.isPresent()) {
                    return constantString(init.get(), file);
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Just enough SQL reading to tell an unbounded SELECT; comments and quoted text are ignored. */
    static final class Sql {

        private static final Pattern SELECT_FROM = Pattern.compile("^\\(?\\s*(with\\b.*\\)\\s*)?select\\b.*\\bfrom\\b.*");
        private static final Pattern BOUNDED = Pattern.compile(".*\\b(where|limit|fetch\\s+(first|next))\\b.*");
        private static final Pattern AGGREGATE_ONLY = Pattern.compile(
                "^select\\s+(count|sum|min|max|avg|exists)\\s*\\(.*\\bfrom\\b.*");

        private Sql() {
        }

        static boolean readsWholeTable(String sql) {
            String s = normalise(sql);
            if (!SELECT_FROM.matcher(s).matches() || BOUNDED.matcher(s).matches()) {
                return false;
            }
            // select count(*) from t: one row, not the table
            return !(AGGREGATE_ONLY.matcher(s).matches() && !s.contains("group by"));
        }

        /** Lower case, one space, no comments, quoted text emptied. */
        static String normalise(String sql) {
            String s = sql.replaceAll("(?s)/\\*.*?\\*/", " ")
                    .replaceAll("--[^\\n]*", " ")
                    .replaceAll("'(?:[^']|'')*'", "''");
            return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        }
    }
}
