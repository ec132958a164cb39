package dev.poolguard.bench.report;

import dev.poolguard.bench.chaos.ChaosResult;
import dev.poolguard.bench.chaos.Timeline;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Recovery timelines as PNG (JFreeChart): successful calls per second and failed calls per 100 ms bucket, one line per
 * pool, time in seconds from the first disruption, the disruptions marked.
 */
public final class Plots {

    private static final Color[] COLORS = {new Color(0xC0392B), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes the timelines of {@code runs} (one scenario) to {@code file}. */
    public static void timeline(Path file, String title, List<ChaosResult> runs) {
        XYSeriesCollection throughput = new XYSeriesCollection();
        XYSeriesCollection failures = new XYSeriesCollection();
        for (ChaosResult run : runs) {
            Timeline t = run.timeline();
            long zero = t.marks().isEmpty() ? 0 : t.marks().get(0).atMillis();
            XYSeries ok = new XYSeries(run.label());
            XYSeries failed = new XYSeries(run.label());
            for (int b = 0; b < t.buckets(); b++) {
                double x = (b * (double) Timeline.BUCKET_MILLIS - zero) / 1000.0;
                ok.add(x, t.okIn(b) * (1000.0 / Timeline.BUCKET_MILLIS));
                failed.add(x, t.failedIn(b));
            }
            throughput.addSeries(ok);
            failures.addSeries(failed);
        }
        XYPlot top = plot(throughput, "successful calls / s");
        XYPlot bottom = plot(failures, "failed calls / 100 ms");
        bottom.getRenderer().setDefaultSeriesVisibleInLegend(false); // same pools, same colours: one legend
        ChaosResult reference = runs.get(runs.size() - 1);
        markDisruptions(reference.timeline(), top, bottom);

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("seconds from the first disruption"));
        combined.setGap(8);
        combined.add(top, 3);
        combined.add(bottom, 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 620);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static XYPlot plot(XYSeriesCollection data, String label) {
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.4f));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return plot;
    }

    /** A thin line at each kill; a shaded band while the server was down. */
    private static void markDisruptions(Timeline t, XYPlot... plots) {
        List<Timeline.Mark> marks = t.marks();
        if (marks.isEmpty()) {
            return;
        }
        long zero = marks.get(0).atMillis();
        Long stopped = null;
        for (Timeline.Mark m : marks) {
            double x = (m.atMillis() - zero) / 1000.0;
            if (m.what().equals("server stopped")) {
                stopped = m.atMillis();
            } else if (m.what().equals("server back") && stopped != null) {
                for (XYPlot p : plots) {
                    IntervalMarker down = new IntervalMarker((stopped - zero) / 1000.0, x, new Color(0xFDEBD0));
                    down.setLabel(p == plots[0] ? "server down" : null);
                    p.addDomainMarker(down, org.jfree.chart.ui.Layer.BACKGROUND);
                }
            } else {
                for (XYPlot p : plots) {
                    ValueMarker line = new ValueMarker(x, new Color(0xBBBBBB), new BasicStroke(0.6f));
                    p.addDomainMarker(line, org.jfree.chart.ui.Layer.BACKGROUND);
                }
            }
        }
    }
}
