package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.FaultLoadCheck.EngineView;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * kill -9 in the middle of load. A standalone engine runs in a child JVM on an external database; threads of this
 * JVM create instances and complete jobs over REST and gRPC ({@link FaultLoad}), recording every answer. The
 * engine is killed with SIGKILL while requests are in flight, a new engine starts on the same database, and every
 * acknowledged change must be there, every unanswered one either completely there or completely absent, timers
 * fire once and keys never repeat ({@link FaultLoadCheck}).
 */
class CrashUnderLoadTest {

    /** Longer than the test: a job activated before the kill only comes back when the clock is moved. */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    @Test
    void everyAcknowledgedCommandSurvivesKillMinusNineUnderLoad() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_crash");
        int rest = ChildEngine.freePort();
        int grpc = ChildEngine.freePort();
        Path log = Files.createTempFile("engine-crash", ".log");
        Process engine = ChildEngine.start(rest, ChildEngine.freePort(), grpc, List.of(
                "--engine.datasource.url=" + jdbcUrl,
                "--engine.datasource.username=" + EmbeddedPostgresSupport.username(),
                "--engine.datasource.password=" + EmbeddedPostgresSupport.password()), log);
        FaultLoad load;
        try (CamundaClient restClient = ChildEngine.client(rest, grpc, true);
             CamundaClient grpcClient = ChildEngine.client(rest, grpc, false)) {
            ChildEngine.awaitReady(restClient);
            FaultLoad.deploy(restClient);
            load = FaultLoad.start(List.of(restClient, grpcClient), 2, 1, JOB_TIMEOUT);
            try {
                // kill in the middle of the load: every thread still has requests in flight
                load.awaitProgress(150, 60, Duration.ofSeconds(120));
            } finally {
                engine.destroyForcibly();
                assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
                load.close();
            }
        }
        // Process.destroyForcibly is kill(pid, SIGKILL) on Linux; a process ended by signal 9 exits with 128 + 9
        assertThat(engine.exitValue()).as("exit status of the killed engine (137 = SIGKILL)").isEqualTo(137);
        System.out.println("killed under load: " + load.summary());

        try (RunningEngine restarted = EmbeddedEngine.start(EngineTestSupport.settings(jdbcUrl));
             CamundaClient client = EngineTestSupport.newClient(restarted)) {
            EngineView view = EngineView.read(client);
            FaultLoadCheck.assertConsistent(view, load);
            FaultLoadCheck.assertEveryInstanceRunsToItsEndOnce(client, restarted.managementAddress(), view, load,
                    JOB_TIMEOUT);
        }
    }
}
