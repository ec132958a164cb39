/**
 * A source lint for code that leaks JDBC connections, borrows them outside the classes allowed to own raw JDBC, fetches
 * whole tables to filter them in memory, or starts background work whose failure nobody sees. Entry point:
 * {@link dev.poolguard.lint.Linter}, configured by {@link dev.poolguard.lint.LintConfig}; output:
 * {@link dev.poolguard.lint.LintReport#toText()} and {@link dev.poolguard.lint.SarifReport}.
 *
 * <p>It reads sources only (JavaParser, no classpath, no type resolution: types come from each file's imports), so its
 * rules are heuristics on names and shapes; each rule's class comment lists what it misses and what it may report wrongly.
 */
package dev.poolguard.lint;
