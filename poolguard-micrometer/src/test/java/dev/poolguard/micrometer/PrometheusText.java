package dev.poolguard.micrometer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, TYPE or
 * comment line or a well-formed sample of a family whose TYPE came before it; label values are unescaped; values
 * must be numbers (or NaN, +Inf, -Inf); a series may appear once. A malformed scrape fails with the line number.
 */
public final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a newline");
        }
        PrometheusText out = new PrometheusText();
        Set<String> series = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (out.types.put(type.group(1), type.group(2)) != null) {
                        throw new IllegalArgumentException("line " + no + ": second TYPE for " + type.group(1));
                    }
                } else if (line.startsWith("# HELP ") && !HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + no + ": malformed HELP: " + line);
                } else if (line.startsWith("# TYPE ")) {
                    throw new IllegalArgumentException("line " + no + ": malformed TYPE: " + line);
                }
                continue;
            }
            if (line.isEmpty()) {
                throw new IllegalArgumentException("line " + no + ": empty line");
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + no + ": not a sample: " + line);
            }
            String name = m.group(1);
            if (out.family(name) == null) {
                throw new IllegalArgumentException("line " + no + ": sample " + name + " has no TYPE before it");
            }
            Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), no);
            double value = value(m.group(4), no);
            if (!series.add(name + labels)) {
                throw new IllegalArgumentException("line " + no + ": series appears twice: " + name + labels);
            }
            out.samples.add(new Sample(name, labels, value));
        }
        return out;
    }

    private static Map<String, String> labels(String body, int no) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + no + ": malformed labels: {" + body + "}");
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw new IllegalArgumentException("line " + no + ": label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        return labels;
    }

    private static double value(String text, int no) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + no + ": value '" + text + "' is not a number");
                }
        }
    }

    /** The family a sample name belongs to (itself, or without a suffix its type allows), or null. */
    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_created", "_count", "_sum", "_bucket")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                boolean allowed = type != null && (suffix.equals("_total") || suffix.equals("_created")
                        ? type.equals("counter")
                        : suffix.equals("_bucket") ? type.equals("histogram") : type.equals("histogram") || type.equals("summary"));
                if (allowed) {
                    return base;
                }
            }
        }
        return null;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The declared type of a family ({@code counter}, {@code gauge}, {@code summary}, ...), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /**
     * The value of the one sample named {@code name} whose labels include the given {@code key, value} pairs; fails
     * when there is none or more than one.
     */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labelPairs) + " but found " + found.size()
                    + "; samples named like it: " + samples.stream().filter(s -> s.name.startsWith(name))
                    .map(s -> s.name + s.labels).collect(Collectors.joining(", ")));
        }
        return found.get(0).value;
    }

    /** Samples named {@code name} whose labels include the given {@code key, value} pairs. */
    public List<Sample> find(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs must come as key, value");
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            boolean match = s.name.equals(name);
            for (int i = 0; match && i < labelPairs.length; i += 2) {
                match = labelPairs[i + 1].equals(s.labels.get(labelPairs[i]));
            }
            if (match) {
                out.add(s);
            }
        }
        return out;
    }
}
