package dev.poolguard.lint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a project tells the lint about itself, usually from a {@code poolguard-lint.yml} checked in at its root
 * ({@link #load(Path)}), plus how files are read. Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * owners:                        # where raw JDBC is legitimate: pool-bypass is not reported there
 *   packages: [com.acme.db]      # with subpackages
 *   classes: [com.acme.calls.LegacyCallDao, "*Dao"]   # qualified names, or simple-name patterns
 * borrowMethods:                 # your methods that hand out a pooled connection the caller must close
 *   - DbConnectionManager.getTransactionConnection
 *   - getNewConnection
 * accessors:                     # methods returning a connection someone else closes (never a leak, never a borrow)
 *   - JdbcSession.getConnection
 * disable: [pool-bypass]         # rule ids to turn off
 * }</pre>
 */
public final class LintConfig {

    /** The file name the CLI looks for in its working directory when no {@code --config} is given. */
    public static final String FILE_NAME = "poolguard-lint.yml";
    public static final long DEFAULT_MAX_FILE_BYTES = 2L * 1024 * 1024;
    /** Files not valid in the chosen charset are read as this, which maps every byte to one character. */
    public static final Charset FALLBACK_CHARSET = StandardCharsets.ISO_8859_1;

    private static final Pattern PACKAGE_NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    /** {@code com.acme.Dao}, {@code *Dao}, {@code com.acme.*.CallDao}: identifiers, dots and {@code *}. */
    private static final Pattern CLASS_PATTERN = Pattern.compile("[\\p{javaJavaIdentifierPart}.*$]+");
    /** {@code getNewConnection} or {@code DbConnectionManager.getNewConnection}. */
    private static final Pattern METHOD = Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)?"
            + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
    private static final Set<String> KNOWN_KEYS = Set.of("owners", "borrowMethods", "accessors", "disable");
    private static final Set<String> KNOWN_OWNER_KEYS = Set.of("packages", "classes");

    private final List<String> ownerPackages;
    private final List<String> ownerClasses;
    private final List<Pattern> ownerClassPatterns;
    private final List<String> borrowMethods;
    private final List<String> accessors;
    private final Set<Rule> disabled;
    private final Charset charset;
    private final long maxFileBytes;

    private LintConfig(Builder b) {
        this.ownerPackages = List.copyOf(b.ownerPackages);
        this.ownerClasses = List.copyOf(b.ownerClasses);
        this.ownerClassPatterns = ownerClasses.stream().map(LintConfig::classPattern).toList();
        this.borrowMethods = List.copyOf(b.borrowMethods);
        this.accessors = List.copyOf(b.accessors);
        this.disabled = Set.copyOf(b.disabled);
        this.charset = b.charset;
        this.maxFileBytes = b.maxFileBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to add to them (the CLI adds its flags to the file's). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ownerPackages.addAll(ownerPackages);
        b.ownerClasses.addAll(ownerClasses);
        b.borrowMethods.addAll(borrowMethods);
        b.accessors.addAll(accessors);
        b.disabled.addAll(disabled);
        b.charset = charset;
        b.maxFileBytes = maxFileBytes;
        return b;
    }

    /**
     * Reads a {@code poolguard-lint.yml}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong: missing, not YAML, an unknown key, a value
     *                                  of the wrong shape, a name that is not a package, class or method
     */
    public static LintConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e);
        }
        Builder b = builder();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return b.build(); // an empty file: nothing configured
        }
        try {
            requireObject(root, "the document", KNOWN_KEYS);
            JsonNode owners = root.path("owners");
            if (!owners.isMissingNode()) {
                requireObject(owners, "owners", KNOWN_OWNER_KEYS);
                b.ownerPackages(strings(owners, "packages", "owners.packages"));
                b.ownerClasses(strings(owners, "classes", "owners.classes"));
            }
            b.borrowMethods(strings(root, "borrowMethods", "borrowMethods"));
            b.accessors(strings(root, "accessors", "accessors"));
            for (String id : strings(root, "disable", "disable")) {
                b.disable(Rule.byId(id).orElseThrow(() -> new IllegalArgumentException("disable: unknown rule '" + id
                        + "' (rules: " + Rule.ids() + ")")));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static void requireObject(JsonNode node, String where, Set<String> known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of " + String.join(", ", known.stream().sorted().toList()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + where + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A list of strings, or one string; absent is empty. */
    private static List<String> strings(JsonNode parent, String key, String where) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException(where + ": '" + item + "' is not a string");
                }
                values.add(item.asText());
            }
        } else {
            throw new IllegalArgumentException(where + " must be a list of strings, not '" + node + "'");
        }
        return values;
    }

    public List<String> ownerPackages() {
        return ownerPackages;
    }

    public List<String> ownerClasses() {
        return ownerClasses;
    }

    public List<String> borrowMethods() {
        return borrowMethods;
    }

    public List<String> accessors() {
        return accessors;
    }

    public boolean enabled(Rule rule) {
        return !disabled.contains(rule);
    }

    public Charset charset() {
        return charset;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Whether code in this package, in a class of these qualified names (outermost first), may use raw JDBC. */
    boolean isOwner(String packageName, List<String> enclosingClasses) {
        for (String p : ownerPackages) {
            if (packageName.equals(p) || packageName.startsWith(p + ".")) {
                return true;
            }
        }
        for (String qualified : enclosingClasses) {
            String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
            for (int i = 0; i < ownerClasses.size(); i++) {
                String candidate = ownerClasses.get(i).contains(".") ? qualified : simple;
                if (ownerClassPatterns.get(i).matcher(candidate).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code *Dao} → any run of identifier characters then {@code Dao}; dots stay literal. */
    private static Pattern classPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[^.]*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether {@code method} called on {@code receiverType} (a simple name, or "" when unknown) is in the list. */
    static boolean names(List<String> methods, String method, String receiverText, String receiverType) {
        for (String entry : methods) {
            int dot = entry.lastIndexOf('.');
            if (dot < 0) {
                if (entry.equals(method)) {
                    return true;
                }
            } else if (entry.substring(dot + 1).equals(method)) {
                String owner = entry.substring(0, dot);
                if (owner.equals(receiverText) || owner.equals(receiverType)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LintConfig[owners.packages=" + ownerPackages + ", owners.classes=" + ownerClasses + ", borrowMethods="
                + borrowMethods + ", accessors=" + accessors + ", disable=" + disabled + ", charset=" + charset
                + ", maxFileBytes=" + maxFileBytes + "]";
    }

    public static final class Builder {

        private final Set<String> ownerPackages = new LinkedHashSet<>();
        private final Set<String> ownerClasses = new LinkedHashSet<>();
        private final Set<String> borrowMethods = new LinkedHashSet<>();
        private final Set<String> accessors = new LinkedHashSet<>();
        private final Set<Rule> disabled = EnumSet.noneOf(Rule.class);
        private Charset charset = StandardCharsets.UTF_8;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;

        private Builder() {
        }

        /** Packages, with their subpackages, where raw JDBC is legitimate: {@code com.acme.db}. */
        public Builder ownerPackages(Collection<String> packages) {
            for (String p : packages) {
                if (p == null || !PACKAGE_NAME.matcher(p).matches()) {
                    throw new IllegalArgumentException("owner package '" + p + "' is not a Java package name (com.acme.db)");
                }
                ownerPackages.add(p);
            }
            return this;
        }

        /** Classes where raw JDBC is legitimate: {@code com.acme.calls.LegacyCallDao}, or a simple-name pattern {@code *Dao}. */
        public Builder ownerClasses(Collection<String> classes) {
            for (String c : classes) {
                if (c == null || !CLASS_PATTERN.matcher(c).matches() || c.startsWith(".") || c.endsWith(".")) {
                    throw new IllegalArgumentException("owner class '" + c + "' is not a class name or pattern "
                            + "(com.acme.calls.CallDao, *Dao)");
                }
                ownerClasses.add(c);
            }
            return this;
        }

        /** Methods that hand out a pooled connection the caller must close: {@code getNewConnection}, {@code Db.borrow}. */
        public Builder borrowMethods(Collection<String> methods) {
            borrowMethods.addAll(checkedMethods(methods, "borrow method"));
            return this;
        }

        /** Methods that return a connection someone else owns and closes: {@code JdbcSession.getConnection}. */
        public Builder accessors(Collection<String> methods) {
            accessors.addAll(checkedMethods(methods, "accessor"));
            return this;
        }

        public Builder disable(Rule rule) {
            disabled.add(rule);
            return this;
        }

        /** How files are decoded (default UTF-8); a file invalid in it is read as ISO-8859-1 and noted. */
        public Builder charset(Charset charset) {
            if (charset == null) {
                throw new IllegalArgumentException("charset must not be null");
            }
            this.charset = charset;
            return this;
        }

        /** Larger files are skipped and reported (default 2 MiB): a generated file can take a parser's whole heap. */
        public Builder maxFileBytes(long maxFileBytes) {
            if (maxFileBytes < 1024) {
                throw new IllegalArgumentException("max file size " + maxFileBytes + " bytes is below the minimum of 1024");
            }
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        public LintConfig build() {
            return new LintConfig(this);
        }

        private static List<String> checkedMethods(Collection<String> methods, String what) {
            for (String m : methods) {
                if (m == null || !METHOD.matcher(m).matches()) {
                    throw new IllegalArgumentException(what + " '" + m + "' is not a method name or Type.method "
                            + "(getNewConnection, DbConnectionManager.getTransactionConnection)");
                }
            }
            return List.copyOf(methods);
        }
    }
}
