package org.opensafeguarding.engine.benchmark;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.AbstractFlowNodeBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.opensafeguarding.engine.EngineApplication;
import org.opensafeguarding.engine.TestEngines;

/**
 * Throughput and job activation latency of the standalone engine, measured from outside as a real worker sees
 * it. This JVM is the load driver and job worker (official {@link CamundaClient}, REST by default); the engine
 * runs in a child JVM ({@link EngineApplication}) against a PostgreSQL server started here (zonky embedded
 * binaries, a third process) with {@code fsync=on} and {@code synchronous_commit=on}, as the engine's own embedded
 * database runs, so every acknowledged command is flushed to disk. (Before 2026-12-08 it left zonky's {@code -F}:
 * commits were waited for but never reached the disk, and the throughput figures in docs/engine.md up to then were
 * taken that way.) Both are read back with {@code SHOW} and printed.
 *
 * <p>Not a test: run it with {@code services/engine/benchmark.sh}. Runs, in this order: {@code one-task} (start,
 * one service task, end) and {@code ten-tasks} (ten service tasks in a row), each a closed loop that keeps
 * {@code bench.inflight} instances open, so they measure the most the engine completes per second; then
 * {@code latency}, the one-task process started at a fixed rate ({@code bench.rate}), so the activation latency
 * is not dominated by queueing behind the benchmark's own load. Each run deploys its process, warms up, then
 * counts instances completed during a fixed measured period, and records for every job the worker receives the
 * time from the command that created it (instance creation for the first task, completion of the previous job
 * for the others) to its arrival at the worker. The starter and the worker use separate clients, as separate
 * applications would.
 *
 * <p>System properties: {@code bench.warmup} (s, 15), {@code bench.measure} (s, 30), {@code bench.inflight}
 * (instances in flight, 200), {@code bench.rate} (instances/s of the latency run, 100), {@code bench.runs}
 * (comma list, {@code one-task,ten-tasks,latency}), {@code bench.maxJobsActive} (per worker, 64),
 * {@code bench.grpc} (false: REST), {@code bench.syncCommit} (on), {@code bench.fsync} (on; off: zonky's test default, for comparing
 * with the figures taken before), {@code bench.engineJavaOpts} (extra JVM
 * options for the engine, e.g. {@code -XX:StartFlightRecording=filename=/tmp/engine.jfr}).
 */
public final class EngineBenchmark {

    private static final String T0 = "t0";

    /** At most this many create requests are open at once; the rest of the instances in flight wait at jobs. */
    private static final int MAX_OPEN_CREATES = 32;

    private final CamundaClient client;
    private final CamundaClient workerClient;
    private final int inFlight;
    private final int maxJobsActive;
    /** PostgreSQL's statement statistics of each measured window, when asked for ({@code bench.pgStatements}). */
    private StatementStatistics statistics;

    private EngineBenchmark(CamundaClient client, CamundaClient workerClient, int inFlight, int maxJobsActive) {
        this.client = client;
        this.workerClient = workerClient;
        this.inFlight = inFlight;
        this.maxJobsActive = maxJobsActive;
    }

    public static void main(String[] args) throws Exception {
        long warmup = Long.getLong("bench.warmup", 15);
        long measure = Long.getLong("bench.measure", 30);
        int inFlight = Integer.getInteger("bench.inflight", 200);
        int maxJobsActive = Integer.getInteger("bench.maxJobsActive", 64);
        boolean grpc = Boolean.getBoolean("bench.grpc");
        String syncCommit = System.getProperty("bench.syncCommit", "on");
        String fsync = System.getProperty("bench.fsync", "on");
        String engineJavaOpts = System.getProperty("bench.engineJavaOpts", "");
        int rate = Integer.getInteger("bench.rate", 100);
        List<String> runs = List.of(System.getProperty("bench.runs", "one-task,ten-tasks,latency").split(","));
        boolean statements = Boolean.getBoolean("bench.pgStatements");

        System.out.printf("engine benchmark: warm-up %ds, measured %ds, %d instances in flight, %d jobs per worker,"
                        + " %s, synchronous_commit=%s, %d CPUs, load average at start %s%n", warmup, measure, inFlight,
                maxJobsActive, grpc ? "gRPC" : "REST", syncCommit, Runtime.getRuntime().availableProcessors(),
                loadAverage());
        Path pgData = Files.createTempDirectory("engine-bench-pg");
        Path engineLog = Files.createTempFile("engine-bench", ".log");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(pgData)
                .setCleanDataDirectory(true).setServerConfig("synchronous_commit", syncCommit)
                // a -c setting overrides zonky's -F
                .setServerConfig("fsync", fsync).setServerConfig("full_page_writes", "on");
        if (statements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres postgres = builder.start()) {
            System.out.println("PostgreSQL: " + durability(postgres));
            int rest = freePort();
            int management = freePort();
            int grpcPort = freePort();
            List<String> command = new ArrayList<>();
            command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
            for (String option : engineJavaOpts.trim().split("\\s+")) {
                if (!option.isBlank()) {
                    command.add(option);
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                    "--server.port=" + rest, "--management.server.port=" + management,
                    "--engine.grpc.port=" + grpcPort,
                    "--engine.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--engine.datasource.username=postgres", "--engine.datasource.password=postgres"));
            // the figures are of the engine itself; SecurityOverheadBenchmark measures what token checks add
            command.addAll(TestEngines.UNSECURED_TESTING_ARGS);
            Process engine = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(engineLog.toFile())
                    .start();
            System.out.println("engine log: " + engineLog);
            // the starter and the worker have their own clients (connection pools), as separate applications would:
            // otherwise queued create requests hold the worker's completions back in one pool
            try (CamundaClient client = newClient(rest, grpcPort, grpc);
                 CamundaClient workerClient = newClient(rest, grpcPort, grpc)) {
                waitForEngine(client, engine);
                EngineBenchmark benchmark = new EngineBenchmark(client, workerClient, inFlight, maxJobsActive);
                List<Result> results = new ArrayList<>();
                if (statements) {
                    benchmark.statistics = StatementStatistics.start(postgres);
                }
                if (runs.contains("one-task")) {
                    results.add(benchmark.run("one-task", 1, warmup, measure, 0));
                }
                if (runs.contains("ten-tasks")) {
                    results.add(benchmark.run("ten-tasks", 10, warmup, measure, 0));
                }
                if (runs.contains("latency")) {
                    results.add(benchmark.run("latency", 1, warmup, measure, rate));
                }
                System.out.println();
                System.out.println("=== results (" + (grpc ? "gRPC" : "REST") + ", fsync=" + fsync + ", synchronous_commit=" + syncCommit
                        + ", load average at end " + loadAverage() + ") ===");
                results.forEach(r -> System.out.println(r.line()));
            } finally {
                engine.destroy();
                if (!engine.waitFor(20, TimeUnit.SECONDS)) {
                    engine.destroyForcibly();
                }
            }
        }
    }

    record Result(String name, int tasks, int rate, long completed, double seconds, long[] latenciesMicros,
                  String load) {
        String line() {
            long[] sorted = latenciesMicros.clone();
            java.util.Arrays.sort(sorted);
            return String.format(Locale.ROOT,
                    "%-9s (%2d service task%s, %s): %7.1f completed instances/s, %7.1f jobs/s (%d instances in %.1fs);"
                            + " job activation latency p50 %.1f ms, p99 %.1f ms (%d jobs); load average %s",
                    name, tasks, tasks == 1 ? " " : "s", rate == 0 ? "closed loop" : rate + " started/s",
                    completed / seconds, completed * tasks / seconds, completed,
                    seconds, percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0, sorted.length,
                    load);
        }
    }

    /** {@code rate} 0: as many as the engine takes with {@code inFlight} instances open; otherwise instances/s. */
    private Result run(String name, int tasks, long warmupSeconds, long measureSeconds, int rate)
            throws InterruptedException, SQLException {
        String processId = "bench-" + name;
        String jobType = processId + "-work";
        String lastTask = "task" + tasks;
        client.newDeployResourceCommand().addProcessModel(process(processId, jobType, tasks), processId + ".bpmn")
                .send().join();

        Semaphore slots = new Semaphore(inFlight);
        Semaphore openCreates = new Semaphore(MAX_OPEN_CREATES);
        AtomicLong completed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean creating = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        JobWorker worker = workerClient.newWorker().jobType(jobType).handler((jobClient, job) -> {
            long received = System.nanoTime();
            if (measuring.get()) {
                Object t0 = job.getVariablesAsMap().get(T0);
                if (t0 instanceof Number created) {
                    latencies.add((received - created.longValue()) / 1000);
                }
            }
            boolean last = lastTask.equals(job.getElementId());
            // the next job's creation time is the moment this completion is sent
            jobClient.newCompleteCommand(job.getKey()).variables(Map.of(T0, System.nanoTime())).send()
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                        }
                        if (last) {
                            completed.incrementAndGet();
                            slots.release();
                        }
                    });
        }).name("bench-worker").maxJobsActive(maxJobsActive).timeout(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100)).requestTimeout(Duration.ofSeconds(10))
                .fetchVariables(T0).streamEnabled(false).open();

        Thread creator = new Thread(() -> {
            long next = System.nanoTime();
            while (creating.get()) {
                try {
                    if (rate > 0) {
                        // open loop: a fixed arrival rate, so latency is not just queueing behind our own load
                        next += 1_000_000_000L / rate;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    openCreates.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                        .variables(Map.of(T0, System.nanoTime())).send().whenComplete((created, error) -> {
                            openCreates.release();
                            if (error != null) {
                                failures.incrementAndGet();
                                slots.release();
                            }
                        });
            }
        }, "bench-creator");
        creator.start();

        System.out.printf("%s: %s, warming up for %ds%n", name,
                rate == 0 ? inFlight + " instances in flight" : rate + " instances started per second", warmupSeconds);
        TimeUnit.SECONDS.sleep(warmupSeconds);
        if (statistics != null) {
            statistics.reset();
        }
        long startCount = completed.get();
        long start = System.nanoTime();
        measuring.set(true);
        System.out.printf("%s: measuring for %ds%n", name, measureSeconds);
        for (long s = 0; s < measureSeconds; s += 5) {
            TimeUnit.SECONDS.sleep(Math.min(5, measureSeconds - s));
            System.out.printf("  %s: %d instances completed, %d failed requests, load average %s%n", name,
                    completed.get() - startCount, failures.get(), loadAverage());
        }
        measuring.set(false);
        long done = completed.get() - startCount;
        double seconds = (System.nanoTime() - start) / 1e9;
        String load = loadAverage();
        if (statistics != null) {
            statistics.print(name, done);
        }

        creating.set(false);
        creator.join();
        // let the instances in flight finish so the next run starts from a quiet engine (bounded)
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slots.availablePermits() < inFlight && System.nanoTime() < drainUntil) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        worker.close();
        long[] sample = latencies.stream().mapToLong(Long::longValue).toArray();
        return new Result(name, tasks, rate, done, seconds, sample, load);
    }

    private static BpmnModelInstance process(String processId, String jobType, int tasks) {
        AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess(processId).startEvent("start");
        for (int i = 1; i <= tasks; i++) {
            builder = builder.serviceTask("task" + i, t -> t.zeebeJobType(jobType));
        }
        return builder.endEvent("end").done();
    }

    private static CamundaClient newClient(int rest, int grpcPort, boolean grpc) {
        return CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + rest))
                .grpcAddress(URI.create("http://127.0.0.1:" + grpcPort))
                .preferRestOverGrpc(!grpc)
                .numJobWorkerExecutionThreads(2)
                .defaultRequestTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static void waitForEngine(CamundaClient client, Process engine) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!engine.isAlive()) {
                throw new IllegalStateException("the engine exited with " + engine.exitValue());
            }
            try {
                client.newTopologyRequest().send().join(2, TimeUnit.SECONDS);
                return;
            } catch (RuntimeException notYet) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("the engine did not start within 120 s");
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The server's own word on whether commits reach the disk. */
    private static String durability(EmbeddedPostgres postgres) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (java.sql.ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    out.append(out.isEmpty() ? "" : ", ").append(setting).append('=').append(rs.getString(1));
                }
            }
        }
        return out.toString();
    }
}
