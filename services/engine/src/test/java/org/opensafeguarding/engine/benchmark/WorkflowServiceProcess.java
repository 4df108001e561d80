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

    record Idle(double cpuPercent, long mirroredTasks, long catchUpMillis) {
    }

    /**
     * Writes the open cases for the service's case records, starts the service, waits until its health endpoint
     * answers and its task mirror holds {@code openTasks} open tasks (at most {@code catchUpSeconds}; it deploys its
     * models and mirrors the engine's user tasks), lets it settle for {@code settleSeconds}, then measures its
     * process tree's CPU over {@code idleSeconds} in percent of one core, and stops it.
     */
    static Idle measureIdle(String classpath, StandaloneEngineProcess engine, LadoCases cases, long openTasks,
                            Path data, long catchUpSeconds, long settleSeconds, long idleSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(data);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = data.resolve("workflow.log");
        Path casesFile = data.resolve("cases.csv");
        Path status = data.resolve("mirrored-tasks");
        cases.writeOpenCases(casesFile);
        Process process = new ProcessBuilder(List.of(StandaloneEngineProcess.javaTool("java"), "-cp", classpath,
                MAIN_CLASS, "--engine-rest=" + engine.restAddress(), "--engine-grpc=" + engine.grpcAddress(),
                "--data-dir=" + data, "--workflow-port=" + port, "--cases=" + casesFile, "--status=" + status))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long started = System.nanoTime();
            awaitHealthAnswer(process, URI.create("http://127.0.0.1:" + port + "/actuator/health"), log);
            long up = System.nanoTime();
            System.out.printf("  workflow service up in %d ms%n", TimeUnit.NANOSECONDS.toMillis(up - started));
            long until = up + TimeUnit.SECONDS.toNanos(catchUpSeconds);
            while (mirrored(status) < openTasks && System.nanoTime() < until && process.isAlive()) {
                TimeUnit.SECONDS.sleep(1);
            }
            long catchUp = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
            System.out.printf("  workflow task mirror: %d of %d open tasks after %d ms; settling %d s%n",
                    mirrored(status), openTasks, catchUp, settleSeconds);
            TimeUnit.SECONDS.sleep(settleSeconds);
            double percent = ScaleBenchmark.idleCpuPercent(process.toHandle(), idleSeconds);
            if (!process.isAlive()) {
                throw new IllegalStateException("the workflow service exited with " + process.exitValue()
                        + ", see " + log);
            }
            return new Idle(percent, mirrored(status), catchUp);
        } finally {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static long mirrored(Path status) {
        try {
            return Long.parseLong(Files.readString(status).trim());
        } catch (IOException | NumberFormatException notYet) {
            return -1;
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
