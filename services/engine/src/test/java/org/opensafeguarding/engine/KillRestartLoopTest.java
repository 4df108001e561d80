package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensafeguarding.engine.FaultLoadCheck.EngineView;

/**
 * The operator's worst habit, repeated: a standalone engine with its own embedded PostgreSQL is killed with
 * SIGKILL under load and started again at once on the same data folder and ports, {@code -Dfaults.rounds} times
 * (10 by default). Every time its PostgreSQL survives as an orphan that the new engine must take over; every time
 * the engine must serve again with everything it acknowledged before the kill and nothing twice. At the end the
 * load stops and every instance is checked and run to its end once.
 */
class KillRestartLoopTest {

    private static final int ROUNDS = Integer.getInteger("faults.rounds", 10);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    @Test
    void comesBackAtOnceWithNothingLostAfterEveryKill(@TempDir Path data) throws Exception {
        List<String> storage = ChildEngine.embeddedDatabaseIn(data.resolve("engine-postgres"));
        int rest = ChildEngine.freePort();
        int management = ChildEngine.freePort();
        int grpc = ChildEngine.freePort();
        Process engine = ChildEngine.start(rest, management, grpc, storage, data.resolve("engine-0.log"));
        List<Long> restartMillis = new ArrayList<>();
        try (CamundaClient restClient = ChildEngine.client(rest, grpc, true);
             CamundaClient grpcClient = ChildEngine.client(rest, grpc, false)) {
            ChildEngine.awaitReady(restClient);
            FaultLoad.deploy(restClient);
            FaultLoad load = FaultLoad.start(List.of(restClient, grpcClient), 2, 1, JOB_TIMEOUT);
            EngineView last;
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    load.awaitProgress(20, 5, Duration.ofSeconds(120));
                    Map<String, Long> acknowledged = new HashMap<>(load.acknowledgedInstances);
                    Map<Long, Long> completed = new HashMap<>();
                    load.acknowledgedCompletions.forEach(job -> completed.put(job, load.instanceOfJob.get(job)));

                    long orphan = postmasterPid(data.resolve("engine-postgres"));
                    long killed = System.nanoTime();
                    engine.destroyForcibly();
                    assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(engine.exitValue()).as("exit status of the killed engine (137 = SIGKILL)")
                            .isEqualTo(137);
                    assertThat(alive(orphan)).as("orphaned postmaster").isTrue();

                    Path log = data.resolve("engine-" + round + ".log");
                    engine = ChildEngine.start(rest, management, grpc, storage, log);
                    ChildEngine.awaitReady(restClient);
                    long ready = System.nanoTime();
                    int before = load.acknowledgedInstances.size();
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                            .until(() -> load.acknowledgedInstances.size() > before);
                    long serving = System.nanoTime();
                    restartMillis.add(millis(ready - killed));
                    assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("round %d's log", round)
                            .contains("stopping it").doesNotContain("postmaster.pid\" already exists");

                    startupLines(log).forEach(line -> System.out.println("  " + line));
                    EngineView view = EngineView.read(restClient);
                    FaultLoadCheck.assertAcknowledgedPresent(view, acknowledged, completed);
                    System.out.printf("round %d: killed with %d instances and %d completions acknowledged; ready "
                                    + "%d ms after the kill, first command acknowledged after %d ms; %d instances "
                                    + "held, all acknowledged ones present%n", round, acknowledged.size(),
                            completed.size(), millis(ready - killed), millis(serving - killed),
                            view.instances().size());
                }
            } finally {
                load.close();
            }
            System.out.println("kill -9 loop (" + ROUNDS + " rounds): " + load.summary() + "; restart times (ms) "
                    + restartMillis);
            last = EngineView.read(restClient);
            FaultLoadCheck.assertConsistent(last, load);
            FaultLoadCheck.assertEveryInstanceRunsToItsEndOnce(restClient,
                    URI.create("http://127.0.0.1:" + management), last, load, JOB_TIMEOUT);

            // a clean stop (SIGTERM) takes the engine's PostgreSQL with it: no orphan outlives the test
            long postmaster = postmasterPid(data.resolve("engine-postgres"));
            engine.destroy();
            assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("engine stopped on SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(postmaster));
        } finally {
            stopWithItsDatabase(engine, data.resolve("engine-postgres"));
        }
    }

    /** Whatever happened, leave no engine and no PostgreSQL of this test running. */
    private static void stopWithItsDatabase(Process engine, Path folder) throws Exception {
        long postmaster = postmasterPid(folder);
        engine.destroyForcibly();
        engine.waitFor(30, TimeUnit.SECONDS);
        if (postmaster > 0) {
            ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
        }
    }

    /** Where the restart's time went: taking over the orphan, the database's start, Spring's. */
    private static List<String> startupLines(Path log) throws java.io.IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("stopping it") || l.contains("database system is ready")
                        || l.contains("Started EngineApplication") || l.contains("redo done"))
                .map(l -> l.length() > 220 ? l.substring(0, 220) : l).toList();
    }

    private static long postmasterPid(Path folder) throws java.io.IOException {
        Path pidFile = folder.resolve("postmaster.pid");
        return Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
