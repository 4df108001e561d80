package org.opensafeguarding.engine.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The workflow service in a child JVM against the benchmark's engine, started by
 * {@code org.opensafeguarding.local.ScaleWorkflowService} from the local module's test classes (that module has the
 * workflow service and the infrastructure it needs: identity provider, PostgreSQL, Kafka). The engine module does
 * not depend on it, so the classpath comes from the script ({@code scale.workflowClasspath}).
 */
final class WorkflowServiceProcess {

    static final String MAIN_CLASS = "org.opensafeguarding.local.ScaleWorkflowService";

    private WorkflowServiceProcess() {
    }

    /**
     * Starts the service, waits until its health endpoint answers, lets it settle for {@code settleSeconds} (it
     * deploys its models and catches up with the engine's user tasks), then measures its process tree's CPU over
     * {@code idleSeconds} in percent of one core, and stops it.
     */
    static double idleCpuPercent(String classpath, StandaloneEngineProcess engine, Path data,
                                 long settleSeconds, long idleSeconds) throws IOException, InterruptedException {
        Files.createDirectories(data);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = data.resolve("workflow.log");
        Process process = new ProcessBuilder(List.of(StandaloneEngineProcess.javaTool("java"), "-cp", classpath,
                MAIN_CLASS, "--engine-rest=" + engine.restAddress(), "--engine-grpc=" + engine.grpcAddress(),
                "--data-dir=" + data, "--workflow-port=" + port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long started = System.nanoTime();
            awaitHealthAnswer(process, URI.create("http://127.0.0.1:" + port + "/actuator/health"), log);
            System.out.printf("  workflow service up in %d ms; settling %d s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), settleSeconds);
            TimeUnit.SECONDS.sleep(settleSeconds);
            double percent = ScaleBenchmark.idleCpuPercent(process.toHandle(), idleSeconds);
            if (!process.isAlive()) {
                throw new IllegalStateException("the workflow service exited with " + process.exitValue()
                        + ", see " + log);
            }
            return percent;
        } finally {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitHealthAnswer(Process process, URI health, Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the workflow service exited with " + process.exitValue()
                        + ", see " + log);
            }
            try {
                // any answer: health may be DOWN or DEGRADED for reasons of its own (no referrals, no mail)
                http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("the workflow service did not answer within 10 minutes, see " + log);
    }
}
