package org.opensafeguarding.engine.benchmark;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Open cases of the real LADO model ({@code bpmn/lado-allegation.bpmn}, with its forms and the escalation process
 * its breach paths start). A verbal referral is created with the start variables the intake gives it; the job
 * workers here stand in for the workflow service's {@code case.open} and {@code deadline.compute} with the values
 * those return for a tenant with the built-in settings, with every due date a year ahead. So each case comes to rest
 * as it does on day one: the initial consideration user task for candidate group {@code lado} (with its due date),
 * the written-referral receive task (a message subscription) with its L1a boundary timer, and the three L8b timers on
 * the managing subprocess.
 */
final class LadoCases implements AutoCloseable {

    static final String PROCESS_ID = "lado-allegation";
    static final String CANDIDATE_GROUP = "lado";
    /** The service task whose completion brings a new case to rest. */
    private static final String LAST_STEP = "ComputeDeadlines";
    /**
     * Completed with no result. {@code safeguarding.task-mirror} is the user task listener the workflow service runs:
     * a task stays CREATING (not searchable as CREATED) and a cancelled case's tree stays in memory until its
     * listener jobs are done.
     */
    private static final List<String> OTHER_JOB_TYPES = List.of("case-event.emit", "notification.send",
            "lado.record-outcome", "case.close", "safeguarding.task-mirror");

    private final CamundaClient client;
    private final List<JobWorker> workers = new ArrayList<>();
    private final AtomicLong atRest = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Creation time of the cases whose first job's activation is being timed, by case id. */
    private final Map<String, Long> timedCreations = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> activationMicros = new ConcurrentLinkedQueue<>();
    /** The cases of the levels (not the paced ones, which are cancelled): case id and process instance key. */
    private final ConcurrentLinkedQueue<String> openCases = new ConcurrentLinkedQueue<>();
    private volatile Semaphore restSlots;

    LadoCases(CamundaClient client) {
        this.client = client;
    }

    /** Deploys the model, the forms its user tasks link to and the escalation process, from {@code bpmnFolder}. */
    static void deploy(CamundaClient client, Path bpmnFolder) throws IOException {
        DeployResourceCommandStep1.DeployResourceCommandStep2 deploy = client.newDeployResourceCommand()
                .addResourceFile(bpmnFolder.resolve(PROCESS_ID + ".bpmn").toString())
                .addResourceFile(bpmnFolder.resolve("deadline-escalation.bpmn").toString());
        try (Stream<Path> forms = Files.list(bpmnFolder.resolve("forms"))) {
            for (Path form : forms.filter(f -> f.getFileName().toString().matches(
                    "(lado-.*|further-referral|deadline-escalation)\\.form")).sorted().toList()) {
                deploy = deploy.addResourceFile(form.toString());
            }
        }
        deploy.send().join();
    }

    /** Opens the stand-in workers on {@code workerClient} (long polling, no streaming, as the workflow service). */
    void openWorkers(CamundaClient workerClient) {
        workers.add(worker(workerClient, "case.open", (jobs, job) -> {
            Long created = timedCreations.remove(String.valueOf(job.getVariablesAsMap().get("caseId")));
            if (created != null) {
                activationMicros.add((System.nanoTime() - created) / 1000);
            }
            complete(jobs, job, caseOpened(), null);
        }, "caseId"));
        workers.add(worker(workerClient, "deadline.compute", (jobs, job) -> complete(jobs, job,
                deadlines(job.getCustomHeaders().getOrDefault("timescaleIds", "")),
                LAST_STEP.equals(job.getElementId()) ? this::cameToRest : null), "caseId"));
        for (String type : OTHER_JOB_TYPES) {
            workers.add(worker(workerClient, type, (jobs, job) -> complete(jobs, job, Map.of(), null), "caseId"));
        }
    }

    /**
     * Creates {@code count} cases as fast as the engine takes them ({@code inFlight} cases on their way at once)
     * and returns when every one of them is at rest; prints progress every 10 s.
     */
    void createAtFullSpeed(int count, int inFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        restSlots = slots;
        long base = atRest.get();
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            String caseId = UUID.randomUUID().toString();
            create(caseId).whenComplete((key, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                    refused.incrementAndGet();
                    slots.release();
                } else {
                    openCases.add(caseId + "," + key);
                }
            });
            if (System.nanoTime() > nextReport) {
                report("    creating cases", atRest.get() - base, count, start);
                nextReport += TimeUnit.SECONDS.toNanos(10);
            }
        }
        awaitAtRest(() -> base + count - refused.get(), base, start, count);
        restSlots = null;
    }

    /**
     * Creates cases at a fixed rate for {@code seconds}, timing each creation request and (when {@code timed}) the
     * arrival of its {@code case.open} job at the worker; returns the creation latencies and the keys created.
     */
    Paced createPaced(int ratePerSecond, long seconds, boolean timed) throws InterruptedException {
        ConcurrentLinkedQueue<Long> creationMicros = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> keys = new ConcurrentLinkedQueue<>();
        long base = atRest.get();
        AtomicInteger refused = new AtomicInteger();
        long interval = 1_000_000_000L / ratePerSecond;
        long next = System.nanoTime();
        long end = next + TimeUnit.SECONDS.toNanos(seconds);
        int sent = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long sentAt = System.nanoTime();
            String caseId = UUID.randomUUID().toString();
            if (timed) {
                timedCreations.put(caseId, sentAt);
            }
            create(caseId).whenComplete((key, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                    refused.incrementAndGet();
                    timedCreations.remove(caseId);
                    return;
                }
                keys.add(key);
                if (timed) {
                    creationMicros.add((System.nanoTime() - sentAt) / 1000);
                }
            });
            sent++;
            next += interval;
        }
        int total = sent;
        awaitAtRest(() -> base + total - refused.get(), base, System.nanoTime(), total);
        // a case can come to rest before the answer to its create arrives here: every key is needed to cancel it
        while (keys.size() + refused.get() < total) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        timedCreations.clear();
        return new Paced(LatencySample.of(creationMicros), new ArrayList<>(keys));
    }

    /** Activation latencies recorded since the last call. */
    LatencySample drainActivations() {
        List<Long> drained = new ArrayList<>();
        for (Long m; (m = activationMicros.poll()) != null; ) {
            drained.add(m);
        }
        return LatencySample.of(drained);
    }

    /** Cancels the given instances (the probe's own cases, so the open count stays at the level). */
    void cancel(List<Long> keys) throws InterruptedException {
        Semaphore open = new Semaphore(32);
        for (long key : keys) {
            open.acquire();
            client.newCancelInstanceCommand(key).send().whenComplete((ok, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                }
                open.release();
            });
        }
        open.acquire(32);
    }

    /** Writes {@code caseId,processInstanceKey} lines of the open cases, for the workflow service's case records. */
    void writeOpenCases(Path csv) throws IOException {
        Files.write(csv, List.copyOf(openCases));
    }

    long failures() {
        return failures.get();
    }

    record Paced(LatencySample creation, List<Long> keys) {
    }

    private java.util.concurrent.CompletionStage<Long> create(String caseId) {
        return client.newCreateInstanceCommand().bpmnProcessId(PROCESS_ID).latestVersion()
                .variables(startVariables(caseId)).send()
                .thenApply(created -> created.getProcessInstanceKey());
    }

    /** What the intake starts a verbal LADO referral with: codes and dates only. */
    private static Map<String, Object> startVariables(String caseId) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        Map<String, Object> v = new HashMap<>();
        v.put("caseId", caseId);
        v.put("caseType", "LADO_ALLEGATION");
        v.put("tenant", "demo-north");
        v.put("processVersion", "lado-1");
        v.put("referralReceivedAt", now);
        v.put("allegationReportedAt", now);
        v.put("referralChannel", "VERBAL");
        return v;
    }

    /** What {@code case.open} returns for a LADO case of a tenant with the built-in settings. */
    private static Map<String, Object> caseOpened() {
        Map<String, Object> v = new HashMap<>();
        v.put("defaultTaskTurnaround", "P5D");
        v.put("escalationTurnaround", "P2D");
        v.put("reviewMeetingCycle", "R/P4W");
        v.put("actionPlanReviewInterval", "P3M");
        v.put("kcsieEdition", "KCSIE-2025");
        v.put("harmTestLimb4Applies", true);
        return v;
    }

    /** {@code due<ID>} and {@code breachAt<ID>} (one second later) for each timescale, a year from now. */
    private static Map<String, Object> deadlines(String timescaleIds) {
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusYears(1);
        Map<String, Object> v = new HashMap<>();
        for (String id : timescaleIds.split(",")) {
            if (!id.isBlank()) {
                v.put("due" + id.trim(), due.toString());
                v.put("breachAt" + id.trim(), due.plusSeconds(1).toString());
            }
        }
        return v;
    }

    private void cameToRest() {
        atRest.incrementAndGet();
        Semaphore slots = restSlots;
        if (slots != null) {
            slots.release();
        }
    }

    private void complete(JobClient jobs, ActivatedJob job, Map<String, Object> variables, Runnable done) {
        jobs.newCompleteCommand(job.getKey()).variables(variables).send().whenComplete((ok, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            } else if (done != null) {
                done.run();
            }
        });
    }

    /** Waits until {@code target} cases (all created minus those refused, which may still be counting) rest. */
    private void awaitAtRest(LongSupplier target, long base, long start, int count) throws InterruptedException {
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (atRest.get() < target.getAsLong()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cases did not come to rest within 30 minutes: " + atRest.get()
                        + " of " + target.getAsLong() + ", " + failures.get() + " failed requests");
            }
            if (System.nanoTime() > nextReport) {
                report("    waiting for cases to come to rest", atRest.get() - base, count, start);
                nextReport += TimeUnit.SECONDS.toNanos(10);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private void report(String what, long done, long of, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d of %d (%.0f/s), %d failed requests, load average %s%n", what, done, of,
                done / seconds, failures.get(), EngineBenchmark.loadAverage());
    }

    private static JobWorker worker(CamundaClient workerClient, String type,
                                    io.camunda.client.api.worker.JobHandler handler, String... variables) {
        return workerClient.newWorker().jobType(type).handler(handler).name("scale-" + type).maxJobsActive(64)
                .timeout(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(10)).fetchVariables(variables).streamEnabled(false).open();
    }

    void closeWorkers() {
        workers.forEach(JobWorker::close);
        workers.clear();
    }

    @Override
    public void close() {
        closeWorkers();
    }
}
