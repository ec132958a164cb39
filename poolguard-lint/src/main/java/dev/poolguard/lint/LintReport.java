package dev.poolguard.lint;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one run found: findings sorted by file, line and column; the files it had to skip, with why; notices about
 * files it checked (read in a fallback charset); how many files it checked.
 */
public record LintReport(List<Finding> findings, List<SkippedFile> skipped, List<Notice> notices, int filesChecked) {

    public LintReport {
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
        notices = List.copyOf(notices);
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** One {@link Finding#toText()} line per finding. */
    public String toText() {
        return findings.stream().map(f -> f.toText() + System.lineSeparator()).collect(Collectors.joining());
    }

    /** {@code 3 findings in 2 files; 41 files checked, 1 skipped} */
    public String summary() {
        long files = findings.stream().map(Finding::path).distinct().count();
        return findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + files
                + (files == 1 ? " file" : " files") + "; " + filesChecked + " files checked"
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
    }
}
