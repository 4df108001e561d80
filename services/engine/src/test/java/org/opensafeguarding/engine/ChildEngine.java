package org.opensafeguarding.engine;

import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone engine ({@link EngineApplication}) in a child JVM on the test classpath, for the tests that kill it
 * with SIGKILL: security off and testing endpoints on, its output in a log file.
 */
final class ChildEngine {

    private ChildEngine() {
    }

    /**
     * Quick-starting JVM settings: these tests restart the engine many times and time what it recovers, not how fast
     * it runs, so the client compiler alone and the serial collector suit them.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Starts the engine on the given ports; {@code storage} are the arguments that choose its database. */
    static Process start(int rest, int management, int grpc, List<String> storage, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(QUICK_START);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--server.port=" + rest, "--management.server.port=" + management, "--engine.grpc.port=" + grpc));
        command.addAll(storage);
        command.addAll(TestEngines.UNSECURED_TESTING_ARGS);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The arguments for an engine with its own embedded PostgreSQL in {@code folder}. */
    static List<String> embeddedDatabaseIn(Path folder) {
        return List.of("--engine.embedded=false", "--engine.data-directory=" + folder.toAbsolutePath());
    }

    static CamundaClient client(int rest, int grpc, boolean preferRest) {
        return CamundaClient.newClientBuilder().restAddress(URI.create("http://127.0.0.1:" + rest))
                .grpcAddress(URI.create("http://127.0.0.1:" + grpc)).preferRestOverGrpc(preferRest)
                .defaultRequestTimeout(Duration.ofSeconds(10)).build();
    }

    /** Waits until the engine answers the topology request: started, database included. */
    static void awaitReady(CamundaClient client) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> client.newTopologyRequest().send().join().getBrokers().size() == 1);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
