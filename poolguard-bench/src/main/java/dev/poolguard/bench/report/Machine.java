package dev.poolguard.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: cores, CPU, memory, JDK, and the load average (other work on the machine). */
public final class Machine {

    private Machine() {
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code 2 cores (AMD EPYC), 23.4 GiB, OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1, Linux amd64} */
    public static String describe() {
        String cpu = cpuModel();
        return cores() + " cores" + (cpu == null ? "" : " (" + cpu + ")") + ", " + memory() + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** The 1-minute load average, or -1 where the system does not tell. */
    public static double loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Double.parseDouble(fields[0]);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /** {@code 1.02}, with a warning when other work kept more than half the cores busy. */
    public static String load(double before) {
        String value = before < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", before);
        return before > cores() / 2.0 ? value + " (high: other work was running, figures are pessimistic)" : value;
    }

    private static String memory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long bytes = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
        }
        return "memory unknown";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return null;
    }
}
