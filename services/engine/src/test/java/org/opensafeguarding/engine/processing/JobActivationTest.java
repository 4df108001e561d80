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
}
