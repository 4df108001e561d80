package org.opensafeguarding.engine;

import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load for the fault tests, with the outcome of every command recorded as the client saw it. Creator threads
 * start instances of "service task, user task, 1 h timer", each tagged with a variable {@code ref} of its own;
 * worker threads activate and complete the service tasks' jobs. Each command ends
 * <ul>
 *   <li>acknowledged: the engine answered with success, so the change must be there for ever;</li>
 *   <li>refused: the engine answered 503 / UNAVAILABLE with its "send it again later" hint, so the change must
 *   be nowhere. The command is then sent again as is (same {@code ref}, same job), as a well-behaved client
 *   would: a ref found twice, or a job already gone when its completion is retried, means a refused command
 *   was applied after all;</li>
 *   <li>unknown: anything else (a timeout, a connection cut, the engine killed): either all there or not at all.
 *   Never retried, as a create cannot be sent twice safely.</li>
 * </ul>
 * Threads run until {@link #close()}; failures are met with a short pause, not a spin.
 */
final class FaultLoad implements AutoCloseable {

    static final String PROCESS = "fault-load";
    static final String JOB_TYPE = "fault-work";
    static final String REF = "ref";
    /** How the engine words its refusal (CommandProcessor): the only failure that proves nothing was applied. */
    private static final String REFUSAL = "send it again later";

    /** ref to the instance key the engine acknowledged for it. */
    final Map<String, Long> acknowledgedInstances = new ConcurrentHashMap<>();
    /** refs whose create was refused at least once (retried after). */
    final Set<String> refusedInstances = ConcurrentHashMap.newKeySet();
    /** refs whose create had no answer. */
    final Set<String> unknownInstances = ConcurrentHashMap.newKeySet();
    /** job key to its instance key, for every job the workers were handed. */
    final Map<Long, Long> instanceOfJob = new ConcurrentHashMap<>();
    final Set<Long> acknowledgedCompletions = ConcurrentHashMap.newKeySet();
    final Set<Long> refusedCompletions = ConcurrentHashMap.newKeySet();
    final Set<Long> unknownCompletions = ConcurrentHashMap.newKeySet();
    /** Evidence that a refused command was applied: a retried completion whose job had already gone. */
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    final AtomicInteger refusals = new AtomicInteger();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger refs = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Duration jobTimeout;

    private FaultLoad(Duration jobTimeout) {
        this.jobTimeout = jobTimeout;
    }

    /** The model every fault test runs: its timer only fires once the test moves the engine's clock. */
    static BpmnModelInstance model() {
        return Bpmn.createExecutableProcess(PROCESS).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(JOB_TYPE))
                .userTask("review", u -> u.zeebeUserTask())
                .intermediateCatchEvent("wait").timerWithDuration("PT1H")
                .endEvent("end").done();
    }

    static void deploy(CamundaClient client) {
        client.newDeployResourceCommand().addProcessModel(model(), PROCESS + ".bpmn").send().join();
    }

    /**
     * Starts {@code creators} creating threads and {@code workers} job workers on each client (say one preferring
     * REST and one gRPC). Jobs are activated for {@code jobTimeout}; make it longer than the test when an
     * activated job must not come back on its own.
     */
    static FaultLoad start(List<CamundaClient> clients, int creators, int workers, Duration jobTimeout) {
        FaultLoad load = new FaultLoad(jobTimeout);
        for (int c = 0; c < clients.size(); c++) {
            CamundaClient client = clients.get(c);
            for (int i = 0; i < creators; i++) {
                load.threads.add(load.thread("creator-" + c + "-" + i, () -> load.createInstances(client)));
            }
            for (int i = 0; i < workers; i++) {
                load.threads.add(load.thread("worker-" + c + "-" + i, () -> load.completeJobs(client)));
            }
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    /** Waits until the engine has acknowledged this many more instances and completions than now. */
    void awaitProgress(int instances, int completions, Duration atMost) {
        int instancesBefore = acknowledgedInstances.size();
        int completionsBefore = acknowledgedCompletions.size();
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() ->
                acknowledgedInstances.size() >= instancesBefore + instances
                        && acknowledgedCompletions.size() >= completionsBefore + completions);
    }

    String summary() {
        return String.format("%d instances acknowledged, %d refused at least once, %d unanswered; "
                        + "%d completions acknowledged, %d refused at least once, %d unanswered; %d refusals in all",
                acknowledgedInstances.size(), refusedInstances.size(), unknownInstances.size(),
                acknowledgedCompletions.size(), refusedCompletions.size(), unknownCompletions.size(), refusals.get());
    }

    /** Stops the threads and waits for them: every command sent has its outcome recorded afterwards. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not stop");
            }
        }
    }

    // ------------------------------------------------------------------ the threads

    private void createInstances(CamundaClient client) {
        while (running.get()) {
            String ref = "r-" + refs.incrementAndGet();
            boolean again = true;
            while (again && running.get()) {
                try {
                    long key = client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion()
                            .variables(Map.of(REF, ref)).send().join().getProcessInstanceKey();
                    acknowledgedInstances.put(ref, key);
                    again = false;
                } catch (RuntimeException e) {
                    if (isRefusal(e)) {
                        refusals.incrementAndGet();
                        refusedInstances.add(ref);
                    } else {
                        unknownInstances.add(ref);
                        again = false;
                    }
                    pauseAfterFailure();
                }
            }
        }
    }

    private void completeJobs(CamundaClient client) {
        while (running.get()) {
            List<ActivatedJob> jobs;
            try {
                jobs = client.newActivateJobsCommand().jobType(JOB_TYPE).maxJobsToActivate(20).timeout(jobTimeout)
                        .requestTimeout(Duration.ofSeconds(1)).send().join().getJobs();
            } catch (RuntimeException notActivated) {
                // an activation whose answer is lost leaves its jobs activated until their timeout: harmless here
                pauseAfterFailure();
                continue;
            }
            for (ActivatedJob job : jobs) {
                if (instanceOfJob.put(job.getKey(), job.getProcessInstanceKey()) != null
                        && acknowledgedCompletions.contains(job.getKey())) {
                    violations.add("job " + job.getKey() + " handed out again after its completion was acknowledged");
                }
                complete(client, job.getKey());
            }
        }
    }

    private void complete(CamundaClient client, long job) {
        boolean refusedBefore = false;
        while (running.get()) {
            try {
                client.newCompleteCommand(job).send().join();
                acknowledgedCompletions.add(job);
                return;
            } catch (RuntimeException e) {
                if (isRefusal(e)) {
                    refusals.incrementAndGet();
                    refusedCompletions.add(job);
                    refusedBefore = true;
                    pauseAfterFailure();
                } else if (refusedBefore && isNotFound(e)) {
                    violations.add("job " + job + " was gone when its refused completion was sent again: " + e);
                    return;
                } else {
                    unknownCompletions.add(job);
                    pauseAfterFailure();
                    return;
                }
            }
        }
    }

    /** The engine's own refusal: 503 with its hint over REST, UNAVAILABLE with it over gRPC. */
    static boolean isRefusal(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ProblemException problem) {
            return problem.code() == 503 && problem.details() != null
                    && String.valueOf(problem.details().getDetail()).contains(REFUSAL);
        }
        if (e instanceof ClientStatusException status) {
            return status.getStatusCode() == Status.Code.UNAVAILABLE
                    && String.valueOf(status.getMessage()).contains(REFUSAL);
        }
        return false;
    }

    private static boolean isNotFound(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof ProblemException problem && problem.code() == 404
                || e instanceof ClientStatusException status && status.getStatusCode() == Status.Code.NOT_FOUND;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** After a failure every request may fail at once; back off a little rather than spin. */
    private static void pauseAfterFailure() {
        await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> true);
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, "fault-load-" + name);
        thread.setDaemon(true);
        return thread;
    }
}
