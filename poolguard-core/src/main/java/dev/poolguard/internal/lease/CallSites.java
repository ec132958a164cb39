package dev.poolguard.internal.lease;

import dev.poolguard.Database;

import java.security.CodeSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds "the first stack frame outside Poolguard and the data-access frameworks" and formats it as
 * {@code Class.method(File.java:line)}. Frameworks (Spring, Hibernate, jOOQ, MyBatis, ... and the packages a database is
 * built with, {@code DatabaseBuilder.dataAccessPackages}) call Poolguard through its {@code DataSource} on the
 * application's behalf, so their frames never name the code responsible.
 *
 * <p>Two ways, both cheap where it matters: {@link #here()} walks the current thread with a bounded
 * {@link StackWalker} and caches the formatted site per (class, method, bytecode index); {@link #ofHolder} reads
 * the stack of a thread that holds a lease right now, which costs nothing until somebody asks (the lease table,
 * an exhaustion message, a leak). Because every borrow is scoped, the holder thread is still inside the Poolguard
 * call that borrowed, so its stack still shows the call site.
 */
public final class CallSites {

    public static final String UNKNOWN = "unknown";

    private static final int MAX_FRAMES = 64;
    /** A small first batch: the call site is a few frames up, and fetching more frames is most of the cost. */
    private static final StackWalker WALKER =
            StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 8);
    private static final CodeSource CORE = Database.class.getProtectionDomain().getCodeSource();
    /** The frame a lease is held in; the call site is the first non-Poolguard frame below it. */
    private static final String BORROW_CLASS = "dev.poolguard.internal.Engine";
    private static final String BORROW_METHOD = "withLease";

    /** Skipped besides Poolguard's own classes; only ever grows, so a cached answer never turns wrong. */
    private static volatile Skips skips = new Skips(java.util.List.of());
    /** One cell per lambda class, filled by the first call outside computeValue (whose frames would be the site). */
    private static final ClassValue<String[]> SITE_OF_LAMBDA = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return new String[1];
        }
    };
    private static final ConcurrentMap<SiteKey, String> SITES = new ConcurrentHashMap<>();

    private CallSites() {
    }

    /** The call site of the current thread's Poolguard call. */
    public static String here() {
        return WALKER.walk(CallSites::firstOutside);
    }

    /**
     * The call site of a Poolguard call given {@code callback} when it is a lambda or method reference, else
     * {@code null}: walked once per lambda, then cached on its class. Each lambda expression and method reference in
     * the source is a hidden class of its own, so its class stands for the place it was written; the one case told
     * wrong is a single lambda instance (a constant) handed to Poolguard from two places, which names the first.
     */
    public static String ofLambda(Object callback) {
        Class<?> type = callback.getClass();
        if (!type.isHidden()) {
            return null;
        }
        String[] cell = SITE_OF_LAMBDA.get(type);
        String site = cell[0];
        if (site == null) {
            site = here();
            cell[0] = site; // a race writes the same value
        }
        return site;
    }

    private static String firstOutside(java.util.stream.Stream<StackWalker.StackFrame> frames) {
        java.util.Iterator<StackWalker.StackFrame> it = frames.iterator();
        for (int i = 0; i < MAX_FRAMES && it.hasNext(); i++) {
            StackWalker.StackFrame f = it.next();
            if (!skips.skipped.get(f.getDeclaringClass())) {
                return format(f);
            }
        }
        return UNKNOWN;
    }

    /** Like {@link #here()} but returns the whole stack below and including the call site, for leak reports. */
    public static StackTraceElement[] stackHere() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int i = 0;
        while (i < all.length && isPoolguardName(all[i].getClassName())) {
            i++;
        }
        return java.util.Arrays.copyOfRange(all, Math.min(i, all.length), all.length);
    }

    /**
     * The call site of the {@code nth} (0 = outermost) Poolguard borrow on a holder thread's stack, or
     * {@link #UNKNOWN} when the thread is no longer inside it.
     */
    public static String ofHolder(StackTraceElement[] stack, int nth) {
        int seen = 0;
        // Outermost first: walk from the bottom of the stack up.
        for (int i = stack.length - 1; i >= 0; i--) {
            if (isBorrowFrame(stack[i])) {
                if (seen++ == nth) {
                    for (int j = i + 1; j < stack.length; j++) {
                        if (!isPoolguardName(stack[j].getClassName())) {
                            return format(stack[j]);
                        }
                    }
                    return UNKNOWN;
                }
            }
        }
        return UNKNOWN;
    }

    /** The part of a holder's stack that runs inside its callback (above the borrow), for leak reports. */
    public static StackTraceElement[] insideBorrow(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (isBorrowFrame(stack[i])) {
                int end = i;
                while (end + 1 < stack.length && isPoolguardName(stack[end + 1].getClassName())) {
                    end++;
                }
                return java.util.Arrays.copyOfRange(stack, 0, Math.min(stack.length, end + 2));
            }
        }
        return stack;
    }

    private static boolean isBorrowFrame(StackTraceElement e) {
        return BORROW_METHOD.equals(e.getMethodName()) && BORROW_CLASS.equals(e.getClassName());
    }

    static boolean isPoolguardName(String className) {
        Skips s = skips;
        Boolean known = s.skippedByName.get(className);
        if (known != null) {
            return known;
        }
        boolean result;
        if (className.startsWith("jdk.proxy") || className.startsWith("com.sun.proxy.") || s.framework(className)) {
            result = true;
        } else if (!className.startsWith("dev.poolguard.")) {
            result = false;
        } else {
            try {
                result = isPoolguard(Class.forName(className, false, CallSites.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                result = false;
            }
        }
        s.skippedByName.putIfAbsent(className, result);
        return result;
    }

    /**
     * Adds packages whose frames are never a call site (data-access layers that call Poolguard on the application's
     * behalf). JVM-wide: call sites are found by one shared, cached walker, so every database in the JVM skips what any
     * was built with; each entry is a package name ending in {@code .}, or a marker of generated classes such as
     * {@code $$SpringCGLIB$$}.
     */
    public static synchronized void skip(java.util.Collection<String> packages) {
        if (skips.prefixes.containsAll(packages)) {
            return;
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(skips.prefixes);
        all.addAll(packages);
        skips = new Skips(java.util.List.copyOf(all));
    }

    /** The packages skipped besides Poolguard's own, in the order they were added. */
    public static java.util.List<String> skippedPackages() {
        return skips.prefixes;
    }

    /** One generation of the skip list with its caches; replaced whole when packages are added. */
    private static final class Skips {
        final java.util.List<String> prefixes;
        final ConcurrentMap<String, Boolean> skippedByName = new ConcurrentHashMap<>();
        final ClassValue<Boolean> skipped = new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> type) {
                return isPoolguard(type) || framework(type.getName());
            }
        };

        Skips(java.util.List<String> prefixes) {
            this.prefixes = prefixes;
        }

        boolean framework(String className) {
            for (String p : prefixes) {
                if (p.endsWith(".") ? className.startsWith(p) : className.contains(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isPoolguard(Class<?> type) {
        if (java.lang.reflect.Proxy.isProxyClass(type)) {
            return true; // the JDK proxy in front of a fenced JDBC object is never the call site
        }
        if (!type.getName().startsWith("dev.poolguard.")) {
            return false;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return CORE == null ? source == null : source != null && Objects.equals(CORE.getLocation(), source.getLocation());
    }

    private static String format(StackWalker.StackFrame frame) {
        return SITES.computeIfAbsent(new SiteKey(frame.getDeclaringClass(), frame.getMethodName(), frame.getByteCodeIndex()),
                k -> format(frame.toStackTraceElement()));
    }

    /** {@code com.acme.Service.method(Service.java:42)}, with lambda bodies named after their enclosing method. */
    public static String format(StackTraceElement e) {
        String method = e.getMethodName();
        if (method.startsWith("lambda$")) {
            int end = method.indexOf('$', 7);
            method = end > 7 ? method.substring(7, end) : method.substring(7);
        }
        StringBuilder sb = new StringBuilder(96).append(e.getClassName()).append('.').append(method).append('(');
        if (e.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }

    private record SiteKey(Class<?> type, String method, int bci) {
    }
}
