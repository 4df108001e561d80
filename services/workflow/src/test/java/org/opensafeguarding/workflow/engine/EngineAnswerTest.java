package org.opensafeguarding.workflow.engine;

import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the engine saying "this request is wrong", over REST and gRPC, however deeply wrapped. */
class EngineAnswerTest {

    @Test
    void aRestAnswerIsReadThroughWrappers() {
        Throwable wrapped = new IllegalStateException("could not search",
                new CompletionException(new ClientHttpException(404, "Not Found")));
        assertThat(EngineAnswer.status(wrapped)).isEqualTo(404);
        assertThat(EngineAnswer.refused(EngineAnswer.status(wrapped))).isTrue();
        assertThat(EngineAnswer.refusalName(404)).isEqualTo("NOT_FOUND");
    }

    @Test
    void grpcCodesAreMappedAsCamundasRestApiMapsThem() {
        assertThat(grpc(Status.INVALID_ARGUMENT)).isEqualTo(400);
        assertThat(grpc(Status.NOT_FOUND)).isEqualTo(404);
        assertThat(grpc(Status.FAILED_PRECONDITION)).isEqualTo(409);
        assertThat(grpc(Status.ALREADY_EXISTS)).isEqualTo(409);
        assertThat(grpc(Status.UNAVAILABLE)).isEqualTo(503);
        assertThat(grpc(Status.RESOURCE_EXHAUSTED)).isEqualTo(429);
        assertThat(grpc(Status.UNAUTHENTICATED)).isEqualTo(401);
        assertThat(grpc(Status.DEADLINE_EXCEEDED)).isEqualTo(504);
        assertThat(grpc(Status.INTERNAL)).isEqualTo(500);
    }

    @Test
    void onlyAnswersAboutTheRequestItselfAreRefusals() {
        for (int status : new int[]{400, 404, 409}) {
            assertThat(EngineAnswer.refused(status)).as("%s", status).isTrue();
            assertThat(EngineAnswer.refusalName(status)).isNotNull();
        }
        // credentials, throttling, the engine failing or recovering (503 while it reloads), no answer at all
        for (int status : new int[]{0, 401, 403, 408, 429, 500, 502, 503, 504}) {
            assertThat(EngineAnswer.refused(status)).as("%s", status).isFalse();
            assertThat(EngineAnswer.refusalName(status)).isNull();
        }
    }

    @Test
    void noAnswerIsZero() {
        assertThat(EngineAnswer.status(new CompletionException(new ConnectException("Connection refused")))).isZero();
        assertThat(EngineAnswer.status(new TimeoutException())).isZero();
    }

    private static int grpc(Status status) {
        return EngineAnswer.status(new CompletionException(new ClientStatusException(status, null)));
    }
}
