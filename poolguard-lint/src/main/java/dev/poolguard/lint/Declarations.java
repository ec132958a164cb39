package dev.poolguard.lint;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.Type;

import java.util.List;
import java.util.Optional;

/**
 * What a simple name refers to, found by walking the source outwards from where it is used: a local variable, a
 * parameter or a field of an enclosing class. No classpath and no type resolution, so an inherited field or a name
 * imported statically is not found.
 */
final class Declarations {

    enum Kind { LOCAL, PARAMETER, FIELD }

    /**
     * @param typeName    the declared type's simple name ({@code Map} for {@code Map<K, V>}), or {@code ""} for an
     *                    untyped lambda parameter
     * @param writtenType the declared type as written, with its qualifier and without type arguments:
     *                    {@code java.sql.Connection}, {@code Map}; {@code ""} for an untyped lambda parameter
     * @param initializer the initializer of a local or field, if it has one
     * @param scope       where the name is visible: the block, statement or method for locals and parameters, the
     *                    class for fields
     */
    record Declared(Kind kind, String name, String typeName, String writtenType, Optional<Expression> initializer,
                    Node scope) {
    }

    private Declarations() {
    }

    /** The declaration a name expression or {@code this.name} refers to. */
    static Optional<Declared> of(Expression expression) {
        if (expression instanceof NameExpr name) {
            return lookup(name, name.getNameAsString());
        }
        if (expression instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr) {
            return lookupField(access, access.getNameAsString());
        }
        return Optional.empty();
    }

    static Optional<Declared> lookup(Node at, String name) {
        for (Node n = at.getParentNode().orElse(null); n != null && !(n instanceof CompilationUnit); n = n.getParentNode().orElse(null)) {
            Optional<Declared> found = declaredIn(n, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Declared> lookupField(Node at, String name) {
        for (Node n = at.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof TypeDeclaration<?> type) {
                return fieldOf(type, name);
            }
        }
        return Optional.empty();
    }

    private static Optional<Declared> declaredIn(Node n, String name) {
        if (n instanceof BlockStmt block) {
            return localsIn(block.getStatements(), name, block);
        }
        if (n instanceof SwitchEntry entry) {
            return localsIn(entry.getStatements(), name, entry);
        }
        if (n instanceof TryStmt tryStmt) {
            for (Expression resource : tryStmt.getResources()) {
                if (resource instanceof VariableDeclarationExpr vars) {
                    Optional<Declared> found = local(vars, name, tryStmt);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        if (n instanceof ForStmt forStmt) {
            for (Expression init : forStmt.getInitialization()) {
                if (init instanceof VariableDeclarationExpr vars) {
                    Optional<Declared> found = local(vars, name, forStmt);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        if (n instanceof ForEachStmt forEach) {
            return local(forEach.getVariable(), name, forEach);
        }
        if (n instanceof CatchClause catchClause) {
            return parameter(List.of(catchClause.getParameter()), name, catchClause);
        }
        if (n instanceof LambdaExpr lambda) {
            return parameter(lambda.getParameters(), name, lambda);
        }
        if (n instanceof CallableDeclaration<?> callable) {
            return parameter(callable.getParameters(), name, callable);
        }
        if (n instanceof TypeDeclaration<?> type) {
            return fieldOf(type, name);
        }
        return Optional.empty();
    }

    private static Optional<Declared> localsIn(NodeList<Statement> statements, String name, Node scope) {
        for (Statement statement : statements) {
            if (statement instanceof ExpressionStmt es && es.getExpression() instanceof VariableDeclarationExpr vars) {
                Optional<Declared> found = local(vars, name, scope);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Declared> local(VariableDeclarationExpr vars, String name, Node scope) {
        for (VariableDeclarator v : vars.getVariables()) {
            if (v.getNameAsString().equals(name)) {
                return Optional.of(new Declared(Kind.LOCAL, name, simpleName(v.getType()), written(v.getType()), v.getInitializer(), scope));
            }
        }
        return Optional.empty();
    }

    private static Optional<Declared> parameter(List<Parameter> parameters, String name, Node scope) {
        for (Parameter p : parameters) {
            if (p.getNameAsString().equals(name)) {
                boolean untyped = p.getType().isUnknownType();
                return Optional.of(new Declared(Kind.PARAMETER, name, untyped ? "" : simpleName(p.getType()),
                        untyped ? "" : written(p.getType()), Optional.empty(), scope));
            }
        }
        return Optional.empty();
    }

    private static Optional<Declared> fieldOf(TypeDeclaration<?> type, String name) {
        for (FieldDeclaration field : type.getFields()) {
            for (VariableDeclarator v : field.getVariables()) {
                if (v.getNameAsString().equals(name)) {
                    return Optional.of(new Declared(Kind.FIELD, name, simpleName(v.getType()), written(v.getType()), v.getInitializer(), type));
                }
            }
        }
        if (type instanceof RecordDeclaration record) {
            for (Parameter component : record.getParameters()) {
                if (component.getNameAsString().equals(name)) {
                    return Optional.of(new Declared(Kind.FIELD, name, simpleName(component.getType()),
                            written(component.getType()), Optional.empty(), type));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code java.sql.Connection} for {@code java.sql.Connection}, {@code Map} for {@code Map<K, V>}. */
    static String written(Type type) {
        return type.isClassOrInterfaceType() ? type.asClassOrInterfaceType().getNameWithScope() : type.asString();
    }

    static String simpleName(Type type) {
        return type.isClassOrInterfaceType() ? type.asClassOrInterfaceType().getNameAsString() : type.asString();
    }
}
