package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * kill -9 in the middle of load. A standalone engine runs in a child JVM; several threads of this JVM create
 * instances of "service task, user task, timer" and a worker activates and completes jobs, all through the
 * official client, recording every key the engine acknowledged. The engine is killed with SIGKILL while requests
 * are in flight, a new engine starts on the same database, and every acknowledged change must be there, every
 * unacknowledged one either completely there or completely absent, timers fire once and keys never repeat.
 */
class CrashUnderLoadTest {

    private static final String PROCESS = "crash-under-load";
    private static final String JOB_TYPE = "crash-work";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(1);

    private final Set<Long> ackedInstances = ConcurrentHashMap.newKeySet();
    private final Set<Long> activatedJobs = ConcurrentHashMap.newKeySet();
    private final Set<Long> ackedCompletions = ConcurrentHashMap.newKeySet();
    private final Set<Long> activatedTwice = ConcurrentHashMap.newKeySet();
    /** Completions sent but not acknowledged (the engine died, or the answer was lost): job key to instance key. */
    private final Map<Long, Long> unackedCompletions = new ConcurrentHashMap<>();
    private final Map<Long, Long> instanceOfJob = new ConcurrentHashMap<>();
    private final AtomicBoolean loadRunning = new AtomicBoolean(true);

    @Test
    void everyAcknowledgedCommandSurvivesKillMinusNineUnderLoad() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_crash");
        int rest = freePort();
        Process engine = startStandaloneEngine(jdbcUrl, rest, freePort(), freePort());
        List<Thread> load = new ArrayList<>();
        try (CamundaClient client = CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + rest))
                .preferRestOverGrpc(true)
                .defaultRequestTimeout(Duration.ofSeconds(10))
                .build()) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> client.newTopologyRequest().send().join().getBrokers().size() == 1);
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(PROCESS).startEvent()
                    .serviceTask("work", t -> t.zeebeJobType(JOB_TYPE))
                    .userTask("review", u -> u.zeebeUserTask())
                    .intermediateCatchEvent("wait").timerWithDuration("PT1H")
                    .endEvent("end").done(), PROCESS + ".bpmn").send().join();

            for (int i = 0; i < 3; i++) {
                load.add(thread("creator-" + i, () -> createInstances(client)));
            }
            for (int i = 0; i < 2; i++) {
                load.add(thread("worker-" + i, () -> completeJobs(client)));
            }
            load.forEach(Thread::start);

            // kill in the middle of the load: every thread still has requests in flight
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ackedInstances.size() >= 150 && ackedCompletions.size() >= 60);
        } finally {
            engine.destroyForcibly();
            assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
            loadRunning.set(false);
        }
        // Process.destroyForcibly is kill(pid, SIGKILL) on Linux; a process ended by signal 9 exits with 128 + 9
        assertThat(engine.exitValue()).as("exit status of the killed engine (137 = SIGKILL)").isEqualTo(137);
        for (Thread thread : load) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
        }
        assertThat(activatedTwice).as("jobs handed out twice before the crash").isEmpty();
        System.out.printf("killed under load: %d instances and %d job completions acknowledged, %d completions"
                + " unanswered%n", ackedInstances.size(), ackedCompletions.size(), unackedCompletions.size());

        try (RunningEngine restarted = EmbeddedEngine.start(EngineTestSupport.settings(jdbcUrl));
             CamundaClient client = EngineTestSupport.newClient(restarted)) {
            Map<Long, ProcessInstance> instances = byKey(client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processDefinitionId(PROCESS)).page(p -> p.limit(10_000)).send().join().items(),
                    ProcessInstance::getProcessInstanceKey);
            // every acknowledged instance exists and still runs
            assertThat(instances.keySet()).containsAll(ackedInstances);
            assertThat(instances.values()).allSatisfy(i -> assertThat(i.getState())
                    .isEqualTo(ProcessInstanceState.ACTIVE));

            Map<Long, ElementInstance> work = elementsOf(client, "work");
            Map<Long, ElementInstance> review = elementsOf(client, "review");
            Map<Long, UserTask> tasks = byKey(client.newUserTaskSearchRequest()
                    .filter(f -> f.elementId("review")).page(p -> p.limit(10_000)).send().join().items(),
                    UserTask::getProcessInstanceKey);
            assertThat(elementsOf(client, "wait")).isEmpty();
            // every instance that is there is there completely: its service task, and past it its user task
            for (long instance : instances.keySet()) {
                ElementInstance task = work.get(instance);
                assertThat(task).as("service task of instance %d", instance).isNotNull();
                if (task.getState() == ElementInstanceState.COMPLETED) {
                    assertThat(review.get(instance)).as("user task element of instance %d", instance).isNotNull();
                    assertThat(review.get(instance).getState()).isEqualTo(ElementInstanceState.ACTIVE);
                    assertThat(tasks.get(instance)).as("user task of instance %d", instance).isNotNull();
                    assertThat(tasks.get(instance).getState()).isEqualTo(UserTaskState.CREATED);
                } else {
                    assertThat(task.getState()).isEqualTo(ElementInstanceState.ACTIVE);
                    assertThat(review).doesNotContainKey(instance);
                    assertThat(tasks).doesNotContainKey(instance);
                }
            }
            assertThat(work.keySet()).isEqualTo(instances.keySet());
            // every acknowledged completion stuck
            for (long job : ackedCompletions) {
                assertThat(work.get(instanceOfJob.get(job)).getState()).as("instance of completed job %d", job)
                        .isEqualTo(ElementInstanceState.COMPLETED);
            }

            // jobs activated before the crash and not completed come back once their timeout passed (engine clock)
            management(restarted, "POST", "/actuator/clock/add",
                    "{\"offsetMilli\":" + JOB_TIMEOUT.multipliedBy(2).toMillis() + "}");
            Map<Long, ActivatedJob> reactivated = new HashMap<>();
            for (int round = 0; round < 100; round++) {
                List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(JOB_TYPE).maxJobsToActivate(200)
                        .timeout(Duration.ofMinutes(10)).requestTimeout(Duration.ofMillis(500)).send().join()
                        .getJobs();
                if (jobs.isEmpty()) {
                    break;
                }
                jobs.forEach(j -> assertThat(reactivated.put(j.getKey(), j)).as("job %d handed out twice", j.getKey())
                        .isNull());
            }
            // an acknowledged completion is never handed out again; exactly the waiting instances have a job
            assertThat(reactivated.keySet()).doesNotContainAnyElementsOf(ackedCompletions);
            Set<Long> waitingAtWork = work.values().stream().filter(e -> e.getState() == ElementInstanceState.ACTIVE)
                    .map(ElementInstance::getProcessInstanceKey).collect(Collectors.toSet());
            assertThat(reactivated.values().stream().map(ActivatedJob::getProcessInstanceKey).toList())
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(waitingAtWork);
            // an unacknowledged completion is either done (instance moved on) or not at all (job activatable again)
            unackedCompletions.forEach((job, instance) -> {
                if (instances.containsKey(instance)) {
                    boolean done = work.get(instance).getState() == ElementInstanceState.COMPLETED;
                    assertThat(reactivated.containsKey(job)).as("job %d: completed %s", job, done).isEqualTo(!done);
                }
            });
            // keys never repeat: instances, element instances, jobs and user tasks all have their own keys, and
            // the persisted counter goes on after the highest key handed out before the crash
            Set<Long> keysBefore = new HashSet<>(instances.keySet());
            Set<Long> jobKeys = new HashSet<>(reactivated.keySet());
            jobKeys.addAll(activatedJobs);
            List<Long> otherKeys = new ArrayList<>(jobKeys);
            tasks.values().forEach(t -> otherKeys.add(t.getUserTaskKey()));
            elementsAll(client).forEach(e -> otherKeys.add(e.getElementInstanceKey()));
            for (long key : otherKeys) {
                assertThat(keysBefore.add(key)).as("key %d used once", key).isTrue();
            }
            long highestKeyBeforeCrash = keysBefore.stream().mapToLong(Long::longValue).max().orElseThrow();
            long next = client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion().send().join()
                    .getProcessInstanceKey();
            assertThat(next).isGreaterThan(highestKeyBeforeCrash);

            // drive every instance to its timer, then fire the timers by moving the clock
            for (ActivatedJob job : reactivated.values()) {
                client.newCompleteCommand(job.getKey()).send().join();
            }
            client.newActivateJobsCommand().jobType(JOB_TYPE).maxJobsToActivate(10)
                    .timeout(Duration.ofMinutes(10)).send().join().getJobs()
                    .forEach(j -> client.newCompleteCommand(j.getKey()).send().join());
            List<UserTask> open = client.newUserTaskSearchRequest()
                    .filter(f -> f.elementId("review").state(UserTaskState.CREATED)).page(p -> p.limit(10_000))
                    .send().join().items();
            assertThat(open).hasSize(instances.size() + 1);
            for (UserTask task : open) {
                client.newCompleteUserTaskCommand(task.getUserTaskKey()).send().join();
            }
            assertThat(elementsOf(client, "wait")).hasSize(instances.size() + 1)
                    .allSatisfy((k, e) -> assertThat(e.getState()).isEqualTo(ElementInstanceState.ACTIVE));
            management(restarted, "POST", "/actuator/clock/add", "{\"offsetMilli\":" + Duration.ofHours(2).toMillis()
                    + "}");
            await().atMost(Duration.ofSeconds(60)).until(() -> client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processDefinitionId(PROCESS).state(ProcessInstanceState.ACTIVE))
                    .page(p -> p.limit(10_000)).send().join().items().isEmpty());
            // moving the clock again fires nothing twice: one timer and one end event per instance
            management(restarted, "POST", "/actuator/clock/add", "{\"offsetMilli\":" + Duration.ofHours(2).toMillis()
                    + "}");
            List<ElementInstance> timers = elementsList(client, "wait");
            List<ElementInstance> ends = elementsList(client, "end");
            assertThat(timers).hasSize(instances.size() + 1)
                    .allSatisfy(e -> assertThat(e.getState()).isEqualTo(ElementInstanceState.COMPLETED));
            assertThat(timers.stream().map(ElementInstance::getProcessInstanceKey).toList()).doesNotHaveDuplicates();
            assertThat(ends).hasSize(instances.size() + 1);
            assertThat(ends.stream().map(ElementInstance::getProcessInstanceKey).toList()).doesNotHaveDuplicates();
            assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(PROCESS)
                            .state(ProcessInstanceState.COMPLETED)).page(p -> p.limit(10_000)).send().join().items())
                    .hasSize(instances.size() + 1);
        }
    }

    // ------------------------------------------------------------------ load (runs until the engine is killed)

    private void createInstances(CamundaClient client) {
        while (loadRunning.get()) {
            try {
                long key = client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion()
                        .variables(Map.of("n", 1)).send().join().getProcessInstanceKey();
                ackedInstances.add(key);
            } catch (RuntimeException notAcknowledged) {
                pauseAfterFailure();
            }
        }
    }

    private void completeJobs(CamundaClient client) {
        while (loadRunning.get()) {
            List<ActivatedJob> jobs;
            try {
                jobs = client.newActivateJobsCommand().jobType(JOB_TYPE).maxJobsToActivate(20).timeout(JOB_TIMEOUT)
                        .requestTimeout(Duration.ofSeconds(1)).send().join().getJobs();
            } catch (RuntimeException notAcknowledged) {
                pauseAfterFailure();
                continue;
            }
            for (ActivatedJob job : jobs) {
                if (!activatedJobs.add(job.getKey())) {
                    activatedTwice.add(job.getKey());
                }
                instanceOfJob.put(job.getKey(), job.getProcessInstanceKey());
                try {
                    client.newCompleteCommand(job.getKey()).send().join();
                    ackedCompletions.add(job.getKey());
                } catch (RuntimeException notAcknowledged) {
                    unackedCompletions.put(job.getKey(), job.getProcessInstanceKey());
                }
            }
        }
    }

    /** After the kill every request fails at once; back off a little rather than spin. */
    private static void pauseAfterFailure() {
        await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> true);
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, "crash-load-" + name);
        thread.setDaemon(true);
        return thread;
    }

    // ------------------------------------------------------------------ helpers

    private static Map<Long, ElementInstance> elementsOf(CamundaClient client, String elementId) {
        return byKey(elementsList(client, elementId), ElementInstance::getProcessInstanceKey);
    }

    private static List<ElementInstance> elementsList(CamundaClient client, String elementId) {
        return client.newElementInstanceSearchRequest().filter(f -> f.processDefinitionId(PROCESS).elementId(elementId))
                .page(p -> p.limit(10_000)).send().join().items();
    }

    private static List<ElementInstance> elementsAll(CamundaClient client) {
        return client.newElementInstanceSearchRequest().filter(f -> f.processDefinitionId(PROCESS))
                .page(p -> p.limit(10_000)).send().join().items();
    }

    /** Indexes by key and fails on duplicates (an element entered twice, a record written twice). */
    private static <T> Map<Long, T> byKey(List<T> items, Function<T, Long> key) {
        Map<Long, T> result = new HashMap<>();
        for (T item : items) {
            assertThat(result.put(key.apply(item), item)).as("duplicate for key %d", key.apply(item)).isNull();
        }
        return result;
    }

    private static Process startStandaloneEngine(String jdbcUrl, int rest, int management, int grpc)
            throws IOException {
        Path log = Files.createTempFile("engine-crash", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--server.port=" + rest, "--management.server.port=" + management, "--engine.grpc.port=" + grpc,
                "--engine.datasource.url=" + jdbcUrl,
                "--engine.datasource.username=" + EmbeddedPostgresSupport.username(),
                "--engine.datasource.password=" + EmbeddedPostgresSupport.password()));
        command.addAll(TestEngines.UNSECURED_TESTING_ARGS);
        return new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void management(RunningEngine engine, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(engine.managementAddress() + path)).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
