package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code fire-and-forget}: background work whose failure nobody observes, as the seeds' campaign-summary email was
 * before its fix. {@code CompletableFuture.runAsync/supplyAsync(..)}, {@code executor.submit/execute(..)} and
 * {@code new Thread(..)} are reported unless one of these holds:
 *
 * <ul>
 *   <li>the task catches something: a try with a catch in the lambda, the anonymous class, or the method a
 *       {@code this::method} reference names;</li>
 *   <li>the result is observed: {@code exceptionally}, {@code whenComplete}, {@code handle}, {@code join},
 *       {@code get} chained on it or on a variable holding it; a thread with an uncaught-exception handler;</li>
 *   <li>the result leaves the method: returned, passed to a method (a list of futures, {@code allOf},
 *       {@code addShutdownHook}), so whoever gets it is responsible;</li>
 *   <li>it goes through {@code db.tasks()}, Poolguard's background tasks.</li>
 * </ul>
 *
 * <p>Only tasks whose code the file shows are judged: a lambda, an anonymous class, a method reference to a method of
 * the file, or a local initialised with one of those.
 *
 * <p>Misses: tasks whose code is elsewhere (a parameter, a field, {@code new SendTask(..)}, {@code Mailer::send});
 * a catch that covers only part of the task or catches too narrow a type; a future passed on and then dropped;
 * executors whose variable name and declared type say nothing ({@code x.submit(..)}); {@code schedule*},
 * virtual-thread builders. May report wrongly: a task that cannot fail, a thread whose failure is fine to print to
 * stderr, an executor's own plumbing (it is not application code).
 */
final class FireAndForgetCheck {

    private static final Set<String> OBSERVES_FAILURE = Set.of("exceptionally", "exceptionallyAsync",
            "exceptionallyCompose", "exceptionallyComposeAsync", "whenComplete", "whenCompleteAsync", "handle",
            "handleAsync", "join", "get", "getNow", "resultNow", "exceptionNow", "setUncaughtExceptionHandler");
    private static final Pattern EXECUTOR_TYPE = Pattern.compile(".*(Executor|ExecutorService|ForkJoinPool|ThreadPool.*)");
    private static final Pattern EXECUTOR_NAME = Pattern.compile("(?i).*(executor|pool|scheduler|threads|workers).*");

    private FireAndForgetCheck() {
    }

    static void check(SourceFile file) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            String name = call.getNameAsString();
            if ((name.equals("runAsync") || name.equals("supplyAsync")) && isCompletableFuture(call.getScope())
                    && !call.getArguments().isEmpty()) {
                checkStart(file, call, call.getArgument(0), "CompletableFuture." + name + "(..)",
                        "the returned future is dropped (no exceptionally/whenComplete/handle/join/get)");
            } else if ((name.equals("submit") || name.equals("execute")) && isExecutor(call)) {
                boolean execute = name.equals("execute");
                checkStart(file, call, call.getArgument(0), Ast.callText(call), execute
                        ? "execute(..) hands its failure to the worker thread's uncaught-exception handler, not to you"
                        : "the returned future is dropped (nothing calls get())");
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class)) {
            if (creation.getType().getNameAsString().equals("Thread")) {
                Optional<Node> task = threadTask(creation);
                task.ifPresent(t -> checkStart(file, creation, t, "new Thread(..)",
                        "the thread has no uncaught-exception handler, so its failure is only printed to stderr"));
            }
        }
    }

    private static void checkStart(SourceFile file, Expression start, Node task, String what, String why) {
        List<Node> code = visibleCode(task);
        // A task whose code is elsewhere (a parameter, a field, new SendTask(..)) may handle its own failure.
        if (code.isEmpty() || code.stream().anyMatch(Ast::catchesSomething) || observed(start) || throughPoolguardTasks(start)) {
            return;
        }
        file.report(start, Rule.FIRE_AND_FORGET, what + " starts work whose failure nobody observes: the task catches "
                        + "nothing and " + why,
                "observe the failure: chain .exceptionally(..) or .whenComplete(..) that logs and reports it, catch and "
                        + "report inside the task, or submit it through db.tasks()");
    }

    private static boolean isCompletableFuture(Optional<Expression> scope) {
        // No scope: a static import of runAsync/supplyAsync.
        return scope.map(s -> s.toString().equals("CompletableFuture") || s.toString().endsWith(".CompletableFuture"))
                .orElse(true);
    }

    /** An executor by its declared type, or by its name when the type is not visible; never Poolguard's tasks. */
    private static boolean isExecutor(MethodCallExpr call) {
        if (call.getScope().isEmpty() || call.getArguments().isEmpty() || call.getArguments().size() > 2
                || !isTask(call.getArgument(0))) {
            return false;
        }
        Expression scope = call.getScope().get();
        Optional<Declarations.Declared> declared = Declarations.of(scope);
        if (declared.isPresent() && !declared.get().typeName().isEmpty() && !declared.get().typeName().equals("var")) {
            return EXECUTOR_TYPE.matcher(declared.get().typeName()).matches();
        }
        String text = scope instanceof MethodCallExpr m ? m.getNameAsString() : scope.toString();
        return EXECUTOR_NAME.matcher(text).matches() || scope.toString().startsWith("Executors.")
                || scope.toString().startsWith("ForkJoinPool.");
    }

    /** What a Runnable or Callable is written as: a lambda, a method reference, an anonymous class, a variable. */
    private static boolean isTask(Expression e) {
        return e instanceof LambdaExpr || e instanceof MethodReferenceExpr || e instanceof ObjectCreationExpr
                || e instanceof NameExpr || e instanceof FieldAccessExpr;
    }

    /** The Runnable of {@code new Thread(..)}: its first task-like argument, or the run() of an anonymous subclass. */
    private static Optional<Node> threadTask(ObjectCreationExpr creation) {
        if (creation.getAnonymousClassBody().isPresent()) {
            return creation.getAnonymousClassBody().get().stream()
                    .filter(m -> m instanceof MethodDeclaration md && md.getNameAsString().equals("run"))
                    .map(m -> (Node) m)
                    .findFirst();
        }
        for (Expression argument : creation.getArguments()) {
            if (argument instanceof LambdaExpr || argument instanceof MethodReferenceExpr
                    || argument instanceof ObjectCreationExpr) {
                return Optional.of(argument);
            }
            if (argument instanceof NameExpr n && Declarations.of(n)
                    .map(d -> !d.typeName().equals("ThreadGroup") && !d.typeName().equals("String")).orElse(true)) {
                return Optional.of(argument);
            }
        }
        return Optional.empty();
    }

    /**
     * The task's code where this file shows it: a lambda, an anonymous class, the methods a method reference names, or
     * what a local Runnable was initialised with. Empty when the code is elsewhere.
     */
    private static List<Node> visibleCode(Node task) {
        if (task instanceof LambdaExpr || task instanceof MethodDeclaration) {
            return List.of(task);
        }
        if (task instanceof ObjectCreationExpr creation) {
            return creation.getAnonymousClassBody().isPresent() ? List.of(task) : List.of();
        }
        if (task instanceof MethodReferenceExpr reference) {
            return List.copyOf(methodsNamed(reference));
        }
        if (task instanceof NameExpr name) {
            return Declarations.of(name)
                    .filter(d -> d.kind() == Declarations.Kind.LOCAL)
                    .flatMap(Declarations.Declared::initializer)
                    .map(FireAndForgetCheck::visibleCode)
                    .orElse(List.of());
        }
        return List.of();
    }

    /** {@code this::send} or {@code Mailer::send}: the methods of that name declared in this file. */
    private static List<MethodDeclaration> methodsNamed(MethodReferenceExpr reference) {
        String name = reference.getIdentifier();
        return reference.findCompilationUnit()
                .map(cu -> cu.findAll(MethodDeclaration.class, m -> m.getNameAsString().equals(name) && m.getBody().isPresent()))
                .orElse(List.of());
    }

    /** Whether the started work's result is observed or handed to someone who can observe it. */
    private static boolean observed(Expression start) {
        for (MethodCallExpr chained : Ast.chainedOn(start)) {
            if (OBSERVES_FAILURE.contains(chained.getNameAsString())) {
                return true;
            }
        }
        Expression end = Ast.chainEnd(start);
        Node user = end.getParentNode().orElse(null);
        if (leaves(end, user)) {
            return true;
        }
        Optional<Declarations.Declared> holder = Optional.empty();
        if (user instanceof VariableDeclarator declarator && declarator.getInitializer().orElse(null) == end) {
            holder = Declarations.lookup(end, declarator.getNameAsString());
        } else if (user instanceof AssignExpr assign && assign.getValue() == end) {
            holder = Declarations.of(assign.getTarget());
        }
        if (holder.isEmpty()) {
            return false;
        }
        for (Expression use : Ast.usesOf(holder.get())) {
            if (Ast.user(use).orElse(null) instanceof AssignExpr a && a.getTarget() == Ast.outermost(use)) {
                continue; // the assignment itself
            }
            for (MethodCallExpr chained : Ast.chainedOn(use)) {
                if (OBSERVES_FAILURE.contains(chained.getNameAsString())) {
                    return true;
                }
            }
            Expression useEnd = Ast.chainEnd(use);
            if (leaves(useEnd, useEnd.getParentNode().orElse(null))) {
                return true;
            }
        }
        return false;
    }

    /** Returned, or passed as an argument: someone else holds it now. */
    private static boolean leaves(Expression value, Node user) {
        if (user instanceof ReturnStmt || (user instanceof LambdaExpr lambda && lambda.getExpressionBody().isPresent())) {
            return true;
        }
        if (user instanceof MethodCallExpr call) {
            return call.getArguments().contains(value);
        }
        return user instanceof ObjectCreationExpr creation && creation.getArguments().contains(value);
    }

    /** {@code db.tasks().submit(..)}, or a variable initialised with {@code db.tasks()}. */
    private static boolean throughPoolguardTasks(Expression start) {
        if (!(start instanceof MethodCallExpr call) || call.getScope().isEmpty()) {
            return false;
        }
        Expression scope = call.getScope().get();
        if (scope instanceof MethodCallExpr m && m.getNameAsString().equals("tasks")) {
            return true;
        }
        return Declarations.of(scope).flatMap(Declarations.Declared::initializer)
                .map(init -> init instanceof MethodCallExpr m && m.getNameAsString().equals("tasks"))
                .orElse(false);
    }
}
