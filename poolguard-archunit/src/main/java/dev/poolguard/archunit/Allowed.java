package dev.poolguard.archunit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatchers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link PoolguardRules} rule lets code do the thing it forbids elsewhere: packages (ArchUnit package
 * identifiers such as {@code com.acme.db..}) and single classes (their nested and anonymous classes included).
 *
 * <pre>{@code
 * Allowed.packages("com.acme.db..").and(Allowed.classes(LegacyReportJob.class))
 * }</pre>
 */
public final class Allowed {

    private final List<String> packageIdentifiers;
    private final List<String> classNames;

    private Allowed(List<String> packageIdentifiers, List<String> classNames) {
        this.packageIdentifiers = List.copyOf(packageIdentifiers);
        this.classNames = List.copyOf(classNames);
    }

    /** No exceptions: the rule applies to every imported class. */
    public static Allowed nowhere() {
        return new Allowed(List.of(), List.of());
    }

    /** ArchUnit package identifiers: {@code com.acme.db} is that package only, {@code com.acme.db..} includes subpackages. */
    public static Allowed packages(String... packageIdentifiers) {
        for (String identifier : packageIdentifiers) {
            Objects.requireNonNull(identifier, "package identifier");
            try {
                PackageMatchers.of(identifier); // fail now rather than when the rule runs
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + identifier + "' is not an ArchUnit package identifier "
                        + "(com.acme.db or com.acme.db..): " + e.getMessage(), e);
            }
        }
        return new Allowed(Arrays.asList(packageIdentifiers), List.of());
    }

    public static Allowed classes(Class<?>... classes) {
        return classNames(Arrays.stream(classes).map(Class::getName).toArray(String[]::new));
    }

    /** Fully qualified names, for classes a test cannot load. */
    public static Allowed classNames(String... fullyQualifiedNames) {
        return new Allowed(List.of(), Arrays.asList(fullyQualifiedNames));
    }

    public Allowed and(Allowed other) {
        List<String> packages = new ArrayList<>(packageIdentifiers);
        packages.addAll(other.packageIdentifiers);
        List<String> names = new ArrayList<>(classNames);
        names.addAll(other.classNames);
        return new Allowed(packages, names);
    }

    boolean isNowhere() {
        return packageIdentifiers.isEmpty() && classNames.isEmpty();
    }

    /** Classes the rule applies to: those not allowed. */
    DescribedPredicate<JavaClass> notAllowed() {
        PackageMatchers packages = PackageMatchers.of(packageIdentifiers);
        return DescribedPredicate.describe("outside " + this, javaClass -> !isAllowed(javaClass, packages));
    }

    private boolean isAllowed(JavaClass javaClass, PackageMatchers packages) {
        if (!packageIdentifiers.isEmpty() && packages.test(javaClass.getPackageName())) {
            return true;
        }
        String name = javaClass.getName();
        for (String allowed : classNames) {
            if (name.equals(allowed) || name.startsWith(allowed + "$")) {
                return true;
            }
        }
        return false;
    }

    /** {@code [com.acme.db.., com.acme.Legacy]}: how rule descriptions name the allowed set. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(packageIdentifiers);
        all.addAll(classNames);
        return all.toString();
    }
}
