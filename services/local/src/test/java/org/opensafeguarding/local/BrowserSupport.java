package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person's browser: Debian's headless Chromium driven through its own chromedriver (both named, so Selenium
 * downloads nothing). Every page it is shown is saved as a screenshot under target/screenshots and checked with
 * axe-core in the page: no serious or critical WCAG violation.
 */
final class BrowserSupport implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final AtomicInteger SHOTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final String who;
    private final List<String> visited = new ArrayList<>();

    /** Null when this machine has no Chromium (the tests then skip, or fail under CI). */
    static String missingBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver fonts-liberation";
        }
        return null;
    }

    BrowserSupport(String who) {
        this.who = who;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--lang=en-GB");
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    WebElement waitFor(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Signs in through the web app's start page and the provider's login form; ends on the person's start page. */
    void signIn(String webAddress, String username, String password) {
        driver.get(webAddress + "/");
        page("start-signed-out");
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        screenshot("provider-login");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(d -> d.getCurrentUrl().startsWith(webAddress.replace("localhost", "127.0.0.1"))
                && !d.getCurrentUrl().contains("/login/oauth2/"));
    }

    /** The page now shown: a screenshot, then axe-core's serious and critical violations, which must be none. */
    void page(String name) {
        waiting().until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        String shot = screenshot(name);
        visited.add(name);
        assertThat(driver.findElements(By.id("error-title"))).as("the web app's error page on " + name + ": " + shot)
                .isEmpty();
        List<String> violations = axe();
        assertThat(violations).as("axe-core serious/critical violations on " + name + " (" + driver.getCurrentUrl() + ")")
                .isEmpty();
    }

    private static Path screenshots() {
        return Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    }

    /** Each run's screenshots alone: an earlier run's pages would mislead. */
    static void clearScreenshots() throws IOException {
        if (Files.isDirectory(screenshots())) {
            try (var files = Files.list(screenshots())) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    String screenshot(String name) {
        Path dir = screenshots();
        try {
            Files.createDirectories(dir);
            // the whole page, not the window: grow the window to the page's height for the shot
            org.openqa.selenium.Dimension window = driver.manage().window().getSize();
            long height = ((Number) driver.executeScript(
                    "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)"))
                    .longValue();
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(window.getWidth(),
                    (int) Math.min(Math.max(height + 120, window.getHeight()), 6000)));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(window);
            Path target = dir.resolve(String.format("%02d-%s-%s.png", SHOTS.incrementAndGet(), who, name));
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target.toString();
        } catch (IOException e) {
            throw new IllegalStateException("screenshot " + name, e);
        }
    }

    List<String> axe() {
        JavascriptExecutor js = driver;
        try {
            js.executeScript(Files.readString(Path.of(System.getProperty("axe.script",
                    "../web/node_modules/axe-core/axe.min.js"))));
        } catch (IOException e) {
            throw new IllegalStateException("axe-core is installed by the web module's build (npm ci)", e);
        }
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']},"
                + " resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('error: ' + e); });");
        String text = String.valueOf(result);
        if (text.startsWith("error")) {
            throw new IllegalStateException("axe-core failed: " + text);
        }
        List<String> serious = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(text)) {
                String impact = v.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    List<String> targets = new ArrayList<>();
                    v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                    serious.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at "
                            + targets);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return serious;
    }

    /** A GET with this browser's session (its cookies), as a download link would: status and body. */
    String[] fetch(String path) {
        Object r = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (res) {"
                + " return res.text().then(function (t) { done([String(res.status), res.headers.get('content-type') || '', t]); });"
                + "}).catch(function (e) { done(['0', '', String(e)]); });", path);
        @SuppressWarnings("unchecked")
        List<Object> parts = (List<Object>) r;
        return new String[]{String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), String.valueOf(parts.get(2))};
    }

    /** What the page's scripts wrote to the console (errors, CSP refusals): for a failure's message. */
    String console() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(e -> out.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n'));
        return out.toString();
    }

    List<String> visited() {
        return visited;
    }

    @Override
    public void close() {
        driver.quit();
    }

}
