package dev.poolguard.lint;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small questions about JavaParser trees that every check asks. */
final class Ast {

    private Ast() {
    }

    static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }

    static int column(Node node) {
        return node.getBegin().map(p -> p.column).orElse(0);
    }

    /** The node that uses this expression's value, looking through parentheses and casts. */
    static Optional<Node> user(Expression expression) {
        return outermost(expression).getParentNode();
    }

    /** The expression itself, or the parentheses and casts wrapped around it. */
    static Expression outermost(Expression expression) {
        Expression current = expression;
        while (current.getParentNode().orElse(null) instanceof EnclosedExpr
                || current.getParentNode().orElse(null) instanceof CastExpr) {
            current = (Expression) current.getParentNode().orElseThrow();
        }
        return current;
    }

    /** The method calls chained on an expression: for {@code a.b().c()} starting at {@code a.b()}, that is {@code [c()]}. */
    static List<MethodCallExpr> chainedOn(Expression expression) {
        List<MethodCallExpr> chain = new ArrayList<>();
        Expression current = outermost(expression);
        while (current.getParentNode().orElse(null) instanceof MethodCallExpr call
                && call.getScope().orElse(null) == current) {
            chain.add(call);
            current = outermost(call);
        }
        return chain;
    }

    /** The last call of {@link #chainedOn}, or the expression itself when nothing is chained on it. */
    static Expression chainEnd(Expression expression) {
        List<MethodCallExpr> chain = chainedOn(expression);
        return outermost(chain.isEmpty() ? expression : chain.get(chain.size() - 1));
    }

    /** The body that runs as one unit around a node: the method, constructor, lambda or initializer block. */
    static Optional<Node> enclosingBody(Node node) {
        for (Node n = node.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof CallableDeclaration<?> || n instanceof LambdaExpr || n instanceof InitializerDeclaration) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Uses of a declared name inside its scope: {@code name} and, for fields, {@code this.name}. */
    static List<Expression> usesOf(Declarations.Declared declared) {
        List<Expression> uses = new ArrayList<>();
        for (NameExpr n : declared.scope().findAll(NameExpr.class)) {
            if (n.getNameAsString().equals(declared.name())) {
                uses.add(n);
            }
        }
        if (declared.kind() == Declarations.Kind.FIELD) {
            for (FieldAccessExpr f : declared.scope().findAll(FieldAccessExpr.class)) {
                if (f.getScope() instanceof ThisExpr && f.getNameAsString().equals(declared.name())) {
                    uses.add(f);
                }
            }
        }
        return uses;
    }

    /** {@code dataSource.getConnection()} as written, shortened when the receiver is long. */
    static String callText(MethodCallExpr call) {
        String scope = call.getScope().map(Node::toString).orElse("");
        if (scope.length() > 40 || scope.contains("\n")) {
            scope = "...";
        }
        return (scope.isEmpty() ? "" : scope + ".") + call.getNameAsString() + (call.getArguments().isEmpty() ? "()" : "(..)");
    }
}
