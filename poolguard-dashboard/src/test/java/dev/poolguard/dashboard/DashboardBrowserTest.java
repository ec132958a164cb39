package dev.poolguard.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.poolguard.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import dev.poolguard.embedded.SystemTool;
import dev.poolguard.embedded.junit.RequiresTool;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's Chromium, driven by Selenium through Debian's chromedriver (paths set explicitly, so Selenium Manager never
 * runs), against the dashboard mounted under a prefix the way a web framework mounts it.
 */
@RequiresTool({SystemTool.CHROMIUM, SystemTool.CHROMEDRIVER})
class DashboardBrowserTest {

    static final Path CHROMIUM = SystemTool.CHROMIUM.locate().orElse(Path.of("/usr/bin/chromium"));
    static final Path CHROMEDRIVER = SystemTool.CHROMEDRIVER.locate().orElse(Path.of("/usr/bin/chromedriver"));
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final Duration WAIT = Duration.ofSeconds(20);

    static {
        // The page re-renders every second; an element read between two renders is simply read again.
        org.awaitility.Awaitility.ignoreExceptionByDefault(StaleElementReferenceException.class);
    }

    @Test
    void theLeaseTableNamesTheSlowHolderAndTheNumbersMove(@TempDir Path profile) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebDriver browser = null;
        try (Database db = DashboardHttpTest.builder("browser").maxPoolSize(4).workloadLimit("reports", 2).build();
             DashboardHandler handler = DashboardHandler.create(db)) {
            server.createContext("/poolguard", new JdkHttpAdapter(handler, "/poolguard"));
            server.start();
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> SlowReport.hold(db.workload("reports"), release));
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    db.query("select pg_sleep(0.02)", rs -> 1);
                }
            });
            makeEvents(db);

            browser = chromium(profile);
            // No trailing slash, as a framework mount is often opened: the page must still find its relative URLs.
            browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/poolguard");
            WebDriver page = browser;
            await().atMost(WAIT).until(() -> page.getCurrentUrl().endsWith("/poolguard/"));

            List<String> slowRow = await().atMost(WAIT).until(() -> leaseRow(page, "dev.poolguard.dashboard.SlowReport.hold(SlowReport.java:"),
                    row -> row != null);
            assertThat(slowRow.get(2)).isEqualTo("reports");
            assertThat(slowRow.get(5)).isEqualTo("select count(*) from pg_class");
            assertThat(slowRow.get(6)).isEqualTo("yes");
            long heldBefore = millis(slowRow.get(3));
            await().atMost(WAIT).until(() -> {
                List<String> row = leaseRow(page, "dev.poolguard.dashboard.SlowReport.hold(");
                return row != null && millis(row.get(3)) > heldBefore;
            });

            await().atMost(WAIT).until(() -> Double.parseDouble(text(page, "borrow-rate")) > 0);
            await().atMost(WAIT).until(() -> Integer.parseInt(text(page, "active")) >= 1);
            assertThat(Integer.parseInt(text(page, "max"))).isEqualTo(4);
            assertThat(text(page, "health")).isIn("UP", "DEGRADED");
            assertThat(text(page, "pool-name")).isEqualTo("browser");
            await().atMost(WAIT).until(() -> Integer.parseInt(page.findElement(By.id("pool-chart")).getAttribute("data-points")) >= 5);
            assertThat(page.findElements(By.cssSelector("#pool-chart canvas"))).hasSize(1);
            assertThat(page.findElements(By.cssSelector("#workload-chart canvas"))).hasSize(1);
            assertThat(page.findElement(By.id("workload-chart")).getText()).contains("reports").contains("default");
            await().atMost(WAIT).untilAsserted(() -> {
                String events = page.findElement(By.id("events")).getText();
                assertThat(events).contains("Query errors").contains("Unbounded results").contains("N+1 queries");
                assertThat(page.findElement(By.id("categories")).getText()).contains("Connection errors (critical) 0")
                        .contains("Query errors 3");
            });
            assertThat(Integer.parseInt(text(page, "error-rate"))).isEqualTo(3);

            String source = page.getPageSource();
            assertThat(source).doesNotContain(DashboardHttpTest.PASSWORD).doesNotContain(DashboardHttpTest.BIND_SECRET);
            List<LogEntry> problems = page.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).collect(Collectors.toList());
            assertThat(problems).as("browser console").isEmpty();

            Files.createDirectories(SCREENSHOT.getParent());
            Path shot = ((ChromeDriver) page).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);

            release.countDown();
            slow.get(5, TimeUnit.SECONDS);
            running.set(false);
            load.get(5, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            running.set(false);
            if (browser != null) {
                browser.quit();
            }
            server.stop(0);
        }
    }

    /** A few of the problems the events table groups: query errors, an unbounded read, an N+1. */
    private static void makeEvents(Database db) {
        for (int i = 0; i < 3; i++) {
            try {
                db.queryOne("select ?::int", rs -> 1, DashboardHttpTest.BIND_SECRET);
            } catch (RuntimeException expected) {
                // reported as a QUERY_ERROR event; the bind value must not reach the page
            }
        }
        db.query("select g from generate_series(1, 1500) g", rs -> rs.getInt(1));
        try (dev.poolguard.guard.UnitOfWork ignored = db.unitOfWork("page")) {
            for (int i = 0; i < 12; i++) {
                db.queryOne("select ?::int + 1", rs -> rs.getInt(1), i);
            }
        }
    }

    /** The cells of the lease table's row for a call site, read in one script so a re-render cannot split it. */
    @SuppressWarnings("unchecked")
    private static List<String> leaseRow(WebDriver page, String callSitePrefix) {
        List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) page).executeScript(
                "return Array.from(document.querySelectorAll('#leases tbody tr'))"
                        + ".map(r => Array.from(r.cells).map(c => c.textContent));");
        return rows.stream().filter(r -> r.get(0).startsWith(callSitePrefix)).findFirst().orElse(null);
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText().trim();
    }

    /** "850 ms", "3.2 s", "2 min 5 s" as milliseconds. */
    static long millis(String shown) {
        String s = shown.trim();
        if (s.endsWith(" ms")) {
            return Long.parseLong(s.substring(0, s.length() - 3));
        }
        if (s.contains(" min ")) {
            String[] parts = s.split(" ");
            return (Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[2])) * 1000;
        }
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 2)) * 1000);
    }

    static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1300", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
