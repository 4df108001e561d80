package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensafeguarding.engine.FaultLoadCheck.EngineView;
import org.opensafeguarding.engine.processing.CommandProcessor;

/**
 * The engine's database goes away under load, twice: first every backend of the engine is terminated
 * ({@code pg_terminate_backend}, as a failover or an administrator would), then the server itself is stopped and
 * started again on the same data folder and port. Clients create instances and complete jobs over REST and gRPC
 * throughout, recording each answer ({@link FaultLoad}). The engine must come back by itself; afterwards every
 * acknowledged command is there, no refused one is, unanswered ones are all or nothing, nothing is there twice,
 * the same holds after a restart of the engine, and every timer fires once.
 */
class DatabaseOutageUnderLoadTest {

    private static final String DATABASE = "engine_outage";
    /** Longer than the test: an activated job must not come back by itself while the load runs. */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theEngineComesBackByItselfAndKeepsExactlyWhatItAcknowledged(@TempDir Path data) throws Exception {
        Path folder = data.resolve("postgres");
        int port = freePort();
        EmbeddedPostgres postgres = startPostgres(folder, port);
        RunningEngine engine = null;
        try {
            execute(postgres, "postgres", "CREATE DATABASE " + DATABASE);
            String jdbcUrl = postgres.getJdbcUrl("postgres", DATABASE);
            engine = EmbeddedEngine.start(EngineTestSupport.settings(jdbcUrl));
            CommandProcessor processor = engine.context().getBean(CommandProcessor.class);
            EngineView beforeRestart;
            FaultLoad load;
            try (CamundaClient rest = client(engine, true); CamundaClient grpc = client(engine, false)) {
                FaultLoad.deploy(rest);
                load = FaultLoad.start(List.of(rest, grpc), 2, 1, JOB_TIMEOUT);
                try {
                    load.awaitProgress(100, 30, Duration.ofSeconds(120));

                    // (a) every connection of the engine cut at once
                    long failures = processor.storeFailureCount();
                    long cut = System.nanoTime();
                    int terminated = terminateBackends(postgres);
                    assertThat(terminated).as("engine connections terminated").isPositive();
                    Duration recovered = awaitServing(engine, processor, load, cut);
                    System.out.printf("backends terminated (%d): %d failed commits, back in service after %d ms%n",
                            terminated, processor.storeFailureCount() - failures, recovered.toMillis());

                    // (b) the server stopped, kept down until the engine has noticed, and started again
                    load.awaitProgress(50, 15, Duration.ofSeconds(120));
                    failures = processor.storeFailureCount();
                    long stopped = System.nanoTime();
                    postgres.close();
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                            .until(() -> !processor.acceptsCommands());
                    long noticed = System.nanoTime();
                    assertThat(health(engine)).as("health while the store is lost").isEqualTo(503);
                    postgres = startPostgres(folder, port);
                    long restarted = System.nanoTime();
                    Duration back = awaitServing(engine, processor, load, restarted);
                    System.out.printf("database stopped: refusing after %d ms, restarted %d ms after the stop "
                                    + "(%d failed commits); back in service %d ms after the database%n",
                            millis(noticed - stopped), millis(restarted - stopped),
                            processor.storeFailureCount() - failures, back.toMillis());
                    assertThat(processor.storeFailureCount()).isGreaterThan(failures);

                    load.awaitProgress(50, 15, Duration.ofSeconds(120));
                } finally {
                    load.close();
                }
                System.out.println("database outage under load: " + load.summary());
                beforeRestart = EngineView.read(rest);
                FaultLoadCheck.assertConsistent(beforeRestart, load);
            }

            // what the engine serves is what it stored: a new engine on the same database shows the same
            engine.close();
            engine = null;
            engine = EmbeddedEngine.start(EngineTestSupport.settings(jdbcUrl));
            try (CamundaClient client = client(engine, true)) {
                EngineView afterRestart = EngineView.read(client);
                assertThat(afterRestart.instanceOfRef()).isEqualTo(beforeRestart.instanceOfRef());
                assertThat(states(afterRestart)).isEqualTo(states(beforeRestart));
                FaultLoadCheck.assertConsistent(afterRestart, load);
                FaultLoadCheck.assertEveryInstanceRunsToItsEndOnce(client, engine.managementAddress(),
                        afterRestart, load, JOB_TIMEOUT);
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
            postgres.close();
        }
    }

    /**
     * Waits for the engine to take commands again by itself after a fault at {@code since}: health UP, and a
     * command of the load acknowledged after that moment. Returns how long it took.
     */
    private static Duration awaitServing(RunningEngine engine, CommandProcessor processor, FaultLoad load, long since) {
        int acknowledged = load.acknowledgedInstances.size();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> processor.acceptsCommands() && load.acknowledgedInstances.size() > acknowledged
                        && health(engine) == 200);
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** Element states by element instance key: the view's progress, compared across a restart. */
    private static Map<Long, String> states(EngineView view) {
        Map<Long, String> states = new HashMap<>();
        view.elements().forEach(e -> states.put(e.getElementInstanceKey(), e.getElementId() + ":" + e.getState()));
        return states;
    }

    private static EmbeddedPostgres startPostgres(Path folder, int port) throws IOException {
        // the data folder survives close(): the restart finds the engine's tables where they were
        return EmbeddedPostgres.builder().setDataDirectory(folder).setCleanDataDirectory(false).setPort(port)
                .setRegisterShutdownHook(false).start();
    }

    private static int terminateBackends(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE datname = '" + DATABASE + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(EmbeddedPostgres postgres, String database, String sql) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int health(RunningEngine engine) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.managementAddress() + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static CamundaClient client(RunningEngine engine, boolean preferRest) {
        return CamundaClient.newClientBuilder().restAddress(engine.restAddress()).grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(preferRest).defaultRequestTimeout(Duration.ofSeconds(10)).build();
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
