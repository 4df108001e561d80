package org.opensafeguarding.engine.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opensafeguarding.engine.EngineApplication;
import org.opensafeguarding.engine.TestEngines;

/**
 * The standalone engine ({@link EngineApplication}) in a child JVM on this JVM's classpath, with its own durable
 * embedded PostgreSQL in {@code dataDirectory}, on ports fixed at construction so that clients survive a restart.
 * Security is off so that the figures are the engine's own. Everything it reports comes from outside: the health
 * endpoint, {@code jcmd} and {@code /proc}.
 */
final class StandaloneEngineProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Path dataDirectory;
    private final Path log;
    private final List<String> javaOptions;
    private final int restPort = freePort();
    private final int managementPort = freePort();
    private final int grpcPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    StandaloneEngineProcess(Path dataDirectory, Path log, List<String> javaOptions) throws IOException {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.javaOptions = javaOptions;
    }

    URI restAddress() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    URI grpcAddress() {
        return URI.create("http://127.0.0.1:" + grpcPort);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Starts the JVM and waits for its health to be UP; returns the time from process start to UP. */
    Duration start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaTool("java"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--server.port=" + restPort, "--management.server.port=" + managementPort,
                "--engine.grpc.port=" + grpcPort, "--engine.data-directory=" + dataDirectory));
        command.addAll(TestEngines.UNSECURED_TESTING_ARGS);
        long started = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health");
        long until = started + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + ", see " + log);
            }
            if (isUp(health)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the engine was not UP within 30 minutes, see " + log);
    }

    private boolean isUp(URI health) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Heap in use right after a full GC requested with {@code jcmd GC.run}, in bytes. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no 'used' in jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    /** SIGTERM, as an operator's restart sends; the engine stops its embedded PostgreSQL itself. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String javaTool(String name) {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
