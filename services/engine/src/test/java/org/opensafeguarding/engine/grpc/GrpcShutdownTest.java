package org.opensafeguarding.engine.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stopping the engine ends the long-lived gRPC calls at once instead of waiting out the grace period. */
class GrpcShutdownTest extends GrpcTestSupport {

    @Test
    void closingTheEngineEndsWaitingActivationsAndJobStreamsPromptly() {
        String type = uniqueId("shutdown");
        CompletableFuture<List<ActivatedJob>> waiting = client.newActivateJobsCommand().jobType(type)
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMinutes(5))
                .send().toCompletableFuture().thenApply(r -> r.getJobs());
        try (JobWorker worker = client.newWorker().jobType(type).handler((jobClient, job) -> { })
                .streamEnabled(true).pollInterval(Duration.ofHours(1)).requestTimeout(Duration.ofMillis(1))
                .open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> grpcServer().openStreams(type) == 1);
            assertThat(waiting).isNotDone();

            long started = System.nanoTime();
            engine.close();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            engine = null;

            assertThat(tookMillis).isLessThan(GrpcServer.GRACE_MILLIS - 1_000);
            await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
            assertThat(waiting.join()).isEmpty();
        }
    }
}
