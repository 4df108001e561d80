package org.opensafeguarding.workflow.processes.support;

import org.opensafeguarding.workflow.support.TestCallers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.intake.Channel;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.OutboundPrivacy;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.awaitility.core.ConditionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives and observes one case through the real models, the real workers and the real intake, through the official
 * {@link CamundaClient} and the engine's management endpoints only (so the same steps would work against a Camunda 8
 * cluster, apart from the clock). Obtained from {@link ProcessTestSupport#harness}; every wait is an Awaitility
 * poll of at most {@link #WAIT}, never a sleep.
 *
 * <p>Everything is scoped to a {@link ProcessCase}: the engine is shared by the tests of a class, and each test's
 * cases are new, so assertions never see another test's instances. The clock is the engine's and the service's
 * together ({@link #setClock}, {@link #advanceClock}); each test starts at {@link #DEFAULT_NOW}.
 */
public final class ProcessHarness {

    /** Longest wait for anything (the engine, the workers, the outbox). */
    public static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Where each test's clock starts: Mon 4 Mar 2024 09:00 in London (GMT), the day {@link TestReferrals}' LADO
     * referral is received.
     */
    public static final Instant DEFAULT_NOW = Instant.parse("2024-03-04T09:00:00Z");

    private static final String EVENT_PREFIX = "org.opensafeguarding.case.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<ElementInstanceType> JOB_ELEMENTS = EnumSet.of(ElementInstanceType.SERVICE_TASK,
            ElementInstanceType.SEND_TASK, ElementInstanceType.BUSINESS_RULE_TASK, ElementInstanceType.SCRIPT_TASK,
            ElementInstanceType.INTERMEDIATE_THROW_EVENT, ElementInstanceType.END_EVENT);

    private final CamundaClient client;
    private final ReferralIntake intake;
    private final JdbcClient jdbc;
    private final Pseudonymiser pseudonyms;
    private final TestClock clock;
    private final URI management;
    private final URI service;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ProcessCase> cases = new ArrayList<>();

    ProcessHarness(CamundaClient client, ReferralIntake intake, JdbcClient jdbc, Pseudonymiser pseudonyms,
                   TestClock clock, URI management, URI service) {
        this.client = client;
        this.intake = intake;
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.management = management;
        this.service = service;
    }

    public CamundaClient client() {
        return client;
    }

    /**
     * The test database as its owner (the superuser), for fault injection the service's own role may not do, such as
     * a trigger on one of its tables.
     */
    public JdbcClient ownerJdbc() {
        String database = jdbc.sql("SELECT current_database()").query(String.class).single();
        return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                org.opensafeguarding.testkit.EmbeddedPostgresSupport.jdbcUrl(database)));
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    // ---------------------------------------------------------------------------------------------- cases

    /** Opens a case through {@link ReferralIntake} with {@link TestReferrals}' referral of that kind. */
    public ProcessCase startCase(ReferralKind kind) {
        return startCase(kind, data -> {
        });
    }

    /**
     * Opens a case through {@link ReferralIntake} with {@link TestReferrals}' referral of that kind, changed first,
     * e.g. {@code data -> data.put("receivedDate", "2017-03-06")}; waits for its process instance.
     */
    public ProcessCase startCase(ReferralKind kind, Consumer<ObjectNode> data) {
        ObjectNode referral = TestReferrals.valid(kind);
        data.accept((ObjectNode) referral.get("data"));
        return startCase(referral);
    }

    /** Opens a case with this referral CloudEvent through {@link ReferralIntake}; waits for its process instance. */
    public ProcessCase startCase(ObjectNode referral) {
        CaseId caseId = intake.accept(TestReferrals.bytes(referral), Channel.REST, "process-test").caseId();
        return track(awaitInstance(caseId, referral));
    }

    /** Opens a case by POSTing the referral to {@code /api/referrals}, as a partner would; waits for its instance. */
    public ProcessCase startCaseOverRest(ObjectNode referral) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/api/referrals"))
                    .header("Content-Type", "application/cloudevents+json")
                    .header("Authorization", TestCallers.integration())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TestReferrals.bytes(referral))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST /api/referrals: %s", response.body()).isIn(200, 201);
            CaseId caseId = CaseId.parse(JSON.readTree(response.body()).path("caseId").asText());
            return track(awaitInstance(caseId, referral));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A case another case's step opened (the serious incident a child death review raises): waits for the process
     * instance whose {@code caseId} variable is this case.
     */
    public ProcessCase awaitCase(CaseId caseId) {
        return track(awaitInstance(caseId, null));
    }

    private ProcessCase awaitInstance(CaseId caseId, ObjectNode referral) {
        ProcessInstance instance = waitFor("process instance of case " + caseId).ignoreExceptions()
                .until(() -> client.newProcessInstanceSearchRequest()
                                .filter(f -> f.variables(Map.of("caseId", "\"" + caseId + "\""))).send().join().items(),
                        items -> !items.isEmpty()).get(0);
        return new ProcessCase(caseId, instance.getProcessInstanceKey(), instance.getProcessDefinitionId(), referral);
    }

    private ProcessCase track(ProcessCase c) {
        cases.add(c);
        return c;
    }

    /** The cases this test opened or found, in order. */
    public List<ProcessCase> cases() {
        return List.copyOf(cases);
    }

    /** {@code case_file.status}: OPEN or CLOSED. */
    public String caseStatus(ProcessCase c) {
        return jdbc.sql("SELECT status FROM case_file WHERE id = :id").param("id", c.caseId().value())
                .query(String.class).single();
    }

    /** The pseudonym case events carry for this case. */
    public String pseudonym(ProcessCase c) {
        return pseudonyms.of(c.caseId());
    }

    // ---------------------------------------------------------------------------------------------- user tasks

    /** Waits for the one open (CREATED) user task of this element, and returns it. */
    public UserTask awaitUserTask(ProcessCase c, String elementId) {
        return waitFor("user task " + elementId + " of case " + c.caseId()).ignoreExceptions()
                .until(() -> openUserTasks(c, elementId), tasks -> tasks.size() == 1).get(0);
    }

    /** The open (CREATED) user tasks of the case's instance. */
    public List<UserTask> openUserTasks(ProcessCase c) {
        return client.newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(c.processInstanceKey()).state(UserTaskState.CREATED))
                .page(p -> p.limit(1000)).send().join().items();
    }

    /** The open (CREATED) user tasks of one element of the case's instance. */
    public List<UserTask> openUserTasks(ProcessCase c, String elementId) {
        return client.newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(c.processInstanceKey()).elementId(elementId).state(UserTaskState.CREATED))
                .send().join().items();
    }

    /**
     * Waits for the open escalation task of a passed deadline of this case. Escalations run as instances of their
     * own process ({@code deadline-escalation}, started by the {@code case-event.emit} worker), so they never hold up
     * the case; this finds the one for the timescale.
     */
    public UserTask awaitEscalationTask(ProcessCase c, String timescaleId) {
        return waitFor("escalation task for " + timescaleId + " of case " + c.caseId()).ignoreExceptions()
                .until(() -> openEscalationTasks(c, timescaleId), tasks -> tasks.size() == 1).get(0);
    }

    /** The open escalation tasks of the case for one timescale (see {@link #awaitEscalationTask}). */
    public List<UserTask> openEscalationTasks(ProcessCase c, String timescaleId) {
        String caseId = "\"" + c.caseId() + "\"";
        List<UserTask> open = new ArrayList<>();
        for (var instance : client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(ProcessIds.DEADLINE_ESCALATION).variables(Map.of("caseId", caseId)))
                .page(p -> p.limit(1000)).send().join().items()) {
            long key = instance.getProcessInstanceKey();
            boolean forTimescale = client.newVariableSearchRequest()
                    .filter(f -> f.processInstanceKey(key).name("timescaleId")).send().join().items().stream()
                    .anyMatch(v -> ("\"" + timescaleId + "\"").equals(v.getValue()));
            if (forTimescale) {
                open.addAll(client.newUserTaskSearchRequest()
                        .filter(f -> f.processInstanceKey(key).state(UserTaskState.CREATED)).send().join().items());
            }
        }
        return open;
    }

    /** The root-scope variables of an escalation task's own {@code deadline-escalation} instance, as JSON. */
    public Map<String, JsonNode> escalationVariables(UserTask escalation) {
        long key = escalation.getProcessInstanceKey();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        client.newVariableSearchRequest().filter(f -> f.processInstanceKey(key).scopeKey(key))
                .page(p -> p.limit(1000)).send().join().items()
                .forEach(v -> out.put(v.getName(), readJson(v.getValue())));
        return out;
    }

    /**
     * Waits for the escalation of a passed deadline and checks it: the task is {@code Escalate} of its own
     * {@code deadline-escalation} instance (not of the case's), for {@code group} at priority 80, with a due date;
     * that instance carries the case id, the timescale, the tier and where the breach was recorded: the case's
     * instance and its {@code Emit_*} element, which completed there together with the path's
     * {@code EscalationDone_*} end, so nothing of the breach is left waiting in the case.
     *
     * @return the escalation task
     */
    public UserTask awaitEscalation(ProcessCase c, String timescaleId, String group) {
        return awaitEscalation(c, timescaleId, group, null);
    }

    /**
     * {@link #awaitEscalation(ProcessCase, String, String)}, and the breach was recorded by this element of the case
     * ({@code Emit_<timescale>_<host>}).
     */
    public UserTask awaitEscalation(ProcessCase c, String timescaleId, String group, String emitElement) {
        UserTask escalation = awaitEscalationTask(c, timescaleId);
        assertThat(escalation.getBpmnProcessId()).isEqualTo(ProcessIds.DEADLINE_ESCALATION);
        assertThat(escalation.getElementId()).isEqualTo("Escalate");
        assertThat(escalation.getProcessInstanceKey()).as("the escalation is not in the case's instance")
                .isNotEqualTo(c.processInstanceKey());
        assertThat(escalation.getCandidateGroups()).containsExactly(group);
        assertThat(escalation.getPriority()).isEqualTo(80);
        assertThat(escalation.getDueDate()).as("escalation due date").isNotNull();
        Map<String, JsonNode> vars = escalationVariables(escalation);
        assertThat(vars.get("caseId").asText()).isEqualTo(c.caseId().toString());
        assertThat(vars.get("timescaleId").asText()).isEqualTo(timescaleId);
        assertThat(vars.get("escalateTo").asText()).isEqualTo(group);
        assertThat(vars.get("sourceProcessInstanceKey").asLong()).isEqualTo(c.processInstanceKey());
        // when it passed: recorded by the breach, no earlier than the deadline's last instant on time
        assertThat(Instant.parse(vars.get("breachedAt").asText())).as("breachedAt")
                .isAfter(Instant.parse(vars.get("dueAt").asText()));
        String emit = vars.get("sourceElementId").asText();
        assertThat(emit).startsWith("Emit_");
        if (emitElement != null) {
            assertThat(emit).isEqualTo(emitElement);
        }
        String escalationDone = "EscalationDone_" + emit.substring("Emit_".length());
        waitFor(emit + " and " + escalationDone + " completed in case " + c.caseId()).ignoreExceptions()
                .until(() -> completedElements(c).containsAll(List.of(emit, escalationDone)));
        return escalation;
    }

    /** Waits for the element's open user task and completes it with these variables (what the form would submit). */
    public void completeUserTask(ProcessCase c, String elementId, Map<String, Object> variables) {
        completeUserTask(awaitUserTask(c, elementId), variables);
    }

    /** Completes the task with these variables and waits until the engine has it completed. */
    public void completeUserTask(UserTask task, Map<String, Object> variables) {
        client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(variables).send().join();
        waitFor("user task " + task.getElementId() + " completed").ignoreExceptions()
                .until(() -> client.newUserTaskGetRequest(task.getUserTaskKey()).send().join().getState()
                        == UserTaskState.COMPLETED);
    }

    /**
     * Completes the element's task the way a caseworker does: through the tasklist API ({@code docs/tasklist.md}) as
     * a member of the task's first candidate group, so {@code record.*} free text goes to the case record, a body
     * with {@code decisionMakerRole} records a decision, deadlines falling on the task are marked met, and the task
     * events are written. Waits until the tasklist has mirrored the task and the engine has it completed.
     *
     * @param formValues the form's values by field key, {@code record.*} included
     * @return the response body (the completion's view)
     */
    public JsonNode completeAsCaseworker(ProcessCase c, String elementId, Map<String, Object> formValues) {
        return completeAsCaseworker(awaitUserTask(c, elementId), formValues);
    }

    /** {@link #completeAsCaseworker(ProcessCase, String, Map)} for a task already found, e.g. an escalation task. */
    public JsonNode completeAsCaseworker(UserTask task, Map<String, Object> formValues) {
        String elementId = task.getElementId();
        Answer answer = submitAsCaseworker(task, formValues);
        if (answer.status() != 200) {
            throw new AssertionError("completing " + elementId + " through the tasklist answered "
                    + answer.status() + ": " + answer.body());
        }
        waitFor("user task " + elementId + " completed").ignoreExceptions()
                .until(() -> client.newUserTaskGetRequest(task.getUserTaskKey()).send().join().getState()
                        == UserTaskState.COMPLETED);
        return answer.body();
    }

    /** The tasklist's answer to a completion: its HTTP status and body (problem JSON when refused). */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * Sends the completion the way {@link #completeAsCaseworker(UserTask, Map)} does, but returns the tasklist's
     * answer whatever it is, and does not wait for the engine: for completions the tasklist should refuse.
     */
    public Answer submitAsCaseworker(UserTask task, Map<String, Object> formValues) {
        String elementId = task.getElementId();
        String group = task.getCandidateGroups() == null || task.getCandidateGroups().isEmpty()
                ? "caseworker" : task.getCandidateGroups().get(0);
        URI taskUri = service.resolve("/api/tasks/" + task.getUserTaskKey());
        waitFor("tasklist mirrors " + elementId).until(() -> {
            int status = http.send(asCaseworker(HttpRequest.newBuilder(taskUri), group).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 403) {
                // a restricted case (a death under practice review): a caseworker not named on it breaks the glass
                breakGlass(task.getUserTaskKey(), group);
            }
            return status == 200;
        });
        try {
            HttpResponse<String> response = http.send(asCaseworker(HttpRequest.newBuilder(taskUri.resolve(
                            taskUri.getPath() + "/completion")), group)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(formValues))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), readJson(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void breakGlass(long taskKey, String group) throws IOException, InterruptedException {
        String caseId = jdbc.sql("SELECT case_id::text FROM case_task WHERE task_key = :k").param("k", taskKey)
                .query(String.class).single();
        HttpResponse<String> response = http.send(asCaseworker(HttpRequest.newBuilder(
                        service.resolve("/api/cases/" + caseId + "/break-glass")), group)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"Process test: the next step is mine\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("break-glass: %s", response.body()).isEqualTo(201);
    }

    private static HttpRequest.Builder asCaseworker(HttpRequest.Builder request, String group) {
        return request.header("Authorization", TestCallers.caseworker(group));
    }

    // ---------------------------------------------------------------------------------------------- messages

    /** Publishes a BPMN message (TTL 1 hour of engine time, a fresh message id). */
    public void publishMessage(String name, String correlationKey, Map<String, Object> variables) {
        client.newPublishMessageCommand().messageName(name).correlationKey(correlationKey)
                .messageId(UUID.randomUUID().toString()).timeToLive(Duration.ofHours(1)).variables(variables)
                .send().join();
    }

    // ---------------------------------------------------------------------------------------------- clock

    /** The engine's and the service's "now". */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Today in London by the test clock, as a form's date field holds it: the business date of a step done as it is
     * recorded (a business date may not be after today, and decides whether the step's deadline was met).
     */
    public String today() {
        return java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/London")).toString();
    }

    /**
     * Moves the engine's clock and the service's to {@code instant} (both keep ticking from there). Cases opened
     * afterwards get their dates from it; earlier ones keep the due dates they have.
     */
    public void setClock(Instant instant) {
        // both clocks are "system time + offset", and only this class moves them, so they move by the same amount
        long offset = instant.toEpochMilli() - System.currentTimeMillis();
        long by = offset - clock.offsetMillis();
        clock.setOffsetMillis(offset);
        addEngineClock(by);
    }

    /**
     * Pins the engine's clock and the harness's at {@code instant}: time stands still there until the next pin, as in
     * a replay of a past year moved day by day. A service in the replay profile reads the engine's clock itself;
     * waits first, like {@link #advanceClock}, until the test's cases have no job waiting for a worker.
     */
    public void pinClock(Instant instant) {
        cases.forEach(this::awaitQuiet);
        clock.pin(instant);
        moveEngineClock("pin", "{\"timestamp\":" + instant.toEpochMilli() + "}");
    }

    /**
     * Moves both clocks forward, e.g. past a due date so its timer fires. Waits first until the test's cases have
     * no job waiting for a worker, so no job in flight outlives its timeout because of the jump.
     */
    public void advanceClock(Duration duration) {
        cases.forEach(this::awaitQuiet);
        clock.setOffsetMillis(clock.offsetMillis() + duration.toMillis());
        addEngineClock(duration.toMillis());
    }

    /** Moves both clocks forward to {@code instant} (plus the milliseconds the call takes). */
    public void advanceClockTo(Instant instant) {
        Duration by = Duration.between(now(), instant);
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: it is " + now() + ", not before " + instant);
        }
        advanceClock(by);
    }

    private void addEngineClock(long millis) {
        moveEngineClock("add", "{\"offsetMilli\":" + millis + "}");
    }

    /** One call of the engine's clock endpoint, then the barrier, so every clock move waits for its timers. */
    private void moveEngineClock(String operation, String body) {
        send(HttpRequest.newBuilder(management.resolve("/actuator/clock/" + operation))
                .header("Content-Type", "application/json")
                .header("Authorization", TestCallers.machine(TestCallers.WORKFLOW_CLIENT, Set.of("WORKFLOW_SERVICE"),
                        Set.of(TestCallers.TENANT)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        clockBarrier();
    }

    /**
     * Every wait of the harness: checked at once, then every 100 ms. (Awaitility's default first waits one poll
     * interval even when the condition already holds; hundreds of such waits made a replayed year a minute slower.)
     */
    private static ConditionFactory waitFor(String what) {
        return await(what).atMost(WAIT).pollDelay(Duration.ZERO);
    }

    /**
     * Returns once the engine has fired, and committed, every timer due at the clock just set: the engine checks
     * timers in the batch after a clock change, and answers a command only after its batch's due work is committed.
     * A message with no time to live correlates with nothing and is stored nowhere. So a wait that follows sees what
     * the clock move caused, not the moment before it.
     */
    private void clockBarrier() {
        client.newPublishMessageCommand().messageName("harness.clock-barrier")
                .correlationKey(UUID.randomUUID().toString()).timeToLive(Duration.ZERO).send().join();
    }

    private void send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
                    .isBetween(200, 299);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- progress

    /** Every element instance of the case's instance (completed, active and terminated). */
    public List<ElementInstance> elements(ProcessCase c) {
        return client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(c.processInstanceKey()))
                .page(p -> p.limit(1000)).send().join().items();
    }

    /** The ids of the elements the case has passed (COMPLETED), in the order the engine lists them. */
    public List<String> completedElements(ProcessCase c) {
        return elements(c).stream().filter(e -> e.getState() == ElementInstanceState.COMPLETED)
                .map(ElementInstance::getElementId).toList();
    }

    public boolean hasCompleted(ProcessCase c, String elementId) {
        return completedElements(c).contains(elementId);
    }

    public void awaitElementCompleted(ProcessCase c, String elementId) {
        waitFor(elementId + " completed in case " + c.caseId()).ignoreExceptions()
                .until(() -> hasCompleted(c, elementId));
    }

    public void awaitElementActive(ProcessCase c, String elementId) {
        waitFor(elementId + " active in case " + c.caseId()).ignoreExceptions()
                .until(() -> elements(c).stream().anyMatch(e -> elementId.equals(e.getElementId())
                        && e.getState() == ElementInstanceState.ACTIVE));
    }

    /**
     * Waits until no job of the case waits for a worker (service, send, script and message-throw elements all
     * done, or stuck on an incident): the moment to look at variables and case records after a step.
     */
    public void awaitQuiet(ProcessCase c) {
        waitFor("jobs of case " + c.caseId() + " done").ignoreExceptions()
                .until(() -> elements(c).stream().noneMatch(e -> e.getState() == ElementInstanceState.ACTIVE
                        && JOB_ELEMENTS.contains(e.getType()) && !Boolean.TRUE.equals(e.getIncident())));
    }

    /** Waits for the case's instance to end (COMPLETED). */
    public void awaitProcessCompleted(ProcessCase c) {
        waitFor("instance of case " + c.caseId() + " completed").ignoreExceptions()
                .until(() -> client.newProcessInstanceGetRequest(c.processInstanceKey()).send().join().getState()
                        == ProcessInstanceState.COMPLETED);
    }

    // ---------------------------------------------------------------------------------------------- variables

    /** The case instance's root-scope variables, as JSON. */
    public Map<String, JsonNode> variables(ProcessCase c) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(c.processInstanceKey()).scopeKey(c.processInstanceKey()))
                .page(p -> p.limit(1000)).send().join().items()
                .forEach(v -> out.put(v.getName(), readJson(v.getValue())));
        return out;
    }

    /** One root-scope variable, as JSON ({@code MissingNode} when it is not set). */
    public JsonNode variable(ProcessCase c, String name) {
        return variables(c).getOrDefault(name, JSON.missingNode());
    }

    /** Sets variables from the scope of an element instance upwards (where each is defined, else at the root). */
    public void setVariables(long elementInstanceKey, Map<String, Object> variables) {
        client.newSetVariablesCommand(elementInstanceKey).variables(variables).local(false).send().join();
    }

    // ---------------------------------------------------------------------------------------------- incidents

    /** The case's ACTIVE incidents. */
    public List<Incident> incidents(ProcessCase c) {
        return client.newIncidentSearchRequest()
                .filter(f -> f.processInstanceKey(c.processInstanceKey()).state(IncidentState.ACTIVE))
                .send().join().items();
    }

    /** Waits for an ACTIVE incident on this element and returns it. */
    public Incident awaitIncident(ProcessCase c, String elementId) {
        return waitFor("incident on " + elementId + " of case " + c.caseId()).ignoreExceptions()
                .until(() -> incidents(c).stream().filter(i -> elementId.equals(i.getElementId())).toList(),
                        list -> !list.isEmpty()).get(0);
    }

    /**
     * Resolves an incident as an operator would after fixing its cause: a job incident first gets one retry back
     * (the job ran out of them), then the incident is resolved and the engine offers the job again.
     */
    public void resolveIncident(Incident incident) {
        if (incident.getJobKey() != null && incident.getJobKey() > 0) {
            client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
        }
        client.newResolveIncidentCommand(incident.getIncidentKey()).send().join();
    }

    // ---------------------------------------------------------------------------------------------- case records

    /** The case's rows in {@code case_deadline}, oldest due first. */
    public List<Deadlines.Deadline> deadlines(ProcessCase c) {
        return jdbc.sql("SELECT id, timescale_id, variable, due_at, status FROM case_deadline WHERE case_id = :id ORDER BY due_at, id")
                .param("id", c.caseId().value())
                .query((rs, n) -> new Deadlines.Deadline(rs.getLong("id"), rs.getString("timescale_id"),
                        rs.getString("variable"), rs.getTimestamp("due_at").toInstant(), rs.getString("status")))
                .list();
    }

    /** The latest deadline of this timescale, if one was set. */
    public Optional<Deadlines.Deadline> deadline(ProcessCase c, String timescaleId) {
        return deadlines(c).stream().filter(d -> d.timescaleId().equals(timescaleId)).reduce((a, b) -> b);
    }

    /** The case's events in the outbox, in the order they were written. */
    public List<CaseEvent> events(ProcessCase c) {
        return jdbc.sql("SELECT id, event_type, envelope::text AS envelope FROM outbox_event WHERE case_id = :id ORDER BY id")
                .param("id", c.caseId().value())
                .query((rs, n) -> {
                    JsonNode envelope = readJson(rs.getString("envelope"));
                    return new CaseEvent(rs.getLong("id"), rs.getString("event_type").replace(EVENT_PREFIX, ""),
                            envelope.path("data"), envelope);
                })
                .list();
    }

    /** The case's events of one short type ({@code deadline.set}, {@code deadline.breached}, ...). */
    public List<CaseEvent> events(ProcessCase c, String type) {
        return events(c).stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Waits for an event of this type whose data matches, and returns it. */
    public CaseEvent awaitEvent(ProcessCase c, String type, Predicate<JsonNode> data) {
        return waitFor(type + " event of case " + c.caseId()).ignoreExceptions()
                .until(() -> events(c, type).stream().filter(e -> data.test(e.data())).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /**
     * Every event of the case conforms to the published schema and is pseudonymised: no value from its referral
     * that is personal or free text, nothing shaped like an NHS number, no case id, only pseudonyms, days and codes.
     */
    public void assertEventsPseudonymised(ProcessCase c) {
        List<String> sensitive = new ArrayList<>(c.referral() == null ? List.of()
                : TestReferrals.sensitiveValues(c.referral().get("data")));
        sensitive.add(c.caseId().toString());
        String pseudonym = pseudonyms.of(c.caseId());
        for (CaseEvent event : events(c)) {
            byte[] value = event.envelope().toString().getBytes(StandardCharsets.UTF_8);
            assertThat(OutboundPrivacy.problems(pseudonym, value, Map.of(), sensitive)).as("event %s", event.envelope())
                    .isEmpty();
            assertThat(CaseEventSchema.violations(event.envelope())).as("schema of %s", event.envelope()).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    void beforeEach() {
        cases.clear();
        clock.unpin();
        send(HttpRequest.newBuilder(management.resolve("/actuator/clock"))
                .header("Authorization", TestCallers.machine(TestCallers.WORKFLOW_CLIENT, Set.of("WORKFLOW_SERVICE"),
                        Set.of(TestCallers.TENANT)))
                .DELETE().build());
        clock.setOffsetMillis(0);
        setClock(DEFAULT_NOW);
    }

    /** Cancels every instance still running, so the next test's clock moves fire none of this test's timers. */
    void afterEach() {
        try {
            for (ProcessInstance instance : client.newProcessInstanceSearchRequest()
                    .filter(f -> f.state(ProcessInstanceState.ACTIVE)).page(p -> p.limit(1000)).send().join().items()) {
                try {
                    client.newCancelInstanceCommand(instance.getProcessInstanceKey()).send().join();
                } catch (RuntimeException ignored) {
                    // a child instance or one that ended meanwhile
                }
            }
        } finally {
            cases.clear();
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return text == null ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
