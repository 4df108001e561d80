package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensafeguarding.engine.config.DurableEmbeddedPostgres;

/**
 * The operator's restart: a standalone engine on its own embedded PostgreSQL is killed with SIGKILL, its database
 * server survives it as an orphan holding the data folder, and the engine started again at once takes the folder
 * over and carries on with what it had acknowledged; the database it runs on flushes every commit.
 */
class EmbeddedDatabaseRestartTest {

    @Test
    void restartsAtOnceAfterKillMinusNineWithItsEmbeddedDatabase(@TempDir Path data) throws Exception {
        Path folder = data.resolve("engine-postgres");
        int rest = freePort();
        String processId = "restart-after-kill";
        ProcessInstanceEvent instance;

        Process first = startEngine(folder, rest, data.resolve("first.log"));
        long orphanPid;
        try (CamundaClient client = client(rest)) {
            awaitReady(client);
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(processId).startEvent()
                    .serviceTask("work", t -> t.zeebeJobType(processId)).endEvent().done(), processId + ".bpmn")
                    .send().join();
            instance = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().send().join();
        } finally {
            orphanPid = postmasterPid(folder);
            first.destroyForcibly();
            first.waitFor();
        }
        // what made restarts fail: the server outlives its owner and keeps postmaster.pid
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).as("orphaned postmaster")
                .contains(true);

        Process second = startEngine(folder, rest, data.resolve("second.log"));
        try (CamundaClient client = client(rest)) {
            awaitReady(client);
            assertThat(client.newActivateJobsCommand().jobType(processId).maxJobsToActivate(1).send().join()
                    .getJobs()).singleElement()
                    .satisfies(job -> assertThat(job.getProcessInstanceKey())
                            .isEqualTo(instance.getProcessInstanceKey()));
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(Files.readString(data.resolve("second.log"), StandardCharsets.UTF_8))
                .contains("stopping it").doesNotContain("postmaster.pid\" already exists");
    }

    @Test
    void theEmbeddedServerFlushesEveryCommit(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres server = DurableEmbeddedPostgres.start(data, builder -> { });
             Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    private static Process startEngine(Path folder, int rest, Path log) throws IOException {
        return ChildEngine.start(rest, freePort(), freePort(), ChildEngine.embeddedDatabaseIn(folder), log);
    }

    private static CamundaClient client(int rest) {
        return CamundaClient.newClientBuilder().restAddress(URI.create("http://127.0.0.1:" + rest))
                .preferRestOverGrpc(true).build();
    }

    private static void awaitReady(CamundaClient client) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> client.newTopologyRequest().send().join().getBrokers().size() == 1);
    }

    private static long postmasterPid(Path folder) throws IOException {
        return Long.parseLong(Files.readAllLines(folder.resolve("postmaster.pid")).get(0).trim());
    }

    private static int freePort() throws IOException {
        return ChildEngine.freePort();
    }
}
