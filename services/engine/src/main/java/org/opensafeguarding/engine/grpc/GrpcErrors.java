package org.opensafeguarding.engine.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.opensafeguarding.engine.processing.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a rejected or failed command into the gRPC status Camunda's gateway answers with: the same codes the
 * gateway protocol documents per RPC, and the rich {@code google.rpc.Status} detail the official clients read.
 */
final class GrpcErrors {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (cause instanceof EngineException engine) {
            if (engine.retryAfterSeconds() > 0) {
                return retryLater(code(engine.reason()), engine.getMessage(), engine.retryAfterSeconds());
            }
            return status(code(engine.reason()), engine.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return status(Code.DEADLINE_EXCEEDED, "the request timed out");
        }
        if (cause instanceof IllegalArgumentException) {
            return status(Code.INVALID_ARGUMENT, String.valueOf(cause.getMessage()));
        }
        LOG.error("unexpected engine error in a gRPC call", cause);
        return status(Code.INTERNAL, "Unexpected error occurred during the request processing: "
                + cause.getMessage());
    }

    static Code code(EngineException.Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Code.NOT_FOUND;
            case INVALID_STATE -> Code.FAILED_PRECONDITION;
            case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
            case DEADLINE_EXCEEDED -> Code.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
        };
    }

    static StatusRuntimeException unimplemented(String rpc) {
        return status(Code.UNIMPLEMENTED, "The local engine does not implement the gRPC call " + rpc
                + " yet; see docs/engine.md for what the gRPC gateway supports");
    }

    static StatusRuntimeException status(Code code, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message == null ? "" : message)
                .build());
    }

    /** The status with a {@code google.rpc.RetryInfo} detail: gRPC's form of HTTP's Retry-After. */
    private static StatusRuntimeException retryLater(Code code, String message, long retryAfterSeconds) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message == null ? "" : message)
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(retryAfterSeconds))
                        .build()))
                .build());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
