package org.opensafeguarding.engine.benchmark;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the standalone engine's costs grow with the work it holds: at each level of open cases of the real LADO model
 * ({@link LadoCases}: a user task, four timers and a message subscription each), on top of a history of ended
 * instances ({@link HistorySeeder}), it prints the engine's start-up time and heap, the p50 / p99 of instance
 * creation, job activation and a task search for one candidate group, and the CPU the engine (JVM and its embedded
 * PostgreSQL) uses while idle; and, when given the workflow service's classpath, that service's idle CPU against
 * this engine ({@link WorkflowServiceProcess}). The goal (issue 13): every latency at 100 k within twice its value
 * at 1 k, and idle CPU flat.
 *
 * <p>Everything goes through public interfaces only, so the same benchmark measures the engine before and after a
 * change of its internals: the official client over REST, the engine's health endpoint, {@code jcmd} and
 * {@code /proc}. Not a test: run it with {@code services/engine/scale-benchmark.sh} (see docs/engine.md, "Scale
 * benchmark").
 *
 * <p>Per level: create the cases still missing (as fast as the engine takes them), restart the engine (SIGTERM,
 * then start-up = process start to health UP; heap used after a {@code jcmd GC.run}), warm up with paced creations,
 * then create cases at {@code scale.rate} per second for {@code scale.measure} s: creation = the create request's
 * round trip, job activation = from sending the create to the {@code case.open} job arriving at the long-polling
 * worker. The paced cases are cancelled afterwards, so the open count stays at the level (they join the history).
 * Then {@code scale.searches} searches, one at a time: {@code candidateGroup = lado, state = CREATED}, first page of
 * 50. Then the engine left idle (the workers keep long polling, as the workflow service's do) for
 * {@code scale.idle} s: CPU as a percentage of one core.
 *
 * <p>System properties: {@code scale} (1.0; multiplies the levels and the history), {@code scale.levels}
 * (1000,10000,100000 before scaling), {@code scale.ended} (1000000 before scaling), {@code scale.rate} (50/s),
 * {@code scale.warmup} (10 s), {@code scale.measure} (30 s), {@code scale.searches} (200), {@code scale.idle}
 * (60 s), {@code scale.inflight} (cases on their way at once while filling a level, 100), {@code scale.historyInflight}
 * (200), {@code scale.bpmn} (folder of the LADO model and its forms, {@code bpmn}), {@code scale.engineJavaOpts},
 * {@code scale.workflowClasspath} (the workflow idle step runs only when set), {@code scale.workflowCatchUp} (at
 * most this long, 1800 s, for its task mirror to hold every open task), {@code scale.workflowSettle} (30 s),
 * {@code scale.keep} (false: the data folder is deleted at the end).
 */
public final class ScaleBenchmark {

    private static final int SEARCH_PAGE = 50;
    private static final int SEARCH_WARMUP = 20;

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getProperty("scale", "1"));
        List<Integer> levels = Arrays.stream(System.getProperty("scale.levels", "1000,10000,100000").split(","))
                .map(String::trim).map(l -> (int) Math.max(1, Math.round(Integer.parseInt(l) * scale))).toList();
        long ended = Math.round(Long.parseLong(System.getProperty("scale.ended", "1000000")) * scale);
        int rate = Integer.getInteger("scale.rate", 50);
        long warmup = Long.getLong("scale.warmup", 10);
        long measure = Long.getLong("scale.measure", 30);
        int searches = Integer.getInteger("scale.searches", 200);
        long idle = Long.getLong("scale.idle", 60);
        int inFlight = Integer.getInteger("scale.inflight", 100);
        int historyInFlight = Integer.getInteger("scale.historyInflight", 200);
        Path bpmn = Path.of(System.getProperty("scale.bpmn", "bpmn")).toAbsolutePath();
        List<String> engineJavaOpts = Arrays.stream(System.getProperty("scale.engineJavaOpts", "").trim()
                .split("\\s+")).filter(o -> !o.isBlank()).toList();
        String workflowClasspath = System.getProperty("scale.workflowClasspath", "");
        long workflowSettle = Long.getLong("scale.workflowSettle", 30);
        long workflowCatchUp = Long.getLong("scale.workflowCatchUp", 1800);
        boolean keep = Boolean.getBoolean("scale.keep");

        System.out.printf("scale benchmark: levels %s open LADO cases, %d ended instances, creations at %d/s"
                        + " (warm-up %d s, measured %d s), %d searches, idle %d s, %d CPUs, load average %s%n",
                levels, ended, rate, warmup, measure, searches, idle, Runtime.getRuntime().availableProcessors(),
                EngineBenchmark.loadAverage());
        // Ctrl-C: the engine and the workflow service are child JVMs with databases of their own; stop them first
        Runtime.getRuntime().addShutdownHook(new Thread(ScaleBenchmark::stopChildren, "scale-stop-children"));
        Path folder = Files.createTempDirectory("engine-scale-bench");
        Path engineLog = folder.resolve("engine.log");
        System.out.println("data and logs: " + folder);
        List<Row> rows = new ArrayList<>();
        try (StandaloneEngineProcess engine = new StandaloneEngineProcess(folder.resolve("engine-data"), engineLog,
                engineJavaOpts)) {
            Duration firstStart = engine.start();
            System.out.printf("engine up in %d ms (empty database)%n", firstStart.toMillis());
            try (CamundaClient client = newClient(engine);
                 CamundaClient workerClient = newClient(engine);
                 LadoCases cases = new LadoCases(client)) {
                LadoCases.deploy(client, bpmn);
                System.out.printf("history: seeding %d ended instances of %s%n", ended, HistorySeeder.PROCESS_ID);
                double seeded = HistorySeeder.seed(client, workerClient, ended, historyInFlight);
                System.out.printf("history: %d ended instances at %.0f/s%n", ended, seeded);
                cases.openWorkers(workerClient);
                int open = 0;
                for (int level : levels) {
                    System.out.printf("%nlevel %d: creating %d cases%n", level, level - open);
                    long fillStart = System.nanoTime();
                    cases.createAtFullSpeed(level - open, inFlight);
                    double fillRate = (level - open) / ((System.nanoTime() - fillStart) / 1e9);
                    open = level;

                    // the workers go with the engine and come back with it, as a service's would after a
                    // reconnect, so that the client's poll back-off does not add to the figures
                    cases.closeWorkers();
                    engine.stop();
                    Duration startUp = engine.start();
                    cases.openWorkers(workerClient);
                    long heap = engine.heapUsedAfterGc();
                    System.out.printf("  restarted: up in %d ms, heap after GC %d MB%n", startUp.toMillis(),
                            heap >> 20);

                    cases.cancel(cases.createPaced(rate, warmup, false).keys());
                    cases.drainActivations();
                    LadoCases.Paced paced = cases.createPaced(rate, measure, true);
                    LatencySample activation = cases.drainActivations();
                    cases.cancel(paced.keys());

                    long openTasks = searchOpenTasks(client).page().totalItems();
                    LatencySample search = timeSearches(client, searches);

                    TimeUnit.SECONDS.sleep(5);
                    double engineIdle = idleCpuPercent(engine.handle(), idle);
                    String workflowIdle = "not measured";
                    if (!workflowClasspath.isBlank()) {
                        WorkflowServiceProcess.Idle w = WorkflowServiceProcess.measureIdle(workflowClasspath, engine,
                                cases, openTasks, folder.resolve("workflow-" + level), workflowCatchUp,
                                workflowSettle, idle);
                        workflowIdle = String.format(Locale.ROOT, "%.1f %% (%d)", w.cpuPercent(), w.mirroredTasks());
                    }
                    Row row = new Row(level, openTasks, fillRate, startUp.toMillis(), heap >> 20, paced.creation(),
                            activation, search, engineIdle, workflowIdle, cases.failures(),
                            EngineBenchmark.loadAverage());
                    rows.add(row);
                    System.out.println(Row.HEADER);
                    System.out.println(row.line());
                }
            }
        } finally {
            if (!keep) {
                deleteRecursively(folder);
            }
        }
        System.out.printf("%n=== scale benchmark: %d ended instances; CPU in %% of one core over %d s idle ===%n",
                ended, idle);
        System.out.println(Row.HEADER);
        rows.forEach(r -> System.out.println(r.line()));
        if (rows.size() > 1) {
            Row first = rows.get(0);
            Row last = rows.get(rows.size() - 1);
            System.out.printf(Locale.ROOT, "p99 at %d over p99 at %d (goal: at most 2): creation %.2f, activation"
                            + " %.2f, search %.2f; engine idle CPU %.1f %% -> %.1f %%%n", last.level, first.level,
                    ratio(last.creation, first.creation), ratio(last.activation, first.activation),
                    ratio(last.search, first.search), first.engineIdleCpu, last.engineIdleCpu);
        }
    }

    record Row(int level, long openTasks, double fillRate, long startUpMillis, long heapMb, LatencySample creation,
               LatencySample activation, LatencySample search, double engineIdleCpu, String workflowIdleCpu,
               long failures, String load) {

        static final String HEADER = String.format("%8s | %10s | %8s | %10s | %8s | %20s | %20s | %20s | %11s |"
                        + " %20s | %6s | %s", "open", "open tasks", "filled/s", "start-up", "heap",
                "create p50/p99", "activate p50/p99", "search p50/p99", "engine idle", "workflow idle", "failed",
                "load average");

        String line() {
            return String.format(Locale.ROOT, "%8d | %10d | %8.0f | %7d ms | %5d MB | %17s ms | %17s ms |"
                            + " %17s ms | %9.1f %% | %20s | %6d | %s", level, openTasks, fillRate, startUpMillis, heapMb,
                    creation.p50p99(), activation.p50p99(), search.p50p99(), engineIdleCpu, workflowIdleCpu, failures,
                    load);
        }
    }

    private static SearchResponse<UserTask> searchOpenTasks(CamundaClient client) {
        return client.newUserTaskSearchRequest()
                .filter(f -> f.candidateGroup(LadoCases.CANDIDATE_GROUP).state(UserTaskState.CREATED))
                .page(p -> p.limit(SEARCH_PAGE)).send().join();
    }

    private static LatencySample timeSearches(CamundaClient client, int count) {
        for (int i = 0; i < SEARCH_WARMUP; i++) {
            searchOpenTasks(client);
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            searchOpenTasks(client);
            micros.add((System.nanoTime() - start) / 1000);
        }
        return LatencySample.of(micros);
    }

    /** CPU of the process tree over {@code seconds}, in percent of one core. */
    static double idleCpuPercent(ProcessHandle process, long seconds) throws InterruptedException {
        Map<Long, Long> before = ProcessTreeCpu.snapshot(process);
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        Map<Long, Long> after = ProcessTreeCpu.snapshot(process);
        double elapsedMillis = (System.nanoTime() - start) / 1e6;
        return 100.0 * ProcessTreeCpu.millisBetween(before, after) / elapsedMillis;
    }

    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(120, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                child.destroyForcibly();
            }
        }
    }

    private static double ratio(LatencySample later, LatencySample first) {
        return later.percentileMillis(0.99) / first.percentileMillis(0.99);
    }

    private static CamundaClient newClient(StandaloneEngineProcess engine) {
        return CamundaClient.newClientBuilder().restAddress(engine.restAddress()).grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(true).numJobWorkerExecutionThreads(2).defaultRequestTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
