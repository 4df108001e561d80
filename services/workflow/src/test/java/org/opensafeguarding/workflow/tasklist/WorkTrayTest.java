package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The work tray, task history, drafts, saved filters and the operator's incidents against real parts: the local
 * engine in-process, embedded PostgreSQL, the in-process broker and real tokens. Each test works in a partnership
 * of its own, so the trays and counts it reads hold only its own tasks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class WorkTrayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String LADO = "lado";
    private static final String CDOP = "cdop-coordinator";
    private static final String DRAFT_TEXT = "Throckmorton said the bruises were from a fall at 14 Quillbrook Terrace";

    static LocalEngine engine;
    static boolean deployed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    CamundaClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    CaseRepository cases;

    String tenant;

    @BeforeEach
    void deployTestModels() {
        if (!deployed) {
            client.newDeployResourceCommand()
                    .addResourceFromClasspath("tasklist/tasklist-test.bpmn")
                    .addResourceFromClasspath("tasklist/tasklist-test-triage.form")
                    .addResourceFromClasspath("tasklist/tasklist-test-decision.form")
                    .addResourceFromClasspath("tray/tray-test.bpmn")
                    .send().join();
            deployed = true;
        }
        tenant = "tray-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------ tray

    @Test
    void theTrayListsFiltersSortsAndCountsOpenTasksAndFollowsClaimAndUnassign() {
        Instant now = Instant.now();
        long overdue = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of(LADO), now.minus(Duration.ofDays(2)), 50));
        long tomorrow = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of(LADO), now.plus(Duration.ofDays(1)), 50));
        Instant inThreeDays = now.plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        long threeDays = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of(LADO), inThreeDays, 20));
        long threeDaysUrgent = awaitTask(startReview(CaseType.CHILD_DEATH, tenant, List.of(CDOP), inThreeDays, 80));
        long later = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of(LADO), now.plus(Duration.ofDays(20)), 50));
        long undated = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of(LADO), null, 90));
        long managers = awaitTask(startReview(CaseType.LADO_ALLEGATION, tenant, List.of("lado-manager"), null, 50));
        String elsewhere = "tray-other-" + UUID.randomUUID().toString().substring(0, 8);
        long otherPartnership = awaitTask(startReview(CaseType.LADO_ALLEGATION, elsewhere, List.of(LADO), null, 50));
        String amelia = user("amelia", Set.of(LADO, CDOP), Set.of(tenant));
        String bob = user("bob", Set.of(LADO), Set.of(tenant));

        // soonest due first, no due date last; the same due date: higher priority first
        List<String> expected = keys(overdue, tomorrow, threeDaysUrgent, threeDays, later, undated);
        assertThat(taskKeys(get("/api/tasks?size=50", amelia))).containsExactlyElementsOf(expected);
        assertThat(taskKeys(get("/api/tasks?view=groups&sort=due", amelia))).containsExactlyElementsOf(expected);
        assertThat(taskKeys(get("/api/tasks?view=unassigned", amelia))).containsExactlyElementsOf(expected);
        assertThat(taskKeys(get("/api/tasks?view=mine", amelia))).isEmpty();
        assertThat(taskKeys(get("/api/tasks?caseType=CHILD_DEATH", amelia))).containsExactly(keys(threeDaysUrgent).get(0));
        assertThat(taskKeys(get("/api/tasks?taskType=Review&caseType=LADO_ALLEGATION", amelia)))
                .containsExactlyElementsOf(keys(overdue, tomorrow, threeDays, later, undated));
        assertThat(taskKeys(get("/api/tasks?taskType=Triage", amelia))).isEmpty();
        assertThat(taskKeys(get("/api/tasks?due=overdue", amelia))).containsExactlyElementsOf(keys(overdue));
        assertThat(taskKeys(get("/api/tasks?due=week", amelia)))
                .containsExactlyElementsOf(keys(tomorrow, threeDaysUrgent, threeDays));
        assertThat(taskKeys(get("/api/tasks?size=2&page=1", amelia))).containsExactlyElementsOf(keys(threeDaysUrgent, threeDays));
        assertThat(get("/api/tasks?size=2", amelia).getBody().path("totalItems").asLong()).isEqualTo(6);
        // bob is in lado only: the child death task is not his
        assertThat(taskKeys(get("/api/tasks", bob))).doesNotContain(keys(threeDaysUrgent, managers, otherPartnership)
                .toArray(String[]::new)).hasSize(5);

        JsonNode item = get("/api/tasks?caseType=CHILD_DEATH", amelia).getBody().path("items").get(0);
        assertThat(item.path("taskKey").asText()).isEqualTo(Long.toString(threeDaysUrgent));
        assertThat(item.path("caseType").asText()).isEqualTo("CHILD_DEATH");
        assertThat(item.path("taskType").asText()).isEqualTo("Review");
        assertThat(item.path("label").asText()).isEqualTo("Review the referral");
        assertThat(item.path("priority").asInt()).isEqualTo(80);
        assertThat(item.path("dueDate").asText()).isEqualTo(LocalDate.ofInstant(inThreeDays, LONDON).toString());
        assertThat(Instant.parse(item.path("dueAt").asText())).isEqualTo(inThreeDays);

        assertCounts(get("/api/tasks/counts", amelia), 0, 6, 6);
        assertCounts(get("/api/tasks/counts?caseType=LADO_ALLEGATION", amelia), 0, 5, 5);
        assertCounts(get("/api/tasks/counts?due=overdue", amelia), 0, 1, 1);

        // a claim moves the task from unassigned to mine, for the claimant only
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + tomorrow + "/claim", null, amelia).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(taskKeys(get("/api/tasks?view=mine", amelia))).containsExactlyElementsOf(keys(tomorrow));
        assertThat(taskKeys(get("/api/tasks?view=unassigned", amelia))).doesNotContain(keys(tomorrow).get(0)).hasSize(5);
        assertThat(taskKeys(get("/api/tasks?view=groups", amelia))).containsExactlyElementsOf(expected);
        assertThat(taskKeys(get("/api/tasks?view=mine", bob))).isEmpty();
        assertThat(taskKeys(get("/api/tasks?assignee=amelia", bob))).containsExactlyElementsOf(keys(tomorrow));
        assertCounts(get("/api/tasks/counts", amelia), 1, 5, 6);
        assertCounts(get("/api/tasks/counts", bob), 0, 4, 5);

        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + tomorrow + "/unassign", null, amelia).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(taskKeys(get("/api/tasks?view=mine", amelia))).isEmpty();
        assertCounts(get("/api/tasks/counts", amelia), 0, 6, 6);

        // someone acting for two partnerships sees both, or one when they ask for it
        String both = user("carol", Set.of(LADO), Set.of(tenant, elsewhere));
        assertThat(taskKeys(get("/api/tasks", both))).contains(keys(otherPartnership).get(0)).hasSize(6);
        assertThat(taskKeys(get("/api/tasks?tenant=" + tenant, both))).doesNotContain(keys(otherPartnership).get(0))
                .hasSize(5);
        assertCounts(get("/api/tasks/counts?tenant=" + elsewhere, both), 0, 1, 1);
        ResponseEntity<JsonNode> notTheirs = get("/api/tasks?tenant=" + elsewhere, amelia);
        assertThat(notTheirs.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'READ' "
                + "AND resource_type = 'case_task' AND resource_id = 'counts' AND detail->>'due' = 'OVERDUE'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void badTrayParametersAre400ProblemsNamingEachOne() {
        String amelia = user("amelia", Set.of(LADO), Set.of(tenant));

        ResponseEntity<JsonNode> bad = get("/api/tasks?view=everything&due=someday&caseType=PARKING&sort=name", amelia);

        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(bad.getBody().path("code").asText()).isEqualTo("query-invalid");
        assertThat(bad.getBody().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("view", "due", "caseType", "sort");
        assertThat(bad.getBody().path("errors").findValuesAsText("rule")).containsOnly("invalid-value");
        ResponseEntity<JsonNode> badCase = get("/api/tasks/counts?caseId=not-a-uuid", amelia);
        assertThat(badCase.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badCase.getBody().path("errors").findValuesAsText("field")).containsExactly("caseId");
    }

    // ------------------------------------------------------------------ history

    @Test
    void aTasksHistoryShowsWhoActedInWhichRoleOldestFirst() {
        Instance instance = startTriage();
        long triage = awaitTask(instance.key(), "Triage");
        String amelia = user("amelia", Set.of(LADO), Set.of(tenant));
        String bob = user("bob", Set.of(LADO), Set.of(tenant));

        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, amelia).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/unassign", null, amelia).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, bob).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/completion", triageValues(), bob).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> history = get("/api/tasks/" + triage + "/history", amelia);

        assertThat(history.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode items = history.getBody().path("items");
        assertThat(items.findValuesAsText("action")).containsExactly("CREATED", "CLAIMED", "UNASSIGNED", "CLAIMED", "COMPLETED");
        assertThat(absent(items.get(0).path("actor"))).isTrue();
        assertThat(items.get(1).path("actor").asText()).isEqualTo("amelia");
        assertThat(items.get(1).path("actorRole").asText()).isEqualTo(LADO);
        assertThat(items.get(3).path("actor").asText()).isEqualTo("bob");
        assertThat(items.get(4).path("actor").asText()).isEqualTo("bob");
        List<Instant> at = items.findValuesAsText("at").stream().map(Instant::parse).toList();
        assertThat(at).isSorted();

        // an assignment made at the engine is in the history without a person
        long decide = awaitTask(instance.key(), "Decide");
        client.newAssignUserTaskCommand(decide).assignee("operator1").send().join();
        await().atMost(WAIT).until(() -> get("/api/tasks/" + decide + "/history", amelia).getBody().path("items")
                .findValuesAsText("action").contains("ASSIGNED"));
        JsonNode assigned = get("/api/tasks/" + decide + "/history", amelia).getBody().path("items").get(1);
        assertThat(assigned.path("action").asText()).isEqualTo("ASSIGNED");
        assertThat(absent(assigned.path("actor"))).isTrue();
        assertThat(assigned.path("actorRole").asText()).isEqualTo(LADO);

        assertThat(get("/api/tasks/" + triage + "/history", user("dora", Set.of(CDOP), Set.of(tenant))).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/api/tasks/" + triage + "/history", user("amelia-x", Set.of(LADO), Set.of("tray-nowhere")))
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'READ' "
                + "AND resource_type = 'task_history' AND resource_id = '" + triage + "'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ drafts

    @Test
    void aDraftIsKeptForItsAuthorOnlyAndDeletedWhenTheTaskIsCompleted() {
        Instance instance = startTriage();
        long triage = awaitTask(instance.key(), "Triage");
        String amelia = user("amelia", Set.of(LADO), Set.of(tenant));
        String bob = user("bob", Set.of(LADO), Set.of(tenant));
        ObjectNode draft = TestReferrals.JSON.createObjectNode();
        draft.put("abuseCategory", "PHYSICAL");
        draft.put("record.triageNotes", DRAFT_TEXT);

        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange(HttpMethod.PUT, "/api/tasks/" + triage + "/draft", draft, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        ResponseEntity<JsonNode> read = exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read.getBody()).isEqualTo(draft);
        assertThat(read.getHeaders().getLastModified()).isPositive();

        // saving again replaces it
        draft.put("urgent", true);
        assertThat(exchange(HttpMethod.PUT, "/api/tasks/" + triage + "/draft", draft, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia).getBody()).isEqualTo(draft);

        // a colleague in the same group has no draft, and cannot reach amelia's; an outsider is refused
        ResponseEntity<JsonNode> bobs = exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, bob);
        assertThat(bobs.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(bobs.getBody().toString()).doesNotContain("Throckmorton");
        assertThat(exchange(HttpMethod.DELETE, "/api/tasks/" + triage + "/draft", null, bob).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<JsonNode> outsider = exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null,
                user("dora", Set.of(CDOP), Set.of(tenant)));
        assertThat(outsider.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null,
                user("amelia", Set.of(LADO), Set.of("tray-nowhere"))).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ObjectNode bobsDraft = TestReferrals.JSON.createObjectNode().put("abuseCategory", "NEGLECT");
        assertThat(exchange(HttpMethod.PUT, "/api/tasks/" + triage + "/draft", bobsDraft, bob).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia).getBody()).isEqualTo(draft);

        // not a JSON object: a problem naming the body, nothing stored
        HttpHeaders headers = jsonHeaders(amelia);
        ResponseEntity<JsonNode> notAnObject = http.exchange("/api/tasks/" + triage + "/draft", HttpMethod.PUT,
                new HttpEntity<>("[1, 2]", headers), JsonNode.class);
        assertThat(notAnObject.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notAnObject.getBody().path("errors").get(0).path("field").asText()).isEqualTo("body");
        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia).getBody()).isEqualTo(draft);

        // audited, without the values
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND resource_type = 'task_draft' "
                + "AND resource_id = '" + triage + "' AND action IN ('READ', 'UPDATE')")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM audit_log WHERE detail::text LIKE '%Throckmorton%'")).isZero();

        // completing the task removes everyone's drafts of it
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/completion", triageValues(), amelia).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(count("SELECT count(*) FROM task_draft WHERE task_key = " + triage)).isZero();
        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage + "/draft", null, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<JsonNode> late = exchange(HttpMethod.PUT, "/api/tasks/" + triage + "/draft", draft, amelia);
        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(count("SELECT count(*) FROM task_draft WHERE task_key = " + triage)).isZero();
    }

    @Test
    void draftsOfATaskTheEngineCancelsAreDeleted() {
        Instance instance = startTriage();
        long triage = awaitTask(instance.key(), "Triage");
        String amelia = user("amelia", Set.of(LADO), Set.of(tenant));
        ObjectNode draft = TestReferrals.JSON.createObjectNode().put("record.triageNotes", DRAFT_TEXT);
        assertThat(exchange(HttpMethod.PUT, "/api/tasks/" + triage + "/draft", draft, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        client.newPublishMessageCommand().messageName("tasklist-test.withdrawn")
                .correlationKey(instance.caseId().toString()).send().join();

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM task_draft WHERE task_key = " + triage) == 0);
        assertThat(jdbc.sql("SELECT status FROM case_task WHERE task_key = :k").param("k", triage).query(String.class)
                .single()).isEqualTo("CANCELED");
        assertThat(get("/api/tasks/" + triage + "/history", amelia).getBody().path("items").findValuesAsText("action"))
                .containsExactly("CREATED", "CANCELED");
    }

    // ------------------------------------------------------------------ saved filters

    @Test
    void savedFiltersArePerPersonAndValidatedFieldByField() {
        String amelia = user("amelia-" + tenant, Set.of(LADO), Set.of(tenant));
        String bob = user("bob-" + tenant, Set.of(LADO), Set.of(tenant));
        ObjectNode filter = TestReferrals.JSON.createObjectNode().put("name", "My overdue LADO");
        filter.putObject("query").put("view", "mine").put("due", "overdue").put("caseType", "LADO_ALLEGATION");

        ResponseEntity<JsonNode> saved = exchange(HttpMethod.POST, "/api/me/filters", filter, amelia);

        assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = saved.getBody().path("id").asText();
        assertThat(saved.getHeaders().getLocation().toString()).endsWith("/api/me/filters/" + id);
        JsonNode mine = get("/api/me/filters", amelia).getBody().path("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("name").asText()).isEqualTo("My overdue LADO");
        assertThat(mine.get(0).path("query")).isEqualTo(filter.path("query"));
        // a saved filter replays as a tray query
        StringBuilder query = new StringBuilder("/api/tasks?");
        mine.get(0).path("query").fields().forEachRemaining(e -> query.append(e.getKey()).append('=')
                .append(e.getValue().asText()).append('&'));
        assertThat(get(query.toString(), amelia).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(get("/api/me/filters", bob).getBody().path("items")).isEmpty();
        assertThat(exchange(HttpMethod.DELETE, "/api/me/filters/" + id, null, bob).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<JsonNode> again = exchange(HttpMethod.POST, "/api/me/filters", filter, amelia);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().path("code").asText()).isEqualTo("name-taken");

        ObjectNode bad = TestReferrals.JSON.createObjectNode().put("colour", "red");
        bad.putObject("query").put("view", "everything").put("shoeSize", "9").put("due", 7);
        ResponseEntity<JsonNode> refused = exchange(HttpMethod.POST, "/api/me/filters", bad, amelia);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("filter-invalid");
        Map<String, String> rules = new LinkedHashMap<>();
        refused.getBody().path("errors").forEach(e -> rules.put(e.path("field").asText(), e.path("rule").asText()));
        assertThat(rules).containsEntry("colour", "unknown-field").containsEntry("name", "required")
                .containsEntry("query.view", "invalid-value").containsEntry("query.shoeSize", "unknown-key")
                .containsEntry("query.due", "not-a-string");
        ObjectNode longName = TestReferrals.JSON.createObjectNode().put("name", "x".repeat(101));
        longName.putObject("query");
        ResponseEntity<JsonNode> tooLong = exchange(HttpMethod.POST, "/api/me/filters", longName, amelia);
        assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(tooLong.getBody().path("errors").get(0).path("field").asText()).isEqualTo("name");
        assertThat(tooLong.getBody().path("errors").get(0).path("rule").asText()).isEqualTo("max-length");
        ObjectNode noQuery = TestReferrals.JSON.createObjectNode().put("name", "nothing");
        assertThat(exchange(HttpMethod.POST, "/api/me/filters", noQuery, amelia).getBody().path("errors").get(0)
                .path("field").asText()).isEqualTo("query");
        assertThat(count("SELECT count(*) FROM tray_filter WHERE user_id = 'amelia-" + tenant + "'")).isEqualTo(1);

        assertThat(exchange(HttpMethod.DELETE, "/api/me/filters/" + id, null, amelia).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get("/api/me/filters", amelia).getBody().path("items")).isEmpty();
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia-" + tenant + "' "
                + "AND resource_type = 'tray_filter' AND action IN ('CREATE', 'UPDATE')")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ incidents

    @Test
    void anIncidentIsListedForOperatorsAndARetryAfterTheFixResolvesIt() {
        CaseId caseId = newCase(CaseType.LADO_ALLEGATION, tenant);
        long instance = client.newCreateInstanceCommand().bpmnProcessId("tray-incident-test").latestVersion()
                .variables(Map.of("caseId", caseId.toString())).send().join().getProcessInstanceKey();
        transactions.executeWithoutResult(s -> cases.recordProcessInstance(caseId, instance));
        ActivatedJob job = await().atMost(WAIT).until(() -> client.newActivateJobsCommand().jobType("tray-test-flaky")
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(5)).send().join().getJobs(), jobs -> !jobs.isEmpty()).get(0);
        client.newFailCommand(job.getKey()).retries(0)
                .errorMessage("tray-test-flaky at Flaky could not be done (no retries left): IllegalStateException: "
                        + "the records service answered 503").send().join();
        String operator = TestCallers.person("olive", Set.of("ENGINE_OPERATOR"), Set.of(), Set.of(tenant));
        String otherOperator = TestCallers.person("oscar", Set.of("ENGINE_OPERATOR"), Set.of(), Set.of("tray-nowhere"));

        ResponseEntity<JsonNode> listed = exchange(HttpMethod.GET, "/api/operations/incidents", null, operator);

        assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode incident = find(listed.getBody().path("items"), "caseId", caseId.toString());
        assertThat(incident).as("the case's incident is listed").isNotNull();
        assertThat(incident.path("processDefinitionId").asText()).isEqualTo("tray-incident-test");
        assertThat(incident.path("elementId").asText()).isEqualTo("Flaky");
        assertThat(incident.path("errorType").asText()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incident.path("jobKey").asText()).isEqualTo(Long.toString(job.getKey()));
        assertThat(incident.path("errorMessage").asText()).contains("records service answered 503");
        assertThat(OffsetDateTime.parse(incident.path("createdAt").asText())).isNotNull();
        String incidentKey = incident.path("incidentKey").asText();
        assertThat(find(exchange(HttpMethod.GET, "/api/operations/incidents", null, otherOperator).getBody()
                .path("items"), "incidentKey", incidentKey)).as("another partnership's operator").isNull();
        assertThat(exchange(HttpMethod.POST, "/api/operations/incidents/" + incidentKey + "/retry", null, otherOperator)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(exchange(HttpMethod.GET, "/api/operations/incidents", null, user("amelia", Set.of(LADO), Set.of(tenant)))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ObjectNode tooMany = TestReferrals.JSON.createObjectNode().put("retries", 99);
        assertThat(exchange(HttpMethod.POST, "/api/operations/incidents/" + incidentKey + "/retry", tooMany, operator)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        // the records service is back: retry
        ObjectNode retries = TestReferrals.JSON.createObjectNode().put("retries", 2);
        ResponseEntity<JsonNode> retried = exchange(HttpMethod.POST, "/api/operations/incidents/" + incidentKey + "/retry",
                retries, operator);

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody().path("resolved").asBoolean()).isTrue();
        assertThat(retried.getBody().path("retries").asInt()).isEqualTo(2);
        assertThat(client.newIncidentGetRequest(Long.parseLong(incidentKey)).send().join().getState())
                .isEqualTo(IncidentState.RESOLVED);
        ActivatedJob again = await().atMost(WAIT).until(() -> client.newActivateJobsCommand().jobType("tray-test-flaky")
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(5)).send().join().getJobs(), jobs -> !jobs.isEmpty()).get(0);
        assertThat(again.getKey()).isEqualTo(job.getKey());
        assertThat(again.getRetries()).isEqualTo(2);
        client.newCompleteCommand(again.getKey()).send().join();
        await().atMost(WAIT).until(() -> client.newProcessInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance)).send().join().items().get(0).getState()
                == ProcessInstanceState.COMPLETED);
        assertThat(find(exchange(HttpMethod.GET, "/api/operations/incidents", null, operator).getBody().path("items"),
                "incidentKey", incidentKey)).isNull();
        ResponseEntity<JsonNode> twice = exchange(HttpMethod.POST, "/api/operations/incidents/" + incidentKey + "/retry",
                null, operator);
        assertThat(twice.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(twice.getBody().path("code").asText()).isEqualTo("incident-not-active");
        assertThat(exchange(HttpMethod.POST, "/api/operations/incidents/2251799813000001/retry", null, operator)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:olive' AND action = 'UPDATE' "
                + "AND resource_type = 'engine_incident' AND resource_id = '" + incidentKey + "'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    record Instance(CaseId caseId, long key) {
    }

    private CaseId newCase(CaseType type, String partnership) {
        CaseId caseId = CaseId.newId();
        transactions.executeWithoutResult(s -> cases.insert(new CaseRecord(caseId, type, "tray-test", "LADO-WT2018",
                partnership, CaseStatus.OPEN, LocalDate.of(2024, 3, 4), null, Instant.now(), null)));
        return caseId;
    }

    /** A Review task of a new case, in the given groups, due then (null: not due) and of that priority. */
    private long startReview(CaseType type, String partnership, List<String> groups, Instant due, int priority) {
        CaseId caseId = newCase(type, partnership);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("groups", groups);
        variables.put("due", due == null ? "" : due.atOffset(ZoneOffset.UTC).toString());
        variables.put("priority", priority);
        long key = client.newCreateInstanceCommand().bpmnProcessId("tray-test").latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
        transactions.executeWithoutResult(s -> cases.recordProcessInstance(caseId, key));
        return key;
    }

    private Instance startTriage() {
        CaseId caseId = newCase(CaseType.LADO_ALLEGATION, tenant);
        OffsetDateTime dueTriage = OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("processVersion", "LADO-WT2018");
        variables.put("harmTestLimb4Applies", false);
        variables.put("dueTriage", dueTriage.toString());
        variables.put("dueDecision", dueTriage.plusDays(5).toString());
        long key = client.newCreateInstanceCommand().bpmnProcessId("tasklist-test").latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
        transactions.executeWithoutResult(s -> cases.recordProcessInstance(caseId, key));
        return new Instance(caseId, key);
    }

    private long awaitTask(long instanceKey) {
        return awaitTask(instanceKey, "Review");
    }

    private long awaitTask(long instanceKey, String elementId) {
        return await().atMost(WAIT).until(() -> jdbc.sql(
                        "SELECT task_key FROM case_task WHERE process_instance_key = :p AND element_id = :e")
                .param("p", instanceKey).param("e", elementId).query(Long.class).optional().orElse(null),
                key -> key != null);
    }

    private static ObjectNode triageValues() {
        ObjectNode values = TestReferrals.JSON.createObjectNode();
        values.put("urgent", true);
        values.put("abuseCategory", "PHYSICAL");
        values.putObject("record").put("triageNotes", "Seen at school");
        return values;
    }

    /** A caseworker of these candidate groups (their teams' roles) acting for these partnerships. */
    private static String user(String name, Set<String> groups, Set<String> tenants) {
        Set<String> roles = new java.util.TreeSet<>();
        for (String group : groups) {
            roles.add(switch (group) {
                case LADO -> "LADO_OFFICER";
                case "lado-manager" -> "LADO_MANAGER";
                case CDOP -> "CDOP_COORDINATOR";
                default -> throw new IllegalArgumentException(group);
            });
        }
        return TestCallers.person(name, roles, groups, tenants);
    }

    private static List<String> keys(long... keys) {
        return java.util.Arrays.stream(keys).mapToObj(Long::toString).toList();
    }

    private static List<String> taskKeys(ResponseEntity<JsonNode> page) {
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        return page.getBody().path("items").findValuesAsText("taskKey");
    }

    private static void assertCounts(ResponseEntity<JsonNode> counts, long mine, long unassigned, long groups) {
        assertThat(counts.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(counts.getBody().path("mine").asLong()).as("mine").isEqualTo(mine);
        assertThat(counts.getBody().path("unassigned").asLong()).as("unassigned").isEqualTo(unassigned);
        assertThat(counts.getBody().path("groups").asLong()).as("groups").isEqualTo(groups);
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    private ResponseEntity<JsonNode> get(String path, String authorization) {
        return exchange(HttpMethod.GET, path, null, authorization);
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, JsonNode body, String authorization) {
        return http.exchange(path, method, new HttpEntity<>(body == null ? null : body.toString(),
                jsonHeaders(authorization)), JsonNode.class);
    }

    private static HttpHeaders jsonHeaders(String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        return headers;
    }

    private long count(String sql) {
        Long n = jdbc.sql(sql).query(Long.class).single();
        return n == null ? 0 : n;
    }
}
