package org.opensafeguarding.workflow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Referral record to running process instance and first task, with the local engine, the in-process broker and
 * embedded PostgreSQL. The service deploys the real models of {@code bpmn/} itself at start-up and its job workers
 * run, so "the first task" is the model's first user task, reached through {@code case.open} and
 * {@code deadline.compute}. What this checks is the intake's side of the contract: one case, one instance, nothing
 * lost or duplicated when the engine goes away. Paths through the processes are tested in {@code processes/}.
 */
@SpringBootTest(properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class EngineEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static TestInfrastructure.Topics topics;
    static LocalEngine engine;
    static final KafkaTestClient kafka = new KafkaTestClient();
    static KafkaTestClient.Reader caseEvents;
    static KafkaTestClient.Reader deadLetters;
    static boolean deployed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        topics = TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : new AutoCloseable[] {caseEvents, deadLetters, kafka, engine}) {
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
    CamundaClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pseudonymiser pseudonyms;

    @Autowired
    DataSource dataSource;

    @Autowired
    ProcessModelDeployer deployer;

    @BeforeEach
    void awaitDeployment() {
        await("the service deployed bpmn/").atMost(WAIT).until(() -> deployer.deployment().isPresent());
        if (!deployed) {
            caseEvents = kafka.read(topics.caseEvents());
            deadLetters = kafka.read(topics.dlt());
            deployed = true;
        }
    }

    @Test
    void aReferralBecomesACaseARunningInstanceItsFirstTaskAndACaseOpenedEvent() {
        ObjectNode referral = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        kafka.send(topics.referrals(), "hospital-1", TestReferrals.bytes(referral));

        CaseId caseId = awaitCase(referral);
        long instance = awaitInstance(caseId);
        // the model's first user task, after case.open and deadline.compute (C1 from the death)
        awaitTask(instance, "Determination");
        Map<String, String> variables = variables(instance);
        assertThat(variables).containsEntry("caseId", "\"" + caseId + "\"")
                .containsEntry("processVersion", "\"CDR-2018\"")
                .containsEntry("unexpectedDeath", "true")
                .containsEntry("deathConfirmedAt", "\"2024-02-11T03:40:00Z\"")
                .containsEntry("involvedAgencyIds", "[\"health\"]")
                .containsKeys("dueC1", "breachAtC1", "defaultTaskTurnaround")
                // C2 and C3 only once a joint agency response is found to be needed
                .doesNotContainKeys("dueC2", "dueC3");
        // the death's date and time are the C1-C3 clock start (docs/processes.md §3.4): a date, which variables may
        // carry; every other personal or free-text value of the notification stays out of the engine
        String timeOfDeath = referral.at("/data/death/timeOfDeath").asText();
        for (String sensitive : TestReferrals.sensitiveValues(referral.get("data"))) {
            if (!sensitive.equals(timeOfDeath)) {
                assertThat(variables.values()).noneMatch(v -> v.contains(sensitive));
            }
        }
        String pseudonym = pseudonyms.of(caseId);
        // on the topic: opened first; the one deadline the model started (C1; C2 and C3 wait for the JAR decision)
        // is written before the first task can exist, so it is there by the time its task.created is
        List<String> published = await().atMost(WAIT).until(() -> caseEvents.records().stream()
                .filter(r -> pseudonym.equals(r.key()))
                .map(r -> eventType(r.value())).toList(),
                types -> types.contains("org.opensafeguarding.case.task.created"));
        assertThat(published.get(0)).isEqualTo("org.opensafeguarding.case.opened");
        assertThat(published).filteredOn("org.opensafeguarding.case.deadline.set"::equals).hasSize(1);

        ObjectNode further = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        further.put("subject", caseId.toString());
        kafka.send(topics.referrals(), "hospital-1", TestReferrals.bytes(further));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM engine_command WHERE kind = 'CORRELATE' "
                + "AND status = 'DONE' AND case_id = '" + caseId + "'") == 1);
        // the model's further-referral event subprocess caught it: the case owner gets a task beside the main flow
        awaitTask(instance, "ReviewFurtherReferral");
    }

    @Test
    void theSameReferralDeliveredTwiceGivesOneInstance() {
        ObjectNode referral = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ObjectNode marker = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topics.referrals(), "school-1", TestReferrals.bytes(referral));
        kafka.send(topics.referrals(), "school-1", TestReferrals.bytes(referral));
        kafka.send(topics.referrals(), "school-1", TestReferrals.bytes(marker));

        CaseId caseId = awaitCase(referral);
        awaitInstance(awaitCase(marker));
        awaitInstance(caseId);
        assertThat(instancesOf("lado-allegation", caseId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM case_file WHERE id = '" + caseId + "'")).isEqualTo(1);
    }

    @Test
    void stoppingTheEngineMidFlowAndStartingItAgainLosesNothingAndDuplicatesNothing() {
        String key = "engine-restart-" + UUID.randomUUID();
        engine.stop();
        ObjectNode referral = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        kafka.send(topics.referrals(), key, TestReferrals.bytes(referral));
        CaseId caseId = awaitCase(referral);
        await().atMost(WAIT).until(() -> count("SELECT attempts FROM engine_command WHERE case_id = '" + caseId + "'") >= 2);
        assertThat(count("SELECT count(*) FROM engine_command WHERE status = 'PENDING' AND case_id = '" + caseId + "'"))
                .isEqualTo(1);

        engine.restart();

        long instance = awaitInstance(caseId);
        // one threshold task: the restart neither lost the start nor ran it twice (the incident's deadlines are
        // long past, so their breaches are recorded on the way; the escalations are instances of their own)
        awaitTask(instance, "Threshold");
        assertThat(instancesOf("practice-review-wt2018", caseId)).isEqualTo(1);
        assertThat(deadLetters.records()).noneMatch(r -> key.equals(r.key()));
    }

    @Test
    void anInstanceCreatedByAnAttemptWhoseAnswerWasLostIsAdoptedNotDuplicated() throws Exception {
        engine.stop();
        ObjectNode referral = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        kafka.send(topics.referrals(), "lost-answer", TestReferrals.bytes(referral));
        CaseId caseId = awaitCase(referral);
        await().atMost(WAIT).until(() -> count("SELECT attempts FROM engine_command WHERE case_id = '" + caseId + "'") >= 1);
        String processId = jdbc.sql("SELECT process_id FROM engine_command WHERE case_id = :id")
                .param("id", caseId.value()).query(String.class).single();
        Map<String, Object> startVariables = TestReferrals.JSON.readValue(jdbc.sql(
                "SELECT variables::text FROM engine_command WHERE case_id = :id").param("id", caseId.value())
                .query(String.class).single(), new com.fasterxml.jackson.core.type.TypeReference<>() {
                });
        long created;
        // A row lock keeps the dispatcher (which claims with SKIP LOCKED) off the command while the test plays the
        // part of an earlier attempt that reached the engine but whose answer never came back.
        try (Connection hold = dataSource.getConnection()) {
            hold.setAutoCommit(false);
            try (PreparedStatement lock = hold.prepareStatement("SELECT id FROM engine_command WHERE case_id = ? FOR UPDATE")) {
                lock.setObject(1, caseId.value());
                lock.executeQuery().close();
            }
            engine.restart();
            created = await().atMost(WAIT).ignoreExceptions().until(() -> client.newCreateInstanceCommand()
                    .bpmnProcessId(processId).latestVersion().variables(startVariables)
                    .send().join().getProcessInstanceKey(), key -> key != null);
            hold.commit();
        }

        assertThat(awaitInstance(caseId)).isEqualTo(created);
        assertThat(instancesOf(processId, caseId)).isEqualTo(1);
        // the adopted instance is the case's: its case.open found the case record and kept the instance key
        awaitElementCompleted(created, "OpenCase");
    }

    /**
     * Referrals per second from record to running instance, and record-to-first-task latency. Run with
     * {@code -Dtest=EngineEndToEndTest#firstTaskBenchmark -Dbenchmark=true}; figures go to stdout and
     * {@code target/benchmark/first-task.txt}.
     */
    @Test
    @EnabledIfSystemProperty(named = "benchmark", matches = "true")
    void firstTaskBenchmark() throws Exception {
        int count = Integer.getInteger("benchmark.count", 300);
        int rate = Integer.getInteger("benchmark.rate", 20);
        firstTaskPhase(50, 0);
        String burst = firstTaskPhase(count, 0);
        String paced = firstTaskPhase(Math.max(rate * 15, 100), rate);
        String report = "engine benchmark (Kafka record -> case -> process instance -> first user task; real models, workers)\n"
                + "burst: " + burst + "\npaced at " + rate + "/s: " + paced + "\n";
        System.out.println(report);
        Path out = Path.of("target", "benchmark", "first-task.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private String firstTaskPhase(int count, int rate) {
        // An SCR referral's first work is the agency information requests: it has no user task until agencies answer
        ReferralKind[] kinds = {ReferralKind.LADO_ALLEGATION, ReferralKind.CHILD_DEATH_NOTIFICATION,
                ReferralKind.SERIOUS_INCIDENT_NOTIFICATION};
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<ObjectNode> referrals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            referrals.add(TestReferrals.valid(kinds[i % kinds.length]));
        }
        AtomicInteger next = new AtomicInteger();
        Runnable sendOne = () -> {
            int i = next.getAndIncrement();
            if (i < count) {
                sentAt.put(referrals.get(i).get("id").asText(), System.currentTimeMillis());
                kafka.send(topics.referrals(), "bench-" + (i % 16), TestReferrals.bytes(referrals.get(i)));
            }
        };
        long start = System.currentTimeMillis();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            if (rate <= 0) {
                pacer.execute(() -> {
                    for (int i = 0; i < count; i++) {
                        sendOne.run();
                    }
                });
            } else {
                pacer.scheduleAtFixedRate(sendOne, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
            }
            await().atMost(Duration.ofMinutes(10)).until(() -> next.get() >= count);
        } finally {
            pacer.shutdownNow();
        }
        String ids = referrals.stream().map(r -> "'" + r.get("id").asText() + "'").collect(Collectors.joining(","));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> count(
                "SELECT count(*) FROM referral r JOIN case_file c ON c.id = r.case_id WHERE c.process_instance_key IS NOT NULL "
                        + "AND r.event_id IN (" + ids + ")") == count);
        long lastStarted = count("SELECT (extract(epoch FROM max(e.done_at)) * 1000)::bigint FROM engine_command e "
                + "JOIN referral r ON r.case_id = e.case_id WHERE e.kind = 'START' AND r.event_id IN (" + ids + ")");
        List<Long> latencies = new ArrayList<>();
        jdbc.sql("SELECT r.event_id, c.process_instance_key FROM referral r JOIN case_file c ON c.id = r.case_id "
                + "WHERE r.event_id IN (" + ids + ")").query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> {
                    UserTask task = awaitTasks(e.getValue()).get(0);
                    latencies.add(task.getCreationDate().toInstant().toEpochMilli() - sentAt.get(e.getKey()));
                });
        Collections.sort(latencies);
        double seconds = (lastStarted - start) / 1000.0;
        return String.format("%d referrals, %.1f referrals/s to a running instance; record -> first task median %d ms, "
                        + "p99 %d ms, max %d ms", count, count / seconds, latencies.get(count / 2),
                latencies.get((int) Math.ceil(count * 0.99) - 1), latencies.get(count - 1));
    }

    private static String eventType(byte[] cloudEvent) {
        try {
            return TestReferrals.JSON.readTree(cloudEvent).path("type").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CaseId awaitCase(ObjectNode referral) {
        String eventId = referral.get("id").asText();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM referral WHERE event_id = '" + eventId + "'") == 1);
        return new CaseId(jdbc.sql("SELECT case_id FROM referral WHERE event_id = :id").param("id", eventId)
                .query(UUID.class).single());
    }

    private long awaitInstance(CaseId caseId) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM case_file WHERE process_instance_key IS NOT NULL "
                + "AND id = '" + caseId + "'") == 1);
        return count("SELECT process_instance_key FROM case_file WHERE id = '" + caseId + "'");
    }

    private UserTask awaitTask(long instance, String elementId) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> client.newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(instance).elementId(elementId)).send().join().items(),
                items -> items.size() == 1).get(0);
    }

    private void awaitElementCompleted(long instance, String elementId) {
        await().atMost(WAIT).ignoreExceptions().until(() -> client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance).elementId(elementId)
                        .state(io.camunda.client.api.search.enums.ElementInstanceState.COMPLETED))
                .send().join().items(), items -> items.size() == 1);
    }

    private List<UserTask> awaitTasks(long instance) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> client.newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(instance)).send().join().items(), items -> !items.isEmpty());
    }

    private Map<String, String> variables(long instance) {
        Map<String, String> out = new HashMap<>();
        client.newVariableSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join().items()
                .forEach(v -> out.put(v.getName(), v.getValue()));
        return out;
    }

    private long instancesOf(String processId, CaseId caseId) {
        return client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(processId).variables(Map.of("caseId", "\"" + caseId + "\"")))
                .send().join().items().size();
    }

    private long count(String sql) {
        Long n = jdbc.sql(sql).query(Long.class).single();
        return n == null ? 0 : n;
    }
}
