package org.opensafeguarding.workflow.engine;

import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;

/**
 * What the engine answered to a failed call, read from the client's exception chain: the HTTP status over REST,
 * the gRPC code mapped to the status Camunda's REST API gives it. One reading for every caller, so a refusal means the
 * same thing to the dispatcher, the tasklist and the operator page.
 */
public final class EngineAnswer {

    private EngineAnswer() {
    }

    /** The engine's status for this failure, or 0 when it did not answer (unreachable, timed out, cut off). */
    public static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClientHttpException http) {
                return http.code();
            }
            if (t instanceof ClientStatusException grpc) {
                return switch (grpc.getStatusCode()) {
                    case INVALID_ARGUMENT -> 400;
                    case UNAUTHENTICATED -> 401;
                    case PERMISSION_DENIED -> 403;
                    case NOT_FOUND -> 404;
                    case FAILED_PRECONDITION, ALREADY_EXISTS -> 409;
                    case RESOURCE_EXHAUSTED -> 429;
                    case DEADLINE_EXCEEDED -> 504;
                    case UNAVAILABLE -> 503;
                    default -> 500;
                };
            }
        }
        return 0;
    }

    /**
     * True when the engine answered that this request itself is wrong (400 invalid, 404 unknown, 409 in the wrong
     * state): sending it again unchanged gets the same answer. 401/403 (credentials), 408, 429 and 5xx are about the
     * engine or the connection, and pass.
     */
    public static boolean refused(int status) {
        return status == 400 || status == 404 || status == 409;
    }

    /** The refusal's name as Camunda's problem titles give it, for operators; null when {@code status} is none. */
    public static String refusalName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 404 -> "NOT_FOUND";
            case 409 -> "INVALID_STATE";
            default -> null;
        };
    }
}
