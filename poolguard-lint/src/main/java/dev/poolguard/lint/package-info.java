/**
 * A source lint for code that bypasses Poolguard, leaks connections, fetches whole tables to filter them in memory,
 * or starts background work whose failure nobody sees. Entry point: {@link dev.poolguard.lint.Linter}; output:
 * {@link dev.poolguard.lint.LintReport#toText()} and {@link dev.poolguard.lint.SarifReport}.
 *
 * <p>It reads sources only (JavaParser, no classpath, no type resolution), so its rules are heuristics on names and
 * shapes; each rule's class comment lists what it misses and what it may report wrongly.
 */
package dev.poolguard.lint;
