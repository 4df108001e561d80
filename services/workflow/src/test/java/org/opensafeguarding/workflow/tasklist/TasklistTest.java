package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.events.CaseEventType;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.OutboundPrivacy;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
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

import javax.sql.DataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The tasklist against real parts: the local engine in-process, embedded PostgreSQL and the in-process broker. A
 * test model of its own ({@code src/test/resources/tasklist/}: process {@code tasklist-test}, a triage task and a
 * decision task with forms, candidate groups and due dates) runs for cases made through the real intake or
 * directly in the case table.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class TasklistTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROCESS = "tasklist-test";
    private static final String LADO = "lado";
    private static final String SECRET = "Throckmorton told the LADO about the bruises at 14 Quillbrook Terrace";
    private static final String RATIONALE = "Limb 1 met: Throckmorton admitted the incident; meeting needed";

    static TestInfrastructure.Topics topics;
    static LocalEngine engine;
    static final KafkaTestClient kafka = new KafkaTestClient();
    static KafkaTestClient.Reader caseEvents;
    static boolean deployed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        topics = TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : new AutoCloseable[] {caseEvents, kafka, engine}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort at the end of the class
            }
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

    @Autowired
    Pseudonymiser pseudonyms;

    @Autowired
    TaskReconciler reconciler;

    @Autowired
    DataSource dataSource;

    @Autowired
    Environment environment;

    @BeforeEach
    void deployTestModel() {
        if (!deployed) {
            client.newDeployResourceCommand()
                    .addResourceFromClasspath("tasklist/tasklist-test.bpmn")
                    .addResourceFromClasspath("tasklist/tasklist-test-triage.form")
                    .addResourceFromClasspath("tasklist/tasklist-test-decision.form")
                    .send().join();
            caseEvents = kafka.read(topics.caseEvents());
            deployed = true;
        }
    }

    // ------------------------------------------------------------------ mirror

    @Test
    void aTaskIsMirroredOnceWithOneCreatedEventHoweverOftenItIsReconciled() {
        Instance instance = startForNewCase(true);

        long triage = awaitTask(instance, "Triage");
        reconciler.reconcileOnce();
        reconciler.reconcileOnce();

        assertThat(count("SELECT count(*) FROM case_task WHERE process_instance_key = " + instance.key())).isEqualTo(1);
        assertThat(taskEvents(instance.caseId(), "task.created", triage)).hasSize(1);
        JsonNode created = taskEvents(instance.caseId(), "task.created", triage).get(0);
        assertThat(created.at("/data/taskType").asText()).isEqualTo("Triage");
        assertThat(created.at("/data/dueOn").asText()).isEqualTo(instance.dueTriage().toLocalDate().toString());
        assertThat(jdbc.sql("SELECT form_id FROM case_task WHERE task_key = :k").param("k", triage).query(String.class)
                .single()).isEqualTo("tasklist-test-triage");
        assertThat(jdbc.sql("SELECT count(*) FROM task_form WHERE form_id = 'tasklist-test-triage'").query(Long.class)
                .single()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'CREATE' AND resource_type = 'case_task' "
                + "AND resource_id = '" + triage + "'")).isEqualTo(1);
    }

    /**
     * The catch-up after a start against tasks no listener reported (a model deployed before it had the listener):
     * more tasks than a page, written a page per transaction. A task the database refuses fails alone and is
     * mirrored by the next reconciliation; a task of no known case is left out.
     */
    @Test
    void tasksNoListenerReportedAreMirroredByOneReconciliationAndARefusedOneFailsAlone() throws Exception {
        String unheard = "tasklist-test-unheard";
        String model;
        try (InputStream in = getClass().getResourceAsStream("/tasklist/tasklist-test.bpmn")) {
            model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        model = model.replaceAll("(?s)<zeebe:taskListeners>.*?</zeebe:taskListeners>", "")
                .replace("\"" + PROCESS + "\"", "\"" + unheard + "\"");
        assertThat(model).doesNotContain("taskListener").contains("id=\"" + unheard + "\"");
        client.newDeployResourceCommand().addResourceStringUtf8(model, unheard + ".bpmn").send().join();

        int tasks = 230; // more than two pages of the default 100
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            CaseId caseId = CaseId.newId();
            transactions.executeWithoutResult(s -> cases.insert(new CaseRecord(caseId, CaseType.LADO_ALLEGATION,
                    PROCESS, "LADO-WT2018", "default", CaseStatus.OPEN, LocalDate.of(2024, 3, 4), null, Instant.now(),
                    null)));
            // every tenth case does not know its instance yet: found through the caseId variable
            instances.add(start(unheard, caseId, i % 10 != 0));
        }
        Instance caseless = start(unheard, CaseId.newId(), false);
        Instance refused = instances.get(117);
        await().atMost(WAIT).until(() -> client.newUserTaskSearchRequest()
                .filter(f -> f.bpmnProcessId(unheard).state(UserTaskState.CREATED)).send().join()
                .page().totalItems() == tasks + 1);

        // as the tables' owner: the service's own role may not create functions or triggers
        try (Connection c = asOwner(); Statement statement = c.createStatement()) {
            statement.execute("""
                    CREATE FUNCTION refuse_one_task() RETURNS trigger AS $$
                    BEGIN
                        IF NEW.process_instance_key = %d THEN RAISE EXCEPTION 'refused by the test'; END IF;
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(refused.key()));
            statement.execute("CREATE TRIGGER refuse_one_task BEFORE INSERT ON case_task FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_one_task()");
        }
        int mirrored;
        try {
            mirrored = reconciler.reconcileOnce();
        } finally {
            try (Connection c = asOwner(); Statement statement = c.createStatement()) {
                statement.execute("DROP TRIGGER refuse_one_task ON case_task");
                statement.execute("DROP FUNCTION refuse_one_task()");
            }
        }

        String unheardRows = "SELECT count(*) FROM case_task WHERE process_id = '" + unheard + "'";
        assertThat(mirrored).isGreaterThanOrEqualTo(tasks - 1);
        assertThat(count(unheardRows)).isEqualTo(tasks - 1);
        assertThat(count("SELECT count(*) FROM case_task WHERE process_instance_key IN (" + refused.key() + ", "
                + caseless.key() + ")")).isZero();
        assertOneCreatedEventAndAuditRowEach(unheard, tasks - 1);

        // the refused task is mirrored next time, once; the others are not written again
        assertThat(reconciler.reconcileOnce()).isEqualTo(1);
        assertThat(count(unheardRows)).isEqualTo(tasks);
        assertOneCreatedEventAndAuditRowEach(unheard, tasks);
        assertThat(reconciler.reconcileOnce()).isZero();
        assertOneCreatedEventAndAuditRowEach(unheard, tasks);
        assertThat(count("SELECT count(DISTINCT case_id) FROM case_task WHERE process_id = '" + unheard + "'"))
                .isEqualTo(tasks);
    }

    private Connection asOwner() throws SQLException {
        return DriverManager.getConnection(environment.getRequiredProperty("spring.flyway.url"),
                environment.getRequiredProperty("spring.flyway.user"),
                environment.getRequiredProperty("spring.flyway.password"));
    }

    private void assertOneCreatedEventAndAuditRowEach(String processId, int rows) {
        String keys = "SELECT task_key::text FROM case_task WHERE process_id = '" + processId + "'";
        assertThat(count("SELECT count(*) FROM outbox_event WHERE event_type = '"
                + CaseEventType.TASK_CREATED.cloudEventType() + "' AND case_id IN (SELECT case_id FROM case_task WHERE process_id = '" + processId + "')")).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'system:tasklist' AND action = 'CREATE' "
                + "AND resource_type = 'case_task' AND resource_id IN (" + keys + ")")).isEqualTo(rows);
    }

    @Test
    void aCaseFromTheRealIntakeIsFoundThroughTheCaseIdVariable() {
        HttpHeaders asIntegration = jsonHeaders();
        asIntegration.set(HttpHeaders.AUTHORIZATION, TestCallers.integration());
        ResponseEntity<JsonNode> referral = http.postForEntity("/api/referrals", new HttpEntity<>(
                TestReferrals.bytes(TestReferrals.valid(ReferralKind.LADO_ALLEGATION)), asIntegration), JsonNode.class);
        assertThat(referral.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        CaseId caseId = CaseId.parse(referral.getBody().path("caseId").asText());

        Instance instance = start(caseId, false);
        long triage = awaitTask(instance, "Triage");

        assertThat(jdbc.sql("SELECT case_id FROM case_task WHERE task_key = :k").param("k", triage).query(UUID.class)
                .single()).isEqualTo(caseId.value());
    }

    @Test
    void aTaskTheEngineCancelsBecomesCanceledWithAnEvent() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        client.newPublishMessageCommand().messageName("tasklist-test.withdrawn")
                .correlationKey(instance.caseId().toString()).send().join();

        await().atMost(WAIT).until(() -> "CANCELED".equals(status(triage)));
        assertThat(taskEvents(instance.caseId(), "task.canceled", triage)).hasSize(1);
        ResponseEntity<JsonNode> complete = complete(triage, "amelia", LADO, triageValues());
        assertThat(complete.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(count("SELECT count(*) FROM task_completion WHERE task_key = " + triage)).isZero();
        assertEventsOnTheTopicAreClean(instance.caseId(), 2);
    }

    // ------------------------------------------------------------------ reading

    @Test
    void candidatesListTheirOpenTasksAndReadOneWithTheVariablesItsFormNeeds() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        ResponseEntity<JsonNode> mine = exchange(HttpMethod.GET, "/api/tasks?candidateGroup=lado&caseId=" + instance.caseId(),
                null, "amelia", "lado,cdop-coordinator");
        assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(mine.getBody().path("items").findValuesAsText("taskKey")).containsExactly(Long.toString(triage));
        assertThat(mine.getBody().path("totalItems").asLong()).isEqualTo(1);

        ResponseEntity<JsonNode> others = exchange(HttpMethod.GET, "/api/tasks?caseId=" + instance.caseId(), null,
                "bob", "cdop-coordinator");
        assertThat(others.getBody().path("items")).isEmpty();

        ResponseEntity<JsonNode> one = exchange(HttpMethod.GET, "/api/tasks/" + triage, null, "amelia", "lado");
        assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(one.getBody().at("/task/formId").asText()).isEqualTo("tasklist-test-triage");
        assertThat(one.getBody().at("/task/caseId").asText()).isEqualTo(instance.caseId().toString());
        assertThat(one.getBody().at("/task/candidateGroups/0").asText()).isEqualTo(LADO);
        // the triage form's text reads processVersion; nothing else of the instance is handed out
        assertThat(one.getBody().at("/variables/processVersion").asText()).isEqualTo("LADO-WT2018");
        assertThat(one.getBody().path("variables").has("caseId")).isFalse();
        assertThat(one.getBody().path("variablesAvailable").asBoolean()).isTrue();

        ResponseEntity<JsonNode> form = exchange(HttpMethod.GET, "/api/tasks/" + triage + "/form", null, "amelia", LADO);
        assertThat(form.getBody().at("/schema/id").asText()).isEqualTo("tasklist-test-triage");

        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'READ' "
                + "AND resource_type = 'case_task' AND resource_id = '" + triage + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'READ' "
                + "AND resource_id = 'list' AND detail->>'caseId' = '" + instance.caseId() + "'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ identity and access

    @Test
    void noUserIs401OutsidersAre403UnknownTasksAre404() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        ResponseEntity<JsonNode> anonymous = http.exchange("/api/tasks/" + triage, HttpMethod.GET,
                new HttpEntity<>(jsonHeaders()), JsonNode.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(complete(triage, null, LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange(HttpMethod.GET, "/api/tasks", null, "not a user id", LADO).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(exchange(HttpMethod.GET, "/api/tasks/" + triage, null, "bob", "cdop-coordinator").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, "bob", "cdop-coordinator")
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(complete(triage, "bob", "cdop-coordinator", triageValues()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange(HttpMethod.GET, "/api/tasks?candidateGroup=lado", null, "bob", "cdop-coordinator")
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:bob' AND action = 'DENIED' "
                + "AND resource_id = '" + triage + "'")).isEqualTo(3);

        assertThat(exchange(HttpMethod.GET, "/api/tasks/999999999", null, "amelia", LADO).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(complete(999999999L, "amelia", LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(count("SELECT count(*) FROM task_completion WHERE task_key = " + triage)).isZero();
    }

    // ------------------------------------------------------------------ claim and unassign

    @Test
    void claimAndUnassignGoToTheEngineWithEventsThatNameTheRoleNotThePerson() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        ResponseEntity<JsonNode> claimed = exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null,
                "amelia", "cdop-coordinator,lado");
        assertThat(claimed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(claimed.getBody().path("assignee").asText()).isEqualTo("amelia");
        assertThat(engineTask(triage).getAssignee()).isEqualTo("amelia");
        List<JsonNode> assigned = taskEvents(instance.caseId(), "task.assigned", triage);
        assertThat(assigned).hasSize(1);
        assertThat(assigned.get(0).at("/data/assigneeRole").asText()).isEqualTo(LADO);
        assertThat(assigned.get(0).toString()).doesNotContain("amelia");

        // claiming again is a no-op; someone else can neither claim, unassign nor complete it
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, "amelia", LADO).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, "bob", LADO).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(exchange(HttpMethod.POST, "/api/tasks/" + triage + "/unassign", null, "bob", LADO).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<JsonNode> theirs = complete(triage, "bob", LADO, triageValues());
        assertThat(theirs.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(theirs.getBody().path("code").asText()).isEqualTo("claimed-by-someone-else");
        assertThat(taskEvents(instance.caseId(), "task.assigned", triage)).hasSize(1);

        ResponseEntity<JsonNode> mine = exchange(HttpMethod.GET, "/api/tasks?assignee=amelia&caseId=" + instance.caseId(),
                null, "amelia", LADO);
        assertThat(mine.getBody().path("items").findValuesAsText("taskKey")).containsExactly(Long.toString(triage));

        ResponseEntity<JsonNode> released = exchange(HttpMethod.POST, "/api/tasks/" + triage + "/unassign", null,
                "amelia", LADO);
        assertThat(released.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(released.getBody().path("assignee").isMissingNode() || released.getBody().path("assignee").isNull()).isTrue();
        assertThat(engineTask(triage).getAssignee()).isNull();
        assertThat(taskEvents(instance.caseId(), "task.unassigned", triage)).hasSize(1);

        // a reconciliation after the API's changes finds the engine in the same state and writes nothing more
        reconciler.reconcileOnce();
        assertThat(taskEvents(instance.caseId(), "task.assigned", triage)).hasSize(1);
        assertThat(taskEvents(instance.caseId(), "task.unassigned", triage)).hasSize(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'UPDATE' "
                + "AND resource_id = '" + triage + "'")).isEqualTo(2);
        // created, assigned, unassigned
        assertEventsOnTheTopicAreClean(instance.caseId(), 3);
    }

    @Test
    void anAssignmentMadeAtTheEngineIsMirroredWithItsEvent() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        client.newAssignUserTaskCommand(triage).assignee("operator1").send().join();

        await().atMost(WAIT).until(() -> List.of("operator1").equals(jdbc.sql(
                "SELECT assignee FROM case_task WHERE task_key = :k AND assignee IS NOT NULL")
                .param("k", triage).query(String.class).list()));
        List<JsonNode> assigned = taskEvents(instance.caseId(), "task.assigned", triage);
        assertThat(assigned).hasSize(1);
        assertThat(assigned.get(0).at("/data/assigneeRole").asText()).isEqualTo(LADO);
        assertEventsOnTheTopicAreClean(instance.caseId(), 2);
    }

    // ------------------------------------------------------------------ completion

    @Test
    void completingSendsRoutingFactsToTheEngineAndKeepsFreeTextInTheCaseRecord() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");
        exchange(HttpMethod.POST, "/api/tasks/" + triage + "/claim", null, "amelia", LADO);

        ResponseEntity<JsonNode> done = complete(triage, "amelia", LADO, triageValues());

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(done.getBody().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.getBody().path("decisionRecorded").asBoolean()).isFalse();
        assertThat(engineTask(triage).getState()).isEqualTo(UserTaskState.COMPLETED);
        assertThat(status(triage)).isEqualTo("COMPLETED");

        // the task has no output mappings, so anything sent would be in the instance's variables
        Map<String, String> variables = engineVariables(instance.key());
        assertThat(variables).containsEntry("abuseCategory", "\"PHYSICAL\"").containsEntry("urgent", "true");
        assertThat(variables.keySet()).noneMatch(name -> name.startsWith("record"));
        assertThat(variables.values()).noneMatch(value -> value.contains("Throckmorton"));

        assertThat(jdbc.sql("SELECT body FROM case_note WHERE task_key = :k AND field = 'record.triageNotes'")
                .param("k", triage).query(String.class).single()).isEqualTo(SECRET);
        assertThat(jdbc.sql("SELECT variables::text FROM task_completion WHERE task_key = :k").param("k", triage)
                .query(String.class).single()).doesNotContain("Throckmorton").doesNotContain("record");
        assertThat(taskEvents(instance.caseId(), "task.completed", triage)).hasSize(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:amelia' AND action = 'UPDATE' "
                + "AND resource_id = '" + triage + "' AND detail->>'change' = 'completed'")).isEqualTo(1);
        awaitTask(instance, "Decide");
    }

    @Test
    void aDecisionIsRecordedWithItsCriteriaRoleAndRationaleAndMeetsTheDeadlineItsTaskShows() {
        Instance instance = startForNewCase(false);
        long triage = awaitTask(instance, "Triage");
        assertThat(complete(triage, "amelia", LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.OK);
        long decide = awaitTask(instance, "Decide");
        insertDeadline(instance.caseId(), "L2", instance.dueDecision().toInstant());
        insertDeadline(instance.caseId(), "L3", instance.dueDecision().toInstant().plus(Duration.ofDays(3)));

        ResponseEntity<JsonNode> done = complete(decide, "maria", "lado-manager", decisionValues());

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(done.getBody().path("decisionRecorded").asBoolean()).isTrue();
        assertThat(done.getBody().path("deadlinesMet").get(0).asText()).isEqualTo("L2");

        Map<String, Object> decision = jdbc.sql("""
                SELECT decision_type, criteria::text AS criteria, outcome, outcomes::text AS outcomes,
                       decision_maker_role, rationale, decided_by, decided_at
                FROM case_decision WHERE task_key = :k""").param("k", decide).query().singleRow();
        assertThat(decision.get("decision_type")).isEqualTo("tasklist-test-decision");
        assertThat(decision.get("outcome")).isEqualTo("MEETING");
        assertThat(decision.get("decision_maker_role")).isEqualTo("LADO_MANAGER");
        assertThat(decision.get("rationale")).isEqualTo(RATIONALE);
        assertThat(decision.get("decided_by")).isEqualTo("maria");
        assertThat(json((String) decision.get("criteria"))).isEqualTo(json("{\"harmTestLimb1\":true,\"harmTestLimb2\":false}"));
        assertThat(json((String) decision.get("outcomes"))).isEqualTo(json("{\"route\":\"MEETING\"}"));
        // the rationale is the decision's; it is not repeated as a note
        assertThat(count("SELECT count(*) FROM case_note WHERE task_key = " + decide)).isZero();

        List<JsonNode> recorded = caseEventsOfType(instance.caseId(), "decision.recorded");
        assertThat(recorded).hasSize(1);
        JsonNode data = recorded.get(0).path("data");
        assertThat(data.path("decisionType").asText()).isEqualTo("tasklist-test-decision");
        assertThat(data.path("outcome").asText()).isEqualTo("MEETING");
        assertThat(data.path("decisionMakerRole").asText()).isEqualTo("LADO_MANAGER");
        assertThat(data.path("criteria")).isEqualTo(json("{\"harmTestLimb1\":true,\"harmTestLimb2\":false}"));
        assertThat(recorded.get(0).toString()).doesNotContain("Throckmorton").doesNotContain("maria");

        assertThat(jdbc.sql("SELECT timescale_id || ':' || status FROM case_deadline WHERE case_id = :c ORDER BY timescale_id")
                .param("c", instance.caseId().value()).query(String.class).list()).containsExactly("L2:MET", "L3:OPEN");
        List<JsonNode> met = caseEventsOfType(instance.caseId(), "deadline.met");
        assertThat(met).hasSize(1);
        assertThat(met.get(0).at("/data/timescale").asText()).isEqualTo("L2");
        assertThat(met.get(0).at("/data/dueOn").asText()).isEqualTo(instance.dueDecision().toLocalDate().toString());
        // judged by the day the decision was made, which the event carries with the task's business dates
        assertThat(met.get(0).at("/data/doneOn").asText()).isEqualTo("2024-03-05");
        assertThat(met.get(0).at("/data/recordedLate").asBoolean()).isFalse();
        assertThat(taskEvents(instance.caseId(), "task.completed", decide)).singleElement()
                .satisfies(e -> assertThat(e.at("/data/businessDates")).isEqualTo(json("{\"decidedOn\":\"2024-03-05\"}")));

        // only the mapped routing facts left the task, and never the rationale
        Map<String, String> variables = engineVariables(instance.key());
        assertThat(variables).containsEntry("route", "\"MEETING\"").containsEntry("harmTestMet", "true");
        assertThat(variables.values()).noneMatch(value -> value.contains("Throckmorton"));

        assertEventsOnTheTopicAreClean(instance.caseId(), 6);
    }

    @Test
    void invalidValuesAreA400NamingEachFieldAndStoreNothing() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");
        assertThat(complete(triage, "amelia", LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.OK);
        long decide = awaitTask(instance, "Decide");
        long outboxBefore = count("SELECT count(*) FROM outbox_event WHERE case_id = '" + instance.caseId() + "'");

        ObjectNode values = TestReferrals.JSON.createObjectNode();
        values.put("harmTestLimb1", "yes");
        values.put("decisionMakerRole", "LADO");
        values.put("decidedOn", "last Tuesday");
        values.put("notes", "Throckmorton said so");
        ResponseEntity<JsonNode> response = complete(decide, "amelia", LADO, values);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        JsonNode errors = response.getBody().path("errors");
        Map<String, String> rules = new HashMap<>();
        errors.forEach(e -> rules.put(e.path("field").asText(), e.path("rule").asText()));
        assertThat(rules).containsEntry("route", "required")
                .containsEntry("record.rationale", "required")
                .containsEntry("harmTestLimb1", "type")
                .containsEntry("decidedOn", "format")
                .containsEntry("notes", "unknown-field")
                // hidden by a condition the service cannot evaluate: never demanded
                .doesNotContainKey("harmTestLimb4");
        assertThat(response.getBody().toString()).doesNotContain("Throckmorton").doesNotContain("last Tuesday");

        ObjectNode wrongOption = decisionValues();
        wrongOption.put("route", "SOMETHING_ELSE");
        ResponseEntity<JsonNode> option = complete(decide, "amelia", LADO, wrongOption);
        assertThat(option.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(option.getBody().path("errors").findValuesAsText("rule")).containsExactly("enum");

        // business dates: not after today, not before the case began (4 Mar 2024), in the form's order
        Map<String, String> dates = new LinkedHashMap<>();
        dates.put("decidedOn=2999-01-01", "decidedOn:not-in-future");
        dates.put("decidedOn=2024-03-03", "decidedOn:not-before-case");
        dates.put("decidedOn=2024-03-06,decisionSentOn=2024-03-05", "decisionSentOn:date-order");
        dates.forEach((given, expected) -> {
            ObjectNode dated = decisionValues();
            for (String pair : given.split(",")) {
                dated.put(pair.split("=")[0], pair.split("=")[1]);
            }
            ResponseEntity<JsonNode> refused = complete(decide, "amelia", LADO, dated);
            assertThat(refused.getStatusCode()).as(given).isEqualTo(HttpStatus.BAD_REQUEST);
            List<String> problems = new ArrayList<>();
            refused.getBody().path("errors").forEach(e -> problems.add(e.path("field").asText() + ":"
                    + e.path("rule").asText()));
            assertThat(problems).as(given).containsExactly(expected);
            assertThat(refused.getBody().toString()).doesNotContain("2999-01-01").doesNotContain("2024-03-0");
        });

        assertThat(count("SELECT count(*) FROM task_completion WHERE task_key = " + decide)).isZero();
        assertThat(count("SELECT count(*) FROM case_decision WHERE task_key = " + decide)).isZero();
        assertThat(count("SELECT count(*) FROM outbox_event WHERE case_id = '" + instance.caseId() + "'")).isEqualTo(outboxBefore);
        assertThat(status(decide)).isEqualTo("OPEN");
        assertThat(engineTask(decide).getState()).isEqualTo(UserTaskState.CREATED);
    }

    @Test
    void sendingTheSameCompletionAgainChangesNothingAndDifferentValuesAreA409() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        ResponseEntity<JsonNode> first = complete(triage, "amelia", LADO, triageValues());
        ResponseEntity<JsonNode> again = complete(triage, "amelia", LADO, triageValues());

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("repeat").asBoolean()).isTrue();
        assertThat(again.getBody().path("status").asText()).isEqualTo("COMPLETED");
        ObjectNode different = triageValues();
        different.put("abuseCategory", "NEGLECT");
        assertThat(complete(triage, "amelia", LADO, different).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(complete(triage, "bob", LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        awaitTask(instance, "Decide");
        reconciler.reconcileOnce();
        assertThat(taskEvents(instance.caseId(), "task.completed", triage)).hasSize(1);
        assertThat(count("SELECT count(*) FROM case_note WHERE task_key = " + triage)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM case_task WHERE element_id = 'Decide' AND process_instance_key = "
                + instance.key())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'REPLAY' AND resource_id = '" + triage + "'"))
                .isEqualTo(1);
    }

    @Test
    void aCompletionRecordedWhileTheEngineIsDownReachesItOnceItIsBack() {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        ResponseEntity<JsonNode> pending;
        engine.stop();
        try {
            pending = complete(triage, "amelia", LADO, triageValues());
            assertThat(pending.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(pending.getBody().path("status").asText()).isEqualTo("PENDING");
            // recorded here already: the note, the event, and a pending command that is retried
            assertThat(status(triage)).isEqualTo("COMPLETING");
            assertThat(count("SELECT count(*) FROM case_note WHERE task_key = " + triage)).isEqualTo(1);
            assertThat(taskEvents(instance.caseId(), "task.completed", triage)).hasSize(1);
            await().atMost(WAIT).until(() -> count("SELECT attempts FROM task_completion WHERE task_key = " + triage) >= 2);
            assertThat(jdbc.sql("SELECT status FROM task_completion WHERE task_key = :k").param("k", triage)
                    .query(String.class).single()).isEqualTo("PENDING");
            // a retry of the request while the engine is still away is answered the same way and stores nothing new
            ResponseEntity<JsonNode> retried = complete(triage, "amelia", LADO, triageValues());
            assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        } finally {
            engine.restart();
        }

        // the background retrier hands it over without anyone asking again
        await().atMost(WAIT).until(() -> "DONE".equals(jdbc.sql("SELECT status FROM task_completion WHERE task_key = :k")
                .param("k", triage).query(String.class).single()));
        assertThat(status(triage)).isEqualTo("COMPLETED");
        assertThat(engineTask(triage).getState()).isEqualTo(UserTaskState.COMPLETED);
        assertThat(engineVariables(instance.key())).containsEntry("abuseCategory", "\"PHYSICAL\"");

        ResponseEntity<JsonNode> retriedLater = complete(triage, "amelia", LADO, triageValues());
        assertThat(retriedLater.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retriedLater.getBody().path("repeat").asBoolean()).isTrue();

        long decide = awaitTask(instance, "Decide");
        reconciler.reconcileOnce();
        assertThat(taskEvents(instance.caseId(), "task.completed", triage)).hasSize(1);
        assertThat(taskEvents(instance.caseId(), "task.created", decide)).hasSize(1);
        assertThat(count("SELECT count(*) FROM case_note WHERE task_key = " + triage)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM case_task WHERE process_instance_key = " + instance.key())).isEqualTo(2);
    }

    @Test
    void anAttemptThatReachedTheEngineButLostItsAnswerCountsAsDone() throws Exception {
        Instance instance = startForNewCase(true);
        long triage = awaitTask(instance, "Triage");

        engine.stop();
        try (Connection hold = dataSource.getConnection()) {
            try {
                assertThat(complete(triage, "amelia", LADO, triageValues()).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
                // a row lock keeps the retrier (which claims with SKIP LOCKED) away while the test plays an earlier
                // attempt that reached the engine and whose answer never came back; taken when no attempt is in flight
                hold.setAutoCommit(false);
                await().atMost(WAIT).until(() -> {
                    try (PreparedStatement lock = hold.prepareStatement(
                            "SELECT leased_until FROM task_completion WHERE task_key = ? FOR UPDATE")) {
                        lock.setLong(1, triage);
                        try (ResultSet rs = lock.executeQuery()) {
                            if (rs.next() && rs.getTimestamp(1) == null) {
                                return true;
                            }
                        }
                    }
                    hold.rollback();
                    return false;
                });
            } finally {
                engine.restart();
            }
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                client.newCompleteUserTaskCommand(triage).variables(Map.of("abuseCategory", "PHYSICAL", "urgent", true))
                        .send().join();
                return true;
            });
            hold.commit();
        }

        await().atMost(WAIT).until(() -> "DONE".equals(jdbc.sql("SELECT status FROM task_completion WHERE task_key = :k")
                .param("k", triage).query(String.class).single()));
        assertThat(status(triage)).isEqualTo("COMPLETED");
        assertThat(taskEvents(instance.caseId(), "task.completed", triage)).hasSize(1);
        long decide = awaitTask(instance, "Decide");
        assertThat(taskEvents(instance.caseId(), "task.created", decide)).hasSize(1);
    }

    @Test
    void theApiIsInTheOpenApiDocumentWithBearerTokensAndNoIdentityHeaders() {
        ResponseEntity<JsonNode> api = http.getForEntity("/v3/api-docs", JsonNode.class);

        assertThat(api.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode paths = api.getBody().path("paths");
        assertThat(paths.at("/~1api~1tasks/get")).isNotEmpty();
        assertThat(paths.at("/~1api~1tasks~1{taskKey}/get")).isNotEmpty();
        assertThat(paths.at("/~1api~1tasks~1{taskKey}~1claim/post")).isNotEmpty();
        assertThat(paths.at("/~1api~1tasks~1{taskKey}~1unassign/post")).isNotEmpty();
        assertThat(paths.at("/~1api~1tasks~1{taskKey}~1completion/post")).isNotEmpty();
        assertThat(paths.at("/~1api~1tasks~1{taskKey}~1completion/post/parameters").findValuesAsText("name"))
                .doesNotContain("X-User-Id", "X-User-Groups", "caller");
        assertThat(api.getBody().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(api.getBody().at("/security/0").has("bearer")).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Every event of the case reaches the topic, carries no personal data, free text, user id or case id
     * (OutboundPrivacy), and matches the published schema.
     */
    private void assertEventsOnTheTopicAreClean(CaseId caseId, int atLeast) {
        String pseudonym = pseudonyms.of(caseId);
        long expected = count("SELECT count(*) FROM outbox_event WHERE case_id = '" + caseId + "'");
        assertThat(expected).isGreaterThanOrEqualTo(atLeast);
        await().atMost(WAIT).until(() -> caseEvents.records().stream().filter(r -> pseudonym.equals(r.key())).count() >= expected);
        List<String> sensitive = List.of(SECRET, RATIONALE, "Throckmorton", caseId.toString(), "amelia", "maria",
                "operator1");
        for (ConsumerRecord<String, byte[]> record : caseEvents.records()) {
            if (!pseudonym.equals(record.key())) {
                continue;
            }
            List<String> problems = OutboundPrivacy.problems(record.key(), record.value(), Map.of(), sensitive);
            if (!problems.isEmpty()) {
                fail("case event leaks: " + problems + " in " + new String(record.value(), StandardCharsets.UTF_8));
            }
            assertThat(CaseEventSchema.violations(json(new String(record.value(), StandardCharsets.UTF_8)))).isEmpty();
        }
    }

    record Instance(CaseId caseId, long key, OffsetDateTime dueTriage, OffsetDateTime dueDecision) {
    }

    private Instance startForNewCase(boolean recordInstanceOnCase) {
        CaseId caseId = CaseId.newId();
        transactions.executeWithoutResult(s -> cases.insert(new CaseRecord(caseId, CaseType.LADO_ALLEGATION, PROCESS,
                "LADO-WT2018", "default", CaseStatus.OPEN, LocalDate.of(2024, 3, 4), null, Instant.now(), null)));
        return start(caseId, recordInstanceOnCase);
    }

    private Instance start(CaseId caseId, boolean recordInstanceOnCase) {
        return start(PROCESS, caseId, recordInstanceOnCase);
    }

    private Instance start(String processId, CaseId caseId, boolean recordInstanceOnCase) {
        OffsetDateTime dueTriage = OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime dueDecision = dueTriage.plusDays(5);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("processVersion", "LADO-WT2018");
        variables.put("harmTestLimb4Applies", false);
        variables.put("dueTriage", dueTriage.toString());
        variables.put("dueDecision", dueDecision.toString());
        long key = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
        if (recordInstanceOnCase) {
            transactions.executeWithoutResult(s -> cases.recordProcessInstance(caseId, key));
        }
        return new Instance(caseId, key, dueTriage, dueDecision);
    }

    private long awaitTask(Instance instance, String elementId) {
        return await().atMost(WAIT).until(() -> jdbc.sql(
                        "SELECT task_key FROM case_task WHERE process_instance_key = :p AND element_id = :e")
                .param("p", instance.key()).param("e", elementId).query(Long.class).optional().orElse(null),
                key -> key != null);
    }

    private void insertDeadline(CaseId caseId, String timescale, Instant due) {
        jdbc.sql("""
                INSERT INTO case_deadline (case_id, timescale_id, variable, clock_start, due_at, set_at)
                VALUES (:c, :t, :v, now(), :due, now())
                """)
                .param("c", caseId.value()).param("t", timescale).param("v", "due" + timescale)
                .param("due", Timestamp.from(due)).update();
    }

    private static ObjectNode triageValues() {
        ObjectNode values = TestReferrals.JSON.createObjectNode();
        values.put("urgent", true);
        values.put("abuseCategory", "PHYSICAL");
        values.putObject("record").put("triageNotes", SECRET);
        return values;
    }

    private static ObjectNode decisionValues() {
        ObjectNode values = TestReferrals.JSON.createObjectNode();
        values.put("harmTestLimb1", true);
        values.put("harmTestLimb2", false);
        values.put("route", "MEETING");
        values.put("decidedOn", "2024-03-05");
        values.put("decisionMakerRole", "LADO_MANAGER");
        values.put("record.rationale", RATIONALE);
        return values;
    }

    private ResponseEntity<JsonNode> complete(long taskKey, String user, String groups, JsonNode values) {
        return exchange(HttpMethod.POST, "/api/tasks/" + taskKey + "/completion", values, user, groups);
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, JsonNode body, String user, String groups) {
        HttpHeaders headers = jsonHeaders();
        if (user != null) {
            headers.set(HttpHeaders.AUTHORIZATION, TestCallers.bearer(user, groups));
        }
        return http.exchange(path, method, new HttpEntity<>(body == null ? null : body.toString(), headers), JsonNode.class);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return headers;
    }

    private UserTask engineTask(long taskKey) {
        return client.newUserTaskGetRequest(taskKey).send().join();
    }

    private Map<String, String> engineVariables(long instanceKey) {
        Map<String, String> out = new HashMap<>();
        for (Variable v : client.newVariableSearchRequest().filter(f -> f.processInstanceKey(instanceKey))
                .page(p -> p.limit(1000)).send().join().items()) {
            out.put(v.getName(), v.getValue());
        }
        return out;
    }

    private String status(long taskKey) {
        return jdbc.sql("SELECT status FROM case_task WHERE task_key = :k").param("k", taskKey).query(String.class).single();
    }

    private List<JsonNode> caseEventsOfType(CaseId caseId, String type) {
        List<JsonNode> out = new ArrayList<>();
        jdbc.sql("SELECT envelope::text FROM outbox_event WHERE case_id = :c AND event_type = :t ORDER BY id")
                .param("c", caseId.value()).param("t", "org.opensafeguarding.case." + type).query(String.class).list()
                .forEach(text -> out.add(json(text)));
        return out;
    }

    private List<JsonNode> taskEvents(CaseId caseId, String type, long taskKey) {
        // events carry the task's pseudonym, never its engine key
        String task = pseudonyms.ofTask(taskKey);
        return caseEventsOfType(caseId, type).stream()
                .filter(e -> task.equals(e.at("/data/task").asText())).toList();
    }

    private static JsonNode json(String text) {
        try {
            return TestReferrals.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private long count(String sql) {
        Long n = jdbc.sql(sql).query(Long.class).single();
        return n == null ? 0 : n;
    }
}
