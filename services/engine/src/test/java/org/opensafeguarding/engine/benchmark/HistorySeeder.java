package org.opensafeguarding.engine.benchmark;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ended instances for the engine to carry as history: a one-service-task process ({@code start → task → end}),
 * started and completed through the public API as fast as the engine takes them, {@code inFlight} instances open
 * at a time. Each leaves an ended instance, three ended element instances and a completed job behind.
 */
final class HistorySeeder {

    static final String PROCESS_ID = "scale-history";
    private static final String JOB_TYPE = "scale-history.work";

    private HistorySeeder() {
    }

    /** Returns instances ended per second. */
    static double seed(CamundaClient client, CamundaClient workerClient, long count, int inFlight)
            throws InterruptedException {
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(PROCESS_ID)
                        .startEvent("start").serviceTask("task", t -> t.zeebeJobType(JOB_TYPE)).endEvent("end").done(),
                PROCESS_ID + ".bpmn").send().join();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong ended = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        JobWorker worker = workerClient.newWorker().jobType(JOB_TYPE).handler((jobs, job) ->
                jobs.newCompleteCommand(job.getKey()).send().whenComplete((ok, error) -> {
                    if (error != null) {
                        failures.incrementAndGet();
                    } else {
                        ended.incrementAndGet();
                    }
                    slots.release();
                })).name("scale-history").maxJobsActive(Math.min(inFlight, 256)).timeout(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100)).requestTimeout(Duration.ofSeconds(10))
                .fetchVariables("none").streamEnabled(false).open();
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(30);
        long created = 0;
        try {
            while (ended.get() < count) {
                if (created < count + failures.get()) {
                    if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    created++;
                    client.newCreateInstanceCommand().bpmnProcessId(PROCESS_ID).latestVersion().send()
                            .whenComplete((ok, error) -> {
                                if (error != null) {
                                    failures.incrementAndGet();
                                    slots.release();
                                }
                            });
                } else {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                if (System.nanoTime() > nextReport) {
                    report(ended.get(), count, start, failures.get());
                    nextReport += TimeUnit.SECONDS.toNanos(30);
                }
            }
        } finally {
            worker.close();
        }
        report(ended.get(), count, start, failures.get());
        return ended.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(long ended, long count, long start, long failures) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("    history: %d of %d ended (%.0f/s over %.0f s), %d failed requests, load average %s%n",
                ended, count, ended / seconds, seconds, failures, EngineBenchmark.loadAverage());
    }
}
