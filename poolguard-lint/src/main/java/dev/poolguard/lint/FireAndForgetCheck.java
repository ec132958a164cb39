package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code fire-and-forget}: background work whose failure nobody observes, as the incidents' campaign-summary email was
 * before its fix. {@code CompletableFuture.runAsync/supplyAsync(..)}, {@code submit(task)} on any receiver (an
 * executor, {@code SomeEngine.getInstance()}, ...), {@code execute(task)} and {@code schedule*(task, ..)} on an executor,
 * {@code new Thread(..)}, {@code Thread.ofVirtual()/ofPlatform()...start(task)} and {@code Thread.startVirtualThread(task)}
 * are reported unless one of these holds:
 *
 * <ul>
 *   <li>the task handles its failure: a try with a catch that does more than rethrow, in the lambda, the anonymous
 *       class, or the method a {@code this::method} reference names;</li>
 *   <li>the task cannot throw: it only logs, counts down, sets atomics, completes futures (nothing else is called,
 *       nothing is created, cast or indexed);</li>
 *   <li>the result is observed: {@code exceptionally}, {@code whenComplete}, {@code handle}, {@code join},
 *       {@code get} chained on it or on a variable holding it; a thread with an uncaught-exception handler;</li>
 *   <li>the result leaves the method: returned, passed to a method (a list of futures, {@code allOf},
 *       {@code addShutdownHook}), so whoever gets it is responsible;</li>
 *   <li>someone else sees the failure: {@code execute} on a Netty event loop (Netty logs a failing task; a
 *       {@code submit}ted one's failure stays in its future and is still reported); for
 *       {@code new Thread} and {@code execute}, a {@code Thread.setDefaultUncaughtExceptionHandler(..)} anywhere in
 *       the run (a {@code submit}ted or {@code runAsync} task's failure stays in its future, which no handler sees);</li>
 *   <li>it goes through {@code db.tasks()}, Poolguard's background tasks.</li>
 * </ul>
 *
 * <p>{@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay} are worse than dropped: the first failure
 * cancels every later run, without a trace. Only tasks whose code the file shows are judged: a lambda, an anonymous
 * class, a method reference to a method of the file, or a local initialised with one of those.
 *
 * <p>Misses: tasks whose code is elsewhere (a parameter, a field, {@code new SendTask(..)}, {@code Mailer::send});
 * a catch that covers only part of the task or catches too narrow a type; a future passed on and then dropped;
 * {@code execute} on executors whose variable name and declared type say nothing; thread builders kept in a
 * variable before {@code start}. May report
 * wrongly: a thread whose failure is fine to print to stderr, an executor's own plumbing (it is not application
 * code), a {@code submit(..)} of an API that is not an executor and handles failures itself.
 */
final class FireAndForgetCheck {

    private static final Set<String> OBSERVES_FAILURE = Set.of("exceptionally", "exceptionallyAsync",
            "exceptionallyCompose", "exceptionallyComposeAsync", "whenComplete", "whenCompleteAsync", "handle",
            "handleAsync", "join", "get", "getNow", "resultNow", "exceptionNow", "setUncaughtExceptionHandler");
    private static final Pattern EXECUTOR_TYPE = Pattern.compile(".*(Executor|ExecutorService|ForkJoinPool|ThreadPool.*)");
    private static final Pattern EXECUTOR_NAME = Pattern.compile("(?i).*(executor|pool|scheduler|threads|workers).*");
    /** Netty's event loops log a task that throws ("A task raised an exception"). */
    private static final Pattern EVENT_LOOP = Pattern.compile("(?i).*(eventloop|eventexecutor).*");
    private static final Set<String> PERIODIC = Set.of("scheduleAtFixedRate", "scheduleWithFixedDelay");
    /** Calls that do not throw in practice: logging, latches, atomics, completing futures, waking threads. */
    private static final Set<String> CANNOT_THROW = Set.of("trace", "debug", "info", "warn", "error", "isTraceEnabled",
            "isDebugEnabled", "isInfoEnabled", "println", "print", "countDown", "incrementAndGet", "decrementAndGet",
            "getAndIncrement", "getAndDecrement", "addAndGet", "getAndAdd", "lazySet", "compareAndSet", "getAndSet",
            "complete", "completeExceptionally", "cancel", "interrupt", "unpark", "signalAll", "release", "offer",
            "nanoTime", "currentTimeMillis");

    private static final String DROPPED_FUTURE = "the returned future is dropped (no exceptionally/whenComplete/handle/join/get)";

    private FireAndForgetCheck() {
    }

    static void check(SourceFile file) {
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            String name = call.getNameAsString();
            if ((name.equals("runAsync") || name.equals("supplyAsync")) && isCompletableFuture(call.getScope())
                    && !call.getArguments().isEmpty()) {
                checkStart(file, call, call.getArgument(0), "CompletableFuture." + name + "(..)", DROPPED_FUTURE, false);
            } else if (name.equals("submit") && takesATask(call, 2)) {
                checkStart(file, call, call.getArgument(0), Ast.callText(call),
                        "the returned future is dropped (nothing calls get())", false);
            } else if (name.equals("execute") && takesATask(call, 1) && isExecutor(call) && !isEventLoop(call, file)) {
                checkStart(file, call, call.getArgument(0), Ast.callText(call),
                        "execute(..) hands its failure to the worker thread's uncaught-exception handler, not to you", true);
            } else if (PERIODIC.contains(name) && takesATask(call, 4) && isExecutor(call)) {
                checkStart(file, call, call.getArgument(0), Ast.callText(call), "its first failure silently cancels "
                        + "every later run, and the ScheduledFuture that holds the failure is never asked for it", false);
            } else if (name.equals("schedule") && takesATask(call, 3) && call.getArguments().size() == 3
                    && isExecutor(call)) {
                checkStart(file, call, call.getArgument(0), Ast.callText(call),
                        "the returned ScheduledFuture is dropped (nothing calls get())", false);
            }
        }
        for (MethodCallExpr call : file.unit().findAll(MethodCallExpr.class)) {
            if (startsAThread(call)) {
                checkStart(file, call, call.getArgument(0), Ast.callText(call),
                        "the thread has no uncaught-exception handler, so its failure is only printed to stderr", true);
            }
        }
        for (ObjectCreationExpr creation : file.unit().findAll(ObjectCreationExpr.class)) {
            if (creation.getType().getNameAsString().equals("Thread")) {
                Optional<Node> task = threadTask(creation);
                task.ifPresent(t -> checkStart(file, creation, t, "new Thread(..)",
                        "the thread has no uncaught-exception handler, so its failure is only printed to stderr", true));
            }
        }
    }

    /**
     * @param uncaught whether the failure reaches the thread's uncaught-exception handler, so that a default handler
     *                 installed anywhere in the run observes it
     */
    private static void checkStart(SourceFile file, Expression start, Node task, String what, String why, boolean uncaught) {
        List<Node> code = visibleCode(task);
        // A task whose code is elsewhere (a parameter, a field, new SendTask(..)) may handle its own failure.
        if (code.isEmpty() || code.stream().anyMatch(FireAndForgetCheck::handlesFailure) || cannotThrow(code)
                || observed(start) || throughPoolguardTasks(start)) {
            return;
        }
        String message = what + " starts work whose failure nobody observes: the task catches nothing and " + why;
        String fix = "observe the failure: chain .exceptionally(..) or .whenComplete(..) that logs and reports it, catch "
                + "and report inside the task, or submit it through db.tasks()";
        if (uncaught) {
            file.reportUnlessDefaultHandler(start, Rule.FIRE_AND_FORGET, message, fix);
        } else {
            file.report(start, Rule.FIRE_AND_FORGET, message, fix);
        }
    }

    /** A try whose catch does something besides rethrowing: {@code catch (E e) { throw new X(e); }} handles nothing. */
    private static boolean handlesFailure(Node code) {
        for (TryStmt t : code.findAll(TryStmt.class)) {
            for (CatchClause c : t.getCatchClauses()) {
                NodeList<Statement> body = c.getBody().getStatements();
                if (body.isEmpty() || !body.stream().allMatch(Statement::isThrowStmt)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Code that only logs, counts down, sets atomics or completes futures: nothing it does throws in practice. */
    private static boolean cannotThrow(List<Node> code) {
        for (Node n : code) {
            Node body = n instanceof MethodDeclaration m ? m.getBody().orElse(null) : n;
            if (body == null || !body.findAll(ObjectCreationExpr.class).isEmpty() || !body.findAll(ThrowStmt.class).isEmpty()
                    || !body.findAll(ArrayAccessExpr.class).isEmpty() || !body.findAll(CastExpr.class).isEmpty()) {
                return false;
            }
            for (MethodCallExpr call : body.findAll(MethodCallExpr.class)) {
                if (!CANNOT_THROW.contains(call.getNameAsString())) {
                    return false;
                }
            }
            for (BinaryExpr b : body.findAll(BinaryExpr.class)) {
                if (b.getOperator() == BinaryExpr.Operator.DIVIDE || b.getOperator() == BinaryExpr.Operator.REMAINDER) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isCompletableFuture(Optional<Expression> scope) {
        // No scope: a static import of runAsync/supplyAsync.
        return scope.map(s -> s.toString().equals("CompletableFuture") || s.toString().endsWith(".CompletableFuture"))
                .orElse(true);
    }

    /**
     * {@code Thread.startVirtualThread(task)}, or {@code start(task)} on a builder from {@code Thread.ofVirtual()} or
     * {@code Thread.ofPlatform()} (a builder given an uncaught-exception handler is observed).
     */
    private static boolean startsAThread(MethodCallExpr call) {
        if (call.getArguments().size() != 1 || !isTask(call.getArgument(0)) || call.getScope().isEmpty()) {
            return false;
        }
        Expression scope = call.getScope().get();
        if (call.getNameAsString().equals("startVirtualThread")) {
            return scope.toString().equals("Thread") || scope.toString().equals("java.lang.Thread");
        }
        if (!call.getNameAsString().equals("start")) {
            return false;
        }
        for (Expression s = scope; s instanceof MethodCallExpr m; s = m.getScope().orElse(null)) {
            if (m.getNameAsString().equals("uncaughtExceptionHandler")) {
                return false;
            }
            if ((m.getNameAsString().equals("ofVirtual") || m.getNameAsString().equals("ofPlatform"))
                    && m.getScope().map(t -> t.toString().equals("Thread") || t.toString().equals("java.lang.Thread")).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** A receiver, one to {@code maxArguments} arguments, the first written as a task. */
    private static boolean takesATask(MethodCallExpr call, int maxArguments) {
        return call.getScope().isPresent() && !call.getArguments().isEmpty() && call.getArguments().size() <= maxArguments
                && isTask(call.getArgument(0));
    }

    /** An executor by its declared type, or by its name when the type is not visible; never Poolguard's tasks. */
    private static boolean isExecutor(MethodCallExpr call) {
        Expression scope = call.getScope().orElseThrow();
        Optional<Declarations.Declared> declared = Declarations.of(scope);
        if (declared.isPresent() && !declared.get().typeName().isEmpty() && !declared.get().typeName().equals("var")) {
            return EXECUTOR_TYPE.matcher(declared.get().typeName()).matches();
        }
        String text = scope instanceof MethodCallExpr m ? m.getNameAsString() : scope.toString();
        return EXECUTOR_NAME.matcher(text).matches() || scope.toString().startsWith("Executors.")
                || scope.toString().startsWith("ForkJoinPool.");
    }

    /** A Netty event loop, by type or name, in a file that uses Netty: {@code ctx.channel().eventLoop()}. */
    private static boolean isEventLoop(MethodCallExpr call, SourceFile file) {
        if (!file.imports().importsFrom("io.netty")) {
            return false;
        }
        Expression scope = call.getScope().orElseThrow();
        String type = Declarations.of(scope).map(Declarations.Declared::typeName).orElse("");
        String text = scope instanceof MethodCallExpr m ? m.getNameAsString() : scope.toString();
        return EVENT_LOOP.matcher(type).matches() || EVENT_LOOP.matcher(text).matches()
                || (scope instanceof MethodCallExpr m && m.getNameAsString().equals("executor")); // ctx.executor()
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
        if (task instanceof LambdaExpr lambda) {
            // () -> submit(job) is this::submit: judge the method it delegates to, when this file declares it.
            Optional<MethodCallExpr> delegate = delegateOf(lambda);
            if (delegate.isPresent()) {
                List<MethodDeclaration> methods = methodsNamed(lambda, delegate.get().getNameAsString());
                if (!methods.isEmpty()) {
                    return List.copyOf(methods);
                }
            }
            return List.of(task);
        }
        if (task instanceof MethodDeclaration) {
            return List.of(task);
        }
        if (task instanceof ObjectCreationExpr creation) {
            return creation.getAnonymousClassBody().isPresent() ? List.of(task) : List.of();
        }
        if (task instanceof MethodReferenceExpr reference) {
            return List.copyOf(methodsNamed(reference, reference.getIdentifier()));
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

    /** The one call a lambda's body makes, on no receiver or {@code this}: {@code () -> submit(job)}. */
    private static Optional<MethodCallExpr> delegateOf(LambdaExpr lambda) {
        Node body = lambda.getBody();
        if (body instanceof BlockStmt block && block.getStatements().size() == 1
                && block.getStatement(0) instanceof ExpressionStmt es) {
            body = es.getExpression();
        } else if (body instanceof ExpressionStmt es) {
            body = es.getExpression();
        }
        if (body instanceof MethodCallExpr call
                && call.getScope().map(s -> s instanceof ThisExpr).orElse(true)
                && call.getArguments().stream().allMatch(a -> a instanceof NameExpr || a.isLiteralExpr()
                        || a instanceof FieldAccessExpr)) {
            return Optional.of(call);
        }
        return Optional.empty();
    }

    /** {@code this::send} or {@code Mailer::send}: the methods of that name declared in this file. */
    private static List<MethodDeclaration> methodsNamed(Node at, String name) {
        return at.findCompilationUnit()
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
