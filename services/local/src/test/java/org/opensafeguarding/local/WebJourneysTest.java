package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.opensafeguarding.identity.provider.IdentityProviderClient;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.pseudonym.PseudonymProperties;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The web app's user journeys (issue 12) in a real browser against the whole local stack in this JVM: the
 * embedded identity provider, PostgreSQL, Kafka, the engine, the workflow, reporting and web services. One stack for
 * every journey; each person has a browser of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebJourneysTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private Path data;
    private LocalStackSettings settings;
    private LocalStack stack;
    private String web;

    // what the first journey leaves for the others
    private String ladoCase;
    private String firstTaskKey;
    private String nextTaskKey;

    @BeforeAll
    void startTheStack() throws Exception {
        String missing = BrowserSupport.missingBrowser();
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        BrowserSupport.clearScreenshots();
        data = Files.createTempDirectory("web-journeys");
        settings = FreePortSettings.in(data);
        stack = new LocalStack();
        stack.start(settings);
        web = "http://localhost:" + settings.webPort();
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aLadoOfficerReferClaimsFillsAndSubmitsTheFirstTaskAndSeesTheNext() throws Exception {
        try (BrowserSupport lado = new BrowserSupport("lado")) {
            lado.signIn(web, "lado.north", password("lado.north"));
            assertThat(lado.driver.getCurrentUrl()).contains("/tray");
            lado.page("tray");

            ladoCase = referLadoAllegation(lado);

            // the new referral's first task, at the top of the unassigned tab
            lado.driver.get(web + "/tray?view=unassigned");
            awaitPage(lado, "tray-unassigned-timeout", () -> {
                lado.driver.navigate().refresh();
                List<WebElement> rows = lado.driver.findElements(By.cssSelector("#tasks .app-task"));
                return !rows.isEmpty() && rows.get(0).findElement(By.cssSelector("a[href^='/cases/']"))
                        .getAttribute("href").endsWith(ladoCase);
            });
            lado.page("tray-unassigned");
            WebElement top = lado.driver.findElements(By.cssSelector("#tasks .app-task")).get(0);
            firstTaskKey = top.getAttribute("data-task-key");
            assertThat(top.getText()).contains("Initial consideration");

            // one click claims it (htmx swaps the page's main part); it is then on my tab
            top.findElement(By.cssSelector("button.app-claim")).click();
            lado.waiting().until(d -> d.findElements(By.cssSelector(".govuk-notification-banner--success")).size() > 0);
            lado.driver.findElement(By.id("tab-mine")).click();
            lado.waiting().until(d -> d.findElements(By.cssSelector("#tasks .app-task[data-task-key='" + firstTaskKey
                    + "']")).size() == 1);
            lado.page("tray-mine");
            assertThat(lado.driver.findElement(By.cssSelector("#tab-mine .app-count")).getText()).isEqualTo("1");
            assertThat(lado.driver.findElement(By.cssSelector("#tab-unassigned .app-count")).getText()).isEqualTo("0");
            assertThat(apiTask("lado.north", firstTaskKey).path("task").path("assignee").asText()).isNotBlank();

            lado.driver.findElement(By.cssSelector(".app-task[data-task-key='" + firstTaskKey + "'] .app-task__link"))
                    .click();
            awaitForm(lado);
            lado.page("task");

            // a validation error shows beside its field, and nothing is stored
            lado.driver.findElement(By.id("submit-task")).click();
            WebElement error = lado.waitFor(By.cssSelector(".app-field-error[data-field='abuseCategory']"));
            assertThat(lado.driver.findElement(By.id("form-errors")).isDisplayed()).isTrue();
            WebElement field = error.findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field')][1]"));
            assertThat(field.findElements(By.cssSelector("[id$='-Field_0015']"))).isNotEmpty();
            assertThat(lado.driver.findElement(By.id("form-error-list")).getText()).contains("Select abuse category");
            lado.page("task-validation-error");
            assertThat(count("SELECT count(*) FROM task_completion WHERE task_key = ?", Long.parseLong(firstTaskKey)))
                    .isZero();
            assertThat(count("SELECT count(*) FROM case_decision WHERE case_id = ?", UUID.fromString(ladoCase))).isZero();
            assertThat(apiTask("lado.north", firstTaskKey).path("task").path("status").asText()).isEqualTo("OPEN");

            // filled in, submitted: the next task of the case is offered
            lado.driver.findElement(By.cssSelector("[id$='-Field_0011']")).click();
            chooseInFormJs(lado, "Field_0015", "Physical");
            chooseInFormJs(lado, "Field_0018", "Information / advice only");
            chooseInFormJs(lado, "Field_0019", "LADO / designated officer");
            lado.driver.findElement(By.cssSelector("[id$='-Field_0020']"))
                    .sendKeys("Advice to the school is proportionate: a single incident, no injury.");
            lado.driver.findElement(By.id("submit-task")).click();
            lado.waiting().until(d -> d.getCurrentUrl().endsWith("/tasks/" + firstTaskKey + "/next"));
            WebElement next = new org.openqa.selenium.support.ui.WebDriverWait(lado.driver, Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.cssSelector(".app-next-task")).stream().findFirst().orElse(null));
            nextTaskKey = next.getAttribute("href").replaceAll(".*/tasks/", "");
            assertThat(nextTaskKey).isNotEqualTo(firstTaskKey);
            lado.page("task-next");
            assertThat(count("SELECT count(*) FROM task_completion WHERE task_key = ?", Long.parseLong(firstTaskKey)))
                    .isOne();

            // sign out: the next page asks to sign in again
            lado.driver.findElement(By.cssSelector("form[action='/sign-out'] button")).click();
            lado.waiting().until(d -> d.getCurrentUrl().contains("signed-out"));
            lado.page("signed-out");
            lado.driver.get(web + "/tray");
            lado.waitFor(By.id("sign-in"));
        }
    }

    @Test
    @Order(2)
    void aUserOfAnotherPartnershipOrTeamCannotOpenTheTaskOrCaseByUrl() throws Exception {
        Assumptions.assumeTrue(nextTaskKey != null, "needs the first journey's case");
        try (BrowserSupport south = new BrowserSupport("lado-south")) {
            south.signIn(web, "lado.south", password("lado.south"));
            south.driver.get(web + "/tasks/" + nextTaskKey);
            assertThat(south.waitFor(By.id("refused-title")).getText()).isEqualTo("Page not found");
            south.page("task-other-partnership");
            south.driver.get(web + "/cases/" + ladoCase);
            assertThat(south.waitFor(By.id("refused-title")).getText()).isEqualTo("Page not found");
            assertThat(south.driver.getPageSource()).doesNotContain("Initial consideration");
            south.page("case-other-partnership");
        }
        try (BrowserSupport cdop = new BrowserSupport("cdop-other-team")) {
            cdop.signIn(web, "cdop.north", password("cdop.north"));
            cdop.driver.get(web + "/tasks/" + nextTaskKey);
            assertThat(cdop.waitFor(By.id("refused-title")).getText()).isEqualTo("Page not found");
            cdop.page("task-other-team");
        }
    }

    @Test
    @Order(3)
    void aManagerSeesTheCaseInTheDeadlinesDashboardAndDownloadsTheCsv() throws Exception {
        Assumptions.assumeTrue(ladoCase != null, "needs the first journey's case");
        String pseudonym = Pseudonymiser.fromProperties(new PseudonymProperties(LocalSecrets.pseudonymKey(data), false))
                .of(new CaseId(UUID.fromString(ladoCase)));
        try (BrowserSupport manager = new BrowserSupport("manager")) {
            manager.signIn(web, "manager.north", password("manager.north"));
            awaitPage(manager, "dashboard-timeout", () -> {
                manager.driver.get(web + "/dashboard");
                return manager.driver.findElement(By.id("report-deadlines")).getText().contains(pseudonym);
            });
            assertThat(manager.driver.findElements(By.cssSelector("#report-deadline-summary canvas"))).isNotEmpty();
            manager.page("dashboard");
            String href = manager.driver.findElement(By.id("csv-deadlines")).getAttribute("href");
            String[] csv = manager.fetch(href);
            assertThat(csv[0]).isEqualTo("200");
            assertThat(csv[1]).startsWith("text/csv");
            assertThat(csv[2].lines().findFirst().orElse("")).contains("case").contains("timescale");
            assertThat(csv[2]).contains(pseudonym);
        }
    }

    @Test
    @Order(4)
    void theCasePageShowsTheReferralAndADiagramWithTheActiveTask() throws Exception {
        Assumptions.assumeTrue(nextTaskKey != null, "needs the first journey's case");
        String activeElement = apiTask("lado.north", nextTaskKey).path("task").path("elementId").asText();
        try (BrowserSupport lado = new BrowserSupport("lado-case")) {
            lado.signIn(web, "lado.north", password("lado.north"));
            lado.driver.get(web + "/cases/" + ladoCase);
            lado.waitFor(By.id("case-title"));
            assertThat(lado.driver.findElements(By.id("case-api-missing"))).isEmpty();
            lado.waiting().until(d -> !d.findElements(By.id("diagram-missing")).isEmpty()
                    || d.findElement(By.id("diagram")).getAttribute("data-active") != null);
            assertThat(lado.driver.findElements(By.id("diagram-missing"))).as("the diagram is drawn").isEmpty();
            assertThat(lado.driver.findElement(By.id("diagram")).getAttribute("data-active")).contains(activeElement);
            assertThat(lado.driver.findElements(By.cssSelector("#diagram .djs-element.app-active[data-element-id='"
                    + activeElement + "']"))).hasSize(1);
            assertThat(lado.driver.findElement(By.id("referral")).getText()).contains("Example");
            lado.page("case");
        }
    }

    @Test
    @Order(5)
    void aCdopCoordinatorRecordsAPostMortemReportThroughTheCasePage() throws Exception {
        try (BrowserSupport cdop = new BrowserSupport("cdop")) {
            cdop.signIn(web, "cdop.north", password("cdop.north"));
            String childDeath = referChildDeath(cdop);
            // the process waits for the post-mortem report once the death is determined (no JAR criteria here);
            // that first task is done through the tasklist API, as the first journey already drives a form
            determineTheDeath("cdop.north", childDeath);
            cdop.driver.get(web + "/cases/" + childDeath);
            cdop.waitFor(By.id("case-title"));
            By postMortem = By.xpath("//summary[.//span[contains(translate(., 'POST-MORTEM', 'post-mortem'), 'post-mortem')]]");
            awaitPage(cdop, "case-messages-timeout", () -> {
                cdop.driver.navigate().refresh();
                return !cdop.driver.findElements(postMortem).isEmpty();
            });
            cdop.driver.findElement(postMortem).click();
            WebElement form = cdop.driver.findElement(postMortem).findElement(By.xpath("following-sibling::div//form"));
            for (WebElement input : form.findElements(By.cssSelector("input[type=date]"))) {
                setValue(cdop, input, LocalDate.now(LONDON).toString());
            }
            cdop.page("case-message-form");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            cdop.waitFor(By.cssSelector(".govuk-notification-banner--success"));
            cdop.page("case-message-recorded");
            assertThat(count("SELECT count(*) FROM case_message WHERE case_id = ? AND message_name = "
                    + "'cdr.post-mortem-report.received'", UUID.fromString(childDeath))).isOne();
        }
    }

    @Test
    @Order(6)
    void anEndedSessionLosesNoHalfFilledForm() throws Exception {
        Assumptions.assumeTrue(nextTaskKey != null, "needs the first journey's case");
        try (BrowserSupport lado = new BrowserSupport("lado-draft")) {
            lado.signIn(web, "lado.north", password("lado.north"));
            lado.driver.get(web + "/tasks/" + nextTaskKey);
            awaitForm(lado);
            WebElement text = lado.driver.findElements(By.cssSelector("#task-form textarea, #task-form input[type=text]"))
                    .stream().findFirst().orElseThrow();
            text.sendKeys("Half-written advice");
            lado.waiting().until(d -> !d.findElement(By.id("draft-status")).getText().isBlank());
            assertThat(lado.driver.findElement(By.id("draft-status")).getText()).doesNotContain("not kept");
            // kept on the server, not in the browser
            String[] draft = new String[1];
            try {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    draft[0] = apiGet("lado.north", "/api/tasks/" + nextTaskKey + "/draft");
                    return draft[0].contains("Half-written advice");
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("draft not kept: " + draft[0] + "; page says "
                        + lado.driver.findElement(By.id("draft-status")).getText() + "; console:\n" + lado.console(), e);
            }
            // the session ends (its cookie is gone); signing in again brings the draft back
            lado.driver.manage().deleteCookieNamed("SAFEGUARDING_WEB_SESSION");
            lado.driver.get(web + "/tasks/" + nextTaskKey);
            lado.waitFor(By.id("sign-in")).click();
            lado.waiting().until(d -> d.getCurrentUrl().contains("/tray") || d.getCurrentUrl().contains("/tasks/")
                    || !d.findElements(By.name("username")).isEmpty());
            if (!lado.driver.findElements(By.name("username")).isEmpty()) {
                lado.driver.findElement(By.name("username")).sendKeys("lado.north");
                lado.driver.findElement(By.name("password")).sendKeys(password("lado.north"));
                lado.driver.findElement(By.cssSelector("button[type=submit]")).click();
            }
            lado.driver.get(web + "/tasks/" + nextTaskKey);
            awaitForm(lado);
            assertThat(lado.driver.findElement(By.id("draft-status")).getText()).contains("restored");
            assertThat(lado.driver.findElements(By.cssSelector("#task-form textarea, #task-form input[type=text]"))
                    .stream().map(e -> e.getDomProperty("value")).toList())
                    .as("restored from %s; form data %s", draft[0], lado.fetch("/tasks/" + nextTaskKey + "/form-data")[2])
                    .contains("Half-written advice");
            lado.page("task-draft-restored");
        }
    }

    /** Waits for what a page shows, reloading it; on time-out the page is kept as a screenshot for the reader. */
    private static void awaitPage(BrowserSupport b, String name, java.util.concurrent.Callable<Boolean> shown) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(shown);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not shown in time; see screenshot " + b.screenshot(name), e);
        }
    }

    @Test
    @Order(7)
    void anOperatorSeesTheIncidentsPage() throws Exception {
        try (BrowserSupport operator = new BrowserSupport("operator")) {
            operator.signIn(web, "operator", password("operator"));
            operator.waiting().until(d -> d.getCurrentUrl().endsWith("/operations"));
            operator.waitFor(By.tagName("h1"));
            operator.page("operations");
            assertThat(operator.driver.findElements(By.cssSelector("#incidents, #no-incidents, #incidents-missing")))
                    .hasSize(1);
            // the stack's engine knows every process the service starts: nothing refused, and the section says so
            assertThat(operator.driver.findElements(By.cssSelector("#no-refused-commands"))).hasSize(1);
            assertThat(operator.driver.findElements(By.cssSelector("#refused-commands, #refused-problem"))).isEmpty();

            // a start the engine refused (the dispatcher's parking is tested in the workflow service), shown on the
            // page and sent again from it
            long commandId = refusedStart(ladoCase);
            try {
                operator.driver.get(web + "/operations");
                WebElement row = operator.waitFor(By.cssSelector("#refused-commands tbody tr"));
                assertThat(row.getText()).contains("START web-journey-unknown-process").contains("NOT_FOUND");
                assertThat(row.findElement(By.linkText("case")).getAttribute("href")).endsWith("/cases/" + ladoCase);
                operator.page("operations-refused-command");
                row.findElement(By.cssSelector("button[type=submit]")).click();
                assertThat(operator.waitFor(By.cssSelector(".govuk-notification-banner")).getText())
                        .contains("Engine command " + commandId + " will be sent again");
                assertThat(operator.driver.findElements(By.cssSelector("#no-refused-commands"))).hasSize(1);
                assertThat(count("SELECT count(*) FROM engine_command WHERE id = ? AND status = 'PENDING'", commandId))
                        .isEqualTo(1);
                assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:operator' AND action = 'UPDATE' "
                        + "AND resource_type = 'engine_command' AND resource_id = ?", Long.toString(commandId)))
                        .isEqualTo(1);
            } finally {
                // the process stays unknown: the dispatcher would only park it again
                update("DELETE FROM engine_command WHERE id = ?", commandId);
            }
            // an operator is no caseworker: the tray's API refuses, and the page says so rather than failing
            operator.driver.get(web + "/tray");
            assertThat(operator.waitFor(By.cssSelector(".govuk-error-summary")).getText()).isNotBlank();
            operator.page("tray-refused-for-operator");
        }
    }

    /**
     * The web app's figures are for a scraper on its management port: the requests the journeys above made to the
     * workflow and reporting services are counted there by status, and a person's token or the pages' port gets none.
     */
    @Test
    @Order(8)
    void theWebAppsMetricsAreOnItsManagementPortForAScraperOnly() throws Exception {
        String management = "http://localhost:" + settings.webManagementPort();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");

        URI prometheus = URI.create(management + "/actuator/prometheus");
        assertThat(http.send(HttpRequest.newBuilder(prometheus).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("no token").isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(prometheus).header("Authorization", "Bearer " + token("lado.north"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("a caseworker").isEqualTo(403);

        String scraper = "Bearer " + new IdentityProviderClient(URI.create("http://127.0.0.1:" + settings.identityPort()))
                .clientCredentials("prometheus", Files.readString(data.resolve("secrets/clients/prometheus")).trim())
                .accessToken();
        HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(prometheus).header("Authorization", scraper)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).as(scraped.body()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
        assertThat(scraped.body().lines().filter(l -> l.startsWith("http_client_requests_seconds_count{")
                && l.contains("status=\"200\"") && l.contains("uri=\"none\"")).findAny())
                .as("the pages' calls to the services, counted without their URIs").isPresent();
        assertThat(scraped.body()).doesNotContain(ladoCase);

        HttpResponse<String> pagesPort = http.send(HttpRequest.newBuilder(URI.create(web + "/actuator/prometheus"))
                .header("Authorization", scraper).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pagesPort.statusCode()).as("not served on the pages' port").isEqualTo(404);
    }

    private String referLadoAllegation(BrowserSupport b) {
        return referLadoAllegation(b, web);
    }

    static String referLadoAllegation(BrowserSupport b, String web) {
        b.driver.get(web + "/referrals/new");
        b.page("referral-kinds");
        b.driver.findElement(By.linkText("LADO allegation")).click();
        b.waitFor(By.id("referral-form"));
        b.page("referral-lado");
        String today = LocalDate.now(LONDON).toString();
        setValue(b, b.driver.findElement(By.id("f-receivedDate")), today);
        new Select(b.driver.findElement(By.id("f-referralSource"))).selectByValue("employer-dsl");
        new Select(b.driver.findElement(By.id("f-referralChannel"))).selectByValue("written");
        b.driver.findElement(By.id("f-referrer-name")).sendKeys("Pat Designated");
        new Select(b.driver.findElement(By.id("f-accused-setting"))).selectByValue("education");
        b.driver.findElement(By.id("f-children-0-age")).sendKeys("9");
        new Select(b.driver.findElement(By.id("f-allegation-abuseCategory"))).selectByValue("physical");
        b.driver.findElement(By.id("f-allegation-harmTestLimbs")).click();
        b.driver.findElement(By.id("f-allegation-narrative")).sendKeys("A teacher grabbed a pupil's arm in class.");
        // the family name is required by the schema: the intake's 400 comes back beside that question
        b.driver.findElement(By.id("send-referral")).click();
        b.waitFor(By.id("referral-errors"));
        assertThat(b.driver.findElements(By.cssSelector(".govuk-form-group--error #f-accused-familyName"))).hasSize(1);
        assertThat(b.driver.findElement(By.id("f-accused-familyName-error")).isDisplayed()).isTrue();
        b.page("referral-lado-error");
        b.driver.findElement(By.id("f-accused-familyName")).sendKeys("Example");
        b.driver.findElement(By.id("send-referral")).click();
        String href = b.waitFor(By.id("new-case")).getAttribute("href");
        b.page("referral-received");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    private String referChildDeath(BrowserSupport b) {
        b.driver.get(web + "/referrals/new/child-death-notification");
        b.waitFor(By.id("referral-form"));
        LocalDate today = LocalDate.now(LONDON);
        setValue(b, b.driver.findElement(By.id("f-child-dateOfBirth")), today.minusYears(3).toString());
        setValue(b, b.driver.findElement(By.id("f-death-dateOfDeath")), today.minusDays(1).toString());
        new Select(b.driver.findElement(By.id("f-death-expectedness"))).selectByValue("unexpected");
        new Select(b.driver.findElement(By.id("f-death-location"))).selectByValue("hospital");
        b.driver.findElement(By.id("f-death-postMortemRequired")).click();
        b.driver.findElement(By.id("f-notifier-name")).sendKeys("Sam Paediatrician");
        b.page("referral-child-death");
        b.driver.findElement(By.id("send-referral")).click();
        String href = b.waitFor(By.id("new-case")).getAttribute("href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    static void awaitForm(BrowserSupport b) {
        try {
            b.waiting().until(d -> d.findElement(By.id("submit-task")).isEnabled()
                    && !d.findElements(By.cssSelector("#task-form .fjs-form")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the form was not drawn; screenshot " + b.screenshot("form-timeout")
                    + "; console:\n" + b.console(), e);
        }
    }

    /** form-js draws its own drop-down: open it, pick the option by its label. */
    private static void chooseInFormJs(BrowserSupport b, String componentId, String label) {
        WebElement field = b.driver.findElement(By.cssSelector("[id$='-" + componentId + "']"))
                .findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field')][1]"));
        field.findElement(By.cssSelector(".fjs-input-group")).click();
        WebElement option = b.waiting().until(d -> field.findElements(By.cssSelector(".fjs-dropdownlist-item")).stream()
                .filter(o -> o.getText().trim().equals(label)).findFirst().orElse(null));
        option.click();
    }

    /** Date inputs take a typed date in the browser's locale; the value is set directly, as a date picker would. */
    private static void setValue(BrowserSupport b, WebElement input, String value) {
        b.driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, value);
    }

    /** Claims and completes a child death's first task, "Expected or unexpected?": unexpected, no JAR criteria, a post-mortem. */
    private void determineTheDeath(String user, String caseId) throws Exception {
        String bearer = "Bearer " + token(user);
        String workflow = "http://localhost:" + settings.workflowPort();
        String taskKey = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(workflow + "/api/tasks?caseId=" + caseId))
                    .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : json.readTree(r.body()).path("items")) {
                if ("Determination".equals(t.path("elementId").asText()) || "Determination".equals(t.path("taskType").asText())) {
                    return t.path("taskKey").asText();
                }
            }
            return null;
        }, k -> k != null);
        HttpResponse<String> claimed = http.send(HttpRequest.newBuilder(URI.create(workflow + "/api/tasks/" + taskKey + "/claim"))
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        String body = json.writeValueAsString(Map.of("expectedDeath", false, "postMortemRequired", true,
                "decisionMakerRole", "CDOP_COORDINATOR", "record.rationale", "Unexpected death in hospital; no JAR criteria."));
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(workflow + "/api/tasks/" + taskKey + "/completion"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isIn(200, 202);
    }

    private String apiGet(String user, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + settings.workflowPort()
                + path)).header("Authorization", "Bearer " + token(user)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private JsonNode apiTask(String user, String taskKey) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + settings.workflowPort()
                + "/api/tasks/" + taskKey)).header("Authorization", "Bearer " + token(user)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String token(String user) throws IOException {
        return new IdentityProviderClient(URI.create("http://127.0.0.1:" + settings.identityPort()))
                .authorizationCode(LocalIdentities.WEB_CLIENT, URI.create(LocalIdentities.WEB_REDIRECT), user,
                        password(user)).accessToken();
    }

    private String password(String user) throws IOException {
        return Files.readString(data.resolve("secrets/users/" + user)).trim();
    }

    /** A start of the case the engine refused five times: the row the dispatcher leaves for an operator. */
    private long refusedStart(String caseId) throws Exception {
        return count("""
                INSERT INTO engine_command (case_id, kind, process_id, dedupe_key, variables, status, attempts, refusals,
                                            refusal, refused_at, last_error)
                VALUES (CAST(? AS UUID), 'START', 'web-journey-unknown-process', 'web-journey-' || gen_random_uuid(),
                        '{}', 'REFUSED', 5, 5, 'NOT_FOUND', now(), 'ProblemException: Failed with code 404')
                RETURNING id
                """, caseId);
    }

    private void update(String sql, Object parameter) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + settings.postgresPort()
                + "/workflow", LocalPostgres.USER, ""); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            s.executeUpdate();
        }
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + settings.postgresPort()
                + "/workflow", LocalPostgres.USER, ""); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }


}
