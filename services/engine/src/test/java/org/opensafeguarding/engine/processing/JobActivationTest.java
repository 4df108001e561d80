package org.opensafeguarding.engine.processing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which parked long polls may be handed jobs. Over the wire the case cannot be staged reliably (the poll and the
 * job race to the engine), so the rule is checked on the parked requests themselves: a request the rule skips is
 * never looked at, which the absent processor and request would otherwise show as a failure.
 */
class JobActivationTest {

    @Test
    void aPollInItsLastSecondOrWhoseCallerHasGoneIsNotServedAndIsAnsweredEmptyOnceItExpires() {
        long now = System.currentTimeMillis();
        JobActivation.Waiting ending = new JobActivation.Waiting(null,
                now + JobActivation.SERVE_MARGIN_MILLIS / 2, new CompletableFuture<>());
        JobActivation.Waiting expired = new JobActivation.Waiting(null, now - 1, new CompletableFuture<>());
        CompletableFuture<List<JobActivation.ActivatedJob>> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        JobActivation.Waiting gone = new JobActivation.Waiting(null, now + 60_000, cancelled);
        List<JobActivation.Waiting> waiting = new ArrayList<>(List.of(ending, expired, gone));

        JobActivation.serveWaiting(null, waiting);

        assertThat(waiting).as("skipped, not served: left for expiry").containsExactly(ending, expired, gone);
        assertThat(ending.future()).isNotDone();

        List<Runnable> afterCommit = new ArrayList<>();
        JobActivation.expireWaiting(waiting, now, afterCommit);
        afterCommit.forEach(Runnable::run);

        assertThat(waiting).doesNotContain(expired, gone);
        assertThat(expired.future().join()).isEmpty();
    }

    @Test
    void aLongPollWhoseTimeRanOutWhileQueuedGetsNoJobsAndIsNotParked() {
        long arrived = System.currentTimeMillis() - 20_000;
        JobActivation.Request queuedTooLong = new JobActivation.Request("work", "worker", 60_000, 10, List.of(),
                10_000, arrived);

        // the absent processor shows that neither activation nor parking is tried
        CompletableFuture<List<JobActivation.ActivatedJob>> answer = JobActivation.activateOrWait(null, queuedTooLong);

        assertThat(answer).isCompletedWithValue(List.of());
    }

    @Test
    void aRenewedRequestArrivesAgainNow() {
        JobActivation.Request opened = new JobActivation.Request("work", "worker", 60_000, 8, List.of(), 30_000,
                System.currentTimeMillis() - 45_000);

        JobActivation.Request renewed = opened.renewed();

        assertThat(renewed.receivedAt()).isGreaterThan(opened.receivedAt() + 40_000);
        assertThat(renewed).usingRecursiveComparison().ignoringFields("receivedAt").isEqualTo(opened);
    }
}
