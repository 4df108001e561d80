package org.opensafeguarding.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a timed test: prints what each page of the web app weighs on a first visit (HTML and every asset, bytes over
 * the wire and unpacked, browser cache off), for a council laptop on a slow VPN. Run with
 * {@code ./mvnw -B -ntp -pl services/local -am test -Dtest=WebPageWeightBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class WebPageWeightBenchmark {

    @Test
    void printsThePageWeightOfEveryPage(@TempDir Path data) throws Exception {
        assertThat(BrowserSupport.missingBrowser()).isNull();
        LocalStackSettings settings = FreePortSettings.in(data);
        try (LocalStack stack = new LocalStack()) {
            stack.start(settings);
            String web = "http://localhost:" + settings.webPort();
            StringBuilder report = new StringBuilder(String.format("%nPage weight (first visit, cache off)%n%-22s %8s %12s %12s%n",
                    "page", "requests", "wire bytes", "bytes"));
            try (BrowserSupport lado = new BrowserSupport("weight-lado")) {
                lado.signIn(web, "lado.north", Files.readString(data.resolve("secrets/users/lado.north")).trim());
                String caseId = WebJourneysTest.referLadoAllegation(lado, web);
                report.append(weigh(lado, "start (signed in)", web + "/tray"));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    lado.driver.get(web + "/tray?view=groups");
                    return !lado.driver.findElements(By.cssSelector("#tasks .app-task")).isEmpty();
                });
                report.append(weigh(lado, "work tray", web + "/tray?view=groups"));
                WebElement task = lado.driver.findElement(By.cssSelector("#tasks .app-task"));
                String taskKey = task.getAttribute("data-task-key");
                report.append(weigh(lado, "task (with form-js)", web + "/tasks/" + taskKey));
                report.append(weigh(lado, "case (with bpmn-js)", web + "/cases/" + caseId));
                report.append(weigh(lado, "new referral", web + "/referrals/new/lado-allegation"));
            }
            try (BrowserSupport manager = new BrowserSupport("weight-manager")) {
                manager.signIn(web, "manager.north", Files.readString(data.resolve("secrets/users/manager.north")).trim());
                report.append(weigh(manager, "dashboard (Chart.js)", web + "/dashboard"));
            }
            System.out.println(report);
        }
    }

    /** Loads the page with the cache off and adds up the navigation and every resource it fetched. */
    private static String weigh(BrowserSupport b, String name, String url) {
        b.driver.executeCdpCommand("Network.enable", Map.of());
        b.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        b.driver.get(url);
        if (url.contains("/tasks/")) {
            WebJourneysTest.awaitForm(b);
        }
        b.waiting().until(d -> "complete".equals(b.driver.executeScript("return document.readyState")));
        @SuppressWarnings("unchecked")
        List<Number> sums = (List<Number>) b.driver.executeScript(
                "var all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));"
                        + "var wire = 0, body = 0; all.forEach(function (e) { wire += e.encodedBodySize || 0; body += e.decodedBodySize || 0; });"
                        + "return [all.length, wire, body];");
        b.screenshot("weight-" + name.replaceAll("[^a-z]+", "-"));
        return String.format("%-22s %8d %12d %12d%n", name, sums.get(0).longValue(), sums.get(1).longValue(),
                sums.get(2).longValue());
    }
}
