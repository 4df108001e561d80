package org.opensafeguarding.benchmarks.peers;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The local engine as applications use it: the standalone engine in a child JVM on its own durable PostgreSQL,
 * reached through the official Camunda client (REST, gRPC with long-polling activations, or gRPC job streaming),
 * one client for the starter and one for the worker as separate applications would have. "Job activation" = the
 * worker's handler called with the job; "completion" = the engine's answer to the worker's complete command,
 * which it sends only once the instance's end is committed. The worker is the client's own {@code JobWorker} with
 * the settings of {@code EngineBenchmark} (64 jobs active, 10 s long poll).
 */
final class LocalEnginePeer implements Peer {

    enum Transport { REST, GRPC, GRPC_STREAM }

    /** Built as EngineBenchmark builds its process, so both benchmarks deploy the same model. */
    private static final BpmnModelInstance PROCESS = Bpmn.createExecutableProcess("one-task").startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType("peers-work")).endEvent("end").done();

    private final Transport transport;
    private final EmbeddedPostgres postgres;
    private final Process engine;
    private final Path engineLog;
    private final CamundaClient starter;
    private final CamundaClient workerClient;
    private JobWorker worker;
    private long logLinesAtMeasureStart;

    LocalEnginePeer(Transport transport, String engineClasspath, String engineJava, List<String> engineOptions)
            throws Exception {
        this.transport = transport;
        postgres = DurablePostgres.start("engine-" + transport.name().toLowerCase());
        int rest = freePort();
        int grpc = freePort();
        List<String> command = new ArrayList<>();
        command.add(engineJava);
        command.addAll(engineOptions);
        command.addAll(List.of("-cp", engineClasspath, "org.opensafeguarding.engine.EngineApplication",
                "--server.port=" + rest, "--management.server.port=" + freePort(), "--engine.grpc.port=" + grpc,
                "--engine.datasource.url=" + DurablePostgres.jdbcUrl(postgres),
                "--engine.datasource.username=postgres", "--engine.datasource.password=postgres",
                // the figures are the engine's own, as in EngineBenchmark; SecurityOverheadBenchmark measures tokens
                "--engine.security.enabled=false", "--engine.testing.enabled=true"));
        engineLog = Files.createTempFile("peers-engine-" + transport.name().toLowerCase(), ".log");
        engine = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(engineLog.toFile()).start();
        starter = client(rest, grpc);
        workerClient = client(rest, grpc);
        waitForEngine();
    }

    private CamundaClient client(int rest, int grpc) {
        return CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + rest))
                .grpcAddress(URI.create("http://127.0.0.1:" + grpc))
                .preferRestOverGrpc(transport == Transport.REST)
                .numJobWorkerExecutionThreads(2)
                .defaultRequestTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public String name() {
        return switch (transport) {
            case REST -> "local engine, REST";
            case GRPC -> "local engine, gRPC";
            case GRPC_STREAM -> "local engine, gRPC job stream";
        };
    }

    @Override
    public void prepare(Recorder recorder) {
        starter.newDeployResourceCommand().addProcessModel(PROCESS, "one-task.bpmn")
                .requestTimeout(Duration.ofMinutes(3)).send().join();
        if (worker != null) {
            worker.close();
        }
        worker = workerClient.newWorker().jobType("peers-work").handler((jobClient, job) -> {
            long t0 = ((Number) job.getVariablesAsMap().get("t0")).longValue();
            recorder.activated(t0);
            long sent = System.nanoTime();
            jobClient.newCompleteCommand(job.getKey()).send().whenComplete((ok, error) -> {
                if (error != null) {
                    recorder.failed(error);
                } else {
                    recorder.completeAnswered(sent);
                    recorder.completed(t0);
                }
            });
        }).name("peers-worker").maxJobsActive(64).timeout(Duration.ofMinutes(5))
                .pollInterval(POLL_INTERVAL).requestTimeout(Duration.ofSeconds(10))
                .fetchVariables("t0").streamEnabled(transport == Transport.GRPC_STREAM).open();
        this.recorder = recorder;
    }

    private volatile Recorder recorder;

    /**
     * The worker's poll interval ({@code peers.pollInterval}, ms; the client's default of 100 unless told). It
     * matters even with long polling: the 8.8 client's {@code JobWorkerImpl} waits one interval before the next
     * poll whenever the handler finishes its jobs before the poll's own success callback has run (the handler's
     * {@code tryPoll} finds the poller still claimed, and the callback then sees no jobs left and schedules the poll
     * for later), which a handler that completes at once often does.
     */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(Long.getLong("peers.pollInterval", 100));

    @Override
    public void startInstance(long t0, Runnable answered) {
        Recorder target = recorder;
        starter.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().variables(Map.of("t0", t0))
                .send().whenComplete((created, error) -> {
                    answered.run();
                    if (error != null) {
                        target.failed(error);
                    } else {
                        target.startAnswered(t0);
                    }
                });
    }

    @Override
    public void measuring() {
        logLinesAtMeasureStart = logLines().size();
    }

    /** The engine's own latency trace lines (logged when it runs with -Dengine.trace-latency=true). */
    @Override
    public String engineSide() {
        List<String> lines = logLines();
        return lines.subList((int) Math.min(logLinesAtMeasureStart, lines.size()), lines.size()).stream()
                .filter(l -> l.contains("latency trace"))
                .map(l -> "    engine: " + l.substring(l.indexOf("latency trace")))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(engineLog);
        } catch (IOException e) {
            return List.of();
        }
    }

    private void waitForEngine() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < until) {
            if (!engine.isAlive()) {
                throw new IllegalStateException("the engine exited with " + engine.exitValue() + "; see " + engineLog);
            }
            try {
                starter.newTopologyRequest().send().join(2, TimeUnit.SECONDS);
                return;
            } catch (RuntimeException notYet) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("the engine did not start within 180 s; see " + engineLog);
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            worker.close();
        }
        starter.close();
        workerClient.close();
        engine.destroy();
        if (!engine.waitFor(20, TimeUnit.SECONDS)) {
            engine.destroyForcibly();
        }
        postgres.close();
    }

    static String defaultJava() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
