package org.opensafeguarding.workflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.impl.CamundaObjectMapper;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.impl.response.ActivatedJobImpl;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.support.CountingProxy;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mirror learns of user tasks from their task listeners as they change, with the local engine, embedded
 * PostgreSQL and the in-process broker: a task is in the mirror by the time the engine shows it created, an
 * assignment or completion made at the engine (not through this service) is there when the engine answers the
 * command, a cancellation right after; a redelivered listener job adds nothing; and an idle service sends the engine
 * no searches (counted by a proxy in front of the engine's REST API).
 */
@SpringBootTest(properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class TaskMirrorWithoutPollingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROCESS = "tasklist-test";

    static LocalEngine engine;
    /** Every REST call of the service (and of this test's client) goes through it; it counts the task reads. */
    static CountingProxy proxy;
    static boolean deployed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        proxy = CountingProxy.to(engine.restAddress(),
                path -> path.endsWith("/search") || path.startsWith("/v2/user-tasks/"));
        TestInfrastructure.registerWithEngine(registry, engine);
        registry.add("camunda.client.rest-address", () -> proxy.address().toString());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Autowired
    CamundaClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    CaseRepository cases;

    @Autowired
    TaskMirrorListener listener;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void deployTestModel() {
        if (!deployed) {
            client.newDeployResourceCommand()
                    .addResourceFromClasspath("tasklist/tasklist-test.bpmn")
                    .addResourceFromClasspath("tasklist/tasklist-test-triage.form")
                    .addResourceFromClasspath("tasklist/tasklist-test-decision.form")
                    .send().join();
            deployed = true;
        }
    }

    @Test
    void aTaskIsInTheMirrorAsSoonAsItIsCreatedAssignedCompletedAndCanceled() {
        CaseId caseId = newCase();
        long instance = start(caseId);

        // the engine shows the task CREATED only once its creating listener has completed: the row is there by then
        long triage = await().atMost(WAIT).until(() -> client.newUserTaskSearchRequest()
                        .filter(f -> f.processInstanceKey(instance).state(UserTaskState.CREATED)).send().join()
                        .items().stream().findFirst().map(t -> t.getUserTaskKey()).orElse(null),
                key -> key != null);
        assertThat(status(triage)).isEqualTo("OPEN");
        assertThat(events(caseId, "task.created")).isEqualTo(1);

        // assigned at the engine, not through this service: the command is answered after the assigning listener
        client.newAssignUserTaskCommand(triage).assignee("operator-7").send().join();
        assertThat(jdbc.sql("SELECT assignee FROM case_task WHERE task_key = :k").param("k", triage)
                .query(String.class).single()).isEqualTo("operator-7");
        assertThat(events(caseId, "task.assigned")).isEqualTo(1);

        // completed at the engine: the same, with the completing listener
        client.newCompleteUserTaskCommand(triage).variables(Map.of("route", "strategy")).send().join();
        assertThat(status(triage)).isEqualTo("COMPLETED");
        assertThat(events(caseId, "task.completed")).isEqualTo(1);

        long decide = awaitRow(instance, "Decide");
        // canceled with its instance: the canceling listener runs right after
        client.newCancelInstanceCommand(instance).send().join();
        await().atMost(WAIT).until(() -> "CANCELED".equals(status(decide)));
        assertThat(events(caseId, "task.canceled")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM case_task WHERE process_instance_key = :p").param("p", instance)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aRedeliveredListenerJobAddsNoRowEventOrAuditEntry() {
        CaseId caseId = newCase();
        long instance = start(caseId);
        long triage = awaitRow(instance, "Triage");
        client.newCancelInstanceCommand(instance).send().join();
        await().atMost(WAIT).until(() -> "CANCELED".equals(status(triage)));
        long audits = audits(triage);
        long creatingJob = jdbc.sql("SELECT job_key FROM worker_job WHERE job_type = :t AND process_instance_key = :p "
                        + "ORDER BY handled_at LIMIT 1")
                .param("t", TaskMirrorListener.JOB_TYPE).param("p", instance).query(Long.class).single();

        // the same creating job again (a lost answer), then a canceling job of a new key (the engine offering it
        // once more after a timeout counts as the same key; a new key tests the state guard as well)
        listener.taskChanged(listenerJob(creatingJob, instance, triage, "CREATING"));
        listener.taskChanged(listenerJob(creatingJob + 1_000_000, instance, triage, "CANCELING"));

        assertThat(jdbc.sql("SELECT count(*) FROM case_task WHERE task_key = :k").param("k", triage)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(events(caseId, "task.created")).isEqualTo(1);
        assertThat(events(caseId, "task.canceled")).isEqualTo(1);
        assertThat(audits(triage)).isEqualTo(audits);
    }

    @Test
    void anIdleServiceSendsTheEngineNoSearches() {
        assertThat(context.getBeanNamesForType(TaskReconciler.class)).hasSize(1);
        assertThat(context.containsBean("taskPoller")).isFalse();
        // the service's calls go through the proxy (its job workers' long polls at least), and it counts searches
        await().atMost(WAIT).until(() -> proxy.forwarded() > 0);
        long before = proxy.count();
        client.newUserTaskSearchRequest().send().join();
        assertThat(proxy.count()).as("searches counted").isGreaterThan(before);

        long idle = proxy.count();
        // the old poller searched every 200 ms in this configuration: 15 times in this window
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> proxy.count() == idle);
    }

    private ActivatedJobImpl listenerJob(long key, long instance, long taskKey, String event) {
        GatewayOuterClass.ActivatedJob proto = GatewayOuterClass.ActivatedJob.newBuilder()
                .setKey(key).setType(TaskMirrorListener.JOB_TYPE).setProcessInstanceKey(instance)
                .setBpmnProcessId(PROCESS).setElementId("Triage").setCustomHeaders("{}").setVariables("{}")
                .setRetries(5).setKind(GatewayOuterClass.ActivatedJob.JobKind.TASK_LISTENER)
                .setListenerEventType(GatewayOuterClass.ActivatedJob.ListenerEventType.valueOf(event))
                .setUserTask(GatewayOuterClass.UserTaskProperties.newBuilder().setUserTaskKey(taskKey))
                .build();
        return new ActivatedJobImpl(new CamundaObjectMapper(), proto);
    }

    private CaseId newCase() {
        CaseId caseId = CaseId.newId();
        transactions.executeWithoutResult(s -> cases.insert(new CaseRecord(caseId, CaseType.LADO_ALLEGATION, PROCESS,
                "LADO-WT2018", "default", CaseStatus.OPEN, LocalDate.of(2024, 3, 4), null, Instant.now(), null)));
        return caseId;
    }

    private long start(CaseId caseId) {
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(5);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("processVersion", "LADO-WT2018");
        variables.put("harmTestLimb4Applies", false);
        variables.put("dueTriage", due.toString());
        variables.put("dueDecision", due.plusDays(5).toString());
        return client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    private long awaitRow(long instance, String elementId) {
        return await().atMost(WAIT).until(() -> jdbc.sql(
                        "SELECT task_key FROM case_task WHERE process_instance_key = :p AND element_id = :e")
                .param("p", instance).param("e", elementId).query(Long.class).optional().orElse(null),
                key -> key != null);
    }

    private String status(long taskKey) {
        return jdbc.sql("SELECT status FROM case_task WHERE task_key = :k").param("k", taskKey).query(String.class)
                .optional().orElse(null);
    }

    private long events(CaseId caseId, String type) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE case_id = :c AND event_type = :t")
                .param("c", caseId.value()).param("t", "org.opensafeguarding.case." + type).query(Long.class).single();
    }

    private long audits(long taskKey) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE resource_id = :k").param("k", Long.toString(taskKey))
                .query(Long.class).single();
    }
}
