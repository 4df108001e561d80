package org.opensafeguarding.engine.benchmark;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * What ended instances cost once they live in the history table: start-up time and heap after a restart, and
 * search latencies over open work plus history, printed for {@code bench.ended} ended instances (20,000) and
 * {@code bench.open} open ones with a user task each (1,000). Not a test: run its main from the test classpath.
 */
public final class HistoryBenchmark {

    public static void main(String[] args) throws Exception {
        int ended = Integer.getInteger("bench.ended", 20_000);
        int open = Integer.getInteger("bench.open", 1_000);
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_history_bench");
        EngineSettings settings = EngineSettings.forDatabase(jdbcUrl, EmbeddedPostgresSupport.username(),
                        EmbeddedPostgresSupport.password())
                .withProperty("engine.security.enabled", "false")
                .withProperty("engine.history-retention", "forever");
        long lastEnded;
        try (RunningEngine engine = EmbeddedEngine.start(settings); CamundaClient client = client(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(), "q.bpmn")
                    .addProcessModel(Bpmn.createExecutableProcess("task").startEvent()
                            .userTask("review", t -> t.zeebeUserTask().zeebeCandidateGroups("reviewers"))
                            .endEvent().done(), "t.bpmn")
                    .send().join();
            long started = System.nanoTime();
            lastEnded = create(client, "quick", ended);
            System.out.printf("created %,d ended instances in %.1f s%n", ended, (System.nanoTime() - started) / 1e9);
            create(client, "task", open);
        }
        long start = System.nanoTime();
        try (RunningEngine engine = EmbeddedEngine.start(settings); CamundaClient client = client(engine)) {
            System.out.printf("start-up with %,d open and %,d ended instances: %.2f s%n", open, ended,
                    (System.nanoTime() - start) / 1e9);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("heap used after GC: %,d MB%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
            measure("task search, candidate group, CREATED, page of 100", () -> client.newUserTaskSearchRequest()
                    .filter(f -> f.candidateGroup("reviewers").state(UserTaskState.CREATED))
                    .page(p -> p.limit(100)).send().join());
            long key = lastEnded;
            measure("process instance search by key (ended)", () -> client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processInstanceKey(key)).send().join());
            measure("process instance search, COMPLETED, page of 100", () -> client.newProcessInstanceSearchRequest()
                    .filter(f -> f.state(io.camunda.client.api.search.enums.ProcessInstanceState.COMPLETED))
                    .page(p -> p.limit(100)).send().join());
            long pageStart = System.nanoTime();
            int pages = 0;
            String cursor = null;
            do {
                String after = cursor;
                var page = client.newProcessInstanceSearchRequest().page(p -> {
                    p.limit(1000);
                    if (after != null) {
                        p.after(after);
                    }
                }).send().join();
                cursor = page.items().isEmpty() ? null : page.page().endCursor();
                pages++;
            } while (cursor != null);
            System.out.printf("paged through all %,d instances, 1,000 a page: %d pages in %.2f s%n", ended + open,
                    pages - 1, (System.nanoTime() - pageStart) / 1e9);
        }
    }

    private static CamundaClient client(RunningEngine engine) {
        return CamundaClient.newClientBuilder().restAddress(engine.restAddress()).grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(true).defaultRequestTimeout(Duration.ofSeconds(60)).build();
    }

    private static long create(CamundaClient client, String process, int count) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Long>> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<Long> key = client.newCreateInstanceCommand().bpmnProcessId(process).latestVersion()
                    .variables(Map.of("n", i)).send().toCompletableFuture()
                    .thenApply(event -> event.getProcessInstanceKey());
            key.whenComplete((k, e) -> inFlight.release());
            keys.add(key);
        }
        long last = 0;
        for (CompletableFuture<Long> key : keys) {
            last = Math.max(last, key.join());
        }
        return last;
    }

    private static void measure(String name, Runnable search) {
        for (int i = 0; i < 20; i++) {
            search.run();
        }
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long t = System.nanoTime();
            search.run();
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms%n", name, micros[100] / 1000.0, micros[197] / 1000.0);
    }
}
